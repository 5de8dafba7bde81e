// SPDX-License-Identifier: GPL-2.0-only
/*
 * The printf engine against glibc's snprintf: a grid of flags, widths,
 * precisions, length modifiers, conversions and edge values, plus
 * truncation, strings, pointers and malformed formats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <minivisor/printk.h>

static char got[8192], want[8192];
/* Hidden from the compiler, which warns about a literal NULL %s. */
static const char *volatile null_str;
static unsigned long checks;

/* Compare both outputs and return values, reporting the format. */
static void check_same(const char *fmt, int n_got, int n_want)
{
	checks++;
	if (n_got != n_want || strcmp(got, want) != 0) {
		print_error("format \"%s\": got %d \"%s\", want %d \"%s\"\n",
			    fmt, n_got, got, n_want, want);
		fail();
	}
}

#define SAME(fmt, ...)                                                   \
	check_same(fmt, mv_snprintf(got, sizeof(got), fmt, __VA_ARGS__), \
		   snprintf(want, sizeof(want), fmt, __VA_ARGS__))

static const uint64_t values[] = {
	0,
	1,
	7,
	8,
	9,
	10,
	15,
	16,
	0x7f,
	0x80,
	0xff,
	0x100,
	12345,
	0x7fff,
	0x8000,
	0xffff,
	0x10000,
	123456789,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ULL,
	0x123456789abcdefULL,
	0x7fffffffffffffffULL,
	0x8000000000000000ULL,
	0xfffffffffffffffeULL,
	0xffffffffffffffffULL,
};

/* Call both printf's with @v converted to what @len expects. */
static void check_value(const char *fmt, const char *len, bool is_signed,
			uint64_t v)
{
	if (!strcmp(len, "l")) {
		if (is_signed)
			SAME(fmt, (long)v);
		else
			SAME(fmt, (unsigned long)v);
	} else if (!strcmp(len, "ll")) {
		if (is_signed)
			SAME(fmt, (long long)v);
		else
			SAME(fmt, (unsigned long long)v);
	} else if (!strcmp(len, "z")) {
		SAME(fmt, (size_t)v);
	} else if (!strcmp(len, "t")) {
		SAME(fmt, (ptrdiff_t)v);
	} else if (!strcmp(len, "j")) {
		if (is_signed)
			SAME(fmt, (intmax_t)v);
		else
			SAME(fmt, (uintmax_t)v);
	} else if (is_signed) {
		SAME(fmt, (int)v); /* "", "h", "hh": promoted to int */
	} else {
		SAME(fmt, (unsigned int)v);
	}
}

static void test_integer_grid(void **state)
{
	static const char *const flagsets[] = { "",   "-",  "0",  " ",	  "+",
						"#",  "-0", "+ ", "-+",	  "0#",
						"-#", "0+", " 0", "-+#0 " };
	static const char *const widths[] = { "", "1", "7", "25" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".23" };
	static const char *const lens[] = { "",	  "hh", "h", "l",
					    "ll", "z",	"t", "j" };
	static const char convs[] = "diuxXo";
	char fmt[64];

	(void)state;
	for (size_t f = 0; f < sizeof(flagsets) / sizeof(flagsets[0]); f++)
		for (size_t w = 0; w < 4; w++)
			for (size_t p = 0; p < 6; p++)
				for (size_t l = 0; l < 8; l++)
					for (size_t c = 0; convs[c]; c++) {
						snprintf(fmt, sizeof(fmt),
							 "[%%%s%s%s%s%c]",
							 flagsets[f], widths[w],
							 precs[p], lens[l],
							 convs[c]);
						for (size_t v = 0;
						     v <
						     sizeof(values) /
							     sizeof(values[0]);
						     v++)
							check_value(fmt,
								    lens[l],
								    c < 2,
								    values[v]);
					}
	assert_true(checks > 100000);
}

static void test_star_width_precision(void **state)
{
	volatile int int_min = -2147483647 - 1;

	(void)state;
	for (int w = -30; w <= 30; w += 3)
		for (int p = -3; p <= 25; p += 4) {
			SAME("%*.*d|", w, p, -12345);
			SAME("%*.*x|", w, p, 0xbeefu);
			SAME("%-*.*s|", w, p, "hello, world");
			SAME("%0*d|", w, 42);
		}
	/* An INT_MIN width is clamped (glibc fails with EOVERFLOW). */
	assert_int_equal(mv_snprintf(got, sizeof(got), "%*d", int_min, 5),
			 4096);
	assert_int_equal(strlen(got), 4096);
}

static void test_strings_and_chars(void **state)
{
	static const char *const fmts[] = { "%s",	 "%10s",   "%-10s",
					    "%.3s",	 "%10.3s", "%-10.3s",
					    "%.0s",	 "%.20s",  "%1s",
					    "[%5s|%-5s]" };

	(void)state;
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		SAME(fmts[i], "abcdef", "xy");
		SAME(fmts[i], "", "");
	}
	SAME("%s", null_str);
	SAME("%.3s", null_str);
	SAME("%10s|", null_str);
	SAME("%c%c%c", 'a', 0x7e, ' ');
	SAME("[%5c][%-5c]", 'x', 'y');
	SAME("%%|%c", 'z');
	SAME("plain text without conversions%s", "");
}

static void test_pointers(void **state)
{
	int x;

	(void)state;
	SAME("%p", (void *)&x);
	SAME("%20p|%-20p|", (void *)&x, (void *)&x);
	SAME("%p", (void *)0x1);
	SAME("%p", (void *)UINTPTR_MAX);
	SAME("%p", (void *)NULL);
	SAME("%10p|", (void *)NULL);
}

static void test_truncation(void **state)
{
	char buf[16];

	(void)state;
	/* Size 0: nothing written, full length returned. */
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(mv_snprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], 'Z');
	assert_int_equal(mv_snprintf(NULL, 0, "%s-%d", "ab", 7), 4);
	/* Size 1: just the terminator. */
	assert_int_equal(mv_snprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');
	for (size_t size = 2; size <= sizeof(buf); size++) {
		memset(buf, 'Z', sizeof(buf));
		assert_int_equal(mv_snprintf(buf, size, "%s", "0123456789"),
				 10);
		size_t n = size - 1 < 10 ? size - 1 : 10;
		assert_memory_equal(buf, "0123456789", n);
		assert_int_equal(buf[n], '\0');
		if (n + 1 < sizeof(buf))
			assert_int_equal(buf[n + 1], 'Z');
	}
}

/* A vsnprintf wrapper, to check va_list passing. */
static int wrap(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_many_arguments(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(wrap(buf, sizeof(buf),
			      "%d %s %llx %c %zu %p %lx %u %hhd %5.2d", -1, "s",
			      0x123456789ULL, 'q', (size_t)99, (void *)0x1000,
			      0xfeedUL, 4000000000u, 300, 7),
			 51);
	assert_string_equal(
		buf, "-1 s 123456789 q 99 0x1000 feed 4000000000 44    07");
}

/* These formats are wrong on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"
static void test_unknown_conversions(void **state)
{
	char buf[64];

	(void)state;
	/* Printed as written, consuming no argument. */
	assert_int_equal(mv_snprintf(buf, sizeof(buf), "a%yb"), 4);
	assert_string_equal(buf, "a%yb");
	assert_int_equal(mv_snprintf(buf, sizeof(buf), "%-5.2lqz"), 8);
	assert_string_equal(buf, "%-5.2lqz");
	assert_int_equal(mv_snprintf(buf, sizeof(buf), "end%"), 4);
	assert_string_equal(buf, "end%");
	assert_int_equal(mv_snprintf(buf, sizeof(buf), "%n|%d", 5), 4);
	assert_string_equal(buf, "%n|5");
	/* A huge literal width is clamped, not overflowed. */
	assert_int_equal(mv_snprintf(buf, sizeof(buf), "%99999999999999d", 1),
			 4096);
	assert_int_equal(mv_snprintf(buf, sizeof(buf), "%.99999999999d", 1),
			 4096);
}

#pragma GCC diagnostic pop

/* Collects mv_vcbprintf() output. */
static void collect(char c, void *arg)
{
	char **p = arg;

	*(*p)++ = c;
}

static int cbprintf(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mv_vcbprintf(collect, &out, fmt, ap);
	va_end(ap);
	*out = '\0';
	return n;
}

static void test_callback(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(cbprintf(buf, "x=%04x y=%-3d|", 0xab, 5), 13);
	assert_string_equal(buf, "x=00ab y=5  |");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer_grid),
		cmocka_unit_test(test_star_width_precision),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_many_arguments),
		cmocka_unit_test(test_unknown_conversions),
		cmocka_unit_test(test_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
