// SPDX-License-Identifier: GPL-2.0-only
/*
 * host_ram: finding free runs of frames without bit-by-bit scans.
 *
 * A run long enough to contain a whole aligned 64-frame word (or 2 MiB
 * chunk) is searched from the "words" (or "chunks") summary: jump to the
 * next entirely free unit in O(log64 n), grow the run around it, and
 * check it. Each failed candidate moves the search past a used frame, so
 * the cost grows with the number of separate free units examined, not
 * with the number of used frames. Shorter runs are searched on the frame
 * bitmap the same way (next free frame, then check the run).
 */
#include "host_ram_priv.h"

/* First bit at or after @i whose physical frame is @align aligned. */
static uint64_t hr_align(const struct hr_bank *b, uint64_t i, uint64_t align)
{
	return ALIGN_UP(b->base_frame + i, align) - b->base_frame;
}

/* Free frames just below bit @s, counted backwards, at most @limit. */
static uint64_t hr_free_before(const struct hr_bank *b, uint64_t s,
			       uint64_t limit)
{
	uint64_t n = 0;

	while (s > 0 && n < limit) {
		uint64_t bit = (s - 1) & 63, run;
		uint64_t word = hbitmap_word(&b->free, (s - 1) >> 6)
				<< (63 - bit);

		/* Leading ones of @word are the free frames below @s. */
		run = ~word ? (uint64_t)__builtin_clzll(~word) : 64;
		run = MIN(run, bit + 1);
		n += run;
		s -= run;
		if (run < bit + 1)
			break;
	}
	return MIN(n, limit);
}

/* True when [@p, @p + @count) fits and is free; else *@used = a used bit. */
static bool hr_run_free(const struct hr_bank *b, uint64_t p, uint64_t count,
			uint64_t *used)
{
	if (p > b->nbits || count > b->nbits - p) {
		*used = HR_NONE;
		return false;
	}
	*used = hbitmap_find_next_zero(&b->free, p, p + count);
	return *used == p + count;
}

/* Runs too short for a summary level: candidates are free frames. */
static uint64_t hr_find_leaf(const struct hr_bank *b, uint64_t count,
			     uint64_t align)
{
	uint64_t from = 0, f, p, used;

	for (;;) {
		f = hbitmap_find_next(&b->free, from);
		if (f >= b->nbits)
			return HR_NONE;
		p = hr_align(b, f, align);
		if (hr_run_free(b, p, count, &used))
			return p;
		if (used == HR_NONE)
			return HR_NONE;
		from = used + 1;
	}
}

/*
 * Runs that always hold a whole unit of 2^@shift frames of summary
 * @lvl: candidates are entirely free units.
 */
static uint64_t hr_find_level(const struct hr_bank *b,
			      const struct hbitmap *lvl, unsigned int shift,
			      uint64_t count, uint64_t align)
{
	uint64_t from = 0, c, s, p, used;

	for (;;) {
		c = hbitmap_find_next(lvl, from);
		if (c >= lvl->nbits)
			return HR_NONE;
		s = c << shift;
		/* An unaligned run may start before the unit. */
		if (align < (1ULL << shift))
			s -= hr_free_before(b, s, count);
		p = hr_align(b, s, align);
		if (hr_run_free(b, p, count, &used))
			return p;
		if (used == HR_NONE)
			return HR_NONE;
		from = (used >> shift) + 1;
	}
}

/* True when every run of @count frames at @align holds a 2^@shift unit. */
static bool hr_holds_unit(uint64_t count, uint64_t align, unsigned int shift)
{
	uint64_t u = 1ULL << shift;

	return (align >= u && count >= u) || count >= 2 * u - 1;
}

uint64_t hr_find_run(const struct hr_bank *b, uint64_t count, uint64_t align)
{
	if (count == 1 && align == 1) {
		uint64_t f = hbitmap_find_next(&b->free, 0);

		return f < b->nbits ? f : HR_NONE;
	}
	if (b->chunks.nbits && hr_holds_unit(count, align, HR_CHUNK_SHIFT))
		return hr_find_level(b, &b->chunks, HR_CHUNK_SHIFT, count,
				     align);
	if (b->words.nbits && hr_holds_unit(count, align, HR_WORD_SHIFT))
		return hr_find_level(b, &b->words, HR_WORD_SHIFT, count, align);
	return hr_find_leaf(b, count, align);
}
