# SPDX-License-Identifier: GPL-2.0-only
"""arm64: every documented shell command answers (no error line), and
`reset` / `poweroff` do what they say."""

import pytest

from mvqemu import host_cpus

COMMANDS = {
    "help": ["host", "heap", "mempool", "devtree", "poweroff", "reset"],
    "version": ["minivisor", "arm64"],
    "host info": ["cpus 2", "irqchip GICv3", "tick-hz 100"],
    "host cpu info": ["cpu 0 online yes", "cpu 1 online yes"],
    "host ram info": ["banks 1", "total frames 131072"],
    "host ram bitmap": [],
    "host vapool info": ["base 0x800000000000"],
    "host vapool state": ["order"],
    "host aspace info": ["mappings"],
    "heap info": ["size 0x800000"],
    "heap state": ["class"],
    "mempool list": ["cpu-stacks"],
    "devtree print": ["chosen", "memory@40000000", "pl011@9000000"],
    "devtree print /chosen": ["stdout-path", "/pl011@9000000"],
}


@pytest.mark.parametrize("line", list(COMMANDS))
def test_arm64_command_answers(arm64_vm, line):
    out = arm64_vm.cmd(line)
    assert "error" not in out.lower(), out
    assert out.strip(), f"{line!r} printed nothing"
    for text in COMMANDS[line]:
        assert text in out, f"{line!r}: {text!r} missing:\n{out}"


def test_arm64_help_lists_every_command(arm64_vm):
    out = arm64_vm.cmd("help")
    for name in {c.split()[0] for c in COMMANDS}:
        assert name in out


def test_arm64_poweroff_ends_qemu(arm64_boot):
    vm = arm64_boot()
    vm.send_line("poweroff")
    assert vm.wait_exit(timeout=10) == 0
    assert not vm.alive()


def test_arm64_reset_reboots_to_prompt(arm64_boot):
    vm = arm64_boot(smp=2)
    vm.send_line("reset")
    vm.expect_exact("minivisor 0.")  # the banner again
    log = vm.expect_prompt()
    assert "cpus: 2 online" in log
    assert [c["online"] for c in host_cpus(vm)] == ["yes", "yes"]
