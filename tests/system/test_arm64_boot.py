# SPDX-License-Identifier: GPL-2.0-only
"""arm64: boot to the prompt across GIC versions, CPU models, CPU counts,
RAM sizes and RAM-bank layouts; check what the hypervisor found against
what QEMU was given (CPUs, banks, exact frame accounting, timer ticks).

Frame accounting (docs/arm64.md): reserved = image + DTB + bank metadata
(QEMU adds no /memreserve/, reserved-memory or initrd here); used =
vapool metadata + heap + page-table frames + RAM mempools (the secondary
CPUs' stacks); free = total - reserved - used.
"""

import re
import time

import pytest

from conftest import ARM64, image_span_pages
from mvqemu import (allkv, host_cpus, kv, lines_starting, mem_bytes,
                    pages, parse_ram_info, value)

RAM_BASE = 0x40000000
STACK_SIZE = 0x4000

CONFIGS = [
    dict(gic=3, cpu="cortex-a57", smp=2, mem="512M", banks=1),
    dict(gic=2, cpu="cortex-a57", smp=1, mem="256M", banks=1),
    dict(gic=3, cpu="max,pauth-impdef=on", smp=4, mem="2G", banks=1),
    dict(gic=2, cpu="max,pauth-impdef=on", smp=2, mem="256M", banks=2),
    dict(gic=3, cpu="cortex-a57", smp=3, mem="1G", banks=2),
    dict(gic=2, cpu="cortex-a57", smp=4, mem="2G", banks=2),
]


def cfg_id(c):
    return "gic{gic}-{cpu}-smp{smp}-{mem}-{banks}bank".format(
        **c).replace(",pauth-impdef=on", "")


def expected_banks(mem, banks):
    size = mem_bytes(mem)
    if banks == 1:
        return [(RAM_BASE, size)]
    half = size // 2
    return [(RAM_BASE, half), (RAM_BASE + half, half)]


def wait_ticks(vm, ncpus, minimum=2, timeout=3.0):
    """Poll `host info` until every CPU counted @minimum timer ticks."""
    end = time.monotonic() + timeout
    while True:
        out = vm.cmd("host info")
        ticks = [kv(l)["ticks"] for l in lines_starting(out, "cpu")]
        if len(ticks) == ncpus and min(ticks) >= minimum:
            return out
        assert time.monotonic() < end, f"timer ticks stuck: {out}"


@pytest.fixture(scope="module")
def image_pages(arm64_image):
    return image_span_pages(ARM64, arm64_image)


@pytest.mark.parametrize("cfg", CONFIGS, ids=cfg_id)
def test_arm64_boot_config(arm64_boot, image_pages, cfg):
    vm = arm64_boot(**cfg)
    log = vm.boot_log
    assert "minivisor" in log and "(arm64)" in log
    assert f"cpus: {cfg['smp']} online" in log
    assert re.search(r"boot: ready in [0-9.]+ ms", log)

    # CPUs: all online, distinct MPIDRs, each ticking.
    cpus = host_cpus(vm)
    assert len(cpus) == cfg["smp"]
    assert all(c["online"] == "yes" for c in cpus)
    assert len({c["mpidr"] for c in cpus}) == cfg["smp"]
    info = wait_ticks(vm, cfg["smp"])
    assert value(info, "irqchip") == f"GICv{cfg['gic']}"
    assert value(info, "el") == 2

    # RAM: banks as QEMU made them, exact frame accounting.
    banks, total = parse_ram_info(vm.cmd("host ram info"))
    want = expected_banks(cfg["mem"], cfg["banks"])
    assert [(b["start"], b["size"]) for b in banks] == want
    for b in banks:
        assert b["frames"] == b["size"] // 4096
        assert b["free"] + b["reserved"] <= b["frames"]
    assert total["frames"] == mem_bytes(cfg["mem"]) // 4096
    assert total["free"] == sum(b["free"] for b in banks)
    assert total["reserved"] == sum(b["reserved"] for b in banks)

    dtb = re.search(r"dtb: 0x([0-9a-f]+), (\d+) bytes", log)
    dtb_pages = pages(int(dtb.group(1), 16) % 4096 + int(dtb.group(2)))
    meta_pages = sum(pages(b["meta"]) for b in banks)
    assert total["reserved"] == image_pages + dtb_pages + meta_pages

    vapool_meta = allkv(vm.cmd("host vapool info"))["meta"]
    heap_pages = allkv(vm.cmd("heap info"))["size"] // 4096
    pgtables = value(info, "pgtable-frames")
    stacks = pages(STACK_SIZE * (cfg["smp"] - 1))
    used = total["frames"] - total["free"] - total["reserved"]
    assert used == pages(vapool_meta) + heap_pages + pgtables + stacks


def test_arm64_ram_numbers_match_host_info(arm64_vm):
    """`host info` totals agree with `host ram info`."""
    info = arm64_vm.cmd("host info")
    _, total = parse_ram_info(arm64_vm.cmd("host ram info"))
    assert value(info, "ram_size") == total["frames"] * 4096
    assert value(info, "ram_free") == total["free"] * 4096
    assert value(info, "ram_banks") == 1
