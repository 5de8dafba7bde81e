// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C library's memory and string functions for freestanding targets.
 * The host build compiles this file as mv_memcpy, mv_strlen... (see
 * minivisor/libc.h) so unit tests run exactly this code next to glibc.
 *
 * Only whole, aligned words are ever accessed beyond byte granularity:
 * arm64 is built with -mstrict-align, and an aligned word never crosses
 * the end of the object it belongs to in a way ASan would object to.
 */
#if defined(__GNUC__) && !defined(__clang__)
/*
 * GCC turns copy and fill loops into memcpy/memset calls even with
 * -ffreestanding; inside memcpy itself that would recurse forever.
 */
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

#include <minivisor/libc.h>
#include <minivisor/types.h>

/* May alias anything: these words are views of byte buffers. */
typedef unsigned long __attribute__((__may_alias__)) word_t;

#define WSIZE sizeof(word_t)
#define WMASK (WSIZE - 1)
/* Below this many bytes the alignment prologue is not worth it. */
#define WORD_MIN (4 * WSIZE)

static bool same_alignment(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & WMASK) == 0;
}

/* Copy @nw aligned words forwards, four per iteration. */
static void copy_words_fwd(word_t *d, const word_t *s, size_t nw)
{
	for (; nw >= 4; nw -= 4, d += 4, s += 4) {
		word_t a = s[0], b = s[1], c = s[2], e = s[3];

		d[0] = a;
		d[1] = b;
		d[2] = c;
		d[3] = e;
	}
	while (nw--)
		*d++ = *s++;
}

/* Copy @nw aligned words backwards; @d and @s point past the ends. */
static void copy_words_bwd(word_t *d, const word_t *s, size_t nw)
{
	for (; nw >= 4; nw -= 4) {
		d -= 4;
		s -= 4;
		word_t a = s[3], b = s[2], c = s[1], e = s[0];

		d[3] = a;
		d[2] = b;
		d[1] = c;
		d[0] = e;
	}
	while (nw--)
		*--d = *--s;
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * Forward copy to an aligned @d from an @s of another alignment (k
 * bytes past a word boundary): each aligned source word is loaded once
 * and shifted into place. Only words lying wholly inside [@s, @s + @n)
 * are loaded. Returns how many bytes were copied (a multiple of words).
 */
static size_t copy_words_skewed(word_t *d, const unsigned char *s, size_t n)
{
	unsigned int k = (uintptr_t)s & WMASK;
	unsigned int lo = 8 * (WSIZE - k), hi = 8 * k;
	const word_t *sw = (const word_t *)(s + WSIZE - k);
	word_t prev = 0;
	size_t done = 0;

	/* The bytes before the first aligned source word, one by one. */
	for (unsigned int i = 0; i < WSIZE - k; i++)
		prev |= (word_t)s[i] << (8 * i);
	for (; done + 2 * WSIZE - k <= n; done += WSIZE) {
		word_t next = *sw++;

		*d++ = prev | (next << lo);
		prev = next >> hi;
	}
	return done;
}
#else
static size_t copy_words_skewed(word_t *d, const unsigned char *s, size_t n)
{
	(void)d;
	(void)s;
	(void)n;
	return 0; /* big endian: the byte loop does it all */
}
#endif

void *MV_LIBC(memcpy)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t done;

	if (n >= WORD_MIN) {
		for (; (uintptr_t)d & WMASK; n--)
			*d++ = *s++;
		if (same_alignment(d, s)) {
			done = n & ~WMASK;
			copy_words_fwd((word_t *)d, (const word_t *)s,
				       n / WSIZE);
		} else {
			done = copy_words_skewed((word_t *)d, s, n);
		}
		d += done;
		s += done;
		n -= done;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Backward copy for an overlapping move with @dst above @src. */
static void move_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (n >= WORD_MIN && same_alignment(d, s)) {
		for (; (uintptr_t)d & WMASK; n--)
			*--d = *--s;
		copy_words_bwd((word_t *)d, (const word_t *)s, n / WSIZE);
		d -= n & ~WMASK;
		s -= n & ~WMASK;
		n &= WMASK;
	}
	while (n--)
		*--d = *--s;
}

void *MV_LIBC(memmove)(void *dst, const void *src, size_t n)
{
	uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

	if (d == s || n == 0)
		return dst;
	/* A forward copy is safe unless dst starts inside src. */
	if (d < s || d - s >= n)
		return MV_LIBC(memcpy)(dst, src, n);
	move_backward(dst, src, n);
	return dst;
}

void *MV_LIBC(memset)(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned char b = (unsigned char)c;

	if (n >= WORD_MIN) {
		word_t w = (word_t)b * (~(word_t)0 / 0xff);
		word_t *wp;

		for (; (uintptr_t)p & WMASK; n--)
			*p++ = b;
		wp = (word_t *)p;
		for (; n >= 4 * WSIZE; n -= 4 * WSIZE, wp += 4) {
			wp[0] = w;
			wp[1] = w;
			wp[2] = w;
			wp[3] = w;
		}
		for (; n >= WSIZE; n -= WSIZE)
			*wp++ = w;
		p = (unsigned char *)wp;
	}
	while (n--)
		*p++ = b;
	return s;
}

int MV_LIBC(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	if (n >= WORD_MIN && same_alignment(x, y)) {
		for (; (uintptr_t)x & WMASK; n--, x++, y++)
			if (*x != *y)
				return *x - *y;
		/* Skip equal words; the bytes below find the difference. */
		for (; n >= WSIZE; n -= WSIZE, x += WSIZE, y += WSIZE)
			if (*(const word_t *)x != *(const word_t *)y)
				break;
	}
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *MV_LIBC(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t MV_LIBC(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t MV_LIBC(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int MV_LIBC(strcmp)(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int MV_LIBC(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++)
		if (*x != *y || !*x)
			return *x - *y;
	return 0;
}

char *MV_LIBC(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *MV_LIBC(strrchr)(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/* True when @c is one of the bytes of @set (its NUL excluded). */
static bool in_set(char c, const char *set)
{
	for (; *set; set++)
		if (*set == c)
			return true;
	return false;
}

size_t MV_LIBC(strspn)(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && in_set(s[n], accept))
		n++;
	return n;
}

size_t MV_LIBC(strcspn)(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !in_set(s[n], reject))
		n++;
	return n;
}

char *MV_LIBC(strcpy)(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

size_t MV_LIBC(strlcpy)(char *dst, const char *src, size_t size)
{
	size_t len = MV_LIBC(strlen)(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		MV_LIBC(memcpy)(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
