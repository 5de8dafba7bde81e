/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap: small sizes from size classes (slabs of pages),
 * large ones from a buddy allocator. Housekeeping is at most 1/64 of
 * the heap. Exhaustion returns NULL, never panics.
 */
#ifndef MINIVISOR_HEAP_H
#define MINIVISOR_HEAP_H

#include <minivisor/types.h>

/** Figures for `heap info`. */
struct heap_info {
	vaddr_t base;
	uint64_t size; /* whole heap, metadata included */
	uint64_t meta_bytes; /* housekeeping */
	uint64_t free_bytes; /* usable bytes not handed out */
	uint64_t used_bytes; /* bytes handed out (rounded sizes) */
	uint64_t allocs, frees;
	uint64_t alloc_failures;
	uint64_t bad_frees; /* refused frees: double, foreign pointer */
	uint64_t corruptions; /* failed debug checks (freed memory written) */
};

/** Per-size-class figures for `heap state`. */
struct heap_class_info {
	uint32_t size; /* object size */
	uint64_t pages; /* slab pages held */
	uint64_t objects, free_objects;
};

/**
 * Manage [@base, @base + @size) (mapped, writable, page aligned) as the
 * heap; metadata is carved from its start. Returns 0 or -MV_EINVAL.
 */
int heap_init(void *base, size_t size);

/** Allocate @size bytes, 16-byte aligned; NULL when exhausted or 0. */
void *mv_malloc(size_t size);

/** mv_malloc() and zero. */
void *mv_zalloc(size_t size);

/**
 * Free @ptr (NULL is ignored). Returns 0, or -MV_EINVAL / -MV_EALREADY
 * for a pointer the heap did not hand out or already freed; a refused
 * free changes nothing but the bad_frees counter. -MV_EALREADY means
 * @ptr is a block start that is free now; a second free after the
 * block's page went back to the buddy can only be told as -MV_EINVAL.
 */
int mv_free(void *ptr);

/** Usable size of the allocation at @ptr, or 0 if not a live block. */
size_t mv_alloc_size(const void *ptr);

/** Current figures. */
void heap_get_info(struct heap_info *info);

/** Class @i's figures; 0, or -MV_ENOENT past the last class. */
int heap_class_info(unsigned int i, struct heap_class_info *info);

/**
 * Full consistency check (tests, MM_DEBUG_CHECKS): walks every page
 * descriptor, slab list and the buddy, and checks the totals; with
 * MM_DEBUG_CHECKS also that all free memory still holds the poison
 * written at free time. 0 (also before heap_init()) or -MV_EIO.
 */
int heap_check(void);

#endif
