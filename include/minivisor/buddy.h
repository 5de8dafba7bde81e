/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A generic buddy allocator over a numeric range [base, base + size).
 * The range is never touched: all metadata lives in a separate buffer
 * given at init (vapool ranges are not backed by memory). Blocks are
 * 2^order bytes, order in [min_order, max_order], naturally aligned
 * relative to base. alloc/free are O(log n); the metadata is sized for
 * the whole range up front, so it can never run out and merging always
 * happens. It costs about 1.26 bytes per min block (a state byte, ~2
 * bits of per-order free bitmaps, their summaries) plus ~100 bytes per
 * order: 1/3250 of the range with 4 KiB blocks.
 *
 * Not locked: a user shared between CPUs (vapool, heap) takes its own
 * lock around every call. The lowest free block of the smallest fitting
 * order is handed out, which keeps the range compact.
 */
#ifndef MINIVISOR_BUDDY_H
#define MINIVISOR_BUDDY_H

#include <minivisor/types.h>

#define BUDDY_MAX_ORDERS 48

/** Counters and totals, for `info` commands. */
struct buddy_info {
	uint64_t base, size; /* managed range */
	unsigned int min_order, max_order;
	uint64_t free_bytes; /* currently free */
	uint64_t used_bytes; /* currently allocated (incl. reserved) */
	uint64_t meta_bytes; /* housekeeping */
	uint64_t nfree[BUDDY_MAX_ORDERS]; /* free blocks, by absolute order */
	uint64_t allocs, frees; /* successful operations */
	uint64_t alloc_failures; /* exhaustion or bad size */
	uint64_t bad_frees; /* refused frees (double, unknown address) */
};

/** Allocator state; treat as opaque outside mm/buddy.c. */
struct buddy {
	uint64_t base, size;
	unsigned int min_order, max_order;
	uint64_t nblocks; /* number of min-order blocks */
	size_t meta_size;
	struct buddy_info stats;
	void *priv; /* the caller's metadata buffer, laid out by buddy_init() */
};

/**
 * Bytes of metadata buddy_init() needs for @size bytes at @min_order,
 * or 0 when buddy_init() would refuse those figures.
 */
size_t buddy_meta_size(uint64_t size, unsigned int min_order);

/**
 * Set up @b over [@base, @base + @size) with blocks of at least
 * 2^@min_order bytes. @base and @size must be multiples of 2^@min_order
 * (min_order < BUDDY_MAX_ORDERS; at most 2^48 min blocks); the largest
 * block is the largest power of two <= @size, capped at order
 * BUDDY_MAX_ORDERS - 1. @meta (>= buddy_meta_size() bytes, 8-byte
 * aligned) is used for every piece of state. Returns 0 or -MV_EINVAL.
 */
int buddy_init(struct buddy *b, uint64_t base, uint64_t size,
	       unsigned int min_order, void *meta, size_t meta_size);

/**
 * Allocate a block of at least @size bytes (rounded up to a power of two
 * no smaller than the minimum block), aligned to its size. Returns 0 and
 * sets *@addr, -MV_ENOMEM when no block is free (also when the rounded
 * size exceeds the largest block), -MV_EINVAL for size 0 or larger than
 * the range. Failures change nothing but the alloc_failures counter.
 */
int buddy_alloc(struct buddy *b, uint64_t size, uint64_t *addr);

/**
 * Free the block that starts at @addr. Returns 0, -MV_EINVAL if @addr is
 * outside the range or not the start of an allocated block, or
 * -MV_EALREADY if it lies inside a free block. A refused free changes
 * nothing but the bad_frees counter. Reserved space is refused with
 * -MV_EINVAL (see buddy_unreserve()).
 */
int buddy_free(struct buddy *b, uint64_t addr);

/**
 * Mark [@addr, @addr + @size) as used (e.g. memory that already holds
 * something). Returns 0, -MV_EINVAL (outside/misaligned) or -MV_EBUSY
 * if any part is allocated or reserved already (then nothing changes).
 * Reserved space is released again with buddy_unreserve(). Costs
 * O(log n) per aligned piece plus one byte write per min block.
 */
int buddy_reserve(struct buddy *b, uint64_t addr, uint64_t size);

/**
 * Release [@addr, @addr + @size), any part of ranges given to
 * buddy_reserve(). Returns 0, or -MV_EINVAL when the range is outside,
 * misaligned, or not entirely reserved (then nothing changes).
 */
int buddy_unreserve(struct buddy *b, uint64_t addr, uint64_t size);

/** Size of the allocated block starting at @addr, or 0 if none. */
uint64_t buddy_block_size(const struct buddy *b, uint64_t addr);

/** Fill @info with current figures. */
void buddy_get_info(const struct buddy *b, struct buddy_info *info);

/** Full consistency check (tests, MM_DEBUG_CHECKS): 0 or -MV_EIO. */
int buddy_check(const struct buddy *b);

#endif
