#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Compile every tests/data/dts/*.dts into tests/data/dtb/*.dtb and
# refresh the devtree fuzz seeds. The QEMU-dumped DTBs (virt-*.dtb) are
# not built here: redump them with the commands in docs/devtree.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dtb=$here/../dtb
seeds=$here/../../fuzz/corpus/devtree
mkdir -p "$dtb" "$seeds"

for src in "$here"/*.dts; do
	name=$(basename "$src" .dts)
	dtc -q -I dts -O dtb -o "$dtb/$name.dtb" "$src"
	cp "$dtb/$name.dtb" "$seeds/$name.dtb"
done

# QEMU's blobs are padded to 1 MiB; the fuzzer gets packed copies.
for blob in "$dtb"/virt-*.dtb; do
	[ -e "$blob" ] || continue
	dtc -q -I dtb -O dtb -o "$seeds/$(basename "$blob")" "$blob"
done
