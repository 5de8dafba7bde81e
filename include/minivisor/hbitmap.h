/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hierarchical bitmap: a leaf bitmap plus 64-ary summary levels, where
 * bit j of level l+1 says "word j of level l is not zero". Finding a set
 * bit therefore costs one word per level (O(log64 n)) however sparse the
 * leaf is, instead of a bit-by-bit scan. Used by host_ram (free frames,
 * free words, free 2 MiB chunks) and by the buddy allocator (free blocks
 * per order). The words live in caller memory: hbitmap_meta_size()
 * bytes, 8-byte aligned. Not locked: callers serialise.
 */
#ifndef MINIVISOR_HBITMAP_H
#define MINIVISOR_HBITMAP_H

#include <minivisor/types.h>

/* 64^8 = 2^48 bits: enough for 2^60 bytes of 4 KiB frames. */
#define HBITMAP_MAX_LEVELS 8
#define HBITMAP_MAX_BITS (1ULL << 48)

/** A hierarchical bitmap; fields are private to mm/hbitmap.c. */
struct hbitmap {
	uint64_t nbits;
	unsigned int nlevels;
	uint64_t *lvl[HBITMAP_MAX_LEVELS]; /* lvl[0] is the leaf */
};

/** Bytes of words a bitmap of @nbits bits needs, every level included. */
size_t hbitmap_meta_size(uint64_t nbits);

/**
 * Lay out @hb over @mem (hbitmap_meta_size(@nbits) bytes, 8-byte
 * aligned) with every bit clear. Returns 0, or -MV_EINVAL when @nbits is
 * 0 or above HBITMAP_MAX_BITS, or @mem is too small or misaligned.
 */
int hbitmap_init(struct hbitmap *hb, uint64_t nbits, void *mem, size_t size);

/** True when bit @i is set; @i must be below nbits. */
static inline bool hbitmap_test(const struct hbitmap *hb, uint64_t i)
{
	return (hb->lvl[0][i >> 6] >> (i & 63)) & 1;
}

/** Leaf word @w (bits 64w .. 64w+63); bits past nbits read as 0. */
static inline uint64_t hbitmap_word(const struct hbitmap *hb, uint64_t w)
{
	return hb->lvl[0][w];
}

/** True when leaf word @w has a set bit (read from the summary above it). */
static inline bool hbitmap_word_any(const struct hbitmap *hb, uint64_t w)
{
	if (hb->nlevels < 2)
		return hb->lvl[0][w] != 0;
	return (hb->lvl[1][w >> 6] >> (w & 63)) & 1;
}

/** Mask of the bits of leaf word @w that fall inside [@start, @end). */
static inline uint64_t hbitmap_word_mask(uint64_t w, uint64_t start,
					 uint64_t end)
{
	uint64_t lo = w * 64, mask = ~0ULL;

	if (start > lo)
		mask &= ~0ULL << (start - lo);
	if (end < lo + 64)
		mask &= ~0ULL >> (lo + 64 - end);
	return mask;
}

/** Number of leaf words. */
static inline uint64_t hbitmap_nwords(const struct hbitmap *hb)
{
	return DIV_ROUND_UP(hb->nbits, 64);
}

/** Set bit @i (below nbits) and update the summaries. */
void hbitmap_set(struct hbitmap *hb, uint64_t i);

/** Clear bit @i (below nbits) and update the summaries. */
void hbitmap_clear(struct hbitmap *hb, uint64_t i);

/**
 * Set the bits of @mask in leaf word @w (the caller keeps bits past
 * nbits clear). Returns the word's previous value.
 */
uint64_t hbitmap_set_bits(struct hbitmap *hb, uint64_t w, uint64_t mask);

/** Clear the bits of @mask in leaf word @w; returns the previous value. */
uint64_t hbitmap_clear_bits(struct hbitmap *hb, uint64_t w, uint64_t mask);

/** Set bits [@start, @start + @n), word by word. */
void hbitmap_set_range(struct hbitmap *hb, uint64_t start, uint64_t n);

/** Clear bits [@start, @start + @n), word by word. */
void hbitmap_clear_range(struct hbitmap *hb, uint64_t start, uint64_t n);

/**
 * Index of the first set bit at or after @from, found through the
 * summaries; nbits when there is none.
 */
uint64_t hbitmap_find_next(const struct hbitmap *hb, uint64_t from);

/**
 * Index of the first clear bit in [@from, @to) (to <= nbits), scanning
 * whole words; @to when every bit is set.
 */
uint64_t hbitmap_find_next_zero(const struct hbitmap *hb, uint64_t from,
				uint64_t to);

/** True when every bit of [@start, @start + @n) is set. */
bool hbitmap_range_set(const struct hbitmap *hb, uint64_t start, uint64_t n);

/** True when no bit of [@start, @start + @n) is set (a word scan). */
bool hbitmap_range_clear(const struct hbitmap *hb, uint64_t start, uint64_t n);

/** Number of set bits (a full walk of the leaf). */
uint64_t hbitmap_count(const struct hbitmap *hb);

/**
 * Verify that every summary bit matches the level below and that no bit
 * past nbits is set. Returns 0 or -MV_EIO.
 */
int hbitmap_check(const struct hbitmap *hb);

#endif
