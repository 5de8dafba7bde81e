// SPDX-License-Identifier: GPL-2.0-only
/* Hierarchical bitmap: layout, searches, ranges, and a random model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/hbitmap.h>

#include "helpers/alloc_model.h"

static struct hbitmap hb;
static void *mem;

static void hb_new(uint64_t nbits)
{
	size_t size = hbitmap_meta_size(nbits);

	free(mem);
	mem = malloc(size);
	assert_non_null(mem);
	memset(mem, 0xa5, size); /* init must clear it */
	assert_int_equal(hbitmap_init(&hb, nbits, mem, size), 0);
	assert_int_equal(hbitmap_check(&hb), 0);
}

static int hb_teardown(void **state)
{
	(void)state;
	free(mem);
	mem = NULL;
	return 0;
}

static void test_sizes(void **state)
{
	uint64_t buf[8];

	(void)state;
	assert_int_equal(hbitmap_meta_size(0), 0);
	assert_int_equal(hbitmap_meta_size(HBITMAP_MAX_BITS + 1), 0);
	assert_int_equal(hbitmap_meta_size(1), 8);
	assert_int_equal(hbitmap_meta_size(64), 8);
	assert_int_equal(hbitmap_meta_size(65), 3 * 8);
	assert_int_equal(hbitmap_meta_size(4096), (64 + 1) * 8);
	assert_int_equal(hbitmap_meta_size(4097), (65 + 2 + 1) * 8);
	assert_int_equal(hbitmap_init(&hb, 0, buf, sizeof(buf)), -MV_EINVAL);
	assert_int_equal(hbitmap_init(&hb, 65, buf, 16), -MV_EINVAL);
	assert_int_equal(hbitmap_init(&hb, 64, (char *)buf + 4, 8), -MV_EINVAL);
	assert_int_equal(hbitmap_init(&hb, 64, NULL, 8), -MV_EINVAL);
	assert_int_equal(hbitmap_init(&hb, 65, buf, 24), 0);
	assert_int_equal(hb.nlevels, 2);
}

static void test_find_across_levels(void **state)
{
	uint64_t n = 64 * 64 * 64 + 5; /* four levels */

	(void)state;
	hb_new(n);
	assert_int_equal(hb.nlevels, 4);
	assert_int_equal(hbitmap_find_next(&hb, 0), n);
	hbitmap_set(&hb, n - 1);
	assert_int_equal(hbitmap_find_next(&hb, 0), n - 1);
	assert_int_equal(hbitmap_find_next(&hb, n - 1), n - 1);
	assert_int_equal(hbitmap_find_next(&hb, n), n);
	hbitmap_set(&hb, 4096 * 3 + 7);
	assert_int_equal(hbitmap_find_next(&hb, 0), 4096 * 3 + 7);
	assert_int_equal(hbitmap_find_next(&hb, 4096 * 3 + 8), n - 1);
	assert_int_equal(hbitmap_check(&hb), 0);
	hbitmap_clear(&hb, n - 1);
	assert_int_equal(hbitmap_find_next(&hb, 4096 * 3 + 8), n);
	assert_true(hbitmap_test(&hb, 4096 * 3 + 7));
	assert_false(hbitmap_test(&hb, 4096 * 3 + 6));
	assert_int_equal(hbitmap_count(&hb), 1);
	assert_int_equal(hbitmap_check(&hb), 0);
}

static void test_ranges(void **state)
{
	(void)state;
	hb_new(1000);
	hbitmap_set_range(&hb, 10, 500);
	assert_int_equal(hbitmap_count(&hb), 500);
	assert_true(hbitmap_range_set(&hb, 10, 500));
	assert_false(hbitmap_range_set(&hb, 9, 2));
	assert_true(hbitmap_range_clear(&hb, 0, 10));
	assert_false(hbitmap_range_clear(&hb, 0, 11));
	assert_int_equal(hbitmap_find_next_zero(&hb, 10, 1000), 510);
	assert_int_equal(hbitmap_find_next_zero(&hb, 10, 400), 400);
	assert_int_equal(hbitmap_find_next_zero(&hb, 5, 5), 5);
	hbitmap_clear_range(&hb, 64, 128);
	assert_int_equal(hbitmap_find_next_zero(&hb, 10, 1000), 64);
	assert_int_equal(hbitmap_find_next(&hb, 64), 192);
	assert_int_equal(hbitmap_count(&hb), 372);
	hbitmap_clear_range(&hb, 0, 0);
	hbitmap_set_range(&hb, 999, 1);
	assert_int_equal(hbitmap_word(&hb, 15), 1ULL << (999 - 960));
	assert_int_equal(hbitmap_check(&hb), 0);
}

static void test_check_catches_corruption(void **state)
{
	(void)state;
	hb_new(5000);
	hbitmap_set(&hb, 4000);
	hb.lvl[1][0] = 0; /* summary lost */
	assert_int_equal(hbitmap_check(&hb), -MV_EIO);
	hb_new(100);
	hb.lvl[0][1] |= 1ULL << 40; /* bit past the end */
	assert_int_equal(hbitmap_check(&hb), -MV_EIO);
}

/* Random sets/clears against a plain array; searches must agree. */
static void test_random_model(void **state)
{
	uint64_t n = 300000, i, x = 99, from, expect;
	unsigned char *ref = calloc(n, 1);
	unsigned int step;

	(void)state;
	assert_non_null(ref);
	hb_new(n);
	for (step = 0; step < 20000; step++) {
		model_rand(&x);
		i = x % n;
		if ((x >> 40) % 8 == 0)
			hbitmap_set(&hb, i), ref[i] = 1;
		else
			hbitmap_clear(&hb, i), ref[i] = 0;
		from = (x >> 20) % n;
		for (expect = from; expect < n && !ref[expect]; expect++)
			;
		assert_int_equal(hbitmap_find_next(&hb, from), expect);
	}
	for (i = 0, expect = 0; i < n; i++)
		expect += ref[i];
	assert_int_equal(hbitmap_count(&hb), expect);
	assert_int_equal(hbitmap_check(&hb), 0);
	free(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test_teardown(test_find_across_levels, hb_teardown),
		cmocka_unit_test_teardown(test_ranges, hb_teardown),
		cmocka_unit_test_teardown(test_check_catches_corruption,
					  hb_teardown),
		cmocka_unit_test_teardown(test_random_model, hb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
