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
	make -s -C "$top" x86-image >/dev/null
fi
image=${MV_X86_IMAGE:-$top/build/x86_64/minivisor-x86_64.elf}

exec /usr/bin/python3 "$top/tools/bench/bootbench.py" x86 "$image" \
	"${MV_BENCH_RUNS:-5}" "$top/tools/qemu-x86.sh" \
	--mem 128M --cpu EPYC-Milan
