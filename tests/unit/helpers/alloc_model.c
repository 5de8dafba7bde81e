// SPDX-License-Identifier: GPL-2.0-only
/* The allocators' reference model (see alloc_model.h). */
#include <stdbool.h>

#include "alloc_model.h"

uint64_t model_rand(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

uint64_t model_count(const unsigned char *st, uint64_t n, int s)
{
	uint64_t i, c = 0;

	for (i = 0; i < n; i++)
		c += st[i] == s;
	return c;
}

int64_t model_find_free(const unsigned char *st, uint64_t n, uint64_t first,
			uint64_t count, uint64_t align)
{
	uint64_t f, start = 0; /* first aligned index of the current run */
	bool in_run = false;

	/*
	 * One pass: in each free run only its lowest aligned start matters,
	 * as it has the most room; the first run where it fits wins.
	 */
	for (f = 0; f < n; f++) {
		if (st[f] != M_FREE) {
			in_run = false;
			continue;
		}
		if (!in_run) {
			start = f + (align - (first + f) % align) % align;
			in_run = true;
		}
		if (f >= start && f - start + 1 >= count)
			return (int64_t)start;
	}
	return -1;
}
