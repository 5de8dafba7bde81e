/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vapool: the hypervisor's window of virtual addresses, handed out in
 * pages by a buddy allocator (metadata outside the window).
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
 * Manage [@base, @base + @size) with @meta as metadata.
 * Returns 0 or -MV_EINVAL.
 */
int vapool_init(vaddr_t base, uint64_t size, void *meta, size_t meta_size);

/** Allocate @size bytes (page-rounded); 0 and *@va, or -MV_ENOMEM. */
int vapool_alloc(uint64_t size, vaddr_t *va);

/** Free what vapool_alloc() gave; 0, -MV_EINVAL or -MV_EALREADY. */
int vapool_free(vaddr_t va);

/** Mark a range used (the image, early mappings); see buddy_reserve(). */
int vapool_reserve(vaddr_t va, uint64_t size);

/** Figures for `host vapool info`. */
void vapool_get_info(struct buddy_info *info);

/** The underlying allocator (for `host vapool state`). */
const struct buddy *vapool_buddy(void);

#endif
