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
