// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/init.c helpers: where bank metadata is carved (never over a
 * reservation, always inside the bank, refused when it cannot fit) and
 * how the boot command is taken from the boot arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/init.h>

#define BASE 0x40000000ULL

static const struct dt_range bank = { BASE, MIB(64) };

static bool overlaps(paddr_t pa, uint64_t size, const struct dt_range *r)
{
	return r->size && pa < r->base + r->size && r->base < pa + size;
}

static void test_meta_top_of_free_bank(void **state)
{
	paddr_t pa = 0;

	(void)state;
	assert_int_equal(init_place_meta(&bank, 5000, NULL, 0, &pa), 0);
	assert_int_equal(pa, BASE + MIB(64) - 2 * PAGE_SIZE);
}

static void test_meta_below_reservations(void **state)
{
	/* The top is taken; so is the spot just below, by a second range. */
	const struct dt_range resv[] = {
		{ BASE + MIB(63), MIB(1) },
		{ BASE + MIB(62), MIB(1) - PAGE_SIZE },
		{ BASE, MIB(2) },
	};
	paddr_t pa = 0;

	(void)state;
	assert_int_equal(init_place_meta(&bank, 3 * PAGE_SIZE, resv, 3, &pa),
			 0);
	assert_int_equal(pa, BASE + MIB(62) - 3 * PAGE_SIZE);
	for (int i = 0; i < 3; i++)
		assert_false(overlaps(pa, 3 * PAGE_SIZE, &resv[i]));
}

static void test_meta_fits_in_a_hole(void **state)
{
	/* Exactly two pages free between two reservations. */
	const struct dt_range resv[] = {
		{ BASE + MIB(1) + 2 * PAGE_SIZE, MIB(63) - 2 * PAGE_SIZE },
		{ BASE, MIB(1) },
	};
	paddr_t pa = 0;

	(void)state;
	assert_int_equal(init_place_meta(&bank, 2 * PAGE_SIZE, resv, 2, &pa),
			 0);
	assert_int_equal(pa, BASE + MIB(1));
	assert_int_equal(init_place_meta(&bank, 2 * PAGE_SIZE + 1, resv, 2,
					 &pa),
			 -MV_ENOSPC);
}

static void test_meta_refused_when_no_room(void **state)
{
	const struct dt_range all = { 0, BASE + GIB(1) };
	const struct dt_range wraps = { ~0ULL - PAGE_SIZE, 2 * PAGE_SIZE };
	const struct dt_range tiny = { BASE + 100, PAGE_SIZE };
	paddr_t pa = 0x1234;

	(void)state;
	assert_int_equal(init_place_meta(&bank, PAGE_SIZE, &all, 1, &pa),
			 -MV_ENOSPC);
	assert_int_equal(init_place_meta(&bank, MIB(64) + 1, NULL, 0, &pa),
			 -MV_ENOSPC);
	assert_int_equal(init_place_meta(&bank, 0, NULL, 0, &pa), -MV_ENOSPC);
	assert_int_equal(init_place_meta(&bank, ~0ULL, NULL, 0, &pa),
			 -MV_ENOSPC);
	assert_int_equal(init_place_meta(&wraps, 16, NULL, 0, &pa), -MV_ENOSPC);
	/* Unaligned bank: no whole page inside it. */
	assert_int_equal(init_place_meta(&tiny, 16, NULL, 0, &pa), -MV_ENOSPC);
	assert_int_equal(pa, 0x1234);
}

static void test_meta_unaligned_bank_stays_inside(void **state)
{
	const struct dt_range odd = { BASE + 100, MIB(1) };
	const struct dt_range empty = { BASE + MIB(1) - PAGE_SIZE, 0 };
	paddr_t pa = 0;

	(void)state;
	assert_int_equal(init_place_meta(&odd, 10, &empty, 1, &pa), 0);
	assert_true(pa % PAGE_SIZE == 0);
	assert_true(pa >= odd.base && pa + PAGE_SIZE <= odd.base + odd.size);
	assert_int_equal(pa, BASE + MIB(1) - PAGE_SIZE); /* size-0 ignored */
}

static void test_bootcmd_quoted(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(init_parse_bootcmd("console=ttyAMA0 minivisor.bootcmd="
					    "\"host info; heap info\" quiet",
					    buf, sizeof(buf)),
			 (int)strlen("host info; heap info"));
	assert_string_equal(buf, "host info; heap info");
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=\"\"", buf,
					    sizeof(buf)),
			 0);
	assert_string_equal(buf, "");
}

static void test_bootcmd_word_and_escapes(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=version x", buf,
					    sizeof(buf)),
			 7);
	assert_string_equal(buf, "version");
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=\"devtree print "
					    "\\\"/chosen\\\" \\\\\"",
					    buf, sizeof(buf)),
			 (int)strlen("devtree print \"/chosen\" \\"));
	assert_string_equal(buf, "devtree print \"/chosen\" \\");
	/* The first occurrence wins. */
	assert_true(init_parse_bootcmd("minivisor.bootcmd=a "
				       "minivisor.bootcmd=b",
				       buf, sizeof(buf)) == 1);
	assert_string_equal(buf, "a");
}

static void test_bootcmd_absent_or_bad(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(init_parse_bootcmd(NULL, buf, sizeof(buf)),
			 -MV_ENOENT);
	assert_int_equal(init_parse_bootcmd("", buf, sizeof(buf)), -MV_ENOENT);
	assert_int_equal(init_parse_bootcmd("xminivisor.bootcmd=version", buf,
					    sizeof(buf)),
			 -MV_ENOENT);
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd", buf,
					    sizeof(buf)),
			 -MV_ENOENT);
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=\"version", buf,
					    sizeof(buf)),
			 -MV_EINVAL);
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=12345678", buf,
					    sizeof(buf)),
			 -MV_ENOSPC);
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=1234567", buf,
					    sizeof(buf)),
			 7);
	assert_int_equal(init_parse_bootcmd("minivisor.bootcmd=x", buf, 0),
			 -MV_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta_top_of_free_bank),
		cmocka_unit_test(test_meta_below_reservations),
		cmocka_unit_test(test_meta_fits_in_a_hole),
		cmocka_unit_test(test_meta_refused_when_no_room),
		cmocka_unit_test(test_meta_unaligned_bank_stays_inside),
		cmocka_unit_test(test_bootcmd_quoted),
		cmocka_unit_test(test_bootcmd_word_and_escapes),
		cmocka_unit_test(test_bootcmd_absent_or_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
