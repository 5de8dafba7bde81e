#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# arm64 boot benchmark: wall time from QEMU start to the first shell
# prompt (median of 5; cortex-a57, GICv3, 2 CPUs, 512 MiB, as `make run`)
# and the image size (bytes QEMU loads: the ELF's PT_LOAD file contents).
#   BENCH arm64_boot_to_prompt <seconds> s
#   BENCH arm64_image_size <bytes> B
# MV_ARM64_IMAGE=<elf> measures another image (no build then).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${MV_ARM64_IMAGE:-}" ]; then
	o=$top/build/arm64
	[ -f "$o/.config" ] || make -s -C "$top" O="$o" arm64_virt_defconfig >/dev/null
	make -s -C "$top" O="$o" >/dev/null
fi
image=${MV_ARM64_IMAGE:-$top/build/arm64/minivisor.elf}
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

argv = subprocess.run(
    ["bash", os.path.join(top, "tools", "qemu-arm64.sh"), "--dry-run",
     "--stdio", "--image", image, "--gic", "3", "--smp", "2", "--mem",
     "512M", "--cpu", "cortex-a57"],
    check=True, capture_output=True, text=True).stdout
argv = shlex.split(argv)
times = []
for _ in range(runs):
    with MvQemu(argv, timeout=20) as vm:
        times.append(vm.boot())
print(f"BENCH arm64_boot_to_prompt {statistics.median(times):.3f} s")
print(f"BENCH arm64_image_size {loaded_bytes(image)} B")
PY
