// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixed-size object pools. The objects live in the backing (a heap
 * block, host frames mapped by aspace, or a caller's range); the pool's
 * state lives in one heap block: the control structure, an allocation
 * bitmap (one bit per object, so every free is checked exactly) and a
 * stack of free object indices (so alloc and free are O(1) without
 * trusting anything stored inside a freed object).
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/aspace.h>
#include <minivisor/bitmap.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/mempool.h>

#ifdef CONFIG_MM_DEBUG_CHECKS
#define MEMPOOL_DEBUG 1
#else
#define MEMPOOL_DEBUG 0
#endif

#define MEMPOOL_POISON 0x5a
#define MEMPOOL_ALIGN 16

struct mempool {
	struct mempool *prev, *next; /* live pools, creation order */
	arch_spinlock_t lock;
	char name[MEMPOOL_NAME_MAX];
	enum mempool_backing backing;
	size_t obj_size, stride;
	uint32_t capacity, nfree;
	uintptr_t objs; /* first object */
	void *area; /* what the backing gave (heap block, mapped frames) */
	uint64_t alloc_failures, bad_frees;
	unsigned long *bitmap; /* 1 = allocated */
	uint32_t *stack; /* free indices; the top nfree entries are valid */
};

static arch_spinlock_t mempool_list_lock = ARCH_SPINLOCK_INIT;
static struct mempool *mempool_first, *mempool_last;

static irqflags_t mempool_lock(arch_spinlock_t *lock)
{
	return arch_spin_lock_irqsave(lock);
}

static void mempool_unlock(arch_spinlock_t *lock, irqflags_t flags)
{
	arch_spin_unlock_irqrestore(lock, flags);
}

/*
 * Objects are aligned to their size rounded up to a power of two, at
 * most 16 bytes (what mv_malloc gives).
 */
static size_t mempool_align(size_t size)
{
	size_t align = 1;

	while (align < size && align < MEMPOOL_ALIGN)
		align <<= 1;
	return align;
}

/* Distance between objects: the size, rounded to keep the alignment. */
static size_t mempool_stride(size_t size)
{
	return ALIGN_UP(size, mempool_align(size));
}

static bool mempool_name_ok(const char *name)
{
	return name && name[0] &&
	       strnlen(name, MEMPOOL_NAME_MAX) < MEMPOOL_NAME_MAX;
}

/* Bytes of the control block for @count objects. */
static size_t mempool_ctl_bytes(uint32_t count)
{
	return sizeof(struct mempool) +
	       BITMAP_LONGS(count) * sizeof(unsigned long) +
	       (size_t)count * sizeof(uint32_t);
}

/* A control block with every object free, or NULL. */
static struct mempool *mempool_new(const char *name, enum mempool_backing b,
				   size_t size, uint32_t count)
{
	struct mempool *pool = mv_zalloc(mempool_ctl_bytes(count));
	uint32_t i;

	if (!pool)
		return NULL;
	strcpy(pool->name, name);
	pool->backing = b;
	pool->obj_size = size;
	pool->stride = mempool_stride(size);
	pool->capacity = count;
	pool->nfree = count;
	pool->bitmap = (unsigned long *)(pool + 1);
	pool->stack = (uint32_t *)(pool->bitmap + BITMAP_LONGS(count));
	for (i = 0; i < count; i++)
		pool->stack[i] = count - 1 - i; /* lowest address first */
	pool->lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;
	return pool;
}

/* Finish a pool whose objects start at @objs: poison, make it visible. */
static struct mempool *mempool_publish(struct mempool *pool, uintptr_t objs)
{
	irqflags_t flags;

	pool->objs = objs;
	if (MEMPOOL_DEBUG)
		memset((void *)objs, MEMPOOL_POISON,
		       pool->stride * (pool->capacity - 1) + pool->obj_size);
	flags = mempool_lock(&mempool_list_lock);
	pool->prev = mempool_last;
	if (mempool_last)
		mempool_last->next = pool;
	else
		mempool_first = pool;
	mempool_last = pool;
	mempool_unlock(&mempool_list_lock, flags);
	return pool;
}

/* Common argument checks; true when @count objects of @size fit. */
static bool mempool_args_ok(const char *name, size_t size, uint32_t count)
{
	return mempool_name_ok(name) && size && count &&
	       size <= SIZE_MAX - MEMPOOL_ALIGN &&
	       mempool_stride(size) <= SIZE_MAX / count;
}

struct mempool *mempool_create_heap(const char *name, size_t size,
				    uint32_t count)
{
	struct mempool *pool;

	if (!mempool_args_ok(name, size, count))
		return NULL;
	pool = mempool_new(name, MEMPOOL_HEAP, size, count);
	if (!pool)
		return NULL;
	pool->area = mv_malloc(pool->stride * count);
	if (!pool->area) {
		mv_free(pool);
		return NULL;
	}
	return mempool_publish(pool, (uintptr_t)pool->area);
}

struct mempool *mempool_create_ram(const char *name, size_t size,
				   uint32_t count)
{
	struct mempool *pool;
	vaddr_t va;

	if (!mempool_args_ok(name, size, count))
		return NULL;
	pool = mempool_new(name, MEMPOOL_RAM, size, count);
	if (!pool)
		return NULL;
	if (aspace_alloc_pages(DIV_ROUND_UP(pool->stride * count, PAGE_SIZE),
			       &va)) {
		mv_free(pool);
		return NULL;
	}
	pool->area = (void *)va;
	return mempool_publish(pool, va);
}

/* Objects of @size that fit in [@start, @end); the last needs no pad. */
static uint64_t mempool_raw_count(uintptr_t start, uintptr_t end, size_t size)
{
	if (start >= end || end - start < size)
		return 0;
	return MIN((end - start - size) / mempool_stride(size) + 1,
		   (uint64_t)UINT32_MAX);
}

struct mempool *mempool_create_raw(const char *name, size_t size, void *base,
				   size_t len)
{
	uintptr_t start, end = (uintptr_t)base + len;
	struct mempool *pool;
	uint64_t count;

	if (!base || !size || size > SIZE_MAX - MEMPOOL_ALIGN ||
	    end < (uintptr_t)base)
		return NULL;
	start = ALIGN_UP((uintptr_t)base, (uintptr_t)mempool_align(size));
	if (start < (uintptr_t)base) /* wrapped past the top */
		return NULL;
	count = mempool_raw_count(start, end, size);
	if (!mempool_args_ok(name, size, (uint32_t)count))
		return NULL;
	pool = mempool_new(name, MEMPOOL_RAW, size, (uint32_t)count);
	if (!pool)
		return NULL;
	pool->area = base;
	return mempool_publish(pool, start);
}

/* Give the objects back to where they came from. */
static void mempool_release_area(struct mempool *pool)
{
	if (pool->backing == MEMPOOL_HEAP)
		mv_free(pool->area);
	else if (pool->backing == MEMPOOL_RAM)
		aspace_free_pages((vaddr_t)pool->area);
}

static void mempool_unlink(struct mempool *pool)
{
	if (pool->prev)
		pool->prev->next = pool->next;
	else
		mempool_first = pool->next;
	if (pool->next)
		pool->next->prev = pool->prev;
	else
		mempool_last = pool->prev;
}

int mempool_destroy(struct mempool *pool)
{
	irqflags_t flags, pflags;
	bool busy;

	if (!pool)
		return -MV_EINVAL;
	flags = mempool_lock(&mempool_list_lock);
	pflags = mempool_lock(&pool->lock);
	busy = pool->nfree != pool->capacity;
	if (!busy)
		mempool_unlink(pool);
	mempool_unlock(&pool->lock, pflags);
	mempool_unlock(&mempool_list_lock, flags);
	if (busy)
		return -MV_EBUSY;
	mempool_release_area(pool);
	mv_free(pool);
	return 0;
}

void *mempool_alloc(struct mempool *pool)
{
	irqflags_t flags;
	uint32_t idx;

	if (!pool)
		return NULL;
	flags = mempool_lock(&pool->lock);
	if (!pool->nfree) {
		pool->alloc_failures++;
		mempool_unlock(&pool->lock, flags);
		return NULL;
	}
	idx = pool->stack[--pool->nfree];
	bitmap_set_bit(pool->bitmap, idx);
	mempool_unlock(&pool->lock, flags);
	return (void *)(pool->objs + (uintptr_t)idx * pool->stride);
}

/* Index of @obj in @pool, or -MV_EINVAL when it is not an object start. */
static int64_t mempool_index(const struct mempool *pool, uintptr_t obj)
{
	uintptr_t off = obj - pool->objs;

	if (obj < pool->objs || off / pool->stride >= pool->capacity ||
	    off % pool->stride)
		return -MV_EINVAL;
	return (int64_t)(off / pool->stride);
}

static int mempool_free_locked(struct mempool *pool, uintptr_t obj)
{
	int64_t idx = mempool_index(pool, obj);

	if (idx < 0)
		return (int)idx;
	if (!bitmap_test_bit(pool->bitmap, (size_t)idx))
		return -MV_EALREADY;
	bitmap_clear_bit(pool->bitmap, (size_t)idx);
	pool->stack[pool->nfree++] = (uint32_t)idx;
	if (MEMPOOL_DEBUG)
		memset((void *)obj, MEMPOOL_POISON, pool->obj_size);
	return 0;
}

int mempool_free(struct mempool *pool, void *obj)
{
	irqflags_t flags;
	int rc;

	if (!pool)
		return -MV_EINVAL;
	if (!obj)
		return 0;
	flags = mempool_lock(&pool->lock);
	rc = mempool_free_locked(pool, (uintptr_t)obj);
	if (rc)
		pool->bad_frees++;
	mempool_unlock(&pool->lock, flags);
	return rc;
}

void mempool_get_info(const struct mempool *pool, struct mempool_info *info)
{
	struct mempool *p = (struct mempool *)pool; /* the lock only */
	irqflags_t flags = mempool_lock(&p->lock);

	info->name = pool->name;
	info->backing = pool->backing;
	info->obj_size = pool->obj_size;
	info->capacity = pool->capacity;
	info->free = pool->nfree;
	info->meta_bytes = mv_alloc_size(pool);
	info->alloc_failures = pool->alloc_failures;
	info->bad_frees = pool->bad_frees;
	mempool_unlock(&p->lock, flags);
}

void mempool_for_each(void (*fn)(const struct mempool *pool, void *arg),
		      void *arg)
{
	irqflags_t flags = mempool_lock(&mempool_list_lock);
	const struct mempool *pool;

	for (pool = mempool_first; pool; pool = pool->next)
		fn(pool, arg);
	mempool_unlock(&mempool_list_lock, flags);
}

const char *mempool_backing_name(enum mempool_backing backing)
{
	switch (backing) {
	case MEMPOOL_HEAP:
		return "heap";
	case MEMPOOL_RAM:
		return "ram";
	case MEMPOOL_RAW:
		return "raw";
	}
	return "?";
}

/*
 * Every stack entry is a distinct free object: mark each one in the
 * bitmap (a live or repeated entry finds its bit set), then every
 * object must be marked. The marks are undone before returning.
 */
static int mempool_check_stack(struct mempool *pool)
{
	uint32_t marked, idx;
	int rc = 0;

	for (marked = 0; marked < pool->nfree; marked++) {
		idx = pool->stack[marked];
		if (idx >= pool->capacity ||
		    bitmap_test_bit(pool->bitmap, idx)) {
			rc = -MV_EIO;
			break;
		}
		bitmap_set_bit(pool->bitmap, idx);
	}
	if (!rc && bitmap_find_next_zero(pool->bitmap, pool->capacity, 0) <
			   pool->capacity)
		rc = -MV_EIO;
	while (marked--)
		bitmap_clear_bit(pool->bitmap, pool->stack[marked]);
	return rc;
}

/* Debug builds: every free object still holds the poison. */
static int mempool_check_poison(const struct mempool *pool)
{
	const uint8_t *obj;
	uint32_t i;
	size_t b;

	for (i = 0; i < pool->nfree; i++) {
		obj = (const uint8_t *)(pool->objs + (uintptr_t)pool->stack[i] *
							     pool->stride);
		for (b = 0; b < pool->obj_size; b++)
			if (obj[b] != MEMPOOL_POISON)
				return -MV_EIO;
	}
	return 0;
}

int mempool_check(const struct mempool *pool)
{
	struct mempool *p = (struct mempool *)pool;
	irqflags_t flags;
	int rc;

	if (!pool)
		return -MV_EINVAL;
	flags = mempool_lock(&p->lock);
	rc = p->nfree > p->capacity ? -MV_EIO : mempool_check_stack(p);
	if (!rc && MEMPOOL_DEBUG)
		rc = mempool_check_poison(p);
	mempool_unlock(&p->lock, flags);
	return rc;
}
