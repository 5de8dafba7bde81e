// SPDX-License-Identifier: GPL-2.0-only
/*
 * vapool: sizing policy, housekeeping bound, exhaustion without panic,
 * refused calls that change nothing, and a random model test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/vapool.h>

#include "helpers/alloc_model.h"

#define PG 4096ULL
#define VBASE 0x7f0000000000ULL

static void *meta;

static void vp_setup(uint64_t size)
{
	size_t n = vapool_meta_size(size);

	free(meta);
	meta = malloc(n);
	assert_non_null(meta);
	assert_int_equal(vapool_init(VBASE, size, meta, n), 0);
}

static int vp_teardown(void **state)
{
	(void)state;
	free(meta);
	meta = NULL;
	return 0;
}

static void vp_state(struct buddy_info *i)
{
	vapool_get_info(i);
	i->allocs = i->frees = i->alloc_failures = i->bad_frees = 0;
}

static void assert_vp_unchanged(const struct buddy_info *before)
{
	struct buddy_info now;

	vp_state(&now);
	assert_memory_equal(before, &now, sizeof(now));
	assert_int_equal(buddy_check(vapool_buddy()), 0);
}

/* Runs first: nothing is set up yet. */
static void test_before_init(void **state)
{
	struct buddy_info i;
	vaddr_t va;

	(void)state;
	assert_null(vapool_buddy());
	assert_int_equal(vapool_alloc(PG, &va), -MV_ENOMEM);
	assert_int_equal(vapool_free(VBASE), -MV_EINVAL);
	assert_int_equal(vapool_reserve(VBASE, PG), -MV_EINVAL);
	vapool_get_info(&i);
	assert_int_equal(i.size, 0);
}

static uint64_t pow2_up(uint64_t x)
{
	uint64_t p = 1;

	while (p < x)
		p <<= 1;
	return p;
}

static void test_size_policy(void **state)
{
	(void)state;
#ifdef CONFIG_VAPOOL_SIZE_RAM_FACTOR
	assert_int_equal(vapool_size_for_ram(0), MIB(CONFIG_VAPOOL_MIN_MB));
	assert_int_equal(vapool_size_for_ram(GIB(1)),
			 pow2_up(GIB(1) * CONFIG_VAPOOL_RAM_FACTOR));
	assert_int_equal(vapool_size_for_ram(MIB(100)),
			 pow2_up(MAX(MIB(100) * CONFIG_VAPOOL_RAM_FACTOR,
				     MIB(CONFIG_VAPOOL_MIN_MB))));
#else
	assert_int_equal(vapool_size_for_ram(GIB(64)),
			 MAX(MIB(CONFIG_VAPOOL_SIZE_MB),
			     MIB(CONFIG_VAPOOL_MIN_MB)));
#endif
	/* Never overflows, always a usable power of two. */
	assert_int_equal(vapool_size_for_ram(~0ULL), 1ULL << 47);
	assert_true(IS_POW2(vapool_size_for_ram(12345)));
}

/* Housekeeping stays under 1/256 of the window at every size. */
static void test_meta_bound(void **state)
{
	uint64_t size;

	(void)state;
	for (size = MIB(16); size <= GIB(256); size *= 2)
		assert_true(vapool_meta_size(size) * 256 <= size);
	/* ~1.26 bytes per page: 1/3250 of the window. */
	assert_true(vapool_meta_size(GIB(1)) < GIB(1) / 3000);
}

static void test_init_bad(void **state)
{
	static uint64_t small[16];

	(void)state;
	assert_int_equal(vapool_init(VBASE + 1, MIB(16), meta, 0), -MV_EINVAL);
	assert_int_equal(vapool_init(VBASE, MIB(16), small, sizeof(small)),
			 -MV_EINVAL);
	assert_int_equal(vapool_init(VBASE, 0, small, sizeof(small)),
			 -MV_EINVAL);
	assert_null(vapool_buddy());
}

static void test_alloc_free(void **state)
{
	struct buddy_info empty, i;
	vaddr_t a, b;

	(void)state;
	vp_setup(MIB(16));
	vp_state(&empty);
	assert_int_equal(vapool_alloc(1, &a), 0);
	assert_int_equal(a, VBASE);
	assert_int_equal(vapool_alloc(3 * PG, &b), 0);
	assert_int_equal(b, VBASE + 4 * PG);
	assert_int_equal(buddy_block_size(vapool_buddy(), b), 4 * PG);
	vapool_get_info(&i);
	assert_int_equal(i.used_bytes, 5 * PG);
	assert_int_equal(vapool_free(a), 0);
	assert_int_equal(vapool_free(b), 0);
	assert_vp_unchanged(&empty);
}

static void test_bad_calls(void **state)
{
	struct buddy_info before, i;
	vaddr_t a, b = 0x55;

	(void)state;
	vp_setup(MIB(16));
	assert_int_equal(vapool_alloc(8 * PG, &a), 0);
	vp_state(&before);
	assert_int_equal(vapool_alloc(0, &b), -MV_EINVAL);
	assert_int_equal(vapool_alloc(MIB(16) + 1, &b), -MV_ENOMEM);
	assert_int_equal(vapool_alloc(~0ULL, &b), -MV_ENOMEM);
	assert_int_equal(b, 0x55);
	assert_int_equal(vapool_free(a + PG), -MV_EINVAL);
	assert_int_equal(vapool_free(a + 1), -MV_EINVAL);
	assert_int_equal(vapool_free(VBASE - PG), -MV_EINVAL);
	assert_int_equal(vapool_free(VBASE + MIB(16)), -MV_EINVAL);
	assert_int_equal(vapool_free(VBASE + MIB(8)), -MV_EALREADY);
	assert_int_equal(vapool_reserve(a, PG), -MV_EBUSY);
	assert_int_equal(vapool_reserve(VBASE + MIB(15), MIB(2)), -MV_EINVAL);
	assert_int_equal(vapool_reserve(VBASE, 0), -MV_EINVAL);
	assert_int_equal(vapool_reserve(VBASE, ~0ULL), -MV_EINVAL);
	assert_vp_unchanged(&before);
	vapool_get_info(&i);
	assert_int_equal(i.alloc_failures, 3);
	assert_int_equal(i.bad_frees, 5);
	assert_int_equal(vapool_free(a), 0);
	assert_int_equal(vapool_free(a), -MV_EALREADY);
}

static void test_exhaustion(void **state)
{
	struct buddy_info full;
	vaddr_t a;
	unsigned int n;

	(void)state;
	vp_setup(MIB(16));
	/* The image sits in the window: reserve an odd range. */
	assert_int_equal(vapool_reserve(VBASE + PG + 100, 5 * PG), 0);
	for (n = 0; n < 4096 - 6; n++)
		assert_int_equal(vapool_alloc(PG, &a), 0);
	vp_state(&full);
	assert_int_equal(full.free_bytes, 0);
	assert_int_equal(vapool_alloc(PG, &a), -MV_ENOMEM);
	assert_int_equal(vapool_alloc(MIB(1), &a), -MV_ENOMEM);
	assert_vp_unchanged(&full);
}

/* Random allocs and frees against a byte-per-page model. */
static void test_model_random(void **state)
{
	enum { NPG = 2048, OPS = 5000 };
	static unsigned char used[NPG];
	static vaddr_t live[NPG];
	struct buddy_info empty, i;
	uint64_t x = 0xabcdef, nused = 0, k, p;
	unsigned int nlive = 0, s, j;
	vaddr_t va;

	(void)state;
	memset(used, 0, sizeof(used));
	vp_setup(NPG * PG);
	vp_state(&empty);
	for (s = 0; s < OPS; s++) {
		model_rand(&x);
		if (x % 5 < 3) {
			uint64_t size = 1 + (x >> 8) % (64 * PG);

			if (vapool_alloc(size, &va))
				continue;
			k = buddy_block_size(vapool_buddy(), va) / PG;
			assert_true(k * PG >= size && k * PG < 2 * size + PG);
			for (p = (va - VBASE) / PG, j = 0; j < k; j++, p++) {
				assert_int_equal(used[p], 0);
				used[p] = 1;
			}
			nused += k;
			live[nlive++] = va;
		} else if (nlive) {
			j = (unsigned int)((x >> 8) % nlive);
			k = buddy_block_size(vapool_buddy(), live[j]) / PG;
			memset(&used[(live[j] - VBASE) / PG], 0, k);
			assert_int_equal(vapool_free(live[j]), 0);
			nused -= k;
			live[j] = live[--nlive];
		}
		vapool_get_info(&i);
		assert_int_equal(i.used_bytes, nused * PG);
		if (s % 100 == 0)
			assert_int_equal(buddy_check(vapool_buddy()), 0);
	}
	while (nlive)
		assert_int_equal(vapool_free(live[--nlive]), 0);
	assert_vp_unchanged(&empty);
}

/* Several CPUs allocating at once never get overlapping blocks. */
static unsigned char page_owner[1024];

static void *vp_churn(void *arg)
{
	unsigned char id = (unsigned char)(uintptr_t)arg, zero;
	vaddr_t mine[32];
	unsigned int n = 0, i;

	for (i = 0; i < 50000; i++) {
		if (n < 32 && (i % 3 || !n)) {
			if (vapool_alloc(PG * (1 + i % 2), &mine[n]))
				continue;
			zero = 0;
			if (!__atomic_compare_exchange_n(
				    &page_owner[(mine[n] - VBASE) / PG], &zero,
				    id, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST))
				return (void *)1;
			n++;
		} else {
			n--;
			__atomic_store_n(&page_owner[(mine[n] - VBASE) / PG], 0,
					 __ATOMIC_SEQ_CST);
			if (vapool_free(mine[n]))
				return (void *)1;
		}
	}
	while (n--) {
		__atomic_store_n(&page_owner[(mine[n] - VBASE) / PG], 0,
				 __ATOMIC_SEQ_CST);
		if (vapool_free(mine[n]))
			return (void *)1;
	}
	return NULL;
}

static void test_concurrent(void **state)
{
	struct buddy_info empty;
	pthread_t t[4];
	uintptr_t i;
	void *ret;

	(void)state;
	vp_setup(1024 * PG);
	vp_state(&empty);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, vp_churn,
						(void *)(i + 1)),
				 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	assert_vp_unchanged(&empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_init),
		cmocka_unit_test(test_size_policy),
		cmocka_unit_test(test_meta_bound),
		cmocka_unit_test(test_init_bad),
		cmocka_unit_test_teardown(test_alloc_free, vp_teardown),
		cmocka_unit_test_teardown(test_bad_calls, vp_teardown),
		cmocka_unit_test_teardown(test_exhaustion, vp_teardown),
		cmocka_unit_test_teardown(test_model_random, vp_teardown),
		cmocka_unit_test_teardown(test_concurrent, vp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
