/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bitmaps as arrays of unsigned long, bit i in word i / BITS_PER_LONG.
 * The single-bit helpers are inline; range and search functions live
 * in core/lib/bitmap.c and work a word at a time. They are not atomic:
 * callers serialise access.
 */
#ifndef MINIVISOR_BITMAP_H
#define MINIVISOR_BITMAP_H

#include <minivisor/types.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))

/** Number of unsigned longs that hold @nbits bits. */
#define BITMAP_LONGS(nbits) DIV_ROUND_UP((nbits), BITS_PER_LONG)

/** Declare a bitmap of @nbits bits called @name. */
#define DECLARE_BITMAP(name, nbits) unsigned long name[BITMAP_LONGS(nbits)]

/** Set bit @bit. */
static inline void bitmap_set_bit(unsigned long *map, size_t bit)
{
	map[bit / BITS_PER_LONG] |= 1UL << (bit % BITS_PER_LONG);
}

/** Clear bit @bit. */
static inline void bitmap_clear_bit(unsigned long *map, size_t bit)
{
	map[bit / BITS_PER_LONG] &= ~(1UL << (bit % BITS_PER_LONG));
}

/** True when bit @bit is set. */
static inline bool bitmap_test_bit(const unsigned long *map, size_t bit)
{
	return (map[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG)) & 1;
}

/** Clear all @nbits bits. */
void bitmap_zero(unsigned long *map, size_t nbits);

/** Set all @nbits bits (bits past @nbits in the last word stay clear). */
void bitmap_fill(unsigned long *map, size_t nbits);

/** Set bits [@start, @start + @count). */
void bitmap_set_range(unsigned long *map, size_t start, size_t count);

/** Clear bits [@start, @start + @count). */
void bitmap_clear_range(unsigned long *map, size_t start, size_t count);

/** Index of the first set bit in [@start, @nbits), or @nbits if none. */
size_t bitmap_find_next_set(const unsigned long *map, size_t nbits,
			    size_t start);

/** Index of the first clear bit in [@start, @nbits), or @nbits if none. */
size_t bitmap_find_next_zero(const unsigned long *map, size_t nbits,
			     size_t start);

/** Number of set bits among the first @nbits. */
size_t bitmap_weight(const unsigned long *map, size_t nbits);

/** True when every bit in [@start, @start + @count) is clear. */
bool bitmap_range_is_zero(const unsigned long *map, size_t start, size_t count);

#endif
