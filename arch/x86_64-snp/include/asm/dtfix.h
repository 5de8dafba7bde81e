/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The built-in device tree describes the SVSM's memory and the guest
 * region; at boot it is copied into a writable buffer and reconciled
 * with what the loader says (the PVH memory map and command line).
 */
#ifndef ASM_DTFIX_H
#define ASM_DTFIX_H

#include <minivisor/types.h>
#include <asm/pvh.h>

#define DTFIX_MAX_MISMATCH 8

/** One disagreement between the device tree and the PVH memory map. */
struct dtfix_mismatch {
	bool guest_region; /* the guest region, else a memory node range */
	paddr_t start;
	uint64_t size;
	uint64_t ram_bytes; /* how much of it is RAM (what is kept) */
};

/** What x86_dt_prepare() found and changed. */
struct dtfix_report {
	unsigned int nmem; /* memory ranges in the tree */
	unsigned int nmismatch;
	struct dtfix_mismatch mismatch[DTFIX_MAX_MISMATCH];
	bool bootargs_set; /* the PVH command line replaced /chosen/bootargs */
	paddr_t guest_start; /* the guest region, size 0 when absent */
	uint64_t guest_size;
};

/**
 * Copy the blob @dtb into @buf (@size bytes), set /chosen/bootargs to
 * @pvh's command line when it has one, and clip every memory range to
 * the PVH RAM (each clipped range is reported). Checks that the guest
 * region (/svsm guest-region) is RAM.
 * Returns 0 or a negative MV_E* error (-MV_EBADMSG for a broken blob,
 * -MV_ENOSPC when @buf is too small).
 */
int x86_dt_prepare(void *buf, size_t size, const void *dtb,
		   const struct pvh_info *pvh, struct dtfix_report *rep);

#endif
