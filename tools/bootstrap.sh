#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install every Debian package minivisor needs to build, run and test.
# Idempotent: when everything is present it prints one line and exits.
# Foreign-arch pieces (the arm64 libfdt, the Linux-guest kernel and
# busybox) are unpacked under $MV_DEPS (default: build/deps).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
deps=${MV_DEPS:-$top/build/deps}

pkgs=(
	make gcc binutils
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	qemu-system-arm qemu-system-x86
	device-tree-compiler libfdt-dev
	kconfig-frontends-nox libncurses-dev
	libcmocka-dev clang llvm libclang-rt-14-dev
	python3-pytest python3-pexpect
	cpio gdb-multiarch
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
	echo "bootstrap: installing ${missing[*]}"
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Foreign-architecture packages are downloaded and unpacked locally,
# never installed: the arm64 architecture is only needed for apt lists.
use_arm64_lists() {
	dpkg --print-foreign-architectures | grep -qx arm64 && return
	$sudo dpkg --add-architecture arm64
	$sudo apt-get update -qq
}

# Download PKG... into a new directory and print its path.
download() {
	local dir
	dir=$(mktemp -d)
	chmod 0755 "$dir" # apt's sandbox user writes there
	(cd "$dir" && apt-get download -qq "$@" >/dev/null 2>&1)
	echo "$dir"
}

# libfdt for the arm64 target: a static library for aarch64.
if [ ! -f "$deps/arm64/usr/lib/aarch64-linux-gnu/libfdt.a" ]; then
	echo "bootstrap: fetching libfdt-dev:arm64"
	use_arm64_lists
	tmp=$(download libfdt-dev:arm64)
	mkdir -p "$deps/arm64"
	dpkg -x "$tmp"/libfdt-dev_*_arm64.deb "$deps/arm64"
	rm -rf "$tmp"
fi

# Payloads for the Linux-guest system test: Debian's arm64 kernel Image
# and a static busybox, taken out of their packages.
lx=$deps/arm64-linux
if [ ! -f "$lx/Image" ] || [ ! -f "$lx/busybox" ]; then
	echo "bootstrap: fetching linux-image-arm64:arm64 and busybox-static:arm64"
	use_arm64_lists
	kpkg=$(apt-cache depends linux-image-arm64:arm64 |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$kpkg" ] || { echo "bootstrap: no arm64 kernel package" >&2; exit 1; }
	tmp=$(download "$kpkg" busybox-static:arm64)
	mkdir -p "$tmp/x" "$lx"
	for deb in "$tmp"/*.deb; do
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$tmp/x" --wildcards './boot/vmlinuz-*' './bin/busybox' 2>/dev/null || true
	done
	cp "$tmp"/x/boot/vmlinuz-* "$lx/Image"
	cp "$tmp/x/bin/busybox" "$lx/busybox"
	rm -rf "$tmp"
fi

echo "bootstrap: all dependencies present"
