/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String helpers of the core (beyond the C library): strict number
 * parsing for the shell and prefix tests for completion.
 */
#ifndef MINIVISOR_STRING_H
#define MINIVISOR_STRING_H

#include <minivisor/types.h>

/**
 * Parse an unsigned 64-bit number, strictly: decimal or 0x/0X hex,
 * then an optional binary size suffix K, M, G or T (either case; x1024
 * each step), and nothing else - no spaces, signs or trailing junk.
 * Returns 0 and sets *@out, -MV_EINVAL for malformed input (*@out
 * untouched) or -MV_ERANGE when the value does not fit in 64 bits.
 */
int str_parse_u64(const char *s, uint64_t *out);

/**
 * str_parse_u64() and then a limit: -MV_ERANGE when the value is above
 * @max.
 */
int str_parse_u64_max(const char *s, uint64_t max, uint64_t *out);

/** True when @s begins with @prefix (every string begins with ""). */
bool str_starts_with(const char *s, const char *prefix);

#endif
