# SPDX-License-Identifier: GPL-2.0-only
"""Bad input at the shell, on every target: each bad line gets an error
line and the prompt comes back; nothing typed (long lines, control and
binary bytes, pasted bursts) can panic, hang, stop or reboot it.

Each check runs once per target (the `target` parameter), on one machine
in the `make run` configuration shared by that target's tests.
"""

import itertools

import pytest

from conftest import TARGETS, require_image, run_vm
from mvqemu import host_cpus

# Lines that name a target-only command (snp, devtree) are still bad on
# the other target: there they get the unknown-command error.
BAD_LINES = [
    "no-such-command",
    "host",  # missing subcommand
    "host ram",  # incomplete subcommand
    "host nonsense info",
    "host cpu info extra-argument",
    "heap bogus",
    "devtree print /no/such/node",
    "snp",
    "snp status extra",
    "fault",
    "fault 99",
    "fault 0 sideways",
    "fault 1 sideways",
    'version "unterminated',
]

_markers = itertools.count(1)


@pytest.fixture(scope="module", params=sorted(TARGETS))
def target(request):
    """The target the test runs on (arm64, x86)."""
    return TARGETS[request.param]


@pytest.fixture(scope="module")
def vm(target):
    """One machine of @target in its `make run` configuration."""
    yield from run_vm(target, require_image(target))


def resync(vm):
    """Discard whatever is pending: end the current line, then wait for the
    error of a unique unknown command and the prompt after it."""
    marker = f"sync-marker-{next(_markers)}"
    vm.send("\x15\r")
    vm.send_line(marker)
    vm.expect_exact(f"unknown command '{marker}'")
    vm.expect_prompt()


def still_alive(vm, target):
    """The shell answers, the machine did not reboot and every CPU it
    started with is still online."""
    resync(vm)
    assert "minivisor" in vm.cmd("version")
    assert [c["online"] for c in host_cpus(vm)] == ["yes"] * target.cpus


@pytest.mark.parametrize("line", BAD_LINES)
def test_bad_command_gets_error(vm, line):
    out = vm.cmd(line)
    assert "error" in out, f"{line!r} gave no error:\n{out}"
    assert "minivisor 0." not in out  # no reboot banner


def test_4k_line(vm, target):
    out = vm.cmd("x" * 4096, timeout=20)
    assert "error" in out
    still_alive(vm, target)


def test_long_valid_prefix(vm, target):
    out = vm.cmd("version " + "a" * 4000, timeout=20)
    assert "error" in out
    still_alive(vm, target)


def test_control_bytes(vm, target):
    # Every C0 control byte but CR/LF, then DEL and stray escape sequences.
    junk = "".join(chr(c) for c in range(1, 32) if c not in (10, 13))
    vm.send(junk + "\x7f\x1b[A\x1b[B\x1b[C\x1b[D\x1b[3~\x1bO\x1b[99;99H")
    still_alive(vm, target)


def test_binary_bytes(vm, target):
    vm.send("".join(chr(c) for c in range(0x80, 0x100)))
    still_alive(vm, target)


def test_pasted_burst(vm, target):
    """60 lines sent at once run one by one, in order: every third one
    has an argument too many and gets the error, the others the banner."""
    resync(vm)
    lines = [f"version {i}" if i % 3 == 0 else "version" for i in range(60)]
    vm.send("".join(line + "\r" for line in lines))
    for line in lines:
        want = "error" if line != "version" else "minivisor 0."
        out = vm.expect_prompt(timeout=20)
        assert want in out, f"{line!r}:\n{out}"
    still_alive(vm, target)


def test_empty_and_blank_lines(vm, target):
    for line in ["", "   ", ";", ";;;", "# comment"]:
        assert vm.cmd(line).strip() == "", repr(line)
    still_alive(vm, target)
