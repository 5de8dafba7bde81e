/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C string functions for freestanding targets (core/lib/string.c).
 * Host builds use the C library instead; the same implementations are
 * unit-tested on the host under mv_-prefixed names (minivisor/libc.h).
 */
#ifndef LIBC_STRING_H
#define LIBC_STRING_H

#include <stddef.h>

/** Copy @n bytes; the ranges must not overlap. Returns @dst. */
void *memcpy(void *dst, const void *src, size_t n);
/** Copy @n bytes; the ranges may overlap. Returns @dst. */
void *memmove(void *dst, const void *src, size_t n);
/** Fill @n bytes with (unsigned char)@c. Returns @s. */
void *memset(void *s, int c, size_t n);
/** Compare @n bytes as unsigned chars: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);
/** First byte equal to (unsigned char)@c in @n bytes, or NULL. */
void *memchr(const void *s, int c, size_t n);
/** Length of the string @s. */
size_t strlen(const char *s);
/** Length of @s, at most @max (reads at most @max bytes). */
size_t strnlen(const char *s, size_t max);
/** Compare two strings as unsigned chars. */
int strcmp(const char *a, const char *b);
/** Compare at most @n bytes of two strings. */
int strncmp(const char *a, const char *b, size_t n);
/** First (char)@c in @s (the terminator when @c is 0), or NULL. */
char *strchr(const char *s, int c);
/** Last (char)@c in @s (the terminator when @c is 0), or NULL. */
char *strrchr(const char *s, int c);
/** Length of the prefix of @s made only of bytes in @accept. */
size_t strspn(const char *s, const char *accept);
/** Length of the prefix of @s made only of bytes not in @reject. */
size_t strcspn(const char *s, const char *reject);
/** Copy @src with its terminator to @dst. Returns @dst. */
char *strcpy(char *dst, const char *src);
/**
 * Copy at most @size - 1 bytes of @src and terminate (when @size > 0).
 * Returns strlen(@src): truncation happened when it is >= @size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
