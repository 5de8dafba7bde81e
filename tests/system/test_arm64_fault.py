# SPDX-License-Identifier: GPL-2.0-only
"""arm64: an unexpected EL2 exception prints the decoded ESR, FAR, ELR,
SPSR and registers and stops only the CPU that took it."""

import re

from mvqemu import host_cpus

KINDS = [
    ("data", r"EC 0x25 Data Abort \(same EL\)", r"FAR_EL2 0x0000000000000010"),
    ("undef", r"EC 0x00 Unknown reason", r"FAR_EL2 0x"),
    ("brk", r"EC 0x3c BRK \(AArch64\)", r"ISS 0x00003e8"),
]


def cpu_states(vm):
    return [c["state"] for c in host_cpus(vm)]


def test_arm64_fault_on_secondaries(arm64_boot):
    vm = arm64_boot(smp=4)
    for cpu, (kind, ec, extra) in enumerate(KINDS, start=1):
        out = vm.cmd(f"fault {cpu} {kind}")
        assert f"unexpected exception on CPU {cpu}: Sync from EL2h" in out
        assert re.search(r"ESR_EL2 0x[0-9a-f]{8}: " + ec, out), out
        assert re.search(extra, out), out
        assert re.search(r"ELR_EL2 0x[0-9a-f]{16}  SPSR_EL2 0x[0-9a-f]{8}", out)
        assert re.search(r"x0  0x[0-9a-f]{16}", out)
        assert "x30 0x" in out
        assert f"*** CPU {cpu} stopped" in out
        assert "minivisor 0." not in out  # no reboot
    assert cpu_states(vm) == ["online", "halted", "halted", "halted"]
    assert "error" in vm.cmd("fault 2 data")  # a stopped CPU is refused
    assert "minivisor" in vm.cmd("version")


def test_arm64_data_abort_decodes_fault_status(arm64_boot):
    vm = arm64_boot(smp=2)
    out = vm.cmd("fault 1 data")
    assert "translation fault at level" in out


def test_arm64_fault_refused_on_the_shell_cpu(arm64_boot):
    vm = arm64_boot(smp=1)
    out = vm.cmd("fault 0 brk")
    assert "error" in out and "runs the shell" in out
    assert cpu_states(vm) == ["online"]


PERMISSIONS = [
    ("write-text", r"EC 0x25 Data Abort \(same EL\)",
     "permission fault at level 3, on a write"),
    ("write-rodata", r"EC 0x25 Data Abort \(same EL\)",
     "permission fault at level 3, on a write"),
    ("exec-data", r"EC 0x21 Instruction Abort \(same EL\)",
     "permission fault at level 3"),
]


def test_arm64_mmu_enforces_image_permissions(arm64_boot):
    """Text and rodata are read-only, data is execute-never (WXN)."""
    vm = arm64_boot(smp=4)
    for cpu, (kind, ec, fault) in enumerate(PERMISSIONS, start=1):
        out = vm.cmd(f"fault {cpu} {kind}")
        assert re.search(ec, out), out
        assert fault in out, out
        assert f"*** CPU {cpu} stopped" in out
    assert cpu_states(vm) == ["online", "halted", "halted", "halted"]
