/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private state of the heap, shared by mm/heap*.c.
 *
 * Layout of the region given to heap_init():
 *
 *   [ page descriptors | buddy metadata | pad ]  meta
 *   [ data pages ...                         ]  data
 *
 * The meta part is a whole number of pages; everything the heap keeps
 * about itself that grows with its size lives there (meta_bytes), so
 * the data pages are handed out whole. The fixed-size struct heap_ctl
 * is a static variable. Each data page has one descriptor: a slab page keeps its
 * allocation bitmap there (not inside the page, so a stray write into
 * a slab cannot corrupt its bookkeeping), the head page of a large
 * block keeps the block's order, every other page is "free" to the
 * heap (owned by the buddy, or the tail of a large block).
 */
#ifndef MM_HEAP_INTERNAL_H
#define MM_HEAP_INTERNAL_H

#include <arch/cpu.h>
#include <minivisor/buddy.h>
#include <minivisor/heap.h>

/* Benchmarks build from fake_bench_defconfig, without MM_DEBUG_CHECKS. */
#ifdef CONFIG_MM_DEBUG_CHECKS
#define HEAP_DEBUG 1
#else
#define HEAP_DEBUG 0
#endif

#define HEAP_POISON 0x6b
#define HEAP_NONE UINT32_MAX
#define HEAP_ALIGN 16
#define HEAP_SMALL_MAX 2048
#define HEAP_NCLASSES 22
#define HEAP_SLAB_BITS (PAGE_SIZE / HEAP_ALIGN)
#define HEAP_SLAB_WORDS (HEAP_SLAB_BITS / 32)

enum heap_page_type {
	HEAP_PAGE_FREE = 0,
	HEAP_PAGE_SLAB,
	HEAP_PAGE_LARGE,
};

/*
 * One per data page. 32-bit bitmap words keep the descriptor at 44
 * bytes (4-byte aligned) rather than 48.
 */
struct heap_page {
	uint32_t bitmap[HEAP_SLAB_WORDS]; /* 1 = allocated or past the end */
	uint32_t next, prev; /* partial-list links (page indices) */
	uint16_t inuse; /* slab: live objects */
	uint8_t type; /* enum heap_page_type */
	uint8_t arg; /* slab: class index; large: log2(pages) */
};

/* A size class: its slabs that still have a free object are listed. */
struct heap_class {
	uint32_t size, nobjs; /* object size, objects per slab */
	uint32_t partial; /* first slab with a free object */
	uint32_t empty; /* the one empty slab kept for reuse */
	uint64_t pages, inuse; /* slab pages held, live objects */
};

struct heap_ctl {
	struct buddy buddy;
	struct heap_class cls[HEAP_NCLASSES];
	uint8_t class_of[HEAP_SMALL_MAX / HEAP_ALIGN + 1];
	struct heap_page *pages;
	uintptr_t base, data; /* region start, first data page */
	uint64_t size, meta_bytes;
	uint32_t npages; /* data pages */
	uint64_t used_bytes;
	uint64_t allocs, frees, alloc_failures, bad_frees;
	uint64_t corruptions; /* debug checks that failed */
};

/* Take the heap lock with interrupts masked; returns the heap or NULL. */
struct heap_ctl *heap_lock(irqflags_t *flags);

/* Release the heap lock taken by heap_lock(). */
void heap_unlock(irqflags_t flags);

/* Fill the class table (sizes, lookup by size). */
void heap_slab_setup(struct heap_ctl *h);

/* A small object of class @c, or NULL when no page can be had. */
void *heap_slab_alloc(struct heap_ctl *h, unsigned int c);

/* Free @ptr inside slab page @idx; 0, -MV_EINVAL or -MV_EALREADY. */
int heap_slab_free(struct heap_ctl *h, uint32_t idx, uintptr_t ptr);

/* Usable size of @ptr in slab page @idx, 0 if not a live object. */
size_t heap_slab_size(const struct heap_ctl *h, uint32_t idx, uintptr_t ptr);

/* Give every cached empty slab back to the buddy; true if any was. */
bool heap_slab_reclaim(struct heap_ctl *h);

/* Address of data page @idx. */
static inline uintptr_t heap_page_addr(const struct heap_ctl *h, uint32_t idx)
{
	return h->data + ((uintptr_t)idx << PAGE_SHIFT);
}

/* True when all @len bytes at @p hold the poison pattern. */
bool heap_poisoned(const void *p, size_t len);

/* Poison @len bytes at @p (debug builds only). */
void heap_poison(void *p, size_t len);

/* Check that a block about to be handed out is still poisoned. */
void heap_verify_poison(struct heap_ctl *h, const void *p, size_t len);

/* True when object @bit of slab page @p is taken (or past the end). */
static inline bool heap_slab_bit(const struct heap_page *p, unsigned int bit)
{
	return p->bitmap[bit / 32] & (1U << (bit % 32));
}

/*
 * True when slab page @p's bitmap has exactly its live objects set, plus
 * the bits past its class's last object.
 */
bool heap_slab_count_ok(const struct heap_ctl *h, const struct heap_page *p);

#endif
