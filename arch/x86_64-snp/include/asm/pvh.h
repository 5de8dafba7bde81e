/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH boot information (Xen's hvm_start_info, version 1) that QEMU
 * hands over in EBX, and the checks made against it: the memory the
 * device tree promises must be RAM in the PVH memory map.
 */
#ifndef ASM_PVH_H
#define ASM_PVH_H

#include <minivisor/types.h>

#define PVH_START_MAGIC 0x336ec578U
#define PVH_MEMMAP_RAM 1U
#define PVH_MAX_RAM 32

/** hvm_start_info, as laid out in memory. */
struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr; /* version >= 1 */
	uint32_t memmap_entries;
	uint32_t reserved;
};

/** One memory map entry. */
struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

/** A physical range. */
struct pvh_range {
	paddr_t start;
	uint64_t size;
};

/** What the SVSM keeps from the start info. */
struct pvh_info {
	struct pvh_range ram[PVH_MAX_RAM]; /* sorted, adjacent ones merged */
	unsigned int nram;
	const char *cmdline; /* NULL when absent */
	unsigned int entries; /* memory map entries, all types */
};

/**
 * Parse the start info @si; @p2v makes its physical pointers usable.
 * Returns 0, -MV_EINVAL (bad magic, version 0, no memory map) or
 * -MV_ENOSPC (more RAM ranges than PVH_MAX_RAM after merging).
 */
int pvh_parse(const struct hvm_start_info *si, void *(*p2v)(paddr_t pa),
	      struct pvh_info *out);

/**
 * Intersect [@start, @start + @size) with the RAM of @info: write the
 * pieces to @out (at most @max). Returns the number of pieces.
 */
int pvh_ram_intersect(const struct pvh_info *info, paddr_t start, uint64_t size,
		      struct pvh_range *out, unsigned int max);

/** True when all of [@start, @start + @size) is RAM. */
bool pvh_is_ram(const struct pvh_info *info, paddr_t start, uint64_t size);

#endif
