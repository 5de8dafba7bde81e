#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerate bad.dts, compile every tests/data/guests/*.dts (and the
# product's dts/arm64/guests.dts) to .dtb, and refresh the guest-DT
# fuzz seeds. test_guest_dt.c checks that the .dtb files are current.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$here/../../..
seeds=$top/tests/fuzz/corpus/guest_dt
mkdir -p "$seeds"

python3 "$here/gen-bad.py"
for src in "$here"/*.dts; do
	name=$(basename "$src" .dts)
	dtc -q -I dts -O dtb -o "$here/$name.dtb" "$src"
	cp "$here/$name.dtb" "$seeds/$name.dtb"
done
dtc -q -I dts -O dtb -o "$seeds/arm64-guests.dtb" "$top/dts/arm64/guests.dts"

# Boot bundles made by GNU cpio: newc (070701) and crc (070702) with a
# directory, files in it, and the good.dtb as guests.dtb.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dir"
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + 1) & 255 for i in range(4096)))' >"$tmp/boot.bin"
printf 'hello from the bundle\n' >"$tmp/dir/data.bin"
cp "$here/good.dtb" "$tmp/guests.dtb"
touch -d @0 "$tmp/boot.bin" "$tmp/dir/data.bin" "$tmp/guests.dtb" "$tmp/dir"
for fmt in newc crc; do
	(cd "$tmp" && printf 'boot.bin\ndir\n./dir/data.bin\nguests.dtb\n' |
		cpio -o --quiet -H "$fmt" --reproducible -R 0:0 \
			>"$here/bundle-$fmt.cpio")
done
mkdir -p "$top/tests/fuzz/corpus/bundle"
cp "$here"/bundle-*.cpio "$top/tests/fuzz/corpus/bundle/"
