/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The freestanding C library of core/lib under the names this build
 * gives it. Targets link it under the standard names (memcpy, strlen,
 * strtoul... as declared by include/libc/); the host build, where glibc
 * owns those names, compiles the same source as mv_memcpy, mv_strlen...
 * so that unit tests exercise exactly the code the targets run.
 */
#ifndef MINIVISOR_LIBC_H
#define MINIVISOR_LIBC_H

#include <stddef.h>

#ifdef MV_HOST
#define MV_LIBC(name) mv_##name
#else
#define MV_LIBC(name) name
#endif

/** memcpy(): word at a time when both pointers share an alignment. */
void *MV_LIBC(memcpy)(void *dst, const void *src, size_t n);
/** memmove(): copies forwards or backwards as the overlap requires. */
void *MV_LIBC(memmove)(void *dst, const void *src, size_t n);
/** memset(): word at a time after aligning the destination. */
void *MV_LIBC(memset)(void *s, int c, size_t n);
/** memcmp(): compares as unsigned chars. */
int MV_LIBC(memcmp)(const void *a, const void *b, size_t n);
/** memchr(): first (unsigned char)@c in @n bytes, or NULL. */
void *MV_LIBC(memchr)(const void *s, int c, size_t n);
/** strlen(). */
size_t MV_LIBC(strlen)(const char *s);
/** strnlen(): reads at most @max bytes. */
size_t MV_LIBC(strnlen)(const char *s, size_t max);
/** strcmp(): compares as unsigned chars. */
int MV_LIBC(strcmp)(const char *a, const char *b);
/** strncmp(): at most @n bytes. */
int MV_LIBC(strncmp)(const char *a, const char *b, size_t n);
/** strchr(): also finds the terminator when @c is 0. */
char *MV_LIBC(strchr)(const char *s, int c);
/** strrchr(): also finds the terminator when @c is 0. */
char *MV_LIBC(strrchr)(const char *s, int c);
/** strspn(). */
size_t MV_LIBC(strspn)(const char *s, const char *accept);
/** strcspn(). */
size_t MV_LIBC(strcspn)(const char *s, const char *reject);
/** strcpy(). */
char *MV_LIBC(strcpy)(char *dst, const char *src);
/** strlcpy() (BSD): returns strlen(@src); truncated when >= @size. */
size_t MV_LIBC(strlcpy)(char *dst, const char *src, size_t size);
/** strtoul() without errno: saturates on overflow. */
unsigned long MV_LIBC(strtoul)(const char *s, char **end, int base);
/** strtoull() without errno: saturates on overflow. */
unsigned long long MV_LIBC(strtoull)(const char *s, char **end, int base);
/** strtol() without errno: saturates on overflow. */
long MV_LIBC(strtol)(const char *s, char **end, int base);

#endif
