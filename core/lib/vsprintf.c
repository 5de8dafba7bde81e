// SPDX-License-Identifier: GPL-2.0-only
/*
 * The printf engine: C99 conversions without floating point and %n.
 * Everything goes through one byte sink, so snprintf and printk share
 * the code. Widths and precisions are clamped to FMT_MAX_FIELD so a
 * hostile format cannot overflow int arithmetic.
 */
#include <stdarg.h>

#include <minivisor/ctype.h>
#include <minivisor/printk.h>

#define FMT_MAX_FIELD 4096

#define F_LEFT 0x01 /* '-' */
#define F_ZERO 0x02 /* '0' */
#define F_SPACE 0x04 /* ' ' */
#define F_PLUS 0x08 /* '+' */
#define F_ALT 0x10 /* '#' */

/* Length modifiers. */
enum fmt_len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct fmt_spec {
	unsigned int flags;
	int width; /* 0 when none */
	int prec; /* -1 when none */
	enum fmt_len len;
	char conv;
};

struct fmt_sink {
	void (*out)(char c, void *arg);
	void *arg;
	int count;
};

static void sink_putc(struct fmt_sink *s, char c)
{
	s->out(c, s->arg);
	s->count++;
}

static void sink_repeat(struct fmt_sink *s, char c, int n)
{
	while (n-- > 0)
		sink_putc(s, c);
}

static void sink_write(struct fmt_sink *s, const char *p, int n)
{
	while (n-- > 0)
		sink_putc(s, *p++);
}

/* Parse a decimal field, saturating at FMT_MAX_FIELD. */
static int fmt_parse_num(const char **pp)
{
	const char *p = *pp;
	int v = 0;

	for (; mv_isdigit(*p); p++)
		if (v <= FMT_MAX_FIELD)
			v = v * 10 + (*p - '0');
	*pp = p;
	return v > FMT_MAX_FIELD ? FMT_MAX_FIELD : v;
}

static const char *fmt_parse_flags(const char *p, struct fmt_spec *sp)
{
	for (;; p++) {
		switch (*p) {
		case '-':
			sp->flags |= F_LEFT;
			break;
		case '0':
			sp->flags |= F_ZERO;
			break;
		case ' ':
			sp->flags |= F_SPACE;
			break;
		case '+':
			sp->flags |= F_PLUS;
			break;
		case '#':
			sp->flags |= F_ALT;
			break;
		default:
			return p;
		}
	}
}

static const char *fmt_parse_width(const char *p, struct fmt_spec *sp,
				   va_list *ap)
{
	if (*p != '*') {
		sp->width = fmt_parse_num(&p);
		return p;
	}
	int w = va_arg(*ap, int);

	/* A negative '*' width means '-' flag and its magnitude. */
	if (w < 0) {
		sp->flags |= F_LEFT;
		w = w < -FMT_MAX_FIELD ? FMT_MAX_FIELD : -w;
	}
	sp->width = w > FMT_MAX_FIELD ? FMT_MAX_FIELD : w;
	return p + 1;
}

static const char *fmt_parse_prec(const char *p, struct fmt_spec *sp,
				  va_list *ap)
{
	sp->prec = -1;
	if (*p != '.')
		return p;
	p++;
	if (*p != '*') {
		sp->prec = fmt_parse_num(&p);
		return p;
	}
	int pr = va_arg(*ap, int);

	/* A negative '*' precision is taken as if it were omitted. */
	sp->prec = pr < 0 ? -1 : (pr > FMT_MAX_FIELD ? FMT_MAX_FIELD : pr);
	return p + 1;
}

static const char *fmt_parse_len(const char *p, struct fmt_spec *sp)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			sp->len = LEN_HH;
			return p + 2;
		}
		sp->len = LEN_H;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			sp->len = LEN_LL;
			return p + 2;
		}
		sp->len = LEN_L;
		return p + 1;
	case 'z':
		sp->len = LEN_Z;
		return p + 1;
	case 't':
		sp->len = LEN_T;
		return p + 1;
	case 'j':
		sp->len = LEN_J;
		return p + 1;
	default:
		sp->len = LEN_NONE;
		return p;
	}
}

/* Fetch a signed argument of the spec's length, converted to intmax_t. */
static intmax_t fmt_arg_signed(const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		/* %zd: the signed type of size_t's width. */
		return (ptrdiff_t)va_arg(*ap, size_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Fetch an unsigned argument of the spec's length. */
static uintmax_t fmt_arg_unsigned(const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		/* %tu: the unsigned type of ptrdiff_t's width. */
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Digits of @v in @base, written backwards ending at @end. */
static int fmt_digits(uintmax_t v, unsigned int base, bool upper, char *end)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		*--end = set[v % base];
		v /= base;
		n++;
	} while (v);
	return n;
}

/* An integer conversion, already split into sign, prefix and digits. */
struct fmt_num {
	char sign; /* 0, '-', '+' or ' ' */
	const char *prefix; /* "", "0x" or "0X" */
	int plen;
	const char *digits;
	int ndigits;
	int zeros; /* leading zeros the precision asks for */
};

static void fmt_emit_num(struct fmt_sink *s, const struct fmt_spec *sp,
			 const struct fmt_num *n)
{
	int body = (n->sign != 0) + n->plen + n->zeros + n->ndigits;
	int pad = sp->width > body ? sp->width - body : 0;
	bool zero_pad = (sp->flags & F_ZERO) && !(sp->flags & F_LEFT) &&
			sp->prec < 0;

	if (!(sp->flags & F_LEFT) && !zero_pad)
		sink_repeat(s, ' ', pad);
	if (n->sign)
		sink_putc(s, n->sign);
	sink_write(s, n->prefix, n->plen);
	if (zero_pad)
		sink_repeat(s, '0', pad);
	sink_repeat(s, '0', n->zeros);
	sink_write(s, n->digits, n->ndigits);
	if (sp->flags & F_LEFT)
		sink_repeat(s, ' ', pad);
}

static unsigned int fmt_base(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'x':
	case 'X':
	case 'p':
		return 16;
	default:
		return 10;
	}
}

/* Format @v (magnitude) with sign character @sign. */
static void fmt_integer(struct fmt_sink *s, const struct fmt_spec *sp,
			uintmax_t v, char sign)
{
	char buf[3 * sizeof(uintmax_t)];
	char *end = buf + sizeof(buf);
	struct fmt_num n = { .sign = sign, .prefix = "" };
	bool alt = sp->flags & F_ALT;

	n.ndigits = fmt_digits(v, fmt_base(sp->conv), sp->conv == 'X', end);
	/* Precision 0 prints no digits for the value 0. */
	if (v == 0 && sp->prec == 0)
		n.ndigits = 0;
	n.digits = end - n.ndigits;
	if (sp->prec > n.ndigits)
		n.zeros = sp->prec - n.ndigits;
	if (sp->conv == 'o' && alt && n.zeros == 0 &&
	    (n.ndigits == 0 || n.digits[0] != '0'))
		n.zeros = 1;
	if (((sp->conv == 'x' || sp->conv == 'X') && alt && v) ||
	    sp->conv == 'p') {
		n.prefix = sp->conv == 'X' ? "0X" : "0x";
		n.plen = 2;
	}
	fmt_emit_num(s, sp, &n);
}

static void fmt_signed(struct fmt_sink *s, const struct fmt_spec *sp,
		       va_list *ap)
{
	intmax_t v = fmt_arg_signed(sp, ap);
	/* Negate in the unsigned type: -INTMAX_MIN would overflow. */
	uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	fmt_integer(s, sp, mag, sign);
}

/* Text (a %s or %c argument) padded to the width. */
static void fmt_text(struct fmt_sink *s, const struct fmt_spec *sp,
		     const char *p, int len)
{
	int pad = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & F_LEFT))
		sink_repeat(s, ' ', pad);
	sink_write(s, p, len);
	if (sp->flags & F_LEFT)
		sink_repeat(s, ' ', pad);
}

static void fmt_string(struct fmt_sink *s, const struct fmt_spec *sp,
		       const char *p)
{
	int len = 0;

	/* As glibc: "(null)", or nothing if the precision cuts it. */
	if (!p)
		p = (sp->prec < 0 || sp->prec >= 6) ? "(null)" : "";
	while (p[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	fmt_text(s, sp, p, len);
}

static void fmt_pointer(struct fmt_sink *s, struct fmt_spec *sp, const void *p)
{
	if (!p) {
		/* As glibc, so output compares equal to the host's. */
		fmt_text(s, sp, "(nil)", 5);
		return;
	}
	sp->flags &= ~(F_PLUS | F_SPACE);
	fmt_integer(s, sp, (uintptr_t)p, 0);
}

/* Run one conversion; false when @sp->conv is not one we know. */
static bool fmt_convert(struct fmt_sink *s, struct fmt_spec *sp, va_list *ap)
{
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		fmt_signed(s, sp, ap);
		return true;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		fmt_integer(s, sp, fmt_arg_unsigned(sp, ap), 0);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_text(s, sp, &c, 1);
		return true;
	case 's':
		fmt_string(s, sp, va_arg(*ap, const char *));
		return true;
	case 'p':
		fmt_pointer(s, sp, va_arg(*ap, const void *));
		return true;
	case '%':
		sink_putc(s, '%');
		return true;
	default:
		return false;
	}
}

/* Handle the conversion at @p (just after '%'); returns where to go on. */
static const char *fmt_one(struct fmt_sink *s, const char *p, va_list *ap)
{
	const char *start = p - 1;
	struct fmt_spec sp = { 0 };

	p = fmt_parse_flags(p, &sp);
	p = fmt_parse_width(p, &sp, ap);
	p = fmt_parse_prec(p, &sp, ap);
	p = fmt_parse_len(p, &sp);
	sp.conv = *p;
	if (sp.conv && fmt_convert(s, &sp, ap))
		return p + 1;
	/* Unknown conversion (or %n, %f): print it as it was written. */
	sink_write(s, start, (int)(p - start));
	return p;
}

static int fmt_run(struct fmt_sink *s, const char *fmt, va_list ap)
{
	va_list args;

	/* A copy, so the helpers can advance it through a pointer. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%')
			sink_putc(s, *fmt++);
		else
			fmt = fmt_one(s, fmt + 1, &args);
	}
	va_end(args);
	return s->count;
}

int mv_vcbprintf(void (*out)(char c, void *arg), void *arg, const char *fmt,
		 va_list ap)
{
	struct fmt_sink s = { .out = out, .arg = arg };

	return fmt_run(&s, fmt, ap);
}

/* Where mv_vsnprintf() writes. */
struct snbuf {
	char *buf;
	size_t size, pos;
};

static void snbuf_out(char c, void *arg)
{
	struct snbuf *b = arg;

	/* Keep the last byte for the terminator; count everything. */
	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int mv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snbuf b = { .buf = buf, .size = size };
	int n = mv_vcbprintf(snbuf_out, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int mv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
