# SPDX-License-Identifier: GPL-2.0-only
obj-y += cpio.o boot.o
