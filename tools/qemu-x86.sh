#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the x86_64-snp SVSM in QEMU (PVH entry through -kernel, native
# platform: QEMU 7.2 TCG has no SEV-SNP).
#
#   tools/qemu-x86.sh [options] [-- extra QEMU arguments]
#     --image FILE   ELF to boot (default build/x86_64/minivisor-x86_64.elf)
#     --mem SIZE     RAM, QEMU syntax (default 128M; the built-in device
#                    tree wants 16 MiB at 16 MiB and a guest region up to
#                    64 MiB)
#     --cpu MODEL    CPU model (default EPYC-Milan)
#     --append STR   PVH command line, becomes /chosen/bootargs (e.g.
#                    minivisor.bootcmd="host ram info")
#     --debug        start halted with the gdb stub on :1234 (-s -S)
#     --stdio        serial on plain stdio (no monitor mux, Ctrl-C passed
#                    through): what scripts and tests use
#     --warnings     keep QEMU's "TCG doesn't support requested feature"
#                    warnings (-cpu EPYC-Milan prints ~22; dropped by default)
#     --dry-run      print the QEMU command instead of running it
# The `poweroff` command leaves QEMU through isa-debug-exit (status 1).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
image=$top/build/x86_64/minivisor-x86_64.elf
mem=128M cpu=EPYC-Milan append= debug=0 stdio=0 dry=0 warnings=0

die() {
	echo "qemu-x86.sh: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--image) image=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--debug) debug=1; shift ;;
	--stdio) stdio=1; shift ;;
	--warnings) warnings=1; shift ;;
	--dry-run) dry=1; shift ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done

[ -f "$image" ] || die "no image at $image (run 'make run-x86' or 'make O=build/x86_64')"

# -net none: no iPXE option ROM to load (faster boot); no reboot loops.
args=(-M pc -cpu "$cpu" -m "$mem" -net none -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$image")
[ -n "$append" ] && args+=(-append "$append")
if [ "$stdio" = 1 ]; then
	args+=(-display none -monitor none -chardev stdio,id=con,signal=off
		-serial chardev:con)
else
	args+=(-nographic)
fi
[ "$debug" = 1 ] && args+=(-s -S)
args+=("$@")

if [ "$dry" = 1 ]; then
	printf '%q ' qemu-system-x86_64 "${args[@]}"
	echo
	exit 0
fi
# isa-debug-exit makes QEMU exit with (value << 1) | 1: `poweroff`
# writes 0, so status 1 is a clean power-off; report it as success.
rc=0
if [ "$warnings" = 1 ]; then
	qemu-system-x86_64 "${args[@]}" || rc=$?
else
	qemu-system-x86_64 "${args[@]}" \
		2> >(grep --line-buffered -v "TCG doesn't support requested feature" >&2) ||
		rc=$?
fi
[ $rc -eq 1 ] && rc=0
exit $rc
