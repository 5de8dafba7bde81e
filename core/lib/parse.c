// SPDX-License-Identifier: GPL-2.0-only
/* Strict number parsing for the shell (minivisor/string.h). */
#include <minivisor/ctype.h>
#include <minivisor/errno.h>
#include <minivisor/string.h>

/* Shift for a size suffix (K, M, G, T), 0 for none, -1 if invalid. */
static int parse_suffix_shift(const char *s)
{
	if (!*s)
		return 0;
	if (s[1])
		return -1;
	switch (mv_tolower(*s)) {
	case 'k':
		return 10;
	case 'm':
		return 20;
	case 'g':
		return 30;
	case 't':
		return 40;
	default:
		return -1;
	}
}

/* Digits of @base at *@pp into *@v; -MV_EINVAL if none, -MV_ERANGE. */
static int parse_digits(const char **pp, unsigned int base, uint64_t *v)
{
	const char *p = *pp;
	bool overflow = false;
	unsigned int d;

	*v = 0;
	for (; (d = (unsigned int)mv_digit_value(*p)) < base; p++) {
		if (*v > (UINT64_MAX - d) / base)
			overflow = true;
		*v = *v * base + d;
	}
	if (p == *pp)
		return -MV_EINVAL;
	*pp = p;
	return overflow ? -MV_ERANGE : 0;
}

int str_parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v;
	int shift, err;

	if (!s)
		return -MV_EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	err = parse_digits(&s, base, &v);
	shift = parse_suffix_shift(s);
	/* Malformed input wins over overflow: "99999999999999999999zz". */
	if (err == -MV_EINVAL || shift < 0)
		return -MV_EINVAL;
	if (err)
		return err;
	if (shift && v > (UINT64_MAX >> shift))
		return -MV_ERANGE;
	*out = v << shift;
	return 0;
}

int str_parse_u64_max(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int err = str_parse_u64(s, &v);

	if (err)
		return err;
	if (v > max)
		return -MV_ERANGE;
	*out = v;
	return 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}
