// SPDX-License-Identifier: GPL-2.0-only
/*
 * Heap size classes: objects of up to HEAP_SMALL_MAX bytes come from
 * slabs, single 4 KiB pages taken from the heap's buddy. A slab's state
 * (allocation bitmap, live count, list links) is in its page descriptor,
 * so every free can be checked exactly: an interior pointer or a second
 * free of the same object is refused before anything changes.
 *
 * Each class lists its slabs that have a free object and keeps at most
 * one empty slab aside, so that a malloc/free pair at the boundary of a
 * slab does not go to the buddy every time; other empty slabs go back
 * at once, and the kept ones are reclaimed when the buddy runs dry.
 */
#include <minivisor/errno.h>

#include "heap_internal.h"

/*
 * Multiples of 16 (alignment), chosen so that few bytes of a 4 KiB page
 * are left over (at most 64, except 96 for 160-byte objects).
 */
static const uint16_t heap_class_sizes[HEAP_NCLASSES] = {
	16,  32,  48,  64,  80,	 96,  112, 128, 160,  192,  224,
	256, 336, 400, 448, 512, 576, 672, 816, 1024, 1360, 2048,
};

/* The bits of word @w that lie past the last of @nobjs objects. */
static uint32_t slab_tail_bits(unsigned int w, uint32_t nobjs)
{
	uint32_t lo = w * 32;

	if (lo >= nobjs)
		return UINT32_MAX;
	if (nobjs - lo >= 32)
		return 0;
	return UINT32_MAX << (nobjs - lo);
}

void heap_slab_setup(struct heap_ctl *h)
{
	unsigned int c, i;

	for (c = 0; c < HEAP_NCLASSES; c++) {
		h->cls[c].size = heap_class_sizes[c];
		h->cls[c].nobjs = PAGE_SIZE / heap_class_sizes[c];
		h->cls[c].partial = HEAP_NONE;
		h->cls[c].empty = HEAP_NONE;
		h->cls[c].pages = 0;
		h->cls[c].inuse = 0;
	}
	for (i = 0, c = 0; i < ARRAY_SIZE(h->class_of); i++) {
		while (heap_class_sizes[c] < i * HEAP_ALIGN)
			c++;
		h->class_of[i] = (uint8_t)c;
	}
}

static void slab_list_push(struct heap_ctl *h, struct heap_class *cls,
			   uint32_t idx)
{
	struct heap_page *p = &h->pages[idx];

	p->prev = HEAP_NONE;
	p->next = cls->partial;
	if (cls->partial != HEAP_NONE)
		h->pages[cls->partial].prev = idx;
	cls->partial = idx;
}

static void slab_list_del(struct heap_ctl *h, struct heap_class *cls,
			  uint32_t idx)
{
	struct heap_page *p = &h->pages[idx];

	if (p->prev != HEAP_NONE)
		h->pages[p->prev].next = p->next;
	else
		cls->partial = p->next;
	if (p->next != HEAP_NONE)
		h->pages[p->next].prev = p->prev;
	p->next = p->prev = HEAP_NONE;
}

/* A fresh slab of class @c from the buddy, or HEAP_NONE. */
static uint32_t slab_new(struct heap_ctl *h, unsigned int c)
{
	struct heap_page *p;
	uint64_t addr;
	uint32_t idx;
	unsigned int w;

	if (buddy_alloc(&h->buddy, PAGE_SIZE, &addr))
		return HEAP_NONE;
	idx = (uint32_t)((addr - h->data) >> PAGE_SHIFT);
	p = &h->pages[idx];
	for (w = 0; w < HEAP_SLAB_WORDS; w++)
		p->bitmap[w] = slab_tail_bits(w, h->cls[c].nobjs);
	p->next = p->prev = HEAP_NONE;
	p->inuse = 0;
	p->type = HEAP_PAGE_SLAB;
	p->arg = (uint8_t)c;
	h->cls[c].pages++;
	return idx;
}

/* Give slab @idx (empty, on no list) back to the buddy. */
static void slab_release(struct heap_ctl *h, uint32_t idx)
{
	struct heap_page *p = &h->pages[idx];

	h->cls[p->arg].pages--;
	p->type = HEAP_PAGE_FREE;
	p->arg = 0;
	if (buddy_free(&h->buddy, heap_page_addr(h, idx)))
		h->corruptions++;
}

bool heap_slab_reclaim(struct heap_ctl *h)
{
	bool any = false;
	unsigned int c;

	for (c = 0; c < HEAP_NCLASSES; c++) {
		if (h->cls[c].empty == HEAP_NONE)
			continue;
		slab_release(h, h->cls[c].empty);
		h->cls[c].empty = HEAP_NONE;
		any = true;
	}
	return any;
}

/* A slab of class @c with a free object, put on the partial list. */
static uint32_t slab_get(struct heap_ctl *h, unsigned int c)
{
	struct heap_class *cls = &h->cls[c];
	uint32_t idx = cls->empty;

	if (idx != HEAP_NONE) {
		cls->empty = HEAP_NONE;
	} else {
		idx = slab_new(h, c);
		if (idx == HEAP_NONE && heap_slab_reclaim(h))
			idx = slab_new(h, c);
		if (idx == HEAP_NONE)
			return HEAP_NONE;
	}
	slab_list_push(h, cls, idx);
	return idx;
}

/* Index of the first clear bit; the caller knows there is one. */
static unsigned int slab_first_free(const struct heap_page *p)
{
	unsigned int w = 0;

	while (p->bitmap[w] == UINT32_MAX)
		w++;
	return w * 32 + (unsigned int)__builtin_ctz(~p->bitmap[w]);
}

void *heap_slab_alloc(struct heap_ctl *h, unsigned int c)
{
	struct heap_class *cls = &h->cls[c];
	struct heap_page *p;
	unsigned int bit;
	uint32_t idx = cls->partial;
	void *obj;

	if (idx == HEAP_NONE)
		idx = slab_get(h, c);
	if (idx == HEAP_NONE)
		return NULL;
	p = &h->pages[idx];
	bit = slab_first_free(p);
	p->bitmap[bit / 32] |= 1U << (bit % 32);
	p->inuse++;
	cls->inuse++;
	if (p->inuse == cls->nobjs)
		slab_list_del(h, cls, idx);
	obj = (void *)(heap_page_addr(h, idx) + (uintptr_t)bit * cls->size);
	if (HEAP_DEBUG)
		heap_verify_poison(h, obj, cls->size);
	return obj;
}

/*
 * Object index of @ptr in slab page @idx, or -MV_EINVAL when @ptr is
 * not the start of an object.
 */
static int slab_obj_index(const struct heap_ctl *h, uint32_t idx, uintptr_t ptr)
{
	const struct heap_class *cls = &h->cls[h->pages[idx].arg];
	uintptr_t off = ptr - heap_page_addr(h, idx);

	if (off % cls->size || off / cls->size >= cls->nobjs)
		return -MV_EINVAL;
	return (int)(off / cls->size);
}

/* Debug: the live count must match the bitmap. */
static void slab_verify(struct heap_ctl *h, uint32_t idx)
{
	if (!heap_slab_count_ok(h, &h->pages[idx]))
		h->corruptions++;
}

/* Slab @idx lost its last object: keep it aside or give it back. */
static void slab_now_empty(struct heap_ctl *h, struct heap_class *cls,
			   uint32_t idx)
{
	slab_list_del(h, cls, idx);
	if (cls->empty == HEAP_NONE)
		cls->empty = idx;
	else
		slab_release(h, idx);
}

int heap_slab_free(struct heap_ctl *h, uint32_t idx, uintptr_t ptr)
{
	struct heap_page *p = &h->pages[idx];
	struct heap_class *cls = &h->cls[p->arg];
	int bit = slab_obj_index(h, idx, ptr);

	if (bit < 0)
		return bit;
	if (!heap_slab_bit(p, (unsigned int)bit))
		return -MV_EALREADY;
	if (HEAP_DEBUG) {
		heap_poison((void *)ptr, cls->size);
		slab_verify(h, idx);
	}
	p->bitmap[bit / 32] &= ~(1U << (bit % 32));
	if (p->inuse-- == cls->nobjs)
		slab_list_push(h, cls, idx);
	cls->inuse--;
	if (!p->inuse)
		slab_now_empty(h, cls, idx);
	return 0;
}

size_t heap_slab_size(const struct heap_ctl *h, uint32_t idx, uintptr_t ptr)
{
	const struct heap_page *p = &h->pages[idx];
	int bit = slab_obj_index(h, idx, ptr);

	if (bit < 0 || !heap_slab_bit(p, (unsigned int)bit))
		return 0;
	return h->cls[p->arg].size;
}
