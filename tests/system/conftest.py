# SPDX-License-Identifier: GPL-2.0-only
"""Fixtures for the QEMU system tests.

The images are built into build/arm64 and build/x86_64 by `make build-all`
before pytest runs; MV_ARM64_IMAGE=<elf> and MV_X86_IMAGE=<elf> test other
ones. Both targets share one way to locate the image, to get the QEMU argv
from the launcher script's --dry-run and to boot to the prompt
(arm64_boot / x86_boot per test, arm64_vm / x86_vm shared by a module).
Every booted QEMU is stopped when its test (or module) ends.
"""

import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field

import pytest

from mvqemu import (MvQemu, allkv, clean, image_symbols, kv, lines_starting,
                    pages, parse_ram_info)

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@dataclass(frozen=True)
class Target:
    """What the tests need to know about one build target."""
    name: str
    env: str  # variable naming another image
    image: str  # default image, relative to SRC
    defconfig: str
    launcher: str  # tools/ script with --dry-run and --stdio
    nm: str  # nm that reads the image
    image_syms: tuple  # first and end symbols of the loaded image
    run: dict = field(default_factory=dict)  # `make run` machine options
    cpus: int = 1  # CPUs online in that machine


ARM64 = Target("arm64", "MV_ARM64_IMAGE", "build/arm64/minivisor.elf",
               "arm64_virt_defconfig", "qemu-arm64.sh",
               "aarch64-linux-gnu-nm", ("__image_start", "__image_end"),
               dict(gic=3, smp=2, mem="512M", cpu="cortex-a57", banks=1),
               cpus=2)
X86 = Target("x86", "MV_X86_IMAGE", "build/x86_64/minivisor-x86_64.elf",
             "x86_64_snp_defconfig", "qemu-x86.sh", "nm",
             ("_start", "_end"), dict(mem="128M", cpu="EPYC-Milan"))
TARGETS = {t.name: t for t in (ARM64, X86)}

def image_path(target):
    """The ELF the tests of @target boot."""
    return os.environ.get(target.env, os.path.join(SRC, target.image))


def require_image(target):
    """Path of @target's image; fails the test clearly if it is missing."""
    path = image_path(target)
    if not os.path.isfile(path):
        pytest.fail(f"no {target.name} image at {path}: run `make build-all` "
                    f"(or `make O={os.path.dirname(target.image)} "
                    f"{target.defconfig} all`)", pytrace=False)
    return path


def image_span(target, image):
    """(start, end) addresses of @target's loaded image."""
    first, end = target.image_syms
    s = image_symbols(image, {first, end}, nm=target.nm)
    return s[first], s[end]


def image_span_pages(target, image):
    """4 KiB frames the loaded image spans."""
    start, end = image_span(target, image)
    return pages(end - start)


def launcher_argv(target, image, opts, append=None, extra=(), bundle=None):
    """QEMU argv the launcher of @target prints with --dry-run (serial on
    plain stdio): @opts become --<key> <value> options."""
    cmd = ["bash", os.path.join(SRC, "tools", target.launcher), "--dry-run",
           "--stdio", "--image", image]
    for key, val in opts.items():
        cmd += [f"--{key}", str(val)]
    if append is not None:
        cmd += ["--append", append]
    if bundle is not None:
        cmd += ["--bundle", str(bundle)]
    out = subprocess.run(cmd + ["--", *extra], check=True, text=True,
                         capture_output=True).stdout
    return shlex.split(out)


def arm64_argv(image, gic=3, smp=2, mem="512M", cpu="cortex-a57", banks=1,
               append=None, extra=(), bundle=None):
    """QEMU argv from tools/qemu-arm64.sh (serial on plain stdio).

    @bundle: a boot bundle file (cpio), passed with -initrd (the script
    boots the raw Image minivisor.bin for it).
    """
    return launcher_argv(ARM64, image, dict(gic=gic, smp=smp, mem=mem,
                                            cpu=cpu, banks=banks),
                         append, extra, bundle)


def x86_argv(image, mem="128M", cpu="EPYC-Milan", append=None, extra=()):
    """QEMU argv from tools/qemu-x86.sh (serial on plain stdio)."""
    return launcher_argv(X86, image, dict(mem=mem, cpu=cpu), append, extra)


ARGV = {"arm64": arm64_argv, "x86": x86_argv}


def target_argv(target, image, **kw):
    """QEMU argv for @target; @kw are the options of its *_argv()."""
    return ARGV[target.name](image, **kw)


def boot_factory(target, image):
    """Generator behind the *_boot fixtures: yields boot(wait=True,
    timeout=10.0, **argv options) -> MvQemu, then closes every VM.

    With wait=False QEMU is only started (for tests that expect no
    prompt).
    """
    vms = []

    def boot(wait=True, timeout=10.0, **kw):
        vm = MvQemu(target_argv(target, image, **kw), timeout=timeout)
        vms.append(vm)
        if wait:
            vm.boot()
        else:
            vm.start()
        return vm

    yield boot
    for vm in vms:
        vm.close()


def run_vm(target, image):
    """Generator behind the *_vm fixtures: one VM booted to the prompt in
    the `make run` configuration of @target, closed afterwards."""
    vm = MvQemu(target_argv(target, image, **target.run))
    vm.boot()
    yield vm
    vm.close()


@pytest.fixture(scope="session")
def arm64_image():
    """Path of the arm64 image; fails the test clearly if it is missing."""
    return require_image(ARM64)


@pytest.fixture(scope="session")
def x86_image():
    """Path of the x86 image; fails the test clearly if it is missing."""
    return require_image(X86)


@pytest.fixture
def arm64_boot(arm64_image):
    """Factory: arm64_boot(gic=3, smp=2, mem=..., wait=True, ...) -> MvQemu;
    every VM is closed when the test ends."""
    yield from boot_factory(ARM64, arm64_image)


@pytest.fixture
def x86_boot(x86_image):
    """Factory: x86_boot(mem=..., cpu=..., append=..., wait=True) -> MvQemu;
    every VM is closed when the test ends."""
    yield from boot_factory(X86, x86_image)


@pytest.fixture(scope="module")
def arm64_vm(arm64_image):
    """One VM in the `make run` configuration, shared by a module."""
    yield from run_vm(ARM64, arm64_image)


@pytest.fixture(scope="module")
def x86_vm(x86_image):
    """One VM in the `make run-x86` configuration, shared by a module."""
    yield from run_vm(X86, x86_image)


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
def guest_vm(arm64_boot, tmp_path):
    """Factory: guest_vm(nodes=[...], files=[...], **machine) boots
    minivisor (with a boot bundle when nodes or files are given) and
    returns a GuestShell."""
    nboots = [0]

    def boot(nodes=(), files=(), timeout=20.0, **kw):
        files = list(files)
        if nodes:
            files.append(("guests.dtb", guests_dtb(nodes, tmp_path)))
        if files:
            kw["bundle"] = write_bundle(tmp_path, files,
                                        "bundle%d.cpio" % nboots[0])
        nboots[0] += 1
        return GuestShell(arm64_boot(timeout=timeout, **kw))

    return boot
