# SPDX-License-Identifier: GPL-2.0-only
obj-y += hbitmap.o buddy.o
obj-y += heap.o heap_slab.o heap_check.o
