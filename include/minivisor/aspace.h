/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host address space: map host physical ranges (RAM frames or device
 * registers) into vapool, and back.
 *
 * Live mappings are recorded in a fixed table of ASPACE_MAX_MAPPINGS
 * entries (static, ~32 KiB): no allocation, no panic; when it is full,
 * map and alloc_pages return -MV_ENOSPC with nothing changed. Any
 * failure half way (vapool, host_ram, MMU) undoes what was done.
 * Safe to call from several CPUs.
 */
#ifndef MINIVISOR_ASPACE_H
#define MINIVISOR_ASPACE_H

#include <minivisor/types.h>

/** Most live mappings (aspace_map + aspace_alloc_pages) at once. */
#define ASPACE_MAX_MAPPINGS 1024

/** Figures for `host aspace info`. */
struct aspace_info {
	uint64_t mappings; /* live mappings */
	uint64_t mapped_bytes;
	uint64_t map_failures;
	uint64_t bad_unmaps;
};

/**
 * Map [@pa, @pa + @size) (rounded out to pages) with MMU_ATTR_* @attr
 * into newly allocated vapool space. Returns 0 and sets *@va (pointing
 * at @pa's byte, not the rounded start), or a negative error with
 * nothing allocated: -MV_EINVAL (size 0, wraps), -MV_ENOMEM (vapool or
 * page tables exhausted), -MV_ENOSPC (mapping table full), or what
 * arch_mmu_map() returned.
 */
int aspace_map(paddr_t pa, uint64_t size, unsigned int attr, vaddr_t *va);

/**
 * Unmap what aspace_map() returned (exactly that address); -MV_EINVAL
 * if it was not (counted in bad_unmaps, nothing changed).
 */
int aspace_unmap(vaddr_t va);

/**
 * Allocate @count physically contiguous host frames, map them RW and
 * zero them. Returns 0 and *@va, or with nothing leaked -MV_EINVAL
 * (count 0 or huge), -MV_ENOMEM (frames, vapool or page tables),
 * -MV_ENOSPC (mapping table full).
 */
int aspace_alloc_pages(uint64_t count, vaddr_t *va);

/** Free what aspace_alloc_pages() returned; -MV_EINVAL otherwise. */
int aspace_free_pages(vaddr_t va);

/** Translate a vapool address made by this module; 0 or -MV_ENOENT. */
int aspace_va2pa(vaddr_t va, paddr_t *pa);

/** Current figures. */
void aspace_get_info(struct aspace_info *info);

/** Forget every record and counter, mapping nothing back (tests only). */
void aspace_reset(void);

#endif
