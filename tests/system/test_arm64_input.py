# SPDX-License-Identifier: GPL-2.0-only
"""arm64: bad input at the shell gets an error line and the prompt comes
back; nothing typed can panic, hang or reboot the hypervisor."""

import pytest

from mvqemu import kv, lines_starting

BAD_LINES = [
    "no-such-command",
    "host",  # missing subcommand
    "host ram",  # incomplete subcommand
    "host nonsense info",
    "host cpu info extra-argument",
    "heap bogus",
    "devtree print /no/such/node",
    "fault",
    "fault 99",
    "fault 1 sideways",
    'version "unterminated',
]


_sync_count = [0]


def resync(vm):
    """Discard whatever is pending: end the current line, then wait for the
    error of a unique unknown command and the prompt after it."""
    _sync_count[0] += 1
    marker = f"sync-marker-{_sync_count[0]}"
    vm.send("\x15\r")
    vm.send_line(marker)
    vm.expect_exact(f"unknown command '{marker}'")
    vm.expect_prompt()


def still_alive(vm):
    """The shell answers and the machine did not reboot."""
    resync(vm)
    out = vm.cmd("version")
    assert "minivisor" in out
    cpus = lines_starting(vm.cmd("host cpu info"), "cpu")
    assert all(kv(l)["online"] == "yes" for l in cpus)


@pytest.mark.parametrize("line", BAD_LINES)
def test_arm64_bad_command_gets_error(arm64_vm, line):
    out = arm64_vm.cmd(line)
    assert "error" in out, f"{line!r} gave no error:\n{out}"
    assert "minivisor 0." not in out  # no reboot banner


def test_arm64_4k_line(arm64_vm):
    out = arm64_vm.cmd("x" * 4096, timeout=20)
    assert "error" in out
    still_alive(arm64_vm)


def test_arm64_long_valid_prefix(arm64_vm):
    out = arm64_vm.cmd("version " + "a" * 4000, timeout=20)
    assert "error" in out
    still_alive(arm64_vm)


def test_arm64_control_bytes(arm64_vm):
    # Every C0 control byte but CR/LF, then DEL and stray escape sequences.
    junk = "".join(chr(c) for c in range(1, 32) if c not in (10, 13))
    arm64_vm.send(junk + "\x7f\x1b[A\x1b[B\x1b[C\x1b[D\x1b[3~\x1bO\x1b[99;99H")
    still_alive(arm64_vm)


def test_arm64_binary_bytes(arm64_vm):
    arm64_vm.send("".join(chr(c) for c in range(0x80, 0x100)))
    still_alive(arm64_vm)


def test_arm64_pasted_burst(arm64_vm):
    resync(arm64_vm)
    n = 60
    arm64_vm.send("".join(f"version {i}\r" if i % 3 == 0 else "version\r"
                          for i in range(n)))
    for i in range(n):
        out = arm64_vm.expect_prompt(timeout=20)
        if i:  # the text before the first prompt is the previous echo
            assert "minivisor" in out or "error" in out
    still_alive(arm64_vm)


def test_arm64_empty_and_blank_lines(arm64_vm):
    for line in ["", "   ", ";", ";;;", "# comment"]:
        arm64_vm.cmd(line)
    still_alive(arm64_vm)
