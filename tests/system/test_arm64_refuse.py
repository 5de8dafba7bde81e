# SPDX-License-Identifier: GPL-2.0-only
"""arm64: the hypervisor refuses to start, with a clear message, when it
is not entered at EL2 or finds no device tree."""

import socket
import time

from conftest import arm64_argv
from mvqemu import MvQemu


def test_arm64_refuses_el1(arm64_image):
    argv = arm64_argv(arm64_image)
    argv[argv.index("-M") + 1] = "virt,gic-version=3"  # no virtualization
    with MvQemu(argv) as vm:
        vm.start()
        vm.expect_exact("cannot boot: entered at EL1, not EL2")
        vm.expect_exact("virtualization=on")
        assert vm.alive()


def gdb_packet(sock, body):
    """Send one GDB remote-protocol packet; return the reply body."""
    csum = sum(body.encode()) % 256
    sock.sendall(f"${body}#{csum:02x}".encode())
    data = b""
    while not (b"#" in data and len(data) >= data.index(b"#") + 3):
        data += sock.recv(4096)
    sock.sendall(b"+")
    start = data.index(b"$")
    return data[start + 1:data.index(b"#", start)].decode()


def test_arm64_refuses_missing_dtb(arm64_image):
    """Clobber the DTB's magic through the gdb stub before the first
    instruction runs, as if the loader had passed none."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = arm64_argv(arm64_image,
                      extra=["-gdb", f"tcp:127.0.0.1:{port}", "-S"])
    with MvQemu(argv) as vm:
        vm.start()
        sock = None
        deadline = time.monotonic() + 5
        while sock is None and time.monotonic() < deadline:
            try:  # QEMU opens the port shortly after it starts
                sock = socket.create_connection(("127.0.0.1", port), 1)
            except OSError:
                time.sleep(0.01)
        assert sock, "no gdb stub"
        with sock:
            sock.settimeout(5)
            assert gdb_packet(sock, "M40000000,4:00000000") == "OK"
            sock.sendall(b"$c#63")
            vm.expect_exact("cannot boot: no device tree")
            vm.expect_exact("virtualization=on -kernel")
            assert vm.alive()
