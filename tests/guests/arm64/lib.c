// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test guest library: a polled PL011 driver, a small printf and the
 * few C library functions the compiler may call. The MMU is off, so
 * every data access is Device memory: no unaligned accesses anywhere
 * (built with -mstrict-align, and the copies below stay bytewise).
 */
#include "tg.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)

static void tg_uart_raw(char c)
{
	while (tg_read32(TG_UART_BASE + UART_FR) & FR_TXFF)
		;
	tg_write32(TG_UART_BASE + UART_DR, (unsigned char)c);
}

void tg_putc(char c)
{
	if (c == '\n')
		tg_uart_raw('\r');
	tg_uart_raw(c);
}

void tg_puts(const char *s)
{
	while (*s)
		tg_putc(*s++);
}

/* Polled: the guest enables no interrupts (see docs/test-guest.md). */
int tg_getc(void)
{
	while (tg_read32(TG_UART_BASE + UART_FR) & FR_RXFE)
		__asm__ volatile("yield");
	return (int)(tg_read32(TG_UART_BASE + UART_DR) & 0xff);
}

struct tg_fmt {
	bool left, zero;
	unsigned int width;
};

static int tg_put_padded(const char *s, size_t len, const struct tg_fmt *f)
{
	size_t pad = f->width > len ? f->width - len : 0;
	char padc = f->zero && !f->left ? '0' : ' ';

	for (size_t i = 0; !f->left && i < pad; i++)
		tg_putc(padc);
	for (size_t i = 0; i < len; i++)
		tg_putc(s[i]);
	for (size_t i = 0; f->left && i < pad; i++)
		tg_putc(' ');
	return (int)(len + pad);
}

static int tg_put_num(uint64_t v, unsigned int base, bool neg,
		      const struct tg_fmt *f)
{
	char buf[24];
	size_t i = sizeof(buf);

	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[--i] = '-';
	return tg_put_padded(buf + i, sizeof(buf) - i, f);
}

/* One conversion after '%' (flags, width, length already parsed). */
static int tg_convert(char conv, int lng, va_list *ap, const struct tg_fmt *f)
{
	uint64_t u;
	int64_t s;

	switch (conv) {
	case 'd':
		s = lng ? va_arg(*ap, long long) : va_arg(*ap, int);
		return tg_put_num(s < 0 ? 0 - (uint64_t)s : (uint64_t)s, 10,
				  s < 0, f);
	case 'u':
	case 'x':
		u = lng ? va_arg(*ap, unsigned long long) :
			  va_arg(*ap, unsigned int);
		return tg_put_num(u, conv == 'u' ? 10 : 16, false, f);
	case 'p':
		tg_puts("0x");
		return 2 +
		       tg_put_num((uintptr_t)va_arg(*ap, void *), 16, false, f);
	case 'c': {
		char c = (char)va_arg(*ap, int);

		return tg_put_padded(&c, 1, f);
	}
	case 's': {
		const char *str = va_arg(*ap, const char *);

		if (!str)
			str = "(null)";
		return tg_put_padded(str, strlen(str), f);
	}
	default:
		tg_putc('%');
		tg_putc(conv);
		return 2;
	}
}

int tg_printf(const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	va_start(ap, fmt);
	while (*fmt) {
		struct tg_fmt f = { false, false, 0 };
		int lng = 0;

		if (*fmt != '%') {
			tg_putc(*fmt++);
			n++;
			continue;
		}
		fmt++;
		for (; *fmt == '-' || *fmt == '0'; fmt++)
			*(*fmt == '-' ? &f.left : &f.zero) = true;
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			f.width = f.width * 10 + (unsigned int)(*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			lng++;
		if (!*fmt)
			break;
		if (*fmt == '%') {
			tg_putc('%');
			n++;
		} else {
			n += tg_convert(*fmt, lng, &ap, &f);
		}
		fmt++;
	}
	va_end(ap);
	return n;
}

int tg_parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

void *memset(void *s, int c, size_t n)
{
	volatile unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
