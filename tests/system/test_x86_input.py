# SPDX-License-Identifier: GPL-2.0-only
"""x86_64-snp: bad input at the shell gets an error line and the prompt
comes back, as on arm64; nothing typed can stop or reboot the SVSM."""

import pytest

from mvqemu import kv, lines_starting
from test_x86_boot import x86_image, x86_vm  # noqa: F401 (fixtures)

BAD_LINES = [
    "no-such-command",
    "host",
    "host ram",
    "host nonsense info",
    "host cpu info extra-argument",
    "heap bogus",
    "snp",
    "snp status extra",
    "fault",
    "fault 99",
    "fault 0 sideways",
    'version "unterminated',
]

_sync = [0]


def resync(vm):
    """End the current line, then wait for a unique error and the prompt."""
    _sync[0] += 1
    marker = f"sync-marker-{_sync[0]}"
    vm.send("\x15\r")
    vm.send_line(marker)
    vm.expect_exact(f"unknown command '{marker}'")
    vm.expect_prompt()


def still_alive(vm):
    resync(vm)
    assert "minivisor" in vm.cmd("version")
    cpus = lines_starting(vm.cmd("host cpu info"), "cpu")
    assert [kv(l)["online"] for l in cpus] == ["yes"]


@pytest.mark.parametrize("line", BAD_LINES)
def test_x86_bad_command_gets_error(x86_vm, line):
    out = x86_vm.cmd(line)
    assert "error" in out, f"{line!r} gave no error:\n{out}"
    assert "minivisor 0." not in out  # no reboot banner


def test_x86_4k_line(x86_vm):
    out = x86_vm.cmd("x" * 4096, timeout=20)
    assert "error" in out
    still_alive(x86_vm)


def test_x86_control_bytes(x86_vm):
    junk = "".join(chr(c) for c in range(1, 32) if c not in (10, 13))
    x86_vm.send(junk + "\x7f\x1b[A\x1b[B\x1b[C\x1b[D\x1b[3~\x1bO\x1b[99;99H")
    still_alive(x86_vm)


def test_x86_binary_bytes(x86_vm):
    x86_vm.send("".join(chr(c) for c in range(0x80, 0x100)))
    still_alive(x86_vm)


def test_x86_pasted_burst(x86_vm):
    resync(x86_vm)
    n = 40
    x86_vm.send("".join(f"version\r" for _ in range(n)))
    for _ in range(n):
        x86_vm.expect_exact("minivisor 0.")
    x86_vm.expect_prompt()
    still_alive(x86_vm)
