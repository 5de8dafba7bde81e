# SPDX-License-Identifier: GPL-2.0-only
obj-y += hbitmap.o buddy.o
