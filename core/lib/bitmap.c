// SPDX-License-Identifier: GPL-2.0-only
/* Bitmap ranges and searches, a word at a time (minivisor/bitmap.h). */
#include <minivisor/bitmap.h>

/* Mask of bits [@lo, @hi) within one word, 0 <= lo < hi <= BITS. */
static unsigned long word_mask(size_t lo, size_t hi)
{
	unsigned long upper = hi >= BITS_PER_LONG ? ~0UL : (1UL << hi) - 1;

	return upper & ~((1UL << lo) - 1);
}

/* Apply set (@set true) or clear to [@start, @start + @count). */
static void bitmap_update_range(unsigned long *map, size_t start, size_t count,
				bool set)
{
	size_t end = start + count;

	while (start < end) {
		size_t w = start / BITS_PER_LONG;
		size_t lo = start % BITS_PER_LONG;
		size_t hi = MIN(end - w * BITS_PER_LONG, BITS_PER_LONG);
		unsigned long m = word_mask(lo, hi);

		if (set)
			map[w] |= m;
		else
			map[w] &= ~m;
		start = (w + 1) * BITS_PER_LONG;
	}
}

void bitmap_set_range(unsigned long *map, size_t start, size_t count)
{
	bitmap_update_range(map, start, count, true);
}

void bitmap_clear_range(unsigned long *map, size_t start, size_t count)
{
	bitmap_update_range(map, start, count, false);
}

void bitmap_zero(unsigned long *map, size_t nbits)
{
	for (size_t i = 0; i < BITMAP_LONGS(nbits); i++)
		map[i] = 0;
}

void bitmap_fill(unsigned long *map, size_t nbits)
{
	bitmap_zero(map, nbits);
	bitmap_set_range(map, 0, nbits);
}

/*
 * First bit in [@start, @nbits) whose value is 1 after XOR with @invert
 * (0 to find set bits, ~0 to find clear ones).
 */
static size_t bitmap_find_next(const unsigned long *map, size_t nbits,
			       size_t start, unsigned long invert)
{
	size_t w = start / BITS_PER_LONG;
	unsigned long word;

	if (start >= nbits)
		return nbits;
	word = (map[w] ^ invert) & ~((1UL << (start % BITS_PER_LONG)) - 1);
	while (!word) {
		if (++w >= BITMAP_LONGS(nbits))
			return nbits;
		word = map[w] ^ invert;
	}
	start = w * BITS_PER_LONG + (size_t)__builtin_ctzl(word);
	return MIN(start, nbits);
}

size_t bitmap_find_next_set(const unsigned long *map, size_t nbits,
			    size_t start)
{
	return bitmap_find_next(map, nbits, start, 0);
}

size_t bitmap_find_next_zero(const unsigned long *map, size_t nbits,
			     size_t start)
{
	return bitmap_find_next(map, nbits, start, ~0UL);
}

size_t bitmap_weight(const unsigned long *map, size_t nbits)
{
	size_t full = nbits / BITS_PER_LONG, n = 0;

	for (size_t i = 0; i < full; i++)
		n += (size_t)__builtin_popcountl(map[i]);
	if (nbits % BITS_PER_LONG)
		n += (size_t)__builtin_popcountl(
			map[full] & word_mask(0, nbits % BITS_PER_LONG));
	return n;
}

bool bitmap_range_is_zero(const unsigned long *map, size_t start, size_t count)
{
	size_t end = start + count;

	return count == 0 || bitmap_find_next_set(map, end, start) >= end;
}
