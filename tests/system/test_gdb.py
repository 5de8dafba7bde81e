# SPDX-License-Identifier: GPL-2.0-only
"""tools/gdb/minivisor.gdb against QEMU's gdb stub: gdb stops both ports
in the portable boot sequence and reads their state."""

import os
import shlex
import shutil
import socket
import subprocess

import pytest

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GDB_SCRIPT = os.path.join(SRC, "tools", "gdb", "minivisor.gdb")
TARGETS = {
    "arm64": ("MV_ARM64_IMAGE", "build/arm64/minivisor.elf", "qemu-arm64.sh"),
    "x86": ("MV_X86_IMAGE", "build/x86_64/minivisor-x86_64.elf",
            "qemu-x86.sh"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qemu_argv(launcher, image):
    out = subprocess.run(["bash", os.path.join(SRC, "tools", launcher),
                          "--dry-run", "--stdio", "--image", image],
                         check=True, capture_output=True, text=True).stdout
    return shlex.split(out)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_gdb_stops_in_init_main(target):
    if not shutil.which("gdb-multiarch"):
        pytest.fail("gdb-multiarch missing: run tools/bootstrap.sh")
    env_name, default, launcher = TARGETS[target]
    image = os.environ.get(env_name, os.path.join(SRC, default))
    assert os.path.exists(image), f"build the image first: {image}"
    port = free_port()
    argv = qemu_argv(launcher, image) + ["-S", "-gdb", f"tcp:127.0.0.1:{port}"]
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
