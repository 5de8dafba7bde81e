// SPDX-License-Identifier: GPL-2.0-only
/* host_ram: per-bank figures, bitmap dumps and the consistency check. */
#include <minivisor/errno.h>

#include "host_ram_priv.h"

int host_ram_bank_info(unsigned int i, struct host_ram_bank_info *info)
{
	irqflags_t flags = hr_lock_take();
	const struct hr_bank *b = hr_bank_get(i);
	int ret = -MV_ENOENT;

	if (i < hr_bank_count()) {
		*info = (struct host_ram_bank_info){
			.start = b->start,
			.size = b->size,
			.frames = b->size >> PAGE_SHIFT,
			.free_frames = b->free_frames,
			.reserved_frames = b->reserved_frames,
			.meta_bytes = b->meta_bytes,
		};
		ret = 0;
	}
	hr_lock_drop(flags);
	return ret;
}

/* 64 used-bits of bank @b starting at bit @i (any alignment). */
static uint64_t hr_used_bits(const struct hr_bank *b, uint64_t i)
{
	uint64_t w = i >> 6, sh = i & 63, free;

	free = hbitmap_word(&b->free, w) >> sh;
	if (sh && w + 1 < hbitmap_nwords(&b->free))
		free |= hbitmap_word(&b->free, w + 1) << (64 - sh);
	return ~free;
}

int host_ram_bank_bitmap(unsigned int i, uint64_t first, uint64_t *out,
			 unsigned int nwords)
{
	irqflags_t flags = hr_lock_take();
	const struct hr_bank *b = hr_bank_get(i);
	uint64_t frames, k, left;
	int ret = -MV_ENOENT;

	if (i < hr_bank_count()) {
		frames = b->size >> PAGE_SHIFT;
		ret = IS_ALIGNED(first, 64) ? 0 : -MV_EINVAL;
		for (k = 0; !ret && k < nwords && first + k * 64 < frames;
		     k++) {
			left = frames - first - k * 64;
			out[k] = hr_used_bits(b, b->head + first + k * 64);
			if (left < 64)
				out[k] &= (1ULL << left) - 1;
		}
		if (!ret)
			ret = (int)k;
	}
	hr_lock_drop(flags);
	return ret;
}

/* Summary @lvl bit u is set exactly when its 2^@shift frames are free. */
static int hr_check_level(const struct hr_bank *b, const struct hbitmap *lvl,
			  unsigned int shift)
{
	uint64_t u, n = 1ULL << shift;

	if (lvl->nbits && hbitmap_check(lvl))
		return -MV_EIO;
	for (u = 0; u < lvl->nbits; u++)
		if (hbitmap_test(lvl, u) !=
		    hbitmap_range_set(&b->free, u << shift, n))
			return -MV_EIO;
	return 0;
}

/* Reserved and free are disjoint, the head hole is neither, counts fit. */
static int hr_check_bits(const struct hr_bank *b)
{
	uint64_t w, nfree = hbitmap_count(&b->free),
		    nresv = hbitmap_count(&b->resv);

	for (w = 0; w < hbitmap_nwords(&b->free); w++)
		if (hbitmap_word(&b->free, w) & hbitmap_word(&b->resv, w))
			return -MV_EIO;
	if (nfree != b->free_frames || nresv != b->reserved_frames ||
	    nfree + nresv > (b->size >> PAGE_SHIFT))
		return -MV_EIO;
	if (!hbitmap_range_clear(&b->free, 0, b->head) ||
	    !hbitmap_range_clear(&b->resv, 0, b->head))
		return -MV_EIO;
	return 0;
}

int hr_bank_check(const struct hr_bank *b)
{
	if (hbitmap_check(&b->free) || hbitmap_check(&b->resv) ||
	    hr_check_bits(b) || hr_check_level(b, &b->words, HR_WORD_SHIFT) ||
	    hr_check_level(b, &b->chunks, HR_CHUNK_SHIFT))
		return -MV_EIO;
	return 0;
}

int host_ram_check(void)
{
	irqflags_t flags = hr_lock_take();
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < hr_bank_count(); i++)
		ret = hr_bank_check(hr_bank_get(i));
	hr_lock_drop(flags);
	return ret;
}
