/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reference model for the allocators' random tests: one state byte per
 * unit (a frame, a minimum-size block), a reproducible random source, and
 * the questions a test asks the model to predict the allocator's answer.
 */
#ifndef TESTS_ALLOC_MODEL_H
#define TESTS_ALLOC_MODEL_H

#include <stdint.h>

/** State of one unit in the model's byte map. */
enum { M_FREE, M_ALLOC, M_RESV };

/** Next number of the xorshift64 sequence in *@state (seed non-zero). */
uint64_t model_rand(uint64_t *state);

/** Number of the @n units of @st in state @s. */
uint64_t model_count(const unsigned char *st, uint64_t n, int s);

/**
 * Lowest index of @st (of @n units) where @count free units start at an
 * address aligned to @align units, the map's index 0 being unit @first
 * of the address space; -1 if there is none.
 */
int64_t model_find_free(const unsigned char *st, uint64_t n, uint64_t first,
			uint64_t count, uint64_t align);

#endif
