# SPDX-License-Identifier: GPL-2.0-only
"""arm64 guests on different hosts: GICv2 and GICv3, one to four CPUs,
cortex-a57 and `-cpu max` (pointer authentication: the guests' keys are
switched, HCR_EL2.API/APK set). On one CPU the shell and the guests
share it: the shell must stay responsive while guests spin.
"""

import time

import pytest

from mvqemu import kv, lines_starting

MACHINES = [
    dict(gic=2, smp=1),
    dict(gic=3, smp=1),
    dict(gic=2, smp=2),
    dict(gic=3, smp=4),
    dict(gic=3, smp=2, cpu="max,pauth-impdef=on"),
]


def machine_id(m):
    return "gic%d-smp%d%s" % (m["gic"], m["smp"],
                              "-max" if "cpu" in m else "")


@pytest.mark.parametrize("machine", MACHINES, ids=machine_id)
def test_guest_machine(guest_vm, machine):
    gs = guest_vm(**machine)
    before = gs.figures()
    gs.create("guest0")
    gs.create("guest1")
    assert gs.kick("guest0") < 1.0
    assert gs.kick("guest1") < 1.0
    for n in ("guest0", "guest1"):
        assert "hello" in gs.run(n, "hi")
        assert "calls in" in gs.run(n, "hvc 500")
        assert "reads in" in gs.run(n, "mmio 500")
        assert "data abort at 0x20000000" in gs.run(n, "fault")
    # Both guests spin on their UARTs; shell commands still answer fast.
    t0 = time.monotonic()
    for _ in range(10):
        assert "arch arm64" in gs.cmd("host info")
    assert (time.monotonic() - t0) / 10 < 0.25
    for n in ("guest0", "guest1"):
        st = gs.stats(n)
        assert st["aborts_injected"] == 1 and st["hvc"] >= 500
        gs.destroy(n)
    assert gs.figures() == before


def test_guest_idle_cpus_sleep(guest_vm):
    """With nothing to run and a quiet console, every CPU waits in WFI
    (`waits` in `host info` grows) instead of spinning."""
    gs = guest_vm(smp=2)

    def waits():
        return [kv(l)["waits"] for l in
                lines_starting(gs.cmd("host info"), "cpu")]

    w0 = waits()
    time.sleep(0.5)
    w1 = waits()
    assert all(b - a >= 10 for a, b in zip(w0, w1)), (w0, w1)
