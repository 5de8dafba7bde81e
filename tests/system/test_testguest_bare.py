# SPDX-License-Identifier: GPL-2.0-only
"""The arm64 test guest on plain QEMU, without the hypervisor.

QEMU `virt` without EL2/EL3 starts the `-bios` image at EL1 from the flash
at address 0, which is where the guest is linked to run from its ROM, with
RAM at 0x40000000 and the pl011 at 0x09000000, as under minivisor. This
checks everything that does not need the hypervisor: the console, line
editing, memtest, secret/scan, the exception vectors (QEMU aborts reads of
unassigned addresses), the recovery from unexpected exceptions, and PSCI
(QEMU itself answers PSCI calls over HVC here).
"""

import os
import re
import subprocess

import pytest

from conftest import GUEST_PROMPT as PROMPT, SRC
from mvqemu import MvQemu, clean, image_symbols

RAM_SIZE = 16 << 20
PRIV_SIZE = 64 << 10


@pytest.fixture(scope="module")
def guest_bin(tmp_path_factory):
    """Build the guest into a private directory; returns (bin, elf)."""
    out = tmp_path_factory.mktemp("testguest")
    proc = subprocess.run(["make", "-C", os.path.join(SRC, "tests/guests/arm64"),
                           f"O={out}"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    d = out / "tests" / "guests" / "arm64"
    return str(d / "testguest.bin"), str(d / "testguest.elf")


def qemu_argv(image):
    return ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57",
            "-m", "128M", "-nographic", "-nodefaults", "-serial", "stdio",
            "-monitor", "none", "-bios", image]


@pytest.fixture
def guest(guest_bin):
    vm = MvQemu(qemu_argv(guest_bin[0]), prompt=PROMPT, timeout=20.0)
    vm.boot()
    yield vm
    vm.close()


def test_image_layout(guest_bin):
    """Entry at 0, a 2 KiB aligned vector table of 16 branches, small ROM."""
    bin_path, elf = guest_bin
    assert os.path.getsize(bin_path) < 64 << 10
    addr = image_symbols(elf, {"_start", "tg_vectors", "__stack_top"})
    assert addr["_start"] == 0
    assert addr["tg_vectors"] % 0x800 == 0
    assert addr["__stack_top"] == 0x40000000 + PRIV_SIZE
    dis = subprocess.run(["aarch64-linux-gnu-objdump", "-d", elf], check=True,
                         capture_output=True, text=True).stdout
    base = addr["tg_vectors"]
    for i in range(16):
        entry = re.search(r"^\s*%x:.*\tsub\tsp, sp, #0x120" % (base + i * 0x80),
                          dis, re.M)
        assert entry, f"vector {i} missing"
    assert len(re.findall(r"\tb\t[0-9a-f]+ <tg_exc_entry>", dis)) == 16


def test_banner_and_hi(guest):
    assert "minivisor test guest v1: RAM 0x40000000+16384 KiB" in guest.boot_log
    assert guest.cmd("hi") == "hello from the minivisor test guest\n"


def test_info(guest):
    out = guest.cmd("info")
    assert out.startswith("el 1 midr 0x411fd070 ")
    assert "cntfrq 62500000" in out
    assert "uart 0x9000000 testdev 0xa000000 unmapped 0x20000000" in out


def test_line_editing_and_errors(guest):
    guest.send("hx\x7fi\r")
    out = clean(guest.expect_exact(PROMPT))
    assert "hello from the minivisor test guest" in out
    assert guest.cmd("frobnicate now") == \
        "error: unknown command 'frobnicate' (try help)\n"
    assert guest.cmd("") == ""
    # Ctrl-U drops what was typed; a line far past the buffer is cut.
    guest.send("bogus\x15hi\r")
    assert "hello from" in clean(guest.expect_exact(PROMPT))
    out = guest.cmd("x" * 300)
    assert out.startswith("error: unknown command 'xxx")
    assert len(out) < 200
    assert "romwrite" in guest.cmd("help")


def test_memtest(guest):
    out = guest.cmd("memtest")
    mib = (RAM_SIZE - PRIV_SIZE) * 100 >> 20
    assert out == "memtest: pass, %d.%02d MiB tested at 0x40010000\n" % (
        mib // 100, mib % 100)


def test_secret_and_scan(guest):
    pattern = "s3cr3t-A"
    copies = (RAM_SIZE - PRIV_SIZE) // len(pattern)
    assert guest.cmd("secret " + pattern) == f"secret: {copies} copies written\n"
    assert guest.cmd("scan " + pattern) == f"scan: found {copies}\n"
    # The command line itself is never counted.
    assert guest.cmd("scan nowhere-in-ram") == "scan: found 0\n"
    assert guest.cmd("scan abc").startswith("error: usage: scan <pattern>")
    assert guest.cmd("secret").startswith("error: usage: secret <pattern>")


def test_data_abort_vectors(guest):
    # Unassigned on QEMU virt (platform bus): a synchronous external abort.
    assert guest.cmd("fault 0x0c000000") == \
        "fault: data abort at 0xc000000 ESR 0x96000010\n"
    # Beyond the 44-bit PA range with the MMU off: an address size fault.
    assert guest.cmd("fault 0x100000000000") == \
        "fault: data abort at 0x100000000000 ESR 0x96000000\n"
    assert guest.cmd("fault 0x3").startswith("error: usage: fault")
    assert guest.cmd("hi") == "hello from the minivisor test guest\n"


def test_unexpected_exception_recovers(guest):
    for _ in range(3):
        out = guest.cmd("undef")
        assert re.match(r"\nexception: sync from vector 4, EC 0x0 ESR 0x2000000 "
                        r"ELR 0x[0-9a-f]+ FAR 0x[0-9a-f]+\n$", out), out
    assert guest.cmd("hi") == "hello from the minivisor test guest\n"


def test_without_hypervisor(guest):
    # QEMU answers every HVC as PSCI here: NOT_SUPPORTED, reported, no hang.
    assert guest.cmd("hvc 5") == \
        "hvc: FAIL call 0 returned 0xffffffffffffffff, want 0x6d76\n"
    # Offset 0 of QEMU's virtio-mmio slot reads "virt", not the test ID.
    assert guest.cmd("mmio 5") == \
        "mmio: no test device at 0xa000000 (id 0x74726976)\n"
    assert guest.cmd("mmio 0").startswith("error: usage: mmio [N]")
    assert guest.cmd("romwrite").startswith("romwrite: no abort, ROM unchanged")


def test_reboot_and_poweroff(guest):
    guest.send_line("reboot")
    guest.expect_exact("reboot: PSCI SYSTEM_RESET")
    guest.expect_exact("minivisor test guest v1")
    guest.expect_prompt()
    assert guest.cmd("hi") == "hello from the minivisor test guest\n"
    guest.send_line("poweroff")
    guest.expect_exact("poweroff: PSCI SYSTEM_OFF")
    assert guest.wait_exit() == 0
