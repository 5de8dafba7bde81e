# SPDX-License-Identifier: GPL-2.0-only
"""tools/gdb/minivisor.gdb against QEMU's gdb stub: gdb stops both ports
in the portable boot sequence and reads their state."""

import os
import shutil
import socket
import subprocess

import pytest

from conftest import SRC, TARGETS, launcher_argv, require_image

GDB_SCRIPT = os.path.join(SRC, "tools", "gdb", "minivisor.gdb")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_gdb_stops_in_init_main(name):
    if not shutil.which("gdb-multiarch"):
        pytest.fail("gdb-multiarch missing: run tools/bootstrap.sh")
    target = TARGETS[name]
    image = require_image(target)
    port = free_port()
    argv = launcher_argv(target, image, {},
                         extra=["-S", "-gdb", f"tcp:127.0.0.1:{port}"])
    qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        gdb = subprocess.run(
            ["gdb-multiarch", "-q", "-batch", image, "-x", GDB_SCRIPT,
             "-ex", f"target remote 127.0.0.1:{port}",
             "-ex", "mv-break-boot", "-ex", "continue",
             "-ex", "info symbol $pc", "-ex", "kill"],
            capture_output=True, text=True, timeout=60)
    finally:
        qemu.kill()
        qemu.wait()
    out = gdb.stdout + gdb.stderr
    assert "Breakpoint 1, init_main" in out, out
    assert "init_main in section .text" in out, out
