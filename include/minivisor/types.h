/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types: fixed-width integers and address types. */
#ifndef MINIVISOR_TYPES_H
#define MINIVISOR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** A host physical address. */
typedef uint64_t paddr_t;
/** A hypervisor virtual address. */
typedef uintptr_t vaddr_t;
/** A guest physical (intermediate physical) address. */
typedef uint64_t gpa_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
#define KIB(x) ((uint64_t)(x) << 10)
#define MIB(x) ((uint64_t)(x) << 20)
#define GIB(x) ((uint64_t)(x) << 30)

#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + ((__typeof__(x))(a)-1), (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define IS_POW2(x) ((x) != 0 && ((x) & ((x)-1)) == 0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

/**
 * True when [@a, @a + @asz) and [@b, @b + @bsz) share a byte. Empty
 * ranges overlap nothing; no end is computed, so ranges that reach the
 * top of the address space do not wrap around.
 */
static inline bool ranges_overlap(uint64_t a, uint64_t asz, uint64_t b,
				  uint64_t bsz)
{
	if (!asz || !bsz)
		return false;
	return a < b ? asz > b - a : bsz > a - b;
}

#endif
