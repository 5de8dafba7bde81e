#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# arm64 boot benchmark: wall time from QEMU start to the first shell
# prompt (median of 5; cortex-a57, GICv3, 2 CPUs, 512 MiB, as `make run`)
# and the image size (bytes QEMU loads: the ELF's PT_LOAD file contents).
#   BENCH arm64_boot_to_prompt <seconds> s
#   BENCH arm64_image_size <bytes> B
# MV_ARM64_IMAGE=<elf> measures another image (no build then);
# MV_BENCH_RUNS=<n> changes the number of boots.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${MV_ARM64_IMAGE:-}" ]; then
	make -s -C "$top" arm64-image >/dev/null
fi
image=${MV_ARM64_IMAGE:-$top/build/arm64/minivisor.elf}

exec /usr/bin/python3 "$top/tools/bench/bootbench.py" arm64 "$image" \
	"${MV_BENCH_RUNS:-5}" "$top/tools/qemu-arm64.sh" \
	--gic 3 --smp 2 --mem 512M --cpu cortex-a57
