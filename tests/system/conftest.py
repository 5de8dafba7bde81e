# SPDX-License-Identifier: GPL-2.0-only
"""Fixtures for the QEMU system tests.

The arm64 image is built into build/arm64 by `make build-all` before
pytest runs (MV_ARM64_IMAGE=<elf> tests another one). Every booted QEMU
is stopped when its test (or module) ends.
"""

import os
import re
import shlex
import subprocess

import pytest

from mvqemu import (MvQemu, allkv, clean, kv, lines_starting,
                    parse_ram_info)

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
QEMU_ARM64 = os.path.join(SRC, "tools", "qemu-arm64.sh")

# The configuration of `make run`.
ARM64_DEFAULT = dict(gic=3, smp=2, mem="512M", cpu="cortex-a57", banks=1)


def arm64_image_path():
    """The ELF the arm64 tests boot."""
    return os.environ.get("MV_ARM64_IMAGE",
                          os.path.join(SRC, "build", "arm64", "minivisor.elf"))


def arm64_argv(image, gic=3, smp=2, mem="512M", cpu="cortex-a57", banks=1,
               append=None, extra=(), bundle=None):
    """QEMU argv from tools/qemu-arm64.sh (serial on plain stdio).

    @bundle: a boot bundle file (cpio) to load; the script writes the
    DTB naming it next to it (<bundle>.dtb).
    """
    cmd = ["bash", QEMU_ARM64, "--dry-run", "--stdio", "--image", image,
           "--gic", str(gic), "--smp", str(smp), "--mem", str(mem),
           "--cpu", cpu, "--banks", str(banks)]
    if append is not None:
        cmd += ["--append", append]
    if bundle is not None:
        cmd += ["--bundle", str(bundle)]
    out = subprocess.run(cmd + ["--", *extra], check=True, text=True,
                         capture_output=True).stdout
    return shlex.split(out)


@pytest.fixture(scope="session")
def arm64_image():
    """Path of the arm64 image; fails the test clearly if it is missing."""
    path = arm64_image_path()
    if not os.path.isfile(path):
        pytest.fail(f"no arm64 image at {path}: run `make build-all` "
                    "(or `make O=build/arm64 arm64_virt_defconfig all`)",
                    pytrace=False)
    return path


@pytest.fixture
def arm64_boot(arm64_image):
    """Factory: arm64_boot(gic=3, smp=2, mem=..., wait=True, ...) -> MvQemu.

    With wait=False QEMU is only started (for tests that expect no
    prompt). Every VM is closed when the test ends.
    """
    vms = []

    def boot(wait=True, timeout=10.0, **kw):
        vm = MvQemu(arm64_argv(arm64_image, **kw), timeout=timeout)
        vms.append(vm)
        if wait:
            vm.boot()
        else:
            vm.start()
        return vm

    yield boot
    for vm in vms:
        vm.close()


@pytest.fixture(scope="module")
def arm64_vm(arm64_image):
    """One VM in the `make run` configuration, shared by a module."""
    vm = MvQemu(arm64_argv(arm64_image, **ARM64_DEFAULT))
    vm.boot()
    yield vm
    vm.close()


# -- arm64 guests (tests/system/test_guest_*.py) ------------------------

GUEST_PROMPT = "testguest> "
ESCAPE = "\x1dq"  # Ctrl-] q: leave a bound vserial


def guest_desc(name, ram=0x1000000, vcpus=1, rom_image="testguest.bin",
               align=21, testdev=True, extra="", x0=None):
    """DTS text of /guests/<name>: the test guest's layout
    (docs/test-guest.md), vCPUs after the first powered off, x0 = @x0
    (boot_args) when given."""
    args = "" if x0 is None else " boot_args = <0x0 0x%x>;" % x0
    off = "".join("\t\t\tvcpu%d { poweroff; };\n" % i
                  for i in range(1, vcpus))
    dev = ("\t\t\ttestdev@a000000 { compatible = \"minivisor,testdev\";\n"
           "\t\t\t\tguest_physical_addr = <0x0 0x0a000000>;\n"
           "\t\t\t\tphysical_size = <0x0 0x1000>; };\n") if testdev else ""
    return f"""\t{name} {{
\t\tvcpu_count = <{vcpus}>;
\t\tvcpu_template {{ start_pc = <0x0 0x0>;{args} }};
\t\tvcpus {{
{off}\t\t}};
\t\taspace {{
\t\t\trom@0 {{ device_type = "alloced_rom";
\t\t\t\tguest_physical_addr = <0x0 0x0>;
\t\t\t\tphysical_size = <0x0 0x200000>;
\t\t\t\tload_images = "{rom_image}"; }};
\t\t\tram@40000000 {{ device_type = "alloced_ram";
\t\t\t\tguest_physical_addr = <0x0 0x40000000>;
\t\t\t\tphysical_size = <0x{ram >> 32:x} 0x{ram & 0xffffffff:x}>;
\t\t\t\talign_order = <{align}>; }};
\t\t\tuart0@9000000 {{ compatible = "arm,pl011";
\t\t\t\tguest_physical_addr = <0x0 0x09000000>;
\t\t\t\tphysical_size = <0x0 0x1000>; }};
{dev}{extra}\t\t}};
\t}};
"""


def guests_dtb(nodes, tmpdir):
    """Compile guest nodes (DTS text) into a guests.dtb; returns bytes."""
    src = os.path.join(str(tmpdir), "guests.dts")
    out = os.path.join(str(tmpdir), "guests.dtb")
    with open(src, "w") as f:
        f.write("/dts-v1/;\n/ {\n\tguests {\n%s\t};\n};\n" % "".join(nodes))
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, src],
                   check=True)
    with open(out, "rb") as f:
        return f.read()


def cpio_newc(files):
    """A cpio "newc" archive (what `cpio -o -H newc` writes) holding
    @files, a list of (name, bytes), as regular files."""
    out = bytearray()

    def pad4():
        out.extend(b"\0" * (-len(out) % 4))

    for ino, (name, data) in enumerate(list(files) + [("TRAILER!!!", b"")]):
        raw = name.encode() + b"\0"
        mode = 0o100644 if name != "TRAILER!!!" else 0
        fields = [ino + 1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
                  len(raw), 0]
        out.extend(b"070701" + "".join("%08x" % v for v in fields).encode())
        out.extend(raw)
        pad4()
        out.extend(data)
        pad4()
    return bytes(out)


def write_bundle(tmpdir, files, name="bundle.cpio"):
    """Write a bundle of (name, bytes) files into @tmpdir; its path."""
    path = os.path.join(str(tmpdir), name)
    with open(path, "wb") as f:
        f.write(cpio_newc(files))
    return path


class GuestShell:
    """Guest operations through a minivisor shell (an MvQemu)."""

    def __init__(self, vm):
        self.vm = vm

    def cmd(self, line, timeout=None):
        return self.vm.cmd(line, timeout)

    def create(self, name):
        out = self.cmd(f"guest create {name}")
        assert f"guest {name} id" in out, out
        return out

    def kick(self, name, uart="uart0", timeout=15):
        """Kick @name and wait, inside the hypervisor, for its prompt;
        returns the kick-to-prompt time in seconds."""
        out = self.cmd(f"time -w {name}/{uart} testguest> guest kick {name}",
                       timeout)
        assert f"guest {name} state running" in out, out
        return int(re.search(r"elapsed_ns (\d+)", out).group(1)) / 1e9

    def run(self, name, line, timeout=20, uart="uart0"):
        """Run one test-guest command over its bound vserial; returns
        the guest's output for it (echo removed)."""
        vm = self.vm
        vm.send_line(f"vserial bind {name}/{uart}")
        vm.expect_exact(f"[vserial: bound to {name}/{uart}; Ctrl-] q returns]")
        vm.expect_exact(GUEST_PROMPT, timeout)
        vm.send(line + "\r")
        text = vm.expect_exact(GUEST_PROMPT, timeout)
        vm.send(ESCAPE)
        vm.expect_exact(f"[vserial: unbound {name}/{uart}]")
        vm.expect_prompt()
        return clean(text).partition("\n")[2]

    def destroy(self, name):
        out = self.cmd(f"guest destroy {name}")
        assert f"guest {name} destroyed" in out, out

    def stats(self, name, vcpu=0):
        return allkv(self.cmd(f"vcpu dumpstat {name} {vcpu}"))

    def state(self, name):
        for line in lines_starting(self.cmd("guest list"), "guest"):
            d = kv(line)
            if d.get("name") == name:
                return d["state"]
        return None

    def figures(self):
        """Host RAM, heap and vapool figures that a guest must give back."""
        _, total = parse_ram_info(self.cmd("host ram info"))
        heap = allkv(self.cmd("heap info"))
        vapool = allkv(self.cmd("host vapool info"))
        return dict(ram_free=total["free"], heap_free=heap["free"],
                    heap_used=heap["used"], vapool_free=vapool["free"],
                    vapool_used=vapool["used"])


@pytest.fixture
def guest_vm(arm64_image, tmp_path):
    """Factory: guest_vm(nodes=[...], files=[...], **machine) boots
    minivisor (with a boot bundle when nodes or files are given) and
    returns a GuestShell."""
    vms = []

    def boot(nodes=(), files=(), timeout=20.0, **kw):
        files = list(files)
        if nodes:
            files.append(("guests.dtb", guests_dtb(nodes, tmp_path)))
        if files:
            kw["bundle"] = write_bundle(tmp_path, files,
                                        "bundle%d.cpio" % len(vms))
        vm = MvQemu(arm64_argv(arm64_image, **kw), timeout=timeout)
        vms.append(vm)
        vm.boot()
        return GuestShell(vm)

    yield boot
    for vm in vms:
        vm.close()
