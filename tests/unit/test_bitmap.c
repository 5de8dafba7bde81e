// SPDX-License-Identifier: GPL-2.0-only
/* Bitmaps against a plain bool array model, with random operations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/bitmap.h>

#define NBITS 1000

static DECLARE_BITMAP(map, NBITS);
static bool model[NBITS];

static size_t model_next(size_t nbits, size_t start, bool value)
{
	for (size_t i = start; i < nbits; i++)
		if (model[i] == value)
			return i;
	return nbits;
}

static void check_model(size_t nbits)
{
	size_t weight = 0;

	for (size_t i = 0; i < nbits; i++) {
		assert_int_equal(bitmap_test_bit(map, i), model[i]);
		weight += model[i];
	}
	assert_int_equal(bitmap_weight(map, nbits), weight);
}

static void test_single_bits(void **state)
{
	(void)state;
	bitmap_zero(map, NBITS);
	bitmap_set_bit(map, 0);
	bitmap_set_bit(map, 63);
	bitmap_set_bit(map, 64);
	bitmap_set_bit(map, NBITS - 1);
	assert_true(bitmap_test_bit(map, 63));
	assert_true(bitmap_test_bit(map, 64));
	assert_false(bitmap_test_bit(map, 65));
	assert_int_equal(bitmap_weight(map, NBITS), 4);
	bitmap_clear_bit(map, 63);
	assert_false(bitmap_test_bit(map, 63));
	assert_int_equal(bitmap_weight(map, NBITS), 3);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 1), 64);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 65), NBITS - 1);
	assert_int_equal(bitmap_find_next_zero(map, NBITS, 0), 1);
}

static void test_fill_keeps_tail_clear(void **state)
{
	(void)state;
	/* bitmap_fill() overwrites whatever its words held. */
	bitmap_zero(map, NBITS);
	map[0] = map[1] = 0x5a5a5a5a5a5a5a5aUL;
	bitmap_fill(map, 70);
	assert_int_equal(bitmap_weight(map, NBITS), 70);
	assert_int_equal(bitmap_weight(map, 128), 70);
	assert_int_equal(bitmap_find_next_zero(map, NBITS, 0), 70);
	assert_int_equal(bitmap_find_next_zero(map, 70, 0), 70);
	assert_int_equal(bitmap_find_next_set(map, NBITS, 70), NBITS);
}

static void test_search_limits(void **state)
{
	(void)state;
	bitmap_zero(map, NBITS);
	/* Bits past nbits are never reported, even when set. */
	bitmap_set_bit(map, 130);
	assert_int_equal(bitmap_find_next_set(map, 130, 0), 130);
	assert_int_equal(bitmap_find_next_set(map, 131, 0), 130);
	assert_int_equal(bitmap_find_next_set(map, 131, 131), 131);
	assert_int_equal(bitmap_find_next_set(map, 131, 5000), 131);
	bitmap_fill(map, 128);
	assert_int_equal(bitmap_find_next_zero(map, 128, 0), 128);
	assert_int_equal(bitmap_find_next_zero(map, 129, 0), 128);
	assert_true(bitmap_range_is_zero(map, 131, 100));
	assert_false(bitmap_range_is_zero(map, 129, 2));
	assert_true(bitmap_range_is_zero(map, 129, 0));
	assert_int_equal(bitmap_weight(map, 0), 0);
}

static void test_random_against_model(void **state)
{
	(void)state;
	srand(1234);
	bitmap_zero(map, NBITS);
	memset(model, 0, sizeof(model));
	for (int round = 0; round < 20000; round++) {
		size_t a = (size_t)rand() % NBITS;
		size_t n = (size_t)rand() % (NBITS - a + 1);
		bool set = rand() & 1;

		if (rand() % 4 == 0)
			n %= 3; /* plenty of tiny ranges too */
		if (set)
			bitmap_set_range(map, a, n);
		else
			bitmap_clear_range(map, a, n);
		for (size_t i = a; i < a + n; i++)
			model[i] = set;
		size_t s = (size_t)rand() % (NBITS + 2);
		size_t lim = (size_t)rand() % (NBITS + 1);

		assert_int_equal(bitmap_find_next_set(map, lim, s),
				 s >= lim ? lim : model_next(lim, s, true));
		assert_int_equal(bitmap_find_next_zero(map, lim, s),
				 s >= lim ? lim : model_next(lim, s, false));
		if (round % 100 == 0)
			check_model(NBITS);
	}
	check_model(NBITS);
	for (size_t nb = 0; nb < 200; nb++)
		check_model(nb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_bits),
		cmocka_unit_test(test_fill_keeps_tail_clear),
		cmocka_unit_test(test_search_limits),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
