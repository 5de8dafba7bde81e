# SPDX-License-Identifier: GPL-2.0-only
"""arm64 guests: a region's `map_order` caps the stage-2 block size
(docs/guest-dt.md), and the hypervisor's reads of guest memory see
what the guest wrote with its MMU and caches off.

Each guest is the test guest plus a 4 MiB `alloced_ram` region at
0x80000000 on 2 MiB aligned frames, holding a copy of testguest.bin at
+0x201000. Mapped with 2 MiB blocks it costs one level-2 table; with
`map_order = <12>` two level-3 tables more, which `host ram info`
shows (each guest is measured alone, on the same frames). The guest reads the copy through its stage-2 (`fault <addr>`
reports the word read), so pages must map exactly the right frames.
"""

import re

import pytest

from conftest import guest_desc
from mvqemu import kv, lines_starting

EXTRA_GPA = 0x80000000
COPY_OFF = 0x201000


def extra_region(map_order):
    order = f"\n\t\t\t\tmap_order = <{map_order}>;" if map_order else ""
    return ("\t\t\tblk@80000000 { device_type = \"alloced_ram\";\n"
            "\t\t\t\tguest_physical_addr = <0x0 0x80000000>;\n"
            "\t\t\t\tphysical_size = <0x0 0x400000>;\n"
            "\t\t\t\talign_order = <21>;\n"
            f"\t\t\t\tload_images = \"testguest.bin@0x{COPY_OFF:x}\";"
            f"{order} }};\n")


def frames_taken(gs, name):
    """Frames @name takes, created alone (then destroyed), so that
    each guest gets the same frames and its ROM the same alignment."""
    before = gs.figures()["ram_free"]
    gs.create(name)
    taken = before - gs.figures()["ram_free"]
    gs.destroy(name)
    return taken


def guest_word(gs, name, addr):
    out = gs.run(name, "fault 0x%x" % addr)
    m = re.search(r"fault: no abort, read (0x[0-9a-f]+) from", out)
    assert m, out
    return int(m.group(1), 16)


def test_map_order_pages(guest_vm):
    gs = guest_vm(nodes=[guest_desc("blocks", extra=extra_region(None)),
                         guest_desc("pages", extra=extra_region(12)),
                         guest_desc("twomeg", extra=extra_region(21))])
    before = gs.figures()
    blocks = frames_taken(gs, "blocks")
    pages = frames_taken(gs, "pages")
    twomeg = frames_taken(gs, "twomeg")
    # Same frames for the data; pages need a level-3 table per 2 MiB.
    assert pages == blocks + 2, (blocks, pages)
    assert twomeg == blocks, (blocks, twomeg)
    for name in ("blocks", "pages", "twomeg"):
        gs.create(name)
        gs.kick(name)
        rom = guest_word(gs, name, 0x0)
        for off in (COPY_OFF, COPY_OFF + 0x1000 - 8):
            # The guest sees the copy where the ROM's bytes are.
            assert guest_word(gs, name, EXTRA_GPA + off) == \
                guest_word(gs, name, off - COPY_OFF), (name, off)
        assert rom == guest_word(gs, name, EXTRA_GPA + COPY_OFF)
        assert "memtest: pass" in gs.run(name, "memtest")
    for name in ("blocks", "pages", "twomeg"):
        gs.destroy(name)
    assert gs.figures() == before


def test_map_order_refused(guest_vm):
    bad = extra_region(21).replace("align_order = <21>",
                                   "align_order = <12>")
    gs = guest_vm(nodes=[guest_desc("bad", extra=bad)])
    before = gs.figures()
    out = gs.cmd("guest create bad")
    assert ("error: /guests/bad/aspace/blk@80000000: map_order: 21 needs "
            "align_order >= 21 (frames aligned to 0x1000)") in out, out
    assert gs.figures() == before


def dumpmem_bytes(gs, name, gpa, n):
    out = gs.cmd("guest dumpmem %s 0x%x %d" % (name, gpa, n))
    data = []
    for line in out.splitlines():
        m = re.match(r"\s*0x[0-9a-f]+:((?: [0-9a-f]{2})+)\s*$", line)
        if m:
            data += [int(b, 16) for b in m.group(1).split()]
    return bytes(data)


@pytest.mark.parametrize("smp", [1, 2])
def test_dumpmem_sees_guest_writes(guest_vm, smp):
    """The guest writes its test area with the MMU off; `guest dumpmem`
    (the hypervisor, through its cacheable map) must read those bytes,
    also after the guest rewrites them."""
    gs = guest_vm(smp=smp)
    gs.create("guest0")
    gs.kick("guest0")
    for pattern in ("first-pattern-0123", "second-pattern-4567"):
        assert "copies written" in gs.run("guest0", "secret " + pattern)
        got = dumpmem_bytes(gs, "guest0", 0x40010000, 64)
        want = (pattern.encode() * 4)[:64]
        assert got == want, (got, want)
    cpus = {kv(l)["host_cpu"] for l in lines_starting(gs.cmd("vcpu list"),
                                                      "vcpu")}
    # Placement: with a second CPU the vCPU avoids CPU 0 (the shell's).
    assert cpus == {0 if smp == 1 else 1}
