/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed-size object pools with O(1) alloc and free, backed by the heap,
 * by host RAM frames, or by a raw range. Frees are checked: out of
 * bounds, misaligned and double frees are refused and counted.
 */
#ifndef MINIVISOR_MEMPOOL_H
#define MINIVISOR_MEMPOOL_H

#include <minivisor/types.h>

enum mempool_backing {
	MEMPOOL_HEAP,
	MEMPOOL_RAM, /* host frames mapped through aspace */
	MEMPOOL_RAW, /* a caller-provided range */
};

struct mempool;

/** Figures for `mempool list`. */
struct mempool_info {
	const char *name;
	enum mempool_backing backing;
	size_t obj_size;
	uint32_t capacity, free;
	uint64_t meta_bytes;
	uint64_t alloc_failures, bad_frees;
};

/** A pool of @count objects of @size bytes from the heap; NULL on error. */
struct mempool *mempool_create_heap(const char *name, size_t size,
				    uint32_t count);

/** A pool backed by host RAM frames; NULL on error (nothing leaked). */
struct mempool *mempool_create_ram(const char *name, size_t size,
				   uint32_t count);

/** A pool over [@base, @base + @len); NULL on error. */
struct mempool *mempool_create_raw(const char *name, size_t size, void *base,
				   size_t len);

/** Destroy @pool, returning its memory; -MV_EBUSY if objects are live. */
int mempool_destroy(struct mempool *pool);

/** Take one object (not zeroed); NULL when empty. O(1). */
void *mempool_alloc(struct mempool *pool);

/** Return @obj; 0, -MV_EINVAL (foreign/misaligned), -MV_EALREADY. */
int mempool_free(struct mempool *pool, void *obj);

/** Figures of @pool. */
void mempool_get_info(const struct mempool *pool, struct mempool_info *info);

/** Visit every live pool (for `mempool list`), in creation order. */
void mempool_for_each(void (*fn)(const struct mempool *pool, void *arg),
		      void *arg);

#endif
