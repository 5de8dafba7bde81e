// SPDX-License-Identifier: GPL-2.0-only
/*
 * Buddy allocator: every bad call is refused with nothing changed, and
 * random operation sequences agree with a byte-per-block model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/buddy.h>
#include <minivisor/errno.h>

#include "helpers/alloc_model.h"

#define PG 4096ULL
#define BASE 0x40000000ULL

struct fixture {
	struct buddy b;
	void *meta;
	size_t meta_size;
};

static struct fixture fx;

static void fx_init(uint64_t base, uint64_t size, unsigned int min_order)
{
	free(fx.meta);
	fx.meta_size = buddy_meta_size(size, min_order);
	assert_true(fx.meta_size > 0);
	fx.meta = malloc(fx.meta_size);
	assert_non_null(fx.meta);
	assert_int_equal(buddy_init(&fx.b, base, size, min_order, fx.meta,
				    fx.meta_size),
			 0);
	assert_int_equal(buddy_check(&fx.b), 0);
}

static int fx_teardown(void **state)
{
	(void)state;
	free(fx.meta);
	fx.meta = NULL;
	return 0;
}

/* Info without the operation counters, to compare states. */
static void info_state(struct buddy_info *i)
{
	buddy_get_info(&fx.b, i);
	i->allocs = i->frees = i->alloc_failures = i->bad_frees = 0;
}

static void assert_state_equal(const struct buddy_info *a)
{
	struct buddy_info now;

	info_state(&now);
	assert_memory_equal(a, &now, sizeof(now));
	assert_int_equal(buddy_check(&fx.b), 0);
}

static void test_init_bad(void **state)
{
	static uint64_t meta[4096];
	struct buddy b;

	(void)state;
	assert_int_equal(buddy_meta_size(0, 12), 0);
	assert_int_equal(buddy_meta_size(PG + 1, 12), 0);
	assert_int_equal(buddy_meta_size(PG, 48), 0);
	assert_int_equal(buddy_init(&b, BASE, 0, 12, meta, sizeof(meta)),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, BASE + 1, PG, 12, meta, sizeof(meta)),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, BASE, PG * 3 + 8, 12, meta,
				    sizeof(meta)),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, BASE, PG * 64, 12, meta,
				    buddy_meta_size(PG * 64, 12) - 1),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, BASE, PG * 64, 12, (char *)meta + 1,
				    sizeof(meta) - 8),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, BASE, PG * 64, 12, NULL, 0),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, ~0ULL - PG + 1, PG * 2, 12, meta,
				    sizeof(meta)),
			 -MV_EINVAL);
	assert_int_equal(buddy_init(&b, BASE, PG * 64, 12, meta, sizeof(meta)),
			 0);
}

static void test_initial_blocks(void **state)
{
	struct buddy_info i;

	(void)state;
	fx_init(BASE, 13 * PG, 12); /* 8 + 4 + 1 pages */
	buddy_get_info(&fx.b, &i);
	assert_int_equal(i.free_bytes, 13 * PG);
	assert_int_equal(i.used_bytes, 0);
	assert_int_equal(i.min_order, 12);
	assert_int_equal(i.max_order, 15);
	assert_int_equal(i.nfree[15], 1);
	assert_int_equal(i.nfree[14], 1);
	assert_int_equal(i.nfree[13], 0);
	assert_int_equal(i.nfree[12], 1);
	assert_true(i.meta_bytes > 0 && i.meta_bytes == fx.meta_size);
}

static void test_alloc_free_merge(void **state)
{
	struct buddy_info before;
	uint64_t a, b2, c;

	(void)state;
	fx_init(BASE, 64 * PG, 12);
	info_state(&before);
	assert_int_equal(buddy_alloc(&fx.b, 1, &a), 0);
	assert_int_equal(a, BASE);
	assert_int_equal(buddy_block_size(&fx.b, a), PG);
	assert_int_equal(buddy_alloc(&fx.b, 3 * PG, &b2), 0);
	assert_int_equal(buddy_block_size(&fx.b, b2), 4 * PG);
	assert_true(((b2 - BASE) % (4 * PG)) == 0);
	assert_int_equal(buddy_alloc(&fx.b, 32 * PG, &c), 0);
	assert_int_equal(c, BASE + 32 * PG);
	assert_int_equal(buddy_check(&fx.b), 0);
	assert_int_equal(buddy_free(&fx.b, b2), 0);
	assert_int_equal(buddy_free(&fx.b, a), 0);
	assert_int_equal(buddy_free(&fx.b, c), 0);
	assert_state_equal(&before);
	assert_int_equal(buddy_alloc(&fx.b, 64 * PG, &a), 0);
	assert_int_equal(a, BASE);
}

static void test_bad_sizes(void **state)
{
	struct buddy_info before, after;
	uint64_t a = 0xdead;

	(void)state;
	fx_init(BASE, 13 * PG, 12);
	info_state(&before);
	assert_int_equal(buddy_alloc(&fx.b, 0, &a), -MV_EINVAL);
	assert_int_equal(buddy_alloc(&fx.b, 14 * PG, &a), -MV_EINVAL);
	assert_int_equal(buddy_alloc(&fx.b, ~0ULL, &a), -MV_EINVAL);
	/* 9 pages fit the range but no 16-page block exists in it. */
	assert_int_equal(buddy_alloc(&fx.b, 9 * PG, &a), -MV_ENOMEM);
	assert_int_equal(a, 0xdead);
	assert_state_equal(&before);
	buddy_get_info(&fx.b, &after);
	assert_int_equal(after.alloc_failures, 4);
	assert_int_equal(after.allocs, 0);
}

static void test_exhaustion(void **state)
{
	struct buddy_info full, i;
	uint64_t a, n;

	(void)state;
	fx_init(BASE, 37 * PG, 12);
	for (n = 0; n < 37; n++)
		assert_int_equal(buddy_alloc(&fx.b, PG, &a), 0);
	info_state(&full);
	assert_int_equal(full.free_bytes, 0);
	assert_int_equal(buddy_alloc(&fx.b, PG, &a), -MV_ENOMEM);
	assert_int_equal(buddy_alloc(&fx.b, 2 * PG, &a), -MV_ENOMEM);
	assert_state_equal(&full);
	buddy_get_info(&fx.b, &i);
	assert_int_equal(i.alloc_failures, 2);
	for (n = 0; n < 37; n++)
		assert_int_equal(buddy_free(&fx.b, BASE + n * PG), 0);
	buddy_get_info(&fx.b, &i);
	assert_int_equal(i.free_bytes, 37 * PG);
	assert_int_equal(buddy_check(&fx.b), 0);
}

static void test_bad_frees(void **state)
{
	struct buddy_info before, i;
	uint64_t a, r;

	(void)state;
	fx_init(BASE, 64 * PG, 12);
	assert_int_equal(buddy_alloc(&fx.b, 4 * PG, &a), 0);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 16 * PG, 2 * PG), 0);
	r = BASE + 16 * PG;
	info_state(&before);
	assert_int_equal(buddy_free(&fx.b, a + PG), -MV_EINVAL); /* interior */
	assert_int_equal(buddy_free(&fx.b, a + 1), -MV_EINVAL); /* misaligned */
	assert_int_equal(buddy_free(&fx.b, BASE - PG), -MV_EINVAL);
	assert_int_equal(buddy_free(&fx.b, BASE + 64 * PG), -MV_EINVAL);
	assert_int_equal(buddy_free(&fx.b, r), -MV_EINVAL); /* reserved */
	assert_int_equal(buddy_free(&fx.b, BASE + 40 * PG), -MV_EALREADY);
	assert_int_equal(buddy_block_size(&fx.b, a + PG), 0);
	assert_int_equal(buddy_block_size(&fx.b, r), 0);
	assert_state_equal(&before);
	assert_int_equal(buddy_free(&fx.b, a), 0);
	assert_int_equal(buddy_free(&fx.b, a), -MV_EALREADY); /* double */
	buddy_get_info(&fx.b, &i);
	assert_int_equal(i.bad_frees, 7);
	assert_int_equal(i.frees, 1);
	assert_int_equal(buddy_check(&fx.b), 0);
}

static void test_reserve(void **state)
{
	struct buddy_info empty, before;
	uint64_t a, n;

	(void)state;
	fx_init(BASE, 64 * PG, 12);
	info_state(&empty);
	assert_int_equal(buddy_alloc(&fx.b, PG, &a), 0);
	info_state(&before);
	/* Over an allocated block, out of range, misaligned, empty. */
	assert_int_equal(buddy_reserve(&fx.b, BASE, 8 * PG), -MV_EBUSY);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 60 * PG, 8 * PG),
			 -MV_EINVAL);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 8 * PG + 1, PG),
			 -MV_EINVAL);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 8 * PG, PG + 1),
			 -MV_EINVAL);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 8 * PG, 0), -MV_EINVAL);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 8 * PG, ~0ULL & ~(PG - 1)),
			 -MV_EINVAL);
	assert_state_equal(&before);
	/* An odd range [3, 45) pages: reserved, then nothing lands in it. */
	assert_int_equal(buddy_reserve(&fx.b, BASE + 3 * PG, 42 * PG), 0);
	assert_int_equal(buddy_check(&fx.b), 0);
	assert_int_equal(buddy_reserve(&fx.b, BASE + 10 * PG, PG), -MV_EBUSY);
	for (n = 0; n < 21; n++) {
		assert_int_equal(buddy_alloc(&fx.b, PG, &a), 0);
		assert_true(a < BASE + 3 * PG || a >= BASE + 45 * PG);
	}
	assert_int_equal(buddy_alloc(&fx.b, PG, &a), -MV_ENOMEM);
	/* Unreserve: only reserved blocks, and in any pieces. */
	assert_int_equal(buddy_unreserve(&fx.b, BASE, PG), -MV_EINVAL);
	assert_int_equal(buddy_unreserve(&fx.b, BASE + 44 * PG, 2 * PG),
			 -MV_EINVAL);
	assert_int_equal(buddy_unreserve(&fx.b, BASE + 20 * PG, 5 * PG), 0);
	assert_int_equal(buddy_unreserve(&fx.b, BASE + 20 * PG, PG),
			 -MV_EINVAL);
	assert_int_equal(buddy_unreserve(&fx.b, BASE + 3 * PG, 17 * PG), 0);
	assert_int_equal(buddy_unreserve(&fx.b, BASE + 25 * PG, 20 * PG), 0);
	assert_int_equal(buddy_check(&fx.b), 0);
	for (n = 0; n < 64; n++)
		if (n < 3 || n >= 45)
			assert_int_equal(buddy_free(&fx.b, BASE + n * PG), 0);
	assert_state_equal(&empty);
}

static void test_large_orders(void **state)
{
	uint64_t a;

	(void)state;
	/* A 2^47-byte window: orders cap at BUDDY_MAX_ORDERS - 1. */
	fx_init(0, 1ULL << 47, 30);
	assert_int_equal(buddy_alloc(&fx.b, 1ULL << 47, &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(buddy_free(&fx.b, a), 0);
	fx_init(0, 1ULL << 48, 34);
	assert_int_equal(fx.b.max_order, BUDDY_MAX_ORDERS - 1);
	assert_int_equal(buddy_alloc(&fx.b, 1ULL << 48, &a), -MV_ENOMEM);
	assert_int_equal(buddy_alloc(&fx.b, 1ULL << 47, &a), 0);
	assert_int_equal(buddy_alloc(&fx.b, 1ULL << 47, &a), 0);
	assert_int_equal(a, 1ULL << 47);
	assert_int_equal(buddy_check(&fx.b), 0);
}

/* ---- model-based random test ---------------------------------------- */

struct model {
	uint64_t n; /* min blocks */
	unsigned char *st;
	uint64_t *live; /* positions of live blocks */
	uint64_t nlive;
	uint64_t rng;
};

static void op_alloc(struct model *m)
{
	unsigned int k = (unsigned int)(model_rand(&m->rng) % 7);
	uint64_t size = (1ULL << k) * PG - (model_rand(&m->rng) % PG), a, p, i;
	int rc = buddy_alloc(&fx.b, size, &a);

	if (rc) {
		assert_int_equal(rc, -MV_ENOMEM);
		/* No aligned free block of 2^k minimum blocks anywhere. */
		assert_int_equal(model_find_free(m->st, m->n, 0, 1ULL << k,
						 1ULL << k),
				 -1);
		return;
	}
	p = (a - BASE) / PG;
	assert_int_equal((a - BASE) % (PG << k), 0);
	assert_int_equal(buddy_block_size(&fx.b, a), PG << k);
	for (i = 0; i < (1ULL << k); i++) {
		assert_int_equal(m->st[p + i], M_FREE);
		m->st[p + i] = M_ALLOC;
	}
	m->live[m->nlive++] = p;
}

static void op_free(struct model *m)
{
	uint64_t j, p, i, len;

	if (!m->nlive)
		return;
	j = model_rand(&m->rng) % m->nlive;
	p = m->live[j];
	len = buddy_block_size(&fx.b, BASE + p * PG) / PG;
	assert_int_equal(buddy_free(&fx.b, BASE + p * PG), 0);
	for (i = 0; i < len; i++)
		m->st[p + i] = M_FREE;
	m->live[j] = m->live[--m->nlive];
}

/* A free at a random spot: accepted only for a live head. */
static void op_bad_free(struct model *m)
{
	uint64_t p = model_rand(&m->rng) % (m->n + 4), i;
	bool head = false;
	int rc;

	for (i = 0; i < m->nlive; i++)
		head |= m->live[i] == p;
	if (head)
		return;
	rc = buddy_free(&fx.b, BASE + p * PG);
	if (p < m->n && m->st[p] == M_FREE)
		assert_int_equal(rc, -MV_EALREADY);
	else
		assert_int_equal(rc, -MV_EINVAL);
}

static void op_reserve(struct model *m, bool undo)
{
	uint64_t p = model_rand(&m->rng) % m->n,
		 len = 1 + model_rand(&m->rng) % 9, i;
	bool ok = p + len <= m->n;
	int rc;

	for (i = 0; ok && i < len; i++)
		ok = m->st[p + i] == (undo ? M_RESV : M_FREE);
	rc = undo ? buddy_unreserve(&fx.b, BASE + p * PG, len * PG) :
		    buddy_reserve(&fx.b, BASE + p * PG, len * PG);
	if (!ok) {
		assert_true(rc == -MV_EINVAL || rc == -MV_EBUSY);
		return;
	}
	assert_int_equal(rc, 0);
	for (i = 0; i < len; i++)
		m->st[p + i] = undo ? M_FREE : M_RESV;
}

static void model_step(struct model *m)
{
	unsigned int op = (unsigned int)(model_rand(&m->rng) % 16);
	struct buddy_info i;

	if (op < 7)
		op_alloc(m);
	else if (op < 13)
		op_free(m);
	else if (op == 13)
		op_bad_free(m);
	else
		op_reserve(m, op == 15);
	buddy_get_info(&fx.b, &i);
	assert_int_equal(i.used_bytes,
			 (m->n - model_count(m->st, m->n, M_FREE)) * PG);
	assert_int_equal(i.free_bytes + i.used_bytes, m->n * PG);
}

static void model_drain(struct model *m)
{
	uint64_t p;

	while (m->nlive)
		op_free(m);
	for (p = 0; p < m->n; p++)
		if (m->st[p] == M_RESV) {
			assert_int_equal(
				buddy_unreserve(&fx.b, BASE + p * PG, PG), 0);
			m->st[p] = M_FREE;
		}
}

static void run_model(uint64_t nblocks, uint64_t seed, unsigned int ops)
{
	struct model m = { .n = nblocks, .rng = seed };
	struct buddy_info empty;
	unsigned int s;

	fx_init(BASE, nblocks * PG, 12);
	info_state(&empty);
	m.st = calloc(nblocks, 1);
	m.live = calloc(nblocks, sizeof(*m.live));
	assert_true(m.st && m.live);
	for (s = 0; s < ops; s++) {
		model_step(&m);
		if (s % 64 == 0)
			assert_int_equal(buddy_check(&fx.b), 0);
	}
	assert_int_equal(buddy_check(&fx.b), 0);
	model_drain(&m);
	assert_state_equal(&empty);
	free(m.st);
	free(m.live);
}

static void test_model_random(void **state)
{
	(void)state;
	run_model(300, 0x1234567, 4000);
	run_model(1024, 0xfeedbeef, 4000);
	run_model(77, 42, 3000);
	run_model(5000, 7, 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_bad),
		cmocka_unit_test_teardown(test_initial_blocks, fx_teardown),
		cmocka_unit_test_teardown(test_alloc_free_merge, fx_teardown),
		cmocka_unit_test_teardown(test_bad_sizes, fx_teardown),
		cmocka_unit_test_teardown(test_exhaustion, fx_teardown),
		cmocka_unit_test_teardown(test_bad_frees, fx_teardown),
		cmocka_unit_test_teardown(test_reserve, fx_teardown),
		cmocka_unit_test_teardown(test_large_orders, fx_teardown),
		cmocka_unit_test_teardown(test_model_random, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
