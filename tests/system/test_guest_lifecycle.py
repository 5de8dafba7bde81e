# SPDX-License-Identifier: GPL-2.0-only
"""arm64 guests: one guest's whole life on the `make run` machine, and
create/destroy cycles that must give back every frame, heap byte and
vapool byte.

The test guest (tests/guests/arm64, docs/test-guest.md) is driven over
its vserial: `vserial bind guest0/uart0`, a command, Ctrl-] q.
"""

import re

from conftest import guest_desc
from mvqemu import kv, lines_starting


def regions(gs, name):
    return {kv(l)["region"]: kv(l)
            for l in lines_starting(gs.cmd(f"guest region list {name}"),
                                    "region")}


def test_guest_session(guest_vm):
    gs = guest_vm()
    before = gs.figures()
    gs.create("guest0")
    # 2 MiB ROM + 16 MiB RAM, plus the stage-2 tables: the 8 KiB root,
    # one level-2 table per region and at most one level-3 table (ROM
    # frames need not be 2 MiB aligned): RAM is mapped by 2 MiB blocks.
    used = before["ram_free"] - gs.figures()["ram_free"]
    assert 512 + 4096 + 4 <= used <= 512 + 4096 + 5, used
    r = regions(gs, "guest0")
    assert r["rom@0"]["flags"] == "r-x" and r["rom@0"]["type"] == "alloced_rom"
    assert r["ram@40000000"]["flags"] == "rwx"
    assert r["ram@40000000"]["hpa"] % (2 << 20) == 0  # 2 MiB blocks
    assert r["uart0@9000000"]["type"] == "emulated"

    assert gs.kick("guest0") < 0.5
    assert "hello from the minivisor test guest" in gs.run("guest0", "hi")
    info = gs.run("guest0", "info")
    assert re.search(r"el 1 midr 0x411fd070 mpidr 0x80000000 ", info), info
    assert "memtest: pass" in gs.run("guest0", "memtest")
    out = gs.run("guest0", "hvc 1000")
    assert re.search(r"hvc: 1000 calls in \d+ us, \d+/s", out), out
    out = gs.run("guest0", "mmio 1000")
    assert re.search(r"mmio: 1000 reads in \d+ us, \d+/s", out), out

    # Bad accesses: a synchronous external abort at EL1 (EC 0x25,
    # DFSC 0x10), WnR set for the ROM write; the guest carries on.
    out = gs.run("guest0", "fault")
    assert "fault: data abort at 0x20000000 ESR 0x96000010" in out, out
    out = gs.run("guest0", "romwrite")
    assert re.search(r"romwrite: data abort at 0x[0-9a-f]+ ESR 0x96000050",
                     out), out
    out = gs.run("guest0", "undef")  # the guest's own UNDEF, not ours
    assert "exception: sync from vector 4, EC 0x0" in out, out

    # Paused, its counters hold still: the vCPU runs on another CPU.
    assert "state paused" in gs.cmd("guest pause guest0")
    st = gs.stats("guest0")
    assert "state running" in gs.cmd("guest resume guest0")
    assert st["aborts_injected"] == 2 and st["undefs_injected"] == 0
    assert st["hvc"] >= 1000 and st["mmio_reads"] >= 1000
    assert st["exits"] >= st["hvc"] + st["mmio_reads"]
    regs = gs.cmd("vcpu dumpreg guest0 0")
    assert re.search(r"^pc 0x[0-9a-f]{16} pstate", regs, re.M), regs
    assert "vbar_el1" in regs and "hcr_el2" in regs

    # The shell keeps working while the guest spins on its UART.
    assert "cpus 2" in gs.cmd("host info")

    # pause / resume
    assert "guest guest0 state paused" in gs.cmd("guest pause guest0")
    assert "state paused" in gs.cmd("vcpu list")
    assert "guest guest0 state running" in gs.cmd("guest resume guest0")
    assert "hello" in gs.run("guest0", "hi")

    # PSCI SYSTEM_RESET: the guest restarts with fresh RAM.
    out = gs.run("guest0", "reboot")
    assert "reboot: PSCI SYSTEM_RESET" in out
    assert "minivisor test guest v1" in out, out
    assert "hello" in gs.run("guest0", "hi")

    # PSCI SYSTEM_OFF: halted, shown as such, restartable after reset.
    gs.vm.send_line("vserial bind guest0/uart0")
    gs.vm.expect_exact("testguest> ")
    gs.vm.send("poweroff\r")
    gs.vm.expect_exact("guest0: halted (PSCI SYSTEM_OFF: powered off)")
    gs.vm.send("\x1dq")
    gs.vm.expect_prompt()
    assert gs.state("guest0") == "halted"
    assert "error:" in gs.cmd("guest kick guest0")
    assert "state reset" in gs.cmd("guest reset guest0")
    gs.kick("guest0")
    assert "hello" in gs.run("guest0", "hi")

    gs.destroy("guest0")
    assert gs.figures() == before


def test_guest_create_destroy_cycles(guest_vm):
    """20 create/kick/destroy cycles in a row (one and two vCPUs):
    host RAM, heap and vapool figures come back exactly, every time."""
    gs = guest_vm()
    before = gs.figures()
    for i in range(20):
        name = "guest%d" % (i % 2)
        gs.create(name)
        gs.kick(name)
        if i % 5 == 4:
            assert "hello" in gs.run(name, "hi")
        gs.destroy(name)
        assert gs.figures() == before, "cycle %d" % i
    assert "guest " not in gs.cmd("guest list")
    assert "failures alloc 0 bad_free 0" in gs.cmd("host ram info")


def test_guest_make_run_default(guest_vm):
    """`make run` boots with the boot command that creates guest0
    (tools/make/run-arm64.mk); the README steps then work as written."""
    gs = guest_vm(append='minivisor.bootcmd="guest create guest0"')
    assert "bootcmd: guest create guest0" in gs.vm.boot_log
    assert "guest guest0 id 0 vmid 1 state reset" in gs.vm.boot_log
    assert "guest guest0 state running" in gs.cmd("guest kick guest0")
    gs.vm.send_line("vserial bind guest0/uart0")
    gs.vm.expect_exact("[vserial: bound to guest0/uart0; Ctrl-] q returns]")
    gs.vm.expect_exact("testguest> ", 10)
    gs.vm.send("hi\r")
    gs.vm.expect_exact("hello from the minivisor test guest")
    gs.vm.expect_exact("testguest> ")
    gs.vm.send("\x1dq")
    gs.vm.expect_exact("[vserial: unbound guest0/uart0]")
    gs.vm.expect_prompt()
    assert "state running" in gs.cmd("guest list")


def test_guest_1g_block(guest_vm):
    """A 1 GiB region on 1 GiB aligned frames is one level-1 block."""
    gs = guest_vm(nodes=[guest_desc("big1g", ram=1 << 30, align=30)],
                  mem="3G", timeout=60)
    before = gs.figures()
    gs.create("big1g")
    assert regions(gs, "big1g")["ram@40000000"]["hpa"] % (1 << 30) == 0
    used = before["ram_free"] - gs.figures()["ram_free"]
    assert 262144 + 512 + 3 <= used <= 262144 + 512 + 4, used
    gs.kick("big1g")
    assert "memtest: pass" in gs.run("big1g", "memtest")
    gs.destroy("big1g")
    assert gs.figures() == before
