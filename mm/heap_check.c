// SPDX-License-Identifier: GPL-2.0-only
/*
 * Heap consistency: poisoning helpers and heap_check(), which walks
 * every page descriptor, every slab list and the buddy and recomputes
 * the totals the fast paths keep incrementally. Used by the unit tests
 * and, with MM_DEBUG_CHECKS, whenever someone asks.
 */
#include <string.h>

#include <minivisor/errno.h>

#include "heap_internal.h"

#define HEAP_POISON64 (0x0101010101010101ULL * HEAP_POISON)

bool heap_slab_count_ok(const struct heap_ctl *h, const struct heap_page *p)
{
	unsigned int w, set = 0;

	for (w = 0; w < HEAP_SLAB_WORDS; w++)
		set += (unsigned int)__builtin_popcount(p->bitmap[w]);
	return set == p->inuse + HEAP_SLAB_BITS - h->cls[p->arg].nobjs;
}

void heap_poison(void *p, size_t len)
{
	memset(p, HEAP_POISON, len);
}

bool heap_poisoned(const void *p, size_t len)
{
	const uint64_t *w = p;
	const uint8_t *b = p;
	size_t i;

	if (IS_ALIGNED((uintptr_t)p | len, 8)) {
		for (i = 0; i < len / 8; i++)
			if (w[i] != HEAP_POISON64)
				return false;
		return true;
	}
	for (i = 0; i < len; i++)
		if (b[i] != HEAP_POISON)
			return false;
	return true;
}

void heap_verify_poison(struct heap_ctl *h, const void *p, size_t len)
{
	if (!heap_poisoned(p, len))
		h->corruptions++;
}

/* What the walk over the descriptors adds up. */
struct heap_tally {
	uint64_t used_bytes, busy_pages;
	uint64_t pages[HEAP_NCLASSES], inuse[HEAP_NCLASSES];
	uint64_t partial[HEAP_NCLASSES]; /* slabs with 0 < inuse < nobjs */
	uint64_t empty[HEAP_NCLASSES]; /* slabs with no live object */
};

/* Every free object of slab @idx still holds the poison. */
static bool check_slab_poison(const struct heap_ctl *h, uint32_t idx)
{
	const struct heap_page *p = &h->pages[idx];
	const struct heap_class *cls = &h->cls[p->arg];
	unsigned int i;

	for (i = 0; i < cls->nobjs; i++)
		if (!heap_slab_bit(p, i) &&
		    !heap_poisoned((void *)(heap_page_addr(h, idx) +
					    (uintptr_t)i * cls->size),
				   cls->size))
			return false;
	return true;
}

static int check_slab(const struct heap_ctl *h, uint32_t idx,
		      struct heap_tally *t)
{
	const struct heap_page *p = &h->pages[idx];
	const struct heap_class *cls;
	unsigned int w;

	if (p->arg >= HEAP_NCLASSES)
		return -MV_EIO;
	cls = &h->cls[p->arg];
	for (w = cls->nobjs; w < HEAP_SLAB_BITS; w++)
		if (!heap_slab_bit(p, w))
			return -MV_EIO;
	if (p->inuse > cls->nobjs || !heap_slab_count_ok(h, p) ||
	    buddy_block_size(&h->buddy, heap_page_addr(h, idx)) != PAGE_SIZE)
		return -MV_EIO;
	if (HEAP_DEBUG && !check_slab_poison(h, idx))
		return -MV_EIO;
	t->pages[p->arg]++;
	t->inuse[p->arg] += p->inuse;
	t->partial[p->arg] += p->inuse && p->inuse < cls->nobjs;
	t->empty[p->arg] += !p->inuse;
	t->used_bytes += (uint64_t)p->inuse * cls->size;
	t->busy_pages++;
	return 0;
}

/* Large block at @idx: aligned, inside the heap, known to the buddy. */
static int check_large(const struct heap_ctl *h, uint32_t idx,
		       struct heap_tally *t)
{
	unsigned int order = h->pages[idx].arg;
	uint64_t n, i;

	if (order >= 32)
		return -MV_EIO;
	n = 1ULL << order;
	if (idx % n || idx + n > h->npages ||
	    buddy_block_size(&h->buddy, heap_page_addr(h, idx)) !=
		    n << PAGE_SHIFT)
		return -MV_EIO;
	for (i = 1; i < n; i++)
		if (h->pages[idx + i].type != HEAP_PAGE_FREE)
			return -MV_EIO;
	t->used_bytes += n << PAGE_SHIFT;
	t->busy_pages += n;
	return 0;
}

static int check_free_page(const struct heap_ctl *h, uint32_t idx)
{
	uintptr_t addr = heap_page_addr(h, idx);

	if (h->pages[idx].arg || buddy_block_size(&h->buddy, addr) != 0)
		return -MV_EIO;
	if (HEAP_DEBUG && !heap_poisoned((void *)addr, PAGE_SIZE))
		return -MV_EIO;
	return 0;
}

static int check_pages(const struct heap_ctl *h, struct heap_tally *t)
{
	uint32_t idx = 0;
	int rc = 0;

	while (idx < h->npages && !rc) {
		switch (h->pages[idx].type) {
		case HEAP_PAGE_SLAB:
			rc = check_slab(h, idx, t);
			idx++;
			break;
		case HEAP_PAGE_LARGE:
			rc = check_large(h, idx, t);
			idx += 1U << h->pages[idx].arg;
			break;
		case HEAP_PAGE_FREE:
			rc = check_free_page(h, idx);
			idx++;
			break;
		default:
			rc = -MV_EIO;
		}
	}
	return rc;
}

/* Class @c's partial list: well linked, only its non-full, used slabs. */
static int check_class_list(const struct heap_ctl *h, unsigned int c,
			    const struct heap_tally *t)
{
	const struct heap_class *cls = &h->cls[c];
	uint32_t idx = cls->partial, prev = HEAP_NONE;
	uint64_t n = 0;
	const struct heap_page *p;

	while (idx != HEAP_NONE) {
		if (idx >= h->npages || n++ > h->npages)
			return -MV_EIO;
		p = &h->pages[idx];
		if (p->type != HEAP_PAGE_SLAB || p->arg != c || !p->inuse ||
		    p->inuse >= cls->nobjs || p->prev != prev)
			return -MV_EIO;
		prev = idx;
		idx = p->next;
	}
	return n == t->partial[c] ? 0 : -MV_EIO;
}

/* The kept empty slab is the class's only empty one, and off the list. */
static int check_class_empty(const struct heap_ctl *h, unsigned int c,
			     const struct heap_tally *t)
{
	const struct heap_class *cls = &h->cls[c];
	const struct heap_page *p;

	if (cls->empty == HEAP_NONE)
		return t->empty[c] ? -MV_EIO : 0;
	if (cls->empty >= h->npages || t->empty[c] != 1)
		return -MV_EIO;
	p = &h->pages[cls->empty];
	if (p->type != HEAP_PAGE_SLAB || p->arg != c || p->inuse ||
	    cls->partial == cls->empty)
		return -MV_EIO;
	return 0;
}

static int check_classes(const struct heap_ctl *h, const struct heap_tally *t)
{
	const struct heap_class *cls;
	unsigned int c;

	for (c = 0; c < HEAP_NCLASSES; c++) {
		cls = &h->cls[c];
		if (cls->pages != t->pages[c] || cls->inuse != t->inuse[c] ||
		    check_class_list(h, c, t) || check_class_empty(h, c, t))
			return -MV_EIO;
	}
	return 0;
}

static int check_totals(const struct heap_ctl *h, const struct heap_tally *t)
{
	struct buddy_info bi;

	buddy_get_info(&h->buddy, &bi);
	if (t->used_bytes != h->used_bytes ||
	    bi.used_bytes != t->busy_pages << PAGE_SHIFT ||
	    h->meta_bytes + ((uint64_t)h->npages << PAGE_SHIFT) != h->size ||
	    h->used_bytes > (uint64_t)h->npages << PAGE_SHIFT)
		return -MV_EIO;
	return 0;
}

static int heap_check_locked(const struct heap_ctl *h)
{
	static struct heap_tally t;

	memset(&t, 0, sizeof(t));
	if (h->corruptions || buddy_check(&h->buddy) || check_pages(h, &t) ||
	    check_classes(h, &t) || check_totals(h, &t))
		return -MV_EIO;
	return 0;
}

int heap_check(void)
{
	struct heap_ctl *h;
	irqflags_t flags;
	int rc = 0;

	h = heap_lock(&flags);
	if (h)
		rc = heap_check_locked(h);
	heap_unlock(flags);
	return rc;
}
