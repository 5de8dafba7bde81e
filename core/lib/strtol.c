// SPDX-License-Identifier: GPL-2.0-only
/*
 * strtoul, strtoull and strtol for freestanding targets (libfdt needs
 * strtoul); mv_-prefixed on the host like core/lib/string.c. There is
 * no errno: out-of-range values saturate.
 */
#include <limits.h>

#include <minivisor/ctype.h>
#include <minivisor/libc.h>
#include <minivisor/types.h>

/* What the scan of one number found. */
struct strto_result {
	unsigned long long value; /* magnitude, saturated at the limit */
	bool negative;
	bool overflow; /* magnitude above the limit */
	const char *end; /* first byte not used */
};

/* Skip "0x"/"0X" when it is followed by a hex digit; pick base 0's. */
static const char *strto_prefix(const char *s, int *base)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		   mv_isxdigit(s[2]);

	if ((*base == 0 || *base == 16) && hex) {
		*base = 16;
		return s + 2;
	}
	if (*base == 0)
		*base = s[0] == '0' ? 8 : 10;
	return s;
}

/* Scan "[spaces][sign][prefix]digits" with magnitude limit @limit. */
static void strto_scan(const char *s, int base, unsigned long long limit,
		       struct strto_result *r)
{
	const char *p = s;
	bool any = false;

	r->value = 0;
	r->negative = false;
	r->overflow = false;
	r->end = s;
	if (base < 0 || base == 1 || base > 36)
		return;
	while (mv_isspace(*p))
		p++;
	if (*p == '+' || *p == '-')
		r->negative = *p++ == '-';
	p = strto_prefix(p, &base);
	for (int d; (d = mv_digit_value(*p)) < base; p++) {
		any = true;
		if (r->value >
		    (limit - (unsigned long long)d) / (unsigned)base) {
			r->overflow = true;
			r->value = limit;
		} else if (!r->overflow) {
			r->value = r->value * (unsigned)base + (unsigned)d;
		}
	}
	if (any)
		r->end = p;
}

static void strto_set_end(char **end, const struct strto_result *r)
{
	if (end)
		*end = (char *)r->end;
}

unsigned long long MV_LIBC(strtoull)(const char *s, char **end, int base)
{
	struct strto_result r;

	strto_scan(s, base, ULLONG_MAX, &r);
	strto_set_end(end, &r);
	if (r.overflow)
		return ULLONG_MAX;
	/* C negates the magnitude in the unsigned type for "-n". */
	return r.negative ? -r.value : r.value;
}

unsigned long MV_LIBC(strtoul)(const char *s, char **end, int base)
{
	struct strto_result r;

	strto_scan(s, base, ULONG_MAX, &r);
	strto_set_end(end, &r);
	if (r.overflow)
		return ULONG_MAX;
	return r.negative ? -(unsigned long)r.value : (unsigned long)r.value;
}

long MV_LIBC(strtol)(const char *s, char **end, int base)
{
	struct strto_result r;
	unsigned long long limit = (unsigned long long)LONG_MAX + 1;

	strto_scan(s, base, limit, &r);
	strto_set_end(end, &r);
	if (!r.negative)
		return r.value > LONG_MAX ? LONG_MAX : (long)r.value;
	if (r.value >= limit)
		return LONG_MIN;
	return -(long)r.value;
}
