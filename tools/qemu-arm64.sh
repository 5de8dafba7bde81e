#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the arm64 hypervisor in QEMU virt at EL2.
#
#   tools/qemu-arm64.sh [options] [-- extra QEMU arguments]
#     --image FILE   ELF to boot (default build/arm64/minivisor.elf)
#     --gic 2|3      interrupt controller version (default 3)
#     --smp N        CPUs (default 2)
#     --mem SIZE     RAM, QEMU syntax (default 512M)
#     --cpu MODEL    CPU model (default cortex-a57)
#     --banks 1|2    RAM banks: 2 splits RAM over two NUMA nodes
#     --append STR   /chosen/bootargs (e.g. minivisor.bootcmd="host info")
#     --bundle FILE  boot bundle (cpio newc: guest images, guests.dtb; see
#                    docs/guest-dt.md), passed with -initrd; the raw Image
#                    minivisor.bin (beside the ELF) is booted for it, since
#                    QEMU loads no initrd for an ELF kernel
#     --debug        start halted with the gdb stub on :1234 (-s -S)
#     --stdio        serial alone on stdio, no monitor: what scripts and
#                    tests use (default: monitor muxed in, Ctrl-A x quits)
#     --dry-run      print the command instead of running it
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
image=$top/build/arm64/minivisor.elf
gic=3 smp=2 mem=512M cpu=cortex-a57 banks=1 append= debug=0 stdio=0 dry=0
bundle=

die() {
	echo "qemu-arm64.sh: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--image) image=$2; shift 2 ;;
	--gic) gic=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--banks) banks=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--bundle) bundle=$2; shift 2 ;;
	--debug) debug=1; shift ;;
	--stdio) stdio=1; shift ;;
	--dry-run) dry=1; shift ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done

case $gic in 2 | 3) ;; *) die "--gic must be 2 or 3" ;; esac
case $banks in 1 | 2) ;; *) die "--banks must be 1 or 2" ;; esac
[ -f "$image" ] || die "no image at $image (run 'make run' or 'make O=build/arm64')"

# MiB of a QEMU size (512M, 2G, 1024): needed to split RAM into banks.
mem_mib() {
	local n=${1%[MmGg]}
	case $1 in
	*[Gg]) echo $((n * 1024)) ;;
	*) echo "$n" ;;
	esac
}

args=(-M "virt,virtualization=on,gic-version=$gic" -cpu "$cpu"
	-smp "$smp" -m "$mem" -kernel "$image")
if [ "$banks" = 2 ]; then
	half=$(($(mem_mib "$mem") / 2))
	[ "$smp" -ge 2 ] || die "--banks 2 needs --smp 2 or more (one CPU per node)"
	args+=(-object "memory-backend-ram,id=m0,size=${half}M"
		-object "memory-backend-ram,id=m1,size=${half}M"
		-numa "node,memdev=m0,cpus=0-$((smp / 2 - 1))"
		-numa "node,memdev=m1,cpus=$((smp / 2))-$((smp - 1))")
fi
[ -n "$append" ] && args+=(-append "$append")
if [ -n "$bundle" ]; then
	[ -f "$bundle" ] || die "no bundle at $bundle"
	# QEMU loads -initrd only for a raw Image: boot minivisor.bin, the
	# same image with an arm64 Image header, built beside the ELF. QEMU
	# then names the bundle in /chosen and passes the DTB in x0.
	bin=${image%.elf}.bin
	[ -f "$bin" ] || die "no raw Image at $bin (it is built with the ELF)"
	for i in "${!args[@]}"; do
		[ "${args[$i]}" = -kernel ] && args[$((i + 1))]=$bin
	done
	args+=(-initrd "$bundle")
fi
if [ "$stdio" = 1 ]; then
	args+=(-display none -monitor none -chardev stdio,id=con,signal=off
		-serial chardev:con)
else
	# Interactive: monitor muxed in (Ctrl-A c, Ctrl-A x quits), Ctrl-C
	# goes to the shell instead of killing QEMU.
	args+=(-display none -chardev stdio,id=con,mux=on,signal=off
		-serial chardev:con -mon chardev=con,mode=readline)
fi
[ "$debug" = 1 ] && args+=(-s -S)
args+=("$@")

if [ "$dry" = 1 ]; then
	printf '%q ' qemu-system-aarch64 "${args[@]}"
	echo
	exit 0
fi
exec qemu-system-aarch64 "${args[@]}"
