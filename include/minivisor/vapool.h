/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vapool: the hypervisor's window of virtual addresses, handed out in
 * pages by a buddy allocator (metadata outside the window). Blocks are
 * powers of two of pages, aligned to their size relative to the base.
 * Housekeeping is buddy_meta_size(): about 1.26 bytes per 4 KiB page,
 * ~330 KiB per GiB of window (1/3250, well under 1/256). Every call is
 * serialised by one spinlock with interrupts masked.
 */
#ifndef MINIVISOR_VAPOOL_H
#define MINIVISOR_VAPOOL_H

#include <minivisor/buddy.h>

/**
 * Size of the window for @ram_bytes of host RAM, by the Kconfig policy
 * (a multiple of RAM or a fixed size, never below VAPOOL_MIN_MB),
 * rounded to a power of two.
 */
uint64_t vapool_size_for_ram(uint64_t ram_bytes);

/** Metadata bytes vapool_init() needs for a window of @size bytes. */
size_t vapool_meta_size(uint64_t size);

/**
 * Manage [@base, @base + @size) (page aligned) with @meta as metadata
 * (vapool_meta_size() bytes, 8-byte aligned). Calling it again starts
 * over with an empty window (tests). Returns 0 or -MV_EINVAL.
 */
int vapool_init(vaddr_t base, uint64_t size, void *meta, size_t meta_size);

/**
 * Allocate @size bytes (rounded up to a power of two of pages); 0 and
 * *@va, -MV_EINVAL for size 0, or -MV_ENOMEM when the window has no
 * such block (or @size exceeds it, or vapool_init() was not called).
 */
int vapool_alloc(uint64_t size, vaddr_t *va);

/** Free what vapool_alloc() gave; 0, -MV_EINVAL or -MV_EALREADY. */
int vapool_free(vaddr_t va);

/**
 * Mark a range used (the image, early mappings), rounded out to pages;
 * see buddy_reserve(). 0, -MV_EINVAL or -MV_EBUSY.
 */
int vapool_reserve(vaddr_t va, uint64_t size);

/** Figures for `host vapool info`. */
void vapool_get_info(struct buddy_info *info);

/** The underlying allocator (for `host vapool state`), NULL before init. */
const struct buddy *vapool_buddy(void);

#endif
