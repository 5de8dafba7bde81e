// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor heap: set-up, the public malloc/free API and large
 * blocks. Objects of up to HEAP_SMALL_MAX bytes come from size classes
 * (mm/heap_slab.c); larger ones are power-of-two runs of pages from a
 * buddy allocator over the data pages. Everything that grows with the
 * heap (one descriptor per data page, the buddy's metadata) is carved
 * from the start of the region, so meta_bytes is exact and, with
 * 44-byte descriptors, at most 1/64 of any heap from 256 KiB up. The
 * fixed control block (class table, counters) is a static variable.
 */
#include <string.h>

#include <arch/spinlock.h>
#include <minivisor/errno.h>

#include "heap_internal.h"

BUILD_BUG_ON(sizeof(struct heap_page) != 44);
BUILD_BUG_ON(HEAP_SLAB_BITS % 32);

static arch_spinlock_t heap_spin = ARCH_SPINLOCK_INIT;
static struct heap_ctl heap_ctl_store;
static struct heap_ctl *heap_cur;

struct heap_ctl *heap_lock(irqflags_t *flags)
{
	*flags = arch_spin_lock_irqsave(&heap_spin);
	return heap_cur;
}

void heap_unlock(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&heap_spin, flags);
}

/* Offset of the buddy metadata, after the @npages page descriptors. */
static size_t heap_buddy_off(uint64_t npages)
{
	return ALIGN_UP(npages * sizeof(struct heap_page), (size_t)8);
}

/* Meta bytes needed when @npages pages are data. */
static uint64_t heap_meta_need(uint64_t npages)
{
	return heap_buddy_off(npages) +
	       buddy_meta_size(npages << PAGE_SHIFT, PAGE_SHIFT);
}

/*
 * The fewest meta pages for a region of @total pages: start from a
 * bound that surely fits (as if every page were data), then give pages
 * back to data while the metadata still fits. 0 if nothing fits.
 */
static uint64_t heap_meta_pages(uint64_t total)
{
	uint64_t m = DIV_ROUND_UP(heap_meta_need(total - 1), PAGE_SIZE);

	if (!m || m >= total)
		return 0;
	while (m > 1 && heap_meta_need(total - m + 1) <= (m - 1) * PAGE_SIZE)
		m--;
	return m;
}

static bool heap_region_ok(uintptr_t base, size_t size)
{
	return base && IS_ALIGNED(base, PAGE_SIZE) &&
	       IS_ALIGNED(size, PAGE_SIZE) && size >= 2 * PAGE_SIZE &&
	       base + size - 1 > base && (size >> PAGE_SHIFT) < HEAP_NONE;
}

/* Lay out the descriptors and the buddy's metadata in the meta pages. */
static int heap_setup(struct heap_ctl *h, uintptr_t base, size_t size,
		      uint64_t meta_pages)
{
	uint64_t npages = (size >> PAGE_SHIFT) - meta_pages;
	size_t boff = heap_buddy_off(npages);
	int rc;

	memset(h, 0, sizeof(*h));
	memset((void *)base, 0, boff);
	h->base = base;
	h->size = size;
	h->meta_bytes = meta_pages << PAGE_SHIFT;
	h->data = base + (uintptr_t)h->meta_bytes;
	h->npages = (uint32_t)npages;
	h->pages = (struct heap_page *)base;
	rc = buddy_init(&h->buddy, h->data, npages << PAGE_SHIFT, PAGE_SHIFT,
			(void *)(base + boff), (size_t)h->meta_bytes - boff);
	if (rc)
		return rc;
	heap_slab_setup(h);
	if (HEAP_DEBUG)
		heap_poison((void *)h->data, npages << PAGE_SHIFT);
	return 0;
}

int heap_init(void *base, size_t size)
{
	struct heap_ctl *h = &heap_ctl_store;
	uint64_t meta_pages;
	irqflags_t flags;

	if (!heap_region_ok((uintptr_t)base, size))
		return -MV_EINVAL;
	meta_pages = heap_meta_pages(size >> PAGE_SHIFT);
	if (!meta_pages)
		return -MV_EINVAL;
	heap_lock(&flags);
	heap_cur = NULL;
	if (heap_setup(h, (uintptr_t)base, size, meta_pages)) {
		heap_unlock(flags);
		return -MV_EINVAL;
	}
	heap_cur = h;
	heap_unlock(flags);
	return 0;
}

/* Index of the data page holding @ptr, or HEAP_NONE. */
static uint32_t heap_page_of(const struct heap_ctl *h, uintptr_t ptr)
{
	if (ptr < h->data || ptr - h->data >= (uint64_t)h->npages << PAGE_SHIFT)
		return HEAP_NONE;
	return (uint32_t)((ptr - h->data) >> PAGE_SHIFT);
}

/* A run of pages for @size bytes; *@bytes is the block size. */
static void *heap_large_alloc(struct heap_ctl *h, size_t size, size_t *bytes)
{
	struct heap_page *p;
	uint64_t addr, bsz;
	int rc;

	rc = buddy_alloc(&h->buddy, size, &addr);
	if (rc == -MV_ENOMEM && heap_slab_reclaim(h))
		rc = buddy_alloc(&h->buddy, size, &addr);
	if (rc)
		return NULL;
	bsz = buddy_block_size(&h->buddy, addr);
	p = &h->pages[heap_page_of(h, addr)];
	p->type = HEAP_PAGE_LARGE;
	p->arg = (uint8_t)__builtin_ctzll(bsz >> PAGE_SHIFT);
	if (HEAP_DEBUG)
		heap_verify_poison(h, (void *)(uintptr_t)addr, bsz);
	*bytes = bsz;
	return (void *)(uintptr_t)addr;
}

static void *heap_alloc_locked(struct heap_ctl *h, size_t size, size_t *bytes)
{
	unsigned int c;

	if (!size || size > (uint64_t)h->npages << PAGE_SHIFT)
		return NULL;
	if (size > HEAP_SMALL_MAX)
		return heap_large_alloc(h, size, bytes);
	c = h->class_of[DIV_ROUND_UP(size, HEAP_ALIGN)];
	*bytes = h->cls[c].size;
	return heap_slab_alloc(h, c);
}

void *mv_malloc(size_t size)
{
	struct heap_ctl *h;
	irqflags_t flags;
	size_t bytes = 0;
	void *p;

	h = heap_lock(&flags);
	if (!h) {
		heap_unlock(flags);
		return NULL;
	}
	p = heap_alloc_locked(h, size, &bytes);
	if (p) {
		h->allocs++;
		h->used_bytes += bytes;
	} else {
		h->alloc_failures++;
	}
	heap_unlock(flags);
	return p;
}

void *mv_zalloc(size_t size)
{
	void *p = mv_malloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* True when page @idx lies inside a live large block (not its head). */
static bool heap_in_large(const struct heap_ctl *h, uint32_t idx)
{
	uint32_t head;
	unsigned int o;

	for (o = 1; o < 32 && (1U << o) <= h->npages; o++) {
		head = idx & ~((1U << o) - 1);
		if (h->pages[head].type == HEAP_PAGE_LARGE &&
		    h->pages[head].arg == o)
			return true;
	}
	return false;
}

/* Why a free of @ptr in a page the heap does not hand out is refused. */
static int heap_free_error(const struct heap_ctl *h, uint32_t idx,
			   uintptr_t ptr)
{
	if (heap_in_large(h, idx) || !IS_ALIGNED(ptr, PAGE_SIZE))
		return -MV_EINVAL;
	return -MV_EALREADY;
}

static int heap_large_free(struct heap_ctl *h, uint32_t idx, uintptr_t ptr,
			   size_t *bytes)
{
	struct heap_page *p = &h->pages[idx];

	if (ptr != heap_page_addr(h, idx))
		return -MV_EINVAL;
	*bytes = PAGE_SIZE << p->arg;
	if (HEAP_DEBUG)
		heap_poison((void *)ptr, *bytes);
	p->type = HEAP_PAGE_FREE;
	p->arg = 0;
	if (buddy_free(&h->buddy, ptr))
		h->corruptions++;
	return 0;
}

static int heap_free_locked(struct heap_ctl *h, uintptr_t ptr, size_t *bytes)
{
	uint32_t idx = heap_page_of(h, ptr);
	unsigned int c;

	if (idx == HEAP_NONE)
		return -MV_EINVAL;
	switch (h->pages[idx].type) {
	case HEAP_PAGE_SLAB:
		c = h->pages[idx].arg;
		*bytes = h->cls[c].size;
		return heap_slab_free(h, idx, ptr);
	case HEAP_PAGE_LARGE:
		return heap_large_free(h, idx, ptr, bytes);
	default:
		return heap_free_error(h, idx, ptr);
	}
}

int mv_free(void *ptr)
{
	struct heap_ctl *h;
	irqflags_t flags;
	size_t bytes = 0;
	int rc;

	if (!ptr)
		return 0;
	h = heap_lock(&flags);
	if (!h) {
		heap_unlock(flags);
		return -MV_EINVAL;
	}
	rc = heap_free_locked(h, (uintptr_t)ptr, &bytes);
	if (rc) {
		h->bad_frees++;
	} else {
		h->frees++;
		h->used_bytes -= bytes;
	}
	heap_unlock(flags);
	return rc;
}

static size_t heap_size_locked(const struct heap_ctl *h, uintptr_t ptr)
{
	uint32_t idx = heap_page_of(h, ptr);

	if (idx == HEAP_NONE)
		return 0;
	if (h->pages[idx].type == HEAP_PAGE_SLAB)
		return heap_slab_size(h, idx, ptr);
	if (h->pages[idx].type == HEAP_PAGE_LARGE &&
	    ptr == heap_page_addr(h, idx))
		return PAGE_SIZE << h->pages[idx].arg;
	return 0;
}

size_t mv_alloc_size(const void *ptr)
{
	struct heap_ctl *h;
	irqflags_t flags;
	size_t size = 0;

	h = heap_lock(&flags);
	if (h && ptr)
		size = heap_size_locked(h, (uintptr_t)ptr);
	heap_unlock(flags);
	return size;
}

void heap_get_info(struct heap_info *info)
{
	struct heap_ctl *h;
	irqflags_t flags;

	memset(info, 0, sizeof(*info));
	h = heap_lock(&flags);
	if (h) {
		info->base = h->base;
		info->size = h->size;
		info->meta_bytes = h->meta_bytes;
		info->used_bytes = h->used_bytes;
		info->free_bytes = h->size - h->meta_bytes - h->used_bytes;
		info->allocs = h->allocs;
		info->frees = h->frees;
		info->alloc_failures = h->alloc_failures;
		info->bad_frees = h->bad_frees;
		info->corruptions = h->corruptions;
	}
	heap_unlock(flags);
}

int heap_class_info(unsigned int i, struct heap_class_info *info)
{
	const struct heap_class *cls;
	struct heap_ctl *h;
	irqflags_t flags;
	int rc = -MV_ENOENT;

	h = heap_lock(&flags);
	if (h && i < HEAP_NCLASSES) {
		cls = &h->cls[i];
		info->size = cls->size;
		info->pages = cls->pages;
		info->objects = cls->pages * cls->nobjs;
		info->free_objects = info->objects - cls->inuse;
		rc = 0;
	}
	heap_unlock(flags);
	return rc;
}
