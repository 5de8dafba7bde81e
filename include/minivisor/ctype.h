/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ASCII character classes. Locale-free and mv_-prefixed so they can
 * sit beside the host's <ctype.h> in test programs.
 */
#ifndef MINIVISOR_CTYPE_H
#define MINIVISOR_CTYPE_H

#include <stdbool.h>

/** True for '0'..'9'. */
static inline bool mv_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/** True for 'a'..'z' and 'A'..'Z'. */
static inline bool mv_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** True for letters and digits. */
static inline bool mv_isalnum(int c)
{
	return mv_isalpha(c) || mv_isdigit(c);
}

/** True for hexadecimal digits. */
static inline bool mv_isxdigit(int c)
{
	return mv_isdigit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/** True for ' ', '\t', '\n', '\v', '\f' and '\r' (as C's isspace). */
static inline bool mv_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/** True for printable ASCII, space included (0x20..0x7e). */
static inline bool mv_isprint(int c)
{
	return c >= 0x20 && c <= 0x7e;
}

/** @c in lower case when it is an upper-case letter. */
static inline int mv_tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/** @c in upper case when it is a lower-case letter. */
static inline int mv_toupper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/** Value of a digit in bases up to 36 ('a'/'A' = 10), or 99 if none. */
static inline int mv_digit_value(int c)
{
	if (mv_isdigit(c))
		return c - '0';
	c = mv_tolower(c);
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 99;
}

#endif
