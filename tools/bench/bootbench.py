# SPDX-License-Identifier: GPL-2.0-only
"""Boot-to-prompt benchmark shared by tools/bench/boot-*.sh.

usage: bootbench.py NAME IMAGE RUNS LAUNCHER [LAUNCHER-OPTIONS...]

Boots IMAGE RUNS times with QEMU's argv from `LAUNCHER --dry-run --stdio
--image IMAGE LAUNCHER-OPTIONS`, measures wall time from QEMU start to
the first shell prompt, powers off, and prints
  BENCH NAME_boot_to_prompt <median seconds> s
  BENCH NAME_image_size <bytes QEMU loads (PT_LOAD p_filesz)> B
"""
import os
import shlex
import statistics
import struct
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "system"))
from mvqemu import MvQemu  # noqa: E402


def loaded_bytes(path):
    """Sum of p_filesz over the PT_LOAD program headers of an ELF64."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    total = 0
    for i in range(phnum):
        base = phoff + i * phentsize
        if struct.unpack_from("<I", data, base)[0] == 1:
            total += struct.unpack_from("<Q", data, base + 0x20)[0]
    return total


def main(argv):
    name, image, runs, launcher, *opts = argv
    cmd = ["bash", launcher, "--dry-run", "--stdio", "--image", image, *opts]
    qemu = shlex.split(subprocess.run(cmd, check=True, capture_output=True,
                                      text=True).stdout)
    times = []
    for _ in range(int(runs)):
        with MvQemu(qemu, timeout=20) as vm:
            times.append(vm.boot())
            vm.send_line("poweroff")
            vm.wait_exit()
    print(f"BENCH {name}_boot_to_prompt {statistics.median(times):.3f} s")
    print(f"BENCH {name}_image_size {loaded_bytes(image)} B")


if __name__ == "__main__":
    main(sys.argv[1:])
