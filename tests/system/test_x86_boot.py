# SPDX-License-Identifier: GPL-2.0-only
"""x86_64-snp: the image is a PVH ELF (no multiboot header) that boots to
the prompt under QEMU on the native platform, with several CPU models and
RAM sizes; what the SVSM found is checked against what QEMU was given.

Frame accounting (docs/x86_64-snp.md): the host RAM bank is the device
tree's memory (16 MiB at 16 MiB) clipped to the RAM of the PVH memory
map; reserved = image (the device tree copy lives inside it) + bank
metadata; used = vapool metadata + heap + page-table frames taken from
host_ram; free = total - reserved - used.
"""

import re
import struct

import pytest

from conftest import X86, image_span_pages
from mvqemu import (allkv, host_cpus, image_symbols, pages, parse_ram_info,
                    value)

DT_MEMORY = (0x1000000, 0x1000000)  # dts/x86_64-snp.dts memory@1000000
GUEST_REGION = (0x2000000, 0x2000000)  # /svsm guest-region


def pvh_ram(log):
    """RAM ranges of the PVH memory map, as printed at boot."""
    return [(int(a, 16), int(b, 16) + 1 - int(a, 16)) for a, b in
            re.findall(r"x86: pvh ram 0x([0-9a-f]+)-0x([0-9a-f]+)", log)]


def intersect(rng, ram):
    s, n = rng
    out = []
    for a, m in ram:
        lo, hi = max(s, a), min(s + n, a + m)
        if lo < hi:
            out.append((lo, hi - lo))
    return out


# -- the image ---------------------------------------------------------

def elf_notes(path):
    """(name, type, desc) of every note in PT_NOTE segments, and p_align."""
    data = open(path, "rb").read()
    assert data[:5] == b"\x7fELF\x02", "not an ELF64"
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    notes = []
    for i in range(phnum):
        p = phoff + i * phentsize
        p_type, = struct.unpack_from("<I", data, p)
        if p_type != 4:
            continue
        off, = struct.unpack_from("<Q", data, p + 8)
        size, = struct.unpack_from("<Q", data, p + 0x20)
        align, = struct.unpack_from("<Q", data, p + 0x30)
        end = off + size
        while off < end:
            nsz, dsz, typ = struct.unpack_from("<III", data, off)
            name = data[off + 12:off + 12 + nsz].rstrip(b"\0")
            doff = off + 12 + (nsz + 3) // 4 * 4
            notes.append((name, typ, data[doff:doff + dsz], align))
            off = doff + (dsz + 3) // 4 * 4
    return notes


def test_x86_image_is_pvh_without_multiboot(x86_image):
    notes = elf_notes(x86_image)
    pvh = [n for n in notes if n[0] == b"Xen" and n[1] == 18]
    assert len(pvh) == 1
    entry, = struct.unpack("<Q", pvh[0][2])
    assert entry == image_symbols(x86_image, {"entry32"}, nm="nm")["entry32"]
    assert pvh[0][3] == 4  # QEMU aligns the note name by p_align
    head = open(x86_image, "rb").read()[:32768]
    for magic in (0x1BADB002, 0xE85250D6):  # multiboot 1 and 2
        assert struct.pack("<I", magic) not in head


# -- booting -----------------------------------------------------------

CONFIGS = [
    dict(cpu="EPYC-Milan", mem="128M"),
    dict(cpu="max", mem="96M"),
    dict(cpu="qemu64", mem="1G"),
    dict(cpu="EPYC-Milan", mem="3G"),
]


@pytest.fixture(scope="module")
def image_pages(x86_image):
    return image_span_pages(X86, x86_image)


def check_ram(vm, image_pages, want_bank):
    banks, total = parse_ram_info(vm.cmd("host ram info"))
    assert [(b["start"], b["size"]) for b in banks] == [want_bank]
    b = banks[0]
    assert b["frames"] == want_bank[1] // 4096
    assert total["frames"] == b["frames"]
    assert total["reserved"] == image_pages + pages(b["meta"])
    info = vm.cmd("host info")
    vapool_meta = allkv(vm.cmd("host vapool info"))["meta"]
    heap = allkv(vm.cmd("heap info"))["size"] // 4096
    used = total["frames"] - total["free"] - total["reserved"]
    assert used == pages(vapool_meta) + heap + value(info, "pgtable-frames")
    assert value(info, "ram_size") == total["frames"] * 4096
    assert value(info, "ram_free") == total["free"] * 4096
    return total


@pytest.mark.parametrize("cfg", CONFIGS,
                         ids=lambda c: f"{c['cpu']}-{c['mem']}")
def test_x86_boot_config(x86_boot, image_pages, cfg):
    vm = x86_boot(**cfg)
    log = vm.boot_log
    assert "minivisor" in log and "(x86_64-snp)" in log
    assert "x86: platform native" in log
    assert "cpus: 1 online" in log
    assert re.search(r"boot: ready in [0-9.]+ ms", log)
    assert "mismatch" not in log
    ram = pvh_ram(log)
    assert intersect(DT_MEMORY, ram) == [DT_MEMORY]
    check_ram(vm, image_pages, DT_MEMORY)
    assert value(vm.cmd("host info"), "platform") == "native"
    assert [c["online"] for c in host_cpus(vm)] == ["yes"]


def test_x86_small_memory_is_clipped_and_reported(x86_boot, image_pages):
    """With 24 MiB, the device tree's 16 MiB at 16 MiB is not all RAM: the
    boot says so and host_ram gets exactly the part that is RAM."""
    vm = x86_boot(mem="24M")
    log = vm.boot_log
    ram = pvh_ram(log)
    kept = intersect(DT_MEMORY, ram)
    assert len(kept) == 1 and kept[0][1] < DT_MEMORY[1]
    assert re.search(r"memmap mismatch: memory 0x1000000-0x1ffffff is not "
                     r"all RAM in the PVH memory map \((\d+) of 16384 KiB",
                     log)
    assert "memmap mismatch: guest region 0x2000000-0x3ffffff" in log
    banks, total = parse_ram_info(vm.cmd("host ram info"))
    assert [(b["start"], b["size"]) for b in banks] == kept
    assert total["frames"] == kept[0][1] // 4096
    assert total["reserved"] == image_pages + pages(banks[0]["meta"])
    assert "minivisor" in vm.cmd("version")


def test_x86_guest_region_checked(x86_boot):
    """40 MiB covers the SVSM's memory but not the guest region."""
    vm = x86_boot(mem="40M")
    log = vm.boot_log
    assert "memmap mismatch: memory" not in log
    m = re.search(r"memmap mismatch: guest region 0x2000000-0x3ffffff is not "
                  r"all RAM in the PVH memory map \((\d+) of 32768 KiB", log)
    ram = pvh_ram(log)
    assert int(m.group(1)) * 1024 == sum(n for _, n in
                                         intersect(GUEST_REGION, ram))


def test_x86_bootcmd_from_append(x86_boot):
    vm = x86_boot(append='minivisor.bootcmd="snp status; version"')
    log = vm.boot_log
    assert "bootcmd: snp status; version" in log
    assert "platform native" in log
    assert re.search(r"minivisor 0\.\d+\.\d+", log.split("bootcmd:")[1])


def test_x86_poweroff_exits_qemu(x86_boot):
    vm = x86_boot()
    vm.send_line("poweroff")
    assert vm.wait_exit() == 1  # isa-debug-exit: (0 << 1) | 1


def test_x86_boot_time(x86_boot):
    vm = x86_boot()
    assert vm.boot_seconds < 2.0  # the benchmark holds the 0.5 s median


def test_x86_reset_leaves_qemu(x86_boot):
    """`reset` resets the machine; with -no-reboot QEMU then exits."""
    vm = x86_boot()
    vm.send_line("reset")
    assert vm.wait_exit() == 0
