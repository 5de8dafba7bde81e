# SPDX-License-Identifier: GPL-2.0-only
"""arm64 guests: several at once, and isolation between them.

guest0 and guest1 come from the descriptions built into the image
(dts/arm64/guests.dts); guest2 and guest3, the same test guest, from a
boot bundle's guests.dtb.

Isolation (docs/test-guest.md): guest A fills its RAM with a pattern
(`secret`), guest B counts copies of it in all of its RAM (`scan`) and
must find none, both while A lives and after A is destroyed and B is
built over the very frames A used (guest RAM is zeroed before a guest
sees it).
"""

import re
import time

import pytest

from conftest import guest_desc
from mvqemu import kv, lines_starting

SECRET_A = "XYZ-secret-of-guest-A"
SECRET_B = "QRS-secret-of-guest-B"


def copies(out):
    return int(re.search(r"scan: found (\d+)", out).group(1))


def ram_hpa(gs, name):
    for l in lines_starting(gs.cmd(f"guest region list {name}"), "region"):
        if kv(l)["region"].startswith("ram@"):
            return kv(l)["hpa"]
    raise AssertionError("no RAM region")


def test_guest_isolation(guest_vm):
    gs = guest_vm()
    before = gs.figures()
    gs.create("guest0")
    gs.create("guest1")
    gs.kick("guest0")
    gs.kick("guest1")
    assert "copies written" in gs.run("guest0", "secret " + SECRET_A)
    assert "copies written" in gs.run("guest1", "secret " + SECRET_B)
    # Each sees its own pattern (so scan works), never the other's.
    assert copies(gs.run("guest0", "scan " + SECRET_A)) > 1000
    assert copies(gs.run("guest1", "scan " + SECRET_A)) == 0
    assert copies(gs.run("guest0", "scan " + SECRET_B)) == 0

    # A goes; a new guest gets A's frames and must not find A's data.
    hpa = ram_hpa(gs, "guest0")
    gs.destroy("guest0")
    gs.create("guest0")
    assert ram_hpa(gs, "guest0") == hpa
    gs.kick("guest0")
    assert copies(gs.run("guest0", "scan " + SECRET_A)) == 0
    # ... and a guest reset wipes RAM too.
    assert "copies written" in gs.run("guest1", "secret " + SECRET_B)
    gs.cmd("guest reset guest1")
    gs.kick("guest1")
    assert copies(gs.run("guest1", "scan " + SECRET_B)) == 0
    gs.destroy("guest0")
    gs.destroy("guest1")
    assert gs.figures() == before


@pytest.mark.parametrize("gic,smp", [(3, 4), (2, 2)])
def test_guest_four_at_once(guest_vm, gic, smp):
    gs = guest_vm(nodes=[guest_desc("guest2"), guest_desc("guest3")],
                  gic=gic, smp=smp)
    names = ["guest0", "guest1", "guest2", "guest3"]
    before = gs.figures()
    for n in names:
        gs.create(n)
    for n in names:
        assert gs.kick(n) < 1.0
    cpus = {kv(l)["host_cpu"] for l in lines_starting(gs.cmd("vcpu list"),
                                                      "vcpu")}
    assert cpus == set(range(smp))  # spread over every host CPU
    vmids = {kv(l)["vmid"] for l in lines_starting(gs.cmd("guest list"),
                                                   "guest")}
    assert len(vmids) == 4
    for i, n in enumerate(names):
        assert "hello" in gs.run(n, "hi")
        assert "calls in" in gs.run(n, "hvc 200")
        assert "copies written" in gs.run(n, "secret pattern-of-%s" % n)
    for i, n in enumerate(names):  # each looks for the next one's
        other = names[(i + 1) % len(names)]
        assert copies(gs.run(n, "scan pattern-of-%s" % other)) == 0
    for n in names:
        st = gs.stats(n)
        assert st["hvc"] >= 200 and st["runs"] >= 1
        gs.destroy(n)
    assert gs.figures() == before


def test_guest_stop_on_other_cpu(guest_vm):
    """Pause, resume and destroy a guest while its vCPU is busy on
    another host CPU (in a long hypercall loop): each takes effect at
    once (kick SGI), and everything comes back."""
    gs = guest_vm(smp=2)
    before = gs.figures()
    # guest1 first: its vCPU 0 goes to CPU 1 (CPU 0 runs the shell).
    gs.create("guest1")
    gs.create("guest0")
    gs.kick("guest0")
    gs.kick("guest1")
    cpu = {kv(l)["vcpu"]: kv(l)["host_cpu"]
           for l in lines_starting(gs.cmd("vcpu list"), "vcpu")}
    assert cpu["guest1/0"] == 1
    vm = gs.vm
    vm.send_line("vserial bind guest1/uart0")
    vm.expect_exact("testguest> ")
    vm.send("hvc 5000000\r")  # seconds of work
    vm.send("\x1dq")
    vm.expect_prompt()
    # Busy first: on a loaded host CPU 1 may start the loop late.
    deadline = time.monotonic() + 20
    while gs.stats("guest1")["hvc"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    busy = gs.stats("guest1")["hvc"]
    assert busy > 0
    for _ in range(20):
        assert "state paused" in gs.cmd("guest pause guest1")
        assert "state running" in gs.cmd("guest resume guest1")
    hvc = gs.stats("guest1")["hvc"]
    assert hvc >= busy
    gs.destroy("guest1")
    gs.destroy("guest0")
    assert gs.figures() == before
