// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hierarchical bitmap (see include/minivisor/hbitmap.h). Level 0 holds
 * the bits; bit j of level l+1 is set when word j of level l is not
 * zero. The top level is a single word, so a search reads at most one
 * word per level on the way up and one per level on the way down.
 */
#include <minivisor/bitmap.h>
#include <minivisor/errno.h>
#include <minivisor/hbitmap.h>

/* Words needed at each level for @nbits leaf bits; returns the count. */
static unsigned int hb_layout(uint64_t nbits, uint64_t *nwords)
{
	unsigned int l = 0;
	uint64_t n = nbits;

	do {
		n = DIV_ROUND_UP(n, 64);
		nwords[l++] = n;
	} while (n > 1 && l < HBITMAP_MAX_LEVELS);
	return l;
}

size_t hbitmap_meta_size(uint64_t nbits)
{
	uint64_t nwords[HBITMAP_MAX_LEVELS], total = 0;
	unsigned int i, n;

	if (!nbits || nbits > HBITMAP_MAX_BITS)
		return 0;
	n = hb_layout(nbits, nwords);
	for (i = 0; i < n; i++)
		total += nwords[i];
	return (size_t)(total * sizeof(uint64_t));
}

int hbitmap_init(struct hbitmap *hb, uint64_t nbits, void *mem, size_t size)
{
	uint64_t nwords[HBITMAP_MAX_LEVELS];
	uint64_t *p = mem;
	unsigned int l;

	if (!nbits || nbits > HBITMAP_MAX_BITS || !mem ||
	    !IS_ALIGNED((uintptr_t)mem, sizeof(uint64_t)) ||
	    size < hbitmap_meta_size(nbits))
		return -MV_EINVAL;
	hb->nbits = nbits;
	hb->nlevels = hb_layout(nbits, nwords);
	for (l = 0; l < HBITMAP_MAX_LEVELS; l++) {
		hb->lvl[l] = l < hb->nlevels ? p : NULL;
		if (l < hb->nlevels) {
			uint64_t w;

			for (w = 0; w < nwords[l]; w++)
				p[w] = 0;
			p += nwords[l];
		}
	}
	return 0;
}

/* Word @idx of level @l became non-zero: tell the levels above. */
static void hb_summary_set(struct hbitmap *hb, unsigned int l, uint64_t idx)
{
	for (; l < hb->nlevels; l++) {
		uint64_t *word = &hb->lvl[l][idx >> 6];
		uint64_t old = *word;

		*word = old | BIT_ULL(idx & 63);
		if (old)
			return;
		idx >>= 6;
	}
}

/* Word @idx of level @l became zero: tell the levels above. */
static void hb_summary_clear(struct hbitmap *hb, unsigned int l, uint64_t idx)
{
	for (; l < hb->nlevels; l++) {
		uint64_t *word = &hb->lvl[l][idx >> 6];

		*word &= ~BIT_ULL(idx & 63);
		if (*word)
			return;
		idx >>= 6;
	}
}

uint64_t hbitmap_set_bits(struct hbitmap *hb, uint64_t w, uint64_t mask)
{
	uint64_t old = hb->lvl[0][w];

	hb->lvl[0][w] = old | mask;
	if (!old && mask)
		hb_summary_set(hb, 1, w);
	return old;
}

uint64_t hbitmap_clear_bits(struct hbitmap *hb, uint64_t w, uint64_t mask)
{
	uint64_t old = hb->lvl[0][w];

	hb->lvl[0][w] = old & ~mask;
	if (old && !(old & ~mask))
		hb_summary_clear(hb, 1, w);
	return old;
}

void hbitmap_set(struct hbitmap *hb, uint64_t i)
{
	hbitmap_set_bits(hb, i >> 6, BIT_ULL(i & 63));
}

void hbitmap_clear(struct hbitmap *hb, uint64_t i)
{
	hbitmap_clear_bits(hb, i >> 6, BIT_ULL(i & 63));
}

void hbitmap_set_range(struct hbitmap *hb, uint64_t start, uint64_t n)
{
	uint64_t end = start + n, w;

	for (w = start >> 6; n && w <= (end - 1) >> 6; w++)
		hbitmap_set_bits(hb, w, hbitmap_word_mask(w, start, end));
}

void hbitmap_clear_range(struct hbitmap *hb, uint64_t start, uint64_t n)
{
	uint64_t end = start + n, w;

	for (w = start >> 6; n && w <= (end - 1) >> 6; w++)
		hbitmap_clear_bits(hb, w, hbitmap_word_mask(w, start, end));
}

/* Walk down from set bit @idx of level @l to the first set leaf bit. */
static uint64_t hb_descend(const struct hbitmap *hb, unsigned int l,
			   uint64_t idx)
{
	while (l > 0) {
		l--;
		idx = idx * 64 + (uint64_t)__builtin_ctzll(hb->lvl[l][idx]);
	}
	return idx;
}

uint64_t hbitmap_find_next(const struct hbitmap *hb, uint64_t from)
{
	uint64_t idx = from, nbits_l = hb->nbits;
	unsigned int l;

	for (l = 0; l < hb->nlevels; l++) {
		uint64_t w = idx >> 6, word;

		if (idx >= nbits_l)
			return hb->nbits;
		word = hb->lvl[l][w] & (~0ULL << (idx & 63));
		if (word)
			return hb_descend(
				hb, l,
				w * 64 + (uint64_t)__builtin_ctzll(word));
		/* Nothing left in this word: continue with the next one,
		 * which is the next bit one level up. */
		idx = w + 1;
		nbits_l = DIV_ROUND_UP(nbits_l, 64);
	}
	return hb->nbits;
}

uint64_t hbitmap_find_next_zero(const struct hbitmap *hb, uint64_t from,
				uint64_t to)
{
	return bitmap_find_next_zero(hb->lvl[0], to, from);
}

bool hbitmap_range_set(const struct hbitmap *hb, uint64_t start, uint64_t n)
{
	return hbitmap_find_next_zero(hb, start, start + n) == start + n;
}

bool hbitmap_range_clear(const struct hbitmap *hb, uint64_t start, uint64_t n)
{
	/* Word by word: short ranges never climb the summary levels. */
	return bitmap_range_is_zero(hb->lvl[0], start, n);
}

uint64_t hbitmap_count(const struct hbitmap *hb)
{
	return bitmap_weight(hb->lvl[0], hb->nbits);
}

/* Bits past @nbits in the last word of a level with @nbits bits. */
static uint64_t hb_tail_mask(uint64_t nbits)
{
	return nbits % 64 ? ~0ULL << (nbits % 64) : 0;
}

int hbitmap_check(const struct hbitmap *hb)
{
	uint64_t nbits_l = hb->nbits, j;
	unsigned int l;

	for (l = 0; l < hb->nlevels; l++) {
		uint64_t nw = DIV_ROUND_UP(nbits_l, 64);

		if (hb->lvl[l][nw - 1] & hb_tail_mask(nbits_l))
			return -MV_EIO;
		for (j = 0; l + 1 < hb->nlevels && j < nw; j++) {
			uint64_t sum = hb->lvl[l + 1][j >> 6] >> (j & 63);

			if ((sum & 1) != (hb->lvl[l][j] != 0))
				return -MV_EIO;
		}
		nbits_l = nw;
	}
	return 0;
}
