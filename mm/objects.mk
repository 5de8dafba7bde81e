# SPDX-License-Identifier: GPL-2.0-only
obj-y += hbitmap.o buddy.o host_ram.o host_ram_search.o host_ram_info.o
obj-y += vapool.o aspace.o
obj-y += heap.o heap_slab.o heap_check.o mempool.o
