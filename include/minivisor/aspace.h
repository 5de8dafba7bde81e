/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host address space: map host physical ranges (RAM frames or device
 * registers) into vapool, and back.
 */
#ifndef MINIVISOR_ASPACE_H
#define MINIVISOR_ASPACE_H

#include <minivisor/types.h>

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
 * nothing allocated.
 */
int aspace_map(paddr_t pa, uint64_t size, unsigned int attr, vaddr_t *va);

/** Unmap what aspace_map() returned; -MV_EINVAL if it was not mapped. */
int aspace_unmap(vaddr_t va);

/**
 * Allocate @count host frames, map them RW and zero them.
 * Returns 0 and *@va, or -MV_ENOMEM with nothing leaked.
 */
int aspace_alloc_pages(uint64_t count, vaddr_t *va);

/** Free what aspace_alloc_pages() returned. */
int aspace_free_pages(vaddr_t va);

/** Translate a vapool address made by this module; 0 or -MV_ENOENT. */
int aspace_va2pa(vaddr_t va, paddr_t *pa);

/** Current figures. */
void aspace_get_info(struct aspace_info *info);

#endif
