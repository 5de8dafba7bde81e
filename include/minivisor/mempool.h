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

/** Longest pool name, including the terminating NUL. */
#define MEMPOOL_NAME_MAX 32

/** Figures for `mempool list`. */
struct mempool_info {
	const char *name;
	enum mempool_backing backing;
	size_t obj_size;
	uint32_t capacity, free;
	uint64_t meta_bytes;
	uint64_t alloc_failures, bad_frees;
};

/**
 * A pool of @count objects of @size bytes from the heap; NULL on error
 * (bad name, size or count, or no memory; nothing is leaked). Objects
 * are aligned to @size rounded up to a power of two, at most 16. The
 * pool's own state (meta_bytes) comes from the heap for every backing.
 * @name (1 to MEMPOOL_NAME_MAX - 1 chars) is copied.
 */
struct mempool *mempool_create_heap(const char *name, size_t size,
				    uint32_t count);

/** A pool backed by host RAM frames; NULL on error (nothing leaked). */
struct mempool *mempool_create_ram(const char *name, size_t size,
				   uint32_t count);

/**
 * A pool over [@base, @base + @len): as many objects as fit once @base
 * is aligned. The range is only used for objects (it is poisoned under
 * MM_DEBUG_CHECKS) and stays the caller's after destroy. NULL on error.
 */
struct mempool *mempool_create_raw(const char *name, size_t size, void *base,
				   size_t len);

/** Destroy @pool, returning its memory; -MV_EBUSY if objects are live. */
int mempool_destroy(struct mempool *pool);

/** Take one object (not zeroed); NULL when empty. O(1). */
void *mempool_alloc(struct mempool *pool);

/**
 * Return @obj; 0, -MV_EINVAL (foreign/misaligned, or a NULL pool),
 * -MV_EALREADY (already free). A refused free changes nothing but the
 * pool's bad_frees counter. A NULL @obj is ignored (0).
 */
int mempool_free(struct mempool *pool, void *obj);

/** Figures of @pool. */
void mempool_get_info(const struct mempool *pool, struct mempool_info *info);

/**
 * Visit every live pool (for `mempool list`), in creation order. @fn
 * runs under the pool-list lock: it must not create or destroy pools.
 */
void mempool_for_each(void (*fn)(const struct mempool *pool, void *arg),
		      void *arg);

/** "heap", "ram" or "raw", for `mempool list`. */
const char *mempool_backing_name(enum mempool_backing backing);

/**
 * Consistency check (tests, MM_DEBUG_CHECKS): every free-stack entry
 * is a distinct free object, the bitmap agrees, and (MM_DEBUG_CHECKS)
 * free objects still hold their poison. 0, -MV_EIO, or -MV_EINVAL for
 * a NULL pool.
 */
int mempool_check(const struct mempool *pool);

#endif
