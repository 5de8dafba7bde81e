# SPDX-License-Identifier: GPL-2.0-only
"""Virtual interrupts of arm64 guests (docs/arm64-guests.md, "Interrupts"):
the test guest with a GIC region gets its virtual timer's interrupts, its
self-SGIs and a timer-woken WFI, on GICv2 and GICv3 hosts; a guest
destroyed with interrupts pending gives everything back; bad GIC
register accesses get an abort and nothing else.
"""

import re
import time

import pytest

from conftest import ESCAPE, GUEST_PROMPT, guest_desc

# The guest's GIC region: distributor at 0x08000000; GICv2 CPU interface
# at +0x10000 (the host GICV mapped there), GICv3 redistributors from
# +0xa0000 (128 KiB per vCPU).
GIC_NODE = {
    2: ('\t\t\tgic@8000000 { compatible = "arm,cortex-a15-gic";\n'
        '\t\t\t\tguest_physical_addr = <0x0 0x08000000>;\n'
        '\t\t\t\tphysical_size = <0x0 0x20000>; };\n'),
    3: ('\t\t\tgic@8000000 { compatible = "arm,gic-v3";\n'
        '\t\t\t\tguest_physical_addr = <0x0 0x08000000>;\n'
        '\t\t\t\tphysical_size = <0x0 0x100000>; };\n'),
}

HOSTS = [dict(gic=2, smp=1), dict(gic=3, smp=1), dict(gic=2, smp=2),
         dict(gic=3, smp=2)]


def host_id(m):
    return "gic%d-smp%d" % (m["gic"], m["smp"])


UART_SIZE = "physical_size = <0x0 0x1000>; };"
UART_IRQ = "physical_size = <0x0 0x1000>; interrupts = <0 1 4>; };"


def irq_guest(gic, name="irqg", vcpus=1):
    """The test guest with a GIC region and its pl011 on SPI 1."""
    desc = guest_desc(name, vcpus=vcpus, extra=GIC_NODE[gic])
    assert desc.count(UART_SIZE) == 2  # the pl011, then the test device
    return desc.replace(UART_SIZE, UART_IRQ, 1)


def boot_irq(guest_vm, host, name="irqg"):
    gs = guest_vm(nodes=[irq_guest(host["gic"], name)], **host)
    return gs


@pytest.mark.parametrize("host", HOSTS, ids=host_id)
def test_guest_irq_timer_sgi_wfi(guest_vm, host):
    gs = boot_irq(guest_vm, host)
    before = gs.figures()
    gs.create("irqg")
    gs.kick("irqg")
    out = gs.run("irqg", "gic")
    assert "gic: v%d" % host["gic"] in out, out
    out = gs.run("irqg", "timer 50")
    m = re.search(r"timer: (\d+) of (\d+) interrupts, latency avg (\d+) us "
                  r"max (\d+) us", out)
    assert m, out
    assert int(m.group(1)) == 50
    # Loose: TCG on a shared machine; ticks alone would give ~10 ms.
    assert int(m.group(3)) < 5000, out
    out = gs.run("irqg", "sgi 200")
    assert "lost" not in out, out
    m = re.search(r"sgi: (\d+) round trips in (\d+) us, (\d+)/s", out)
    assert m and int(m.group(1)) == 200, out
    out = gs.run("irqg", "wfi")
    m = re.search(r"wfi: woke after (\d+) us, (\d+) wfi, "
                  r"timer interrupts (\d+)", out)
    # Woken by the timer, not by ticks or spinning: a few WFIs at most.
    assert m and int(m.group(3)) == 1 and int(m.group(2)) <= 3, out
    assert 4000 <= int(m.group(1)) < 100000, out
    out = gs.run("irqg", "gic")
    assert "timer irqs 51, sgis 200" in out, out
    gs.destroy("irqg")
    assert gs.figures() == before


@pytest.mark.parametrize("gic", [2, 3])
def test_guest_irq_destroy_pending(guest_vm, gic):
    """Destroyed with its timer firing and an SGI pending (interrupts
    masked in the guest by the PSCI-less way: it is paused mid-run)."""
    gs = boot_irq(guest_vm, dict(gic=gic, smp=2))
    before = gs.figures()
    for _ in range(3):
        gs.create("irqg")
        gs.kick("irqg")
        gs.run("irqg", "timer 5")
        gs.run("irqg", "sgi 5")
        gs.cmd("guest pause irqg")
        gs.destroy("irqg")
    assert gs.figures() == before


@pytest.mark.parametrize("gic", [2, 3])
def test_guest_irq_bad_gic_accesses(guest_vm, gic):
    gs = boot_irq(guest_vm, dict(gic=gic, smp=1))
    gs.create("irqg")
    gs.kick("irqg")
    # Holes in the distributor (v3: IROUTER of an SGI), and past the
    # last vCPU's redistributor frame (v3) or the region (v2).
    for addr in (0x08000f80, 0x08001000, 0x08006000, 0x080c0100):
        out = gs.run("irqg", "fault 0x%x" % addr)
        assert "fault: data abort at 0x%x" % addr in out, out
        out = gs.run("irqg", "poke 0x%x 0xffffffff" % addr)
        assert "poke: data abort at 0x%x" % addr in out, out
    # The enable register reads back the timer and SGIs 0-2 that the
    # guest enabled (GICv2 SGIs are always enabled).
    base = 0x08000000 if gic == 2 else 0x080a0000 + 0x10000
    gs.run("irqg", "gic")
    out = gs.run("irqg", "fault 0x%x" % (base + 0x100))
    want = "0x800ffff" if gic == 2 else "0x8000007"
    assert "read %s from" % want in out, out
    # Read-only registers ignore writes; the guest keeps working.
    out = gs.run("irqg", "poke 0x08000004 0")
    assert "wrote" in out, out
    out = gs.run("irqg", "timer 5")
    assert "timer: 5 of 5" in out, out
    assert "hello" in gs.run("irqg", "hi")
    st = gs.stats("irqg")
    assert st["aborts_injected"] == 8
    # A redistributor frame past the last vCPU (v3) reads as zero and
    # ignores writes, counted; on v2 that address is outside the region.
    out = gs.run("irqg", "fault 0x%x" % 0x080c0008)
    assert ("read 0x0 from" if gic == 3 else "data abort") in out, out
    regs = gs.cmd("vcpu dumpreg irqg 0")
    ignored = int(re.search(r"vgic_ignored\s+(0x[0-9a-f]+)", regs).group(1),
                  16)
    assert ignored == (1 if gic == 3 else 0), regs
    gs.destroy("irqg")


@pytest.mark.parametrize("host", HOSTS[:2], ids=host_id)
def test_guest_irq_sgi_burst_priority(guest_vm, host):
    """Eight SGIs at once, more than the four list registers: all are
    taken (underflow maintenance refills the LRs), highest priority
    first."""
    gs = boot_irq(guest_vm, host)
    gs.create("irqg")
    gs.kick("irqg")
    for _ in range(3):
        out = gs.run("irqg", "sgiburst")
        assert "sgiburst: 8 of 8, order 7 6 5 4 3 2 1 0" in out, out
    assert "sgis 0" not in gs.run("irqg", "gic")
    gs.destroy("irqg")


@pytest.mark.parametrize("host", HOSTS, ids=host_id)
def test_guest_irq_uart_spi(guest_vm, host):
    """The emulated pl011's receive interrupt reaches the guest as SPI 1
    (INTID 33) through the vGIC, waking it from WFI."""
    gs = boot_irq(guest_vm, host)
    gs.create("irqg")
    gs.kick("irqg")
    vm = gs.vm
    vm.send_line("vserial bind irqg/uart0")
    vm.expect_exact("[vserial: bound to irqg/uart0; Ctrl-] q returns]")
    vm.expect_exact(GUEST_PROMPT)
    for ch in "xk":
        vm.send("uartirq\r")
        vm.expect_exact("uartirq: waiting")
        time.sleep(0.3)  # the guest sleeps in WFI meanwhile
        vm.send(ch)
        vm.expect_exact("uartirq: interrupt, INTID 33, byte 0x%x" % ord(ch),
                        10)
        vm.expect_exact(GUEST_PROMPT)
    vm.send(ESCAPE)
    vm.expect_exact("[vserial: unbound irqg/uart0]")
    vm.expect_prompt()
    assert gs.stats("irqg")["wfi"] >= 2
    gs.destroy("irqg")


@pytest.mark.parametrize("host", HOSTS, ids=host_id)
def test_guest_irq_sgi_between_vcpus(guest_vm, host):
    """SGIs between two vCPUs of one guest (v3: ICC_SGI1R_EL1 by
    affinity, v2: GICD_SGIR target list): vCPU 0 pings vCPU 1 (started
    with PSCI CPU_ON), whose handler answers; on a 2-CPU host the two
    vCPUs run on different CPUs, on 1 CPU they take turns."""
    gs = guest_vm(nodes=[irq_guest(host["gic"], vcpus=2)], **host)
    before = gs.figures()
    gs.create("irqg")
    gs.kick("irqg")
    out = gs.run("irqg", "sgipp 300")
    assert "lost" not in out and "failed" not in out, out
    m = re.search(r"sgipp: (\d+) round trips in (\d+) us, (\d+)/s", out)
    assert m and int(m.group(1)) == 300, out
    out = gs.run("irqg", "sgipp 50")
    assert "sgipp: 50 round trips" in out, out
    gs.destroy("irqg")
    assert gs.figures() == before


@pytest.mark.parametrize("gic", [2, 3])
def test_guest_irq_host_version_gic(guest_vm, gic):
    """compatible "minivisor,gic" is the host's GIC version: one
    description for both kinds of host; the other version's compatible
    is refused."""
    node = GIC_NODE[3].replace('"arm,gic-v3"', '"minivisor,gic"')
    other = irq_guest(5 - gic, name="wrong")
    gs = guest_vm(nodes=[guest_desc("anyg", extra=node), other], gic=gic,
                  smp=1)
    gs.create("anyg")
    gs.kick("anyg")
    assert "gic: v%d" % gic in gs.run("anyg", "gic")
    assert "timer: 3 of 3" in gs.run("anyg", "timer 3")
    gs.destroy("anyg")
    out = gs.cmd("guest create wrong")
    assert "emulator refused it" in out, out
