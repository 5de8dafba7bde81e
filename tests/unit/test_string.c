// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/lib/string.c, strtol.c and parse.c (as mv_* on the host) against
 * glibc: every alignment and size around the word-at-a-time paths,
 * overlapping moves, edge cases of the str* and strto* functions, and
 * the strict number parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/compiler.h>
#include <minivisor/errno.h>
#include <minivisor/libc.h>
#include <minivisor/string.h>

#define BUF 640
#define GUARD 16

static unsigned char src[BUF + 2 * GUARD], dst[BUF + 2 * GUARD];
static unsigned char ref[BUF + 2 * GUARD];

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed * 7 + 1);
}

static const size_t sizes[] = { 0,   1,	  2,   3,   7,	 8,   9,   15,	16,
				17,  31,  32,  33,  63,	 64,  65,  100, 127,
				128, 129, 255, 256, 257, 511, 512, 600 };

static void test_memcpy_all_alignments(void **state)
{
	(void)state;
	for (size_t so = 0; so < 16; so++)
		for (size_t d_o = 0; d_o < 16; d_o++)
			for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
				size_t n = sizes[i];

				fill_pattern(src, sizeof(src), (unsigned)so);
				memset(dst, 0xaa, sizeof(dst));
				memset(ref, 0xaa, sizeof(ref));
				memcpy(ref + GUARD + d_o, src + GUARD + so, n);
				assert_ptr_equal(mv_memcpy(dst + GUARD + d_o,
							   src + GUARD + so, n),
						 dst + GUARD + d_o);
				assert_memory_equal(dst, ref, sizeof(dst));
			}
}

/*
 * Sources that end exactly where their heap block ends: a word load
 * past the last byte, even one whose stored bytes are right, is an
 * ASan error.
 */
static void test_memcpy_reads_nothing_past_the_end(void **state)
{
	(void)state;
	for (size_t so = 0; so < 16; so++)
		for (size_t d_o = 0; d_o < 8; d_o++)
			for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
				size_t n = sizes[i];
				/* malloc(0) may give NULL: keep one byte. */
				unsigned char *block =
					malloc(so + n ? so + n : 1);
				unsigned char *s = block + so;

				assert_non_null(block);
				fill_pattern(s, n, 9);
				memset(dst, 0, sizeof(dst));
				mv_memcpy(dst + d_o, s, n);
				assert_memory_equal(dst + d_o, s, n);
				mv_memmove(dst + d_o, s, n);
				assert_memory_equal(dst + d_o, s, n);
				free(block);
			}
}

static void test_memset_all_alignments(void **state)
{
	static const int values[] = { 0, 0xff, 0x5a, 0x1234, -1 };

	(void)state;
	for (size_t o = 0; o < 16; o++)
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
			for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
				size_t n = sizes[i];

				memset(dst, 0x11, sizeof(dst));
				memset(ref, 0x11, sizeof(ref));
				memset(ref + GUARD + o, values[v], n);
				assert_ptr_equal(mv_memset(dst + GUARD + o,
							   values[v], n),
						 dst + GUARD + o);
				assert_memory_equal(dst, ref, sizeof(dst));
			}
}

static void test_memmove_overlaps(void **state)
{
	static unsigned char buf[BUF + 64], want[BUF + 64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		for (size_t from = 0; from < 24; from++)
			for (size_t to = 0; to < 24; to++) {
				size_t n = sizes[i];

				fill_pattern(buf, sizeof(buf), 3);
				memcpy(want, buf, sizeof(buf));
				memmove(want + to, want + from, n);
				assert_ptr_equal(mv_memmove(buf + to,
							    buf + from, n),
						 buf + to);
				assert_memory_equal(buf, want, sizeof(buf));
			}
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_memcmp(void **state)
{
	(void)state;
	for (size_t o = 0; o < 9; o++)
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			size_t n = sizes[i];

			fill_pattern(src, sizeof(src), 1);
			memcpy(dst + o, src + o, n);
			assert_int_equal(mv_memcmp(dst + o, src + o, n), 0);
			for (size_t at = 0; at < n; at += 1 + at / 4) {
				unsigned char keep = dst[o + at];

				/* Both directions, including 0x00 vs 0xff. */
				dst[o + at] = (unsigned char)(keep + 0x80);
				assert_int_equal(
					sign(mv_memcmp(dst + o, src + o, n)),
					sign(memcmp(dst + o, src + o, n)));
				assert_int_not_equal(
					mv_memcmp(dst + o, src + o, n), 0);
				dst[o + at] = keep;
			}
		}
}

static void test_memchr(void **state)
{
	const char s[] = "abc\0def\xff";

	(void)state;
	assert_ptr_equal(mv_memchr(s, 'd', 8), s + 4);
	assert_ptr_equal(mv_memchr(s, 0, 8), s + 3);
	assert_ptr_equal(mv_memchr(s, 0xff, 8), s + 7);
	assert_ptr_equal(mv_memchr(s, 0x1ff, 8), s + 7); /* as unsigned char */
	assert_null(mv_memchr(s, 'd', 4));
	assert_null(mv_memchr(s, 'a', 0));
}

static void test_str_lengths_and_compare(void **state)
{
	static const char *const strs[] = { "",	    "a",     "ab",
					    "abc",  "abd",   "b",
					    "\xff", "a\x80", "abcdefghij" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		assert_int_equal(mv_strlen(strs[i]), strlen(strs[i]));
		for (size_t m = 0; m < 12; m++)
			assert_int_equal(mv_strnlen(strs[i], m),
					 strnlen(strs[i], m));
		for (size_t j = 0; j < ARRAY_SIZE(strs); j++) {
			assert_int_equal(sign(mv_strcmp(strs[i], strs[j])),
					 sign(strcmp(strs[i], strs[j])));
			for (size_t n = 0; n < 5; n++)
				assert_int_equal(
					sign(mv_strncmp(strs[i], strs[j], n)),
					sign(strncmp(strs[i], strs[j], n)));
		}
	}
}

static void test_strchr_strrchr(void **state)
{
	const char *s = "hello, world";
	const char *empty = "";

	(void)state;
	for (int c = 0; c < 256; c++) {
		assert_ptr_equal(mv_strchr(s, c), strchr(s, c));
		assert_ptr_equal(mv_strrchr(s, c), strrchr(s, c));
	}
	assert_ptr_equal(mv_strchr(s, 0), s + strlen(s));
	assert_ptr_equal(mv_strrchr(empty, 0), empty);
	assert_null(mv_strrchr(empty, 'a'));
	assert_ptr_equal(mv_strchr(s, 'o' + 256), strchr(s, 'o'));
}

static void test_strspn_strcspn(void **state)
{
	static const char *const strs[] = { "", "abc", "  x y", "xyz;",
					    "\xff\x01" };
	static const char *const sets[] = { "", " ", "abc", ";", "\xff", "zyx" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		for (size_t j = 0; j < ARRAY_SIZE(sets); j++) {
			assert_int_equal(mv_strspn(strs[i], sets[j]),
					 strspn(strs[i], sets[j]));
			assert_int_equal(mv_strcspn(strs[i], sets[j]),
					 strcspn(strs[i], sets[j]));
		}
}

static void test_strcpy_strlcpy(void **state)
{
	char buf[8];

	(void)state;
	assert_ptr_equal(mv_strcpy(buf, "abc"), buf);
	assert_string_equal(buf, "abc");
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(mv_strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(mv_strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(buf[4], 'Z');
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(mv_strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], 'Z');
	assert_int_equal(mv_strlcpy(buf, "abc", 1), 3);
	assert_int_equal(buf[0], '\0');
}

static const char *const number_inputs[] = {
	"0",
	"1",
	"  42",
	"\t\n 7x",
	"+5",
	"-5",
	"-0",
	"0x1f",
	"0X1F",
	"0x",
	"0xg",
	"0x 1",
	"010",
	"08",
	"019",
	"z",
	"",
	"-",
	"+",
	" ",
	"123abc",
	"zz",
	"7fffffff",
	"2147483647",
	"2147483648",
	"4294967295",
	"4294967296",
	"9223372036854775807",
	"9223372036854775808",
	"-9223372036854775808",
	"-9223372036854775809",
	"18446744073709551615",
	"18446744073709551616",
	"-18446744073709551615",
	"-18446744073709551616",
	"99999999999999999999999999",
	"-99999999999999999999999999",
	"0xffffffffffffffff",
	"0x10000000000000000",
	"-0x8000000000000000",
	"111111111111111111111111111111111111111111111111111111111111111111",
	"Zz",
	"1e5",
};

static void test_strtoul_family(void **state)
{
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(number_inputs); i++)
		for (size_t b = 0; b < ARRAY_SIZE(bases); b++) {
			const char *s = number_inputs[i];
			int base = bases[b];
			char *e1, *e2;

			assert_int_equal(mv_strtoul(s, &e1, base),
					 strtoul(s, &e2, base));
			assert_ptr_equal(e1, e2);
			assert_int_equal(mv_strtoull(s, &e1, base),
					 strtoull(s, &e2, base));
			assert_ptr_equal(e1, e2);
			assert_int_equal(mv_strtol(s, &e1, base),
					 strtol(s, &e2, base));
			assert_ptr_equal(e1, e2);
		}
}

static void test_strtoul_bad_base(void **state)
{
	const char *s = "123";
	char *end = NULL;

	(void)state;
	/* Bad bases parse nothing (glibc also sets EINVAL). */
	assert_int_equal(mv_strtoul(s, &end, 1), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(mv_strtol(s, &end, 37), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(mv_strtoull(s, &end, -2), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(mv_strtoul("77", NULL, 8), 63);
}

static void test_parse_u64_valid(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} ok[] = {
		{ "0", 0 },
		{ "1", 1 },
		{ "010", 10 }, /* decimal, never octal */
		{ "0x10", 16 },
		{ "0XfF", 255 },
		{ "4k", 4096 },
		{ "4K", 4096 },
		{ "2M", 2 << 20 },
		{ "0x10m", 16 << 20 },
		{ "3G", 3ULL << 30 },
		{ "1t", 1ULL << 40 },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "16777215T", 16777215ULL << 40 },
		{ "0K", 0 },
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		v = 12345;
		assert_int_equal(str_parse_u64(ok[i].s, &v), 0);
		assert_int_equal(v, ok[i].v);
	}
}

static void test_parse_u64_invalid(void **state)
{
	static const char *const bad[] = { "",
					   " 1",
					   "1 ",
					   "-1",
					   "+1",
					   "0x",
					   "x10",
					   "1x",
					   "12a",
					   "1KB",
					   "1Q",
					   "K",
					   "0xg",
					   "1.5",
					   "1,0",
					   "0x1 ",
					   "abc",
					   "1kk",
					   "99999999999999999999zz" };
	static const char *const range[] = { "18446744073709551616",
					     "0x10000000000000000", "16777216T",
					     "17179869184G",
					     "99999999999999999999" };
	uint64_t v = 777;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(str_parse_u64(bad[i], &v), -MV_EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(range); i++)
		assert_int_equal(str_parse_u64(range[i], &v), -MV_ERANGE);
	assert_int_equal(str_parse_u64(NULL, &v), -MV_EINVAL);
	assert_int_equal(v, 777); /* untouched on every error */
}

static void test_parse_u64_max(void **state)
{
	uint64_t v = 5;

	(void)state;
	assert_int_equal(str_parse_u64_max("10", 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(str_parse_u64_max("11", 10, &v), -MV_ERANGE);
	assert_int_equal(str_parse_u64_max("1k", 1023, &v), -MV_ERANGE);
	assert_int_equal(str_parse_u64_max("x", 10, &v), -MV_EINVAL);
	assert_int_equal(v, 10);
}

static void test_starts_with(void **state)
{
	(void)state;
	assert_true(str_starts_with("host", "ho"));
	assert_true(str_starts_with("host", ""));
	assert_true(str_starts_with("host", "host"));
	assert_false(str_starts_with("host", "hosts"));
	assert_false(str_starts_with("", "h"));
	assert_false(str_starts_with("heap", "ho"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_all_alignments),
		cmocka_unit_test(test_memcpy_reads_nothing_past_the_end),
		cmocka_unit_test(test_memset_all_alignments),
		cmocka_unit_test(test_memmove_overlaps),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_memchr),
		cmocka_unit_test(test_str_lengths_and_compare),
		cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strspn_strcspn),
		cmocka_unit_test(test_strcpy_strlcpy),
		cmocka_unit_test(test_strtoul_family),
		cmocka_unit_test(test_strtoul_bad_base),
		cmocka_unit_test(test_parse_u64_valid),
		cmocka_unit_test(test_parse_u64_invalid),
		cmocka_unit_test(test_parse_u64_max),
		cmocka_unit_test(test_starts_with),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
