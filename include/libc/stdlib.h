/* SPDX-License-Identifier: GPL-2.0-only */
/* The parts of stdlib.h that freestanding targets provide (libfdt). */
#ifndef LIBC_STDLIB_H
#define LIBC_STDLIB_H

#include <stddef.h>

/*
 * The strto* functions follow C99 (leading spaces, sign, base 0 picks
 * 8/10/16 from the prefix, *@end after the last digit or @s when there
 * is none) except that there is no errno: out-of-range values saturate
 * (ULONG_MAX, LONG_MIN/LONG_MAX...) silently.
 */

/** Parse an unsigned long in @base (0 or 2..36). */
unsigned long strtoul(const char *s, char **end, int base);
/** Parse an unsigned long long in @base (0 or 2..36). */
unsigned long long strtoull(const char *s, char **end, int base);
/** Parse a long in @base (0 or 2..36). */
long strtol(const char *s, char **end, int base);

#endif
