// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host RAM frame allocator (include/minivisor/host_ram.h): banks, frame
 * allocation, free and reserve. Layout and search: mm/host_ram_priv.h,
 * mm/host_ram_search.c. One lock covers every bank; it is taken with
 * interrupts masked because any CPU may allocate at any time.
 */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/errno.h>

#include "host_ram_priv.h"

static struct hr_bank banks[CONFIG_HOST_RAM_MAX_BANKS];
static unsigned int nbanks;
static uint64_t alloc_failures, bad_frees, bad_reserves;
static arch_spinlock_t hr_lock = ARCH_SPINLOCK_INIT;

struct hr_bank *hr_bank_get(unsigned int i)
{
	return &banks[i];
}

unsigned int hr_bank_count(void)
{
	return nbanks;
}

irqflags_t hr_lock_take(void)
{
	return arch_spin_lock_irqsave(&hr_lock);
}

void hr_lock_drop(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&hr_lock, flags);
}

/* Bits a bank needs: its frames plus a head hole of up to 511 frames. */
static uint64_t hr_max_bits(uint64_t size)
{
	return (size >> PAGE_SHIFT) + HR_CHUNK_FRAMES - 1;
}

/* Meta bytes for a bank whose bitmaps have @nbits bits. */
static size_t hr_meta_bits(uint64_t nbits)
{
	return hbitmap_meta_size(nbits) +
	       hbitmap_meta_size(nbits >> HR_WORD_SHIFT) +
	       hbitmap_meta_size(nbits >> HR_CHUNK_SHIFT) +
	       hbitmap_meta_size(nbits);
}

size_t host_ram_bank_meta_size(uint64_t size)
{
	if (!size || hr_max_bits(size) > HBITMAP_MAX_BITS)
		return 0;
	return hr_meta_bits(hr_max_bits(size));
}

/* Set up a summary over @nbits units at *@mem (nothing when 0 units). */
static void hr_hb_init(struct hbitmap *hb, uint64_t nbits, uint8_t **mem)
{
	size_t sz = hbitmap_meta_size(nbits);

	*hb = (struct hbitmap){ 0 };
	if (nbits)
		hbitmap_init(hb, nbits, *mem, sz);
	*mem += sz;
}

/* Leaf word @w went from @old to @new: keep the summaries exact. */
static void hr_word_changed(struct hr_bank *b, uint64_t w, uint64_t old,
			    uint64_t new)
{
	uint64_t c = w >> (HR_CHUNK_SHIFT - HR_WORD_SHIFT), group;

	if (w >= b->words.nbits || (old == ~0ULL) == (new == ~0ULL))
		return;
	if (old == ~0ULL) {
		hbitmap_clear(&b->words, w);
		if (c < b->chunks.nbits)
			hbitmap_clear(&b->chunks, c);
		return;
	}
	hbitmap_set(&b->words, w);
	group = hbitmap_word(&b->words, w >> 6) >> ((w & 63) & ~7ULL);
	if (c < b->chunks.nbits && (group & 0xff) == 0xff)
		hbitmap_set(&b->chunks, c);
}

/* Mark bits [@s, @s + @n) free (@to_free) or used, word by word. */
static void hr_mark(struct hr_bank *b, uint64_t s, uint64_t n, bool to_free)
{
	uint64_t e = s + n, w;

	for (w = s >> 6; w <= (e - 1) >> 6; w++) {
		uint64_t mask = hbitmap_word_mask(w, s, e), old;

		if (to_free)
			old = hbitmap_set_bits(&b->free, w, mask);
		else
			old = hbitmap_clear_bits(&b->free, w, mask);
		hr_word_changed(b, w, old, to_free ? old | mask : old & ~mask);
	}
}

static bool hr_overlaps(paddr_t start, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < nbanks; i++)
		if (start < banks[i].start + banks[i].size &&
		    banks[i].start < start + size)
			return true;
	return false;
}

/* Lay out bank @b's bitmaps in @meta, every frame free. */
static void hr_bank_setup(struct hr_bank *b, paddr_t start, uint64_t size,
			  void *meta)
{
	uint8_t *mem = meta;

	b->start = start;
	b->size = size;
	b->base_frame = ALIGN_DOWN(start >> PAGE_SHIFT, HR_CHUNK_FRAMES);
	b->head = (start >> PAGE_SHIFT) - b->base_frame;
	b->nbits = b->head + (size >> PAGE_SHIFT);
	b->free_frames = size >> PAGE_SHIFT;
	b->reserved_frames = 0;
	b->meta_bytes = host_ram_bank_meta_size(size);
	hr_hb_init(&b->free, b->nbits, &mem);
	hr_hb_init(&b->words, b->nbits >> HR_WORD_SHIFT, &mem);
	hr_hb_init(&b->chunks, b->nbits >> HR_CHUNK_SHIFT, &mem);
	hr_hb_init(&b->resv, b->nbits, &mem);
	hr_mark(b, b->head, b->free_frames, true);
}

int host_ram_add_bank(paddr_t start, uint64_t size, void *meta)
{
	irqflags_t flags;
	int ret;

	if (!size || !IS_ALIGNED(start | size, PAGE_SIZE) ||
	    start + size < start || !host_ram_bank_meta_size(size) || !meta ||
	    !IS_ALIGNED((uintptr_t)meta, sizeof(uint64_t)))
		return -MV_EINVAL;
	flags = hr_lock_take();
	if (hr_overlaps(start, size)) {
		ret = -MV_EINVAL;
	} else if (nbanks >= CONFIG_HOST_RAM_MAX_BANKS) {
		ret = -MV_ENOSPC;
	} else {
		hr_bank_setup(&banks[nbanks], start, size, meta);
		ret = (int)nbanks++;
	}
	hr_lock_drop(flags);
	return ret;
}

void host_ram_reset(void)
{
	irqflags_t flags = hr_lock_take();

	nbanks = 0;
	alloc_failures = bad_frees = bad_reserves = 0;
	hr_lock_drop(flags);
}

/* Take @count frames at bit @p of bank @b; returns their address. */
static paddr_t hr_take(struct hr_bank *b, uint64_t p, uint64_t count)
{
	hr_mark(b, p, count, false);
	b->free_frames -= count;
	return (b->base_frame + p) << PAGE_SHIFT;
}

int host_ram_alloc(uint64_t count, uint64_t align, paddr_t *pa)
{
	uint64_t p = HR_NONE;
	irqflags_t flags;
	unsigned int i;
	int ret = -MV_ENOMEM;

	if (!count || count > (1ULL << 52) || !IS_POW2(align) ||
	    align < PAGE_SIZE) {
		ret = -MV_EINVAL;
		count = 0; /* skip the search, still count the failure */
	}
	flags = hr_lock_take();
	for (i = 0; count && i < nbanks; i++) {
		if (banks[i].free_frames < count)
			continue;
		p = hr_find_run(&banks[i], count, align >> PAGE_SHIFT);
		if (p != HR_NONE) {
			*pa = hr_take(&banks[i], p, count);
			ret = 0;
			break;
		}
	}
	if (ret)
		alloc_failures++;
	hr_lock_drop(flags);
	return ret;
}

int host_ram_alloc_frame(paddr_t *pa)
{
	return host_ram_alloc(1, PAGE_SIZE, pa);
}

/* Bank holding all of [@pa, @pa + @count frames), or NULL. */
static struct hr_bank *hr_bank_of(paddr_t pa, uint64_t count)
{
	unsigned int i;

	for (i = 0; i < nbanks; i++) {
		struct hr_bank *b = &banks[i];

		if (pa >= b->start && pa - b->start < b->size &&
		    count <= (b->size - (pa - b->start)) >> PAGE_SHIFT)
			return b;
	}
	return NULL;
}

/* Why bits [@s, @s + @n) cannot be freed, or 0 if they can. */
static int hr_free_refusal(const struct hr_bank *b, uint64_t s, uint64_t n)
{
	uint64_t w;

	for (w = s >> 6; w <= (s + n - 1) >> 6; w++)
		/* The summary bit spares a read of the big leaf. */
		if (hbitmap_word_any(&b->resv, w) &&
		    hbitmap_word(&b->resv, w) & hbitmap_word_mask(w, s, s + n))
			return -MV_EPERM;
	if (!hbitmap_range_clear(&b->free, s, n))
		return -MV_EALREADY;
	return 0;
}

int host_ram_free(paddr_t pa, uint64_t count)
{
	struct hr_bank *b;
	irqflags_t flags = hr_lock_take();
	uint64_t s = 0;
	int ret = -MV_EINVAL;

	b = IS_ALIGNED(pa, PAGE_SIZE) && count ? hr_bank_of(pa, count) : NULL;
	if (b) {
		s = (pa >> PAGE_SHIFT) - b->base_frame;
		ret = hr_free_refusal(b, s, count);
	}
	if (!ret) {
		hr_mark(b, s, count, true);
		b->free_frames += count;
	} else {
		bad_frees++;
	}
	hr_lock_drop(flags);
	return ret;
}

/* Bits [*s, *e) of bank @b inside frames [@fs, @fe); false if none. */
static bool hr_clip(const struct hr_bank *b, uint64_t fs, uint64_t fe,
		    uint64_t *s, uint64_t *e)
{
	uint64_t first = b->base_frame + b->head;
	uint64_t last = b->base_frame + b->nbits;

	if (fe <= first || fs >= last)
		return false;
	*s = MAX(fs, first) - b->base_frame;
	*e = MIN(fe, last) - b->base_frame;
	return true;
}

/* True when a frame of bits [@s, @e) is allocated (not free, not resv). */
static bool hr_any_allocated(const struct hr_bank *b, uint64_t s, uint64_t e)
{
	uint64_t w;

	for (w = s >> 6; w <= (e - 1) >> 6; w++)
		if (~hbitmap_word(&b->free, w) & ~hbitmap_word(&b->resv, w) &
		    hbitmap_word_mask(w, s, e))
			return true;
	return false;
}

/* Reserve bits [@s, @e): free frames become reserved, counts follow. */
static void hr_reserve_bits(struct hr_bank *b, uint64_t s, uint64_t e)
{
	uint64_t w;

	for (w = s >> 6; w <= (e - 1) >> 6; w++) {
		uint64_t mask = hbitmap_word_mask(w, s, e);
		uint64_t newly = hbitmap_word(&b->free, w) & mask, old;

		hbitmap_set_bits(&b->resv, w, mask);
		old = hbitmap_clear_bits(&b->free, w, newly);
		hr_word_changed(b, w, old, old & ~newly);
		b->free_frames -= (uint64_t)__builtin_popcountll(newly);
		b->reserved_frames += (uint64_t)__builtin_popcountll(newly);
	}
}

/* -MV_EBUSY when frames [@fs, @fe) hold an allocated frame, else 0. */
static int hr_reserve_check(uint64_t fs, uint64_t fe)
{
	uint64_t s, e;
	unsigned int i;

	for (i = 0; i < nbanks; i++)
		if (hr_clip(&banks[i], fs, fe, &s, &e) &&
		    hr_any_allocated(&banks[i], s, e))
			return -MV_EBUSY;
	return 0;
}

int host_ram_reserve(paddr_t pa, uint64_t size)
{
	uint64_t end = pa + size, fs = pa >> PAGE_SHIFT, fe, s, e;
	irqflags_t flags = hr_lock_take();
	unsigned int i;
	int ret = -MV_EINVAL;

	/* Round out to frames without overflowing at the top of memory. */
	fe = (end >> PAGE_SHIFT) + !IS_ALIGNED(end, PAGE_SIZE);
	if (size && end > pa)
		ret = hr_reserve_check(fs, fe);
	for (i = 0; !ret && i < nbanks; i++)
		if (hr_clip(&banks[i], fs, fe, &s, &e))
			hr_reserve_bits(&banks[i], s, e);
	if (ret)
		bad_reserves++;
	hr_lock_drop(flags);
	return ret;
}

bool host_ram_frame_used(paddr_t pa)
{
	irqflags_t flags = hr_lock_take();
	struct hr_bank *b = hr_bank_of(ALIGN_DOWN(pa, PAGE_SIZE), 1);
	bool used = false;

	if (b)
		used = !hbitmap_test(&b->free,
				     (pa >> PAGE_SHIFT) - b->base_frame);
	hr_lock_drop(flags);
	return used;
}

void host_ram_get_info(struct host_ram_info *info)
{
	irqflags_t flags = hr_lock_take();
	unsigned int i;

	*info = (struct host_ram_info){ .nbanks = nbanks,
					.alloc_failures = alloc_failures,
					.bad_frees = bad_frees,
					.bad_reserves = bad_reserves };
	for (i = 0; i < nbanks; i++) {
		info->frames += banks[i].size >> PAGE_SHIFT;
		info->free_frames += banks[i].free_frames;
		info->reserved_frames += banks[i].reserved_frames;
		info->meta_bytes += banks[i].meta_bytes;
	}
	hr_lock_drop(flags);
}
