#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# x86_64-snp boot benchmark: wall time from QEMU start to the first shell
# prompt, median of 5 (-cpu EPYC-Milan, 128 MiB, as `make run-x86`), and
# the image size (bytes QEMU loads: the ELF's PT_LOAD file contents).
#   BENCH x86_boot_to_prompt <seconds> s
#   BENCH x86_image_size <bytes> B
# MV_X86_IMAGE=<elf> measures another image (no build then);
# MV_BENCH_RUNS=<n> changes the number of boots.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${MV_X86_IMAGE:-}" ]; then
	out=$top/build/x86_64
	[ -f "$out/.config" ] ||
		make -s -C "$top" O="$out" x86_64_snp_defconfig >/dev/null
	make -s -C "$top" O="$out" >/dev/null
fi
image=${MV_X86_IMAGE:-$top/build/x86_64/minivisor-x86_64.elf}
runs=${MV_BENCH_RUNS:-5}

exec /usr/bin/python3 - "$top" "$image" "$runs" <<'PY'
import os, shlex, statistics, struct, subprocess, sys

top, image, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, os.path.join(top, "tests", "system"))
from mvqemu import MvQemu

def loaded_bytes(path):
    """Sum of p_filesz over PT_LOAD program headers (ELF64 LE)."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    total = 0
    for i in range(phnum):
        p_type, = struct.unpack_from("<I", data, phoff + i * phentsize)
        if p_type == 1:
            total += struct.unpack_from("<Q", data, phoff + i * phentsize + 0x20)[0]
    return total

argv = shlex.split(subprocess.run(
    ["bash", os.path.join(top, "tools", "qemu-x86.sh"), "--dry-run",
     "--stdio", "--image", image, "--mem", "128M", "--cpu", "EPYC-Milan"],
    check=True, capture_output=True, text=True).stdout)
times = []
for _ in range(runs):
    with MvQemu(argv, timeout=20) as vm:
        times.append(vm.boot())
        vm.send_line("poweroff")
        vm.wait_exit()
print(f"BENCH x86_boot_to_prompt {statistics.median(times):.3f} s")
print(f"BENCH x86_image_size {loaded_bytes(image)} B")
PY
