// SPDX-License-Identifier: GPL-2.0-only
/*
 * Heap tests: API contract, refused bad frees (figures unchanged),
 * housekeeping bound, exhaustion, randomized model-based runs and
 * concurrent use. The heap lives in an ordinary host arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/compiler.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>

#include "helpers/alloc_model.h"

#define ARENA_SIZE MIB(8)

static void *arena;
static size_t arena_size;

/* A heap over a fresh arena of @size bytes. */
static void heap_fresh(size_t size)
{
	free(arena);
	arena = aligned_alloc(PAGE_SIZE, size);
	assert_non_null(arena);
	arena_size = size;
	assert_int_equal(heap_init(arena, size), 0);
}

static int setup(void **state)
{
	(void)state;
	heap_fresh(ARENA_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(heap_check(), 0);
	return 0;
}

static struct heap_info info_now(void)
{
	struct heap_info i;

	heap_get_info(&i);
	return i;
}

/* Figures that must match exactly, except the counters named. */
static void assert_info_equal(const struct heap_info *a,
			      const struct heap_info *b)
{
	assert_int_equal(a->base, b->base);
	assert_int_equal(a->size, b->size);
	assert_int_equal(a->meta_bytes, b->meta_bytes);
	assert_int_equal(a->free_bytes, b->free_bytes);
	assert_int_equal(a->used_bytes, b->used_bytes);
	assert_int_equal(a->allocs, b->allocs);
	assert_int_equal(a->frees, b->frees);
	assert_int_equal(a->alloc_failures, b->alloc_failures);
	assert_int_equal(a->bad_frees, b->bad_frees);
	assert_int_equal(a->corruptions, b->corruptions);
}

/* A refused free: the error, one more bad_free, nothing else changed. */
static void assert_bad_free(void *p, int err)
{
	struct heap_info before = info_now(), after;

	assert_int_equal(mv_free(p), err);
	after = info_now();
	before.bad_frees++;
	assert_info_equal(&before, &after);
	assert_int_equal(heap_check(), 0);
}

/* Must run first: no heap_init() has happened yet. */
static void test_before_init(void **state)
{
	struct heap_info i;
	struct heap_class_info ci;
	int x;

	(void)state;
	assert_null(mv_malloc(16));
	assert_null(mv_zalloc(16));
	assert_int_equal(mv_free(&x), -MV_EINVAL);
	assert_int_equal(mv_free(NULL), 0);
	assert_int_equal(mv_alloc_size(&x), 0);
	assert_int_equal(heap_check(), 0);
	assert_int_equal(heap_class_info(0, &ci), -MV_ENOENT);
	heap_get_info(&i);
	assert_int_equal(i.size, 0);
}

static void test_init_rejects_bad_regions(void **state)
{
	struct heap_info before = info_now(), after;
	char *a = arena;

	(void)state;
	assert_int_equal(heap_init(NULL, MIB(1)), -MV_EINVAL);
	assert_int_equal(heap_init(a + 16, MIB(1)), -MV_EINVAL);
	assert_int_equal(heap_init(a, MIB(1) + 100), -MV_EINVAL);
	assert_int_equal(heap_init(a, 0), -MV_EINVAL);
	assert_int_equal(heap_init(a, PAGE_SIZE), -MV_EINVAL);
	assert_int_equal(heap_init((void *)(uintptr_t)-PAGE_SIZE, MIB(1)),
			 -MV_EINVAL);
	after = info_now();
	assert_info_equal(&before, &after);
	assert_non_null(mv_malloc(100));
}

/* Fresh heap figures: nothing used, metadata at most 1/64. */
static void check_fresh_figures(size_t size)
{
	struct heap_info i;

	heap_fresh(size);
	i = info_now();
	assert_ptr_equal((void *)i.base, arena);
	assert_int_equal(i.size, size);
	assert_int_equal(i.used_bytes, 0);
	assert_int_equal(i.meta_bytes + i.free_bytes, size);
	assert_true(i.meta_bytes * 64 <= size);
	assert_true(IS_ALIGNED(i.meta_bytes, PAGE_SIZE));
	assert_int_equal(heap_check(), 0);
}

static void test_meta_at_most_1_64(void **state)
{
	static const size_t sizes[] = { KIB(256), KIB(260),	   KIB(512),
					MIB(1),	  MIB(3) + KIB(4), MIB(16),
					MIB(64) };
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		check_fresh_figures(sizes[i]);
	heap_fresh(ARENA_SIZE);
}

/*
 * meta_bytes is exact: every page after it can be handed out, and the
 * lowest block starts right after it.
 */
static void test_meta_exact_all_pages_usable(void **state)
{
	struct heap_info i0 = info_now(), i1;
	static void *ptrs[ARENA_SIZE / PAGE_SIZE];
	uintptr_t lowest = UINTPTR_MAX;
	size_t n = 0, k;

	(void)state;
	while ((ptrs[n] = mv_malloc(PAGE_SIZE)) != NULL) {
		lowest = MIN(lowest, (uintptr_t)ptrs[n]);
		n++;
	}
	assert_int_equal(n * PAGE_SIZE, i0.size - i0.meta_bytes);
	assert_int_equal(lowest, i0.base + i0.meta_bytes);
	i1 = info_now();
	assert_int_equal(i1.free_bytes, 0);
	assert_int_equal(i1.alloc_failures, i0.alloc_failures + 1);
	for (k = 0; k < n; k++)
		assert_int_equal(mv_free(ptrs[k]), 0);
	i1 = info_now();
	assert_int_equal(i1.free_bytes, i0.free_bytes);
	assert_int_equal(i1.used_bytes, 0);
}

static void test_alignment_and_size(void **state)
{
	static void *ptrs[1024];
	size_t size, n = 0;
	void *p;

	(void)state;
	for (size = 1; size <= 70000; size += size < 4200 ? 7 : 4099) {
		p = mv_malloc(size);
		assert_non_null(p);
		assert_true(IS_ALIGNED((uintptr_t)p, 16));
		assert_true(mv_alloc_size(p) >= size);
		memset(p, 0xa5, size);
		ptrs[n++] = p;
	}
	assert_int_equal(heap_check(), 0);
	while (n)
		assert_int_equal(mv_free(ptrs[--n]), 0);
	assert_int_equal(info_now().used_bytes, 0);
}

static void test_large_sizes_rounded(void **state)
{
	void *a = mv_malloc(2049), *b = mv_malloc(4096), *c = mv_malloc(5000);
	void *d = mv_malloc(KIB(64));

	(void)state;
	assert_int_equal(mv_alloc_size(a), 4096);
	assert_int_equal(mv_alloc_size(b), 4096);
	assert_int_equal(mv_alloc_size(c), 8192);
	assert_int_equal(mv_alloc_size(d), KIB(64));
	assert_true(IS_ALIGNED((uintptr_t)d, PAGE_SIZE));
	assert_int_equal(info_now().used_bytes, 4096 + 4096 + 8192 + KIB(64));
	assert_int_equal(mv_free(a), 0);
	assert_int_equal(mv_free(b), 0);
	assert_int_equal(mv_free(c), 0);
	assert_int_equal(mv_free(d), 0);
}

static void test_small_sizes_classes(void **state)
{
	struct heap_class_info ci, prev = { 0 };
	unsigned int i;
	void *p;

	(void)state;
	for (i = 0; heap_class_info(i, &ci) == 0; i++) {
		assert_true(ci.size > prev.size);
		assert_true(IS_ALIGNED(ci.size, 16));
		assert_int_equal(ci.pages, 0);
		prev = ci;
	}
	assert_int_equal(prev.size, 2048);
	assert_int_equal(heap_class_info(i, &ci), -MV_ENOENT);
	assert_int_equal(heap_class_info(UINT32_MAX, &ci), -MV_ENOENT);
	p = mv_malloc(100);
	assert_int_equal(mv_alloc_size(p), 112);
	for (i = 0; heap_class_info(i, &ci) == 0 && ci.size != 112; i++)
		;
	assert_int_equal(ci.pages, 1);
	assert_int_equal(ci.objects, PAGE_SIZE / 112);
	assert_int_equal(ci.free_objects, ci.objects - 1);
	assert_int_equal(mv_free(p), 0);
}

static void test_zero_and_huge_requests_fail(void **state)
{
	struct heap_info before = info_now(), after;

	(void)state;
	assert_null(mv_malloc(0));
	assert_null(mv_malloc(SIZE_MAX));
	assert_null(mv_malloc(SIZE_MAX - 15));
	assert_null(mv_malloc(ARENA_SIZE));
	assert_null(mv_zalloc(SIZE_MAX));
	after = info_now();
	before.alloc_failures += 5;
	assert_info_equal(&before, &after);
}

static void test_zalloc_zeroes(void **state)
{
	unsigned char *p = mv_malloc(300), *q;
	size_t i;

	(void)state;
	memset(p, 0xff, 300);
	assert_int_equal(mv_free(p), 0);
	q = mv_zalloc(300);
	assert_ptr_equal(p, q);
	for (i = 0; i < 300; i++)
		assert_int_equal(q[i], 0);
	assert_int_equal(mv_free(q), 0);
	q = mv_zalloc(KIB(20));
	for (i = 0; i < KIB(20); i++)
		assert_int_equal(q[i], 0);
	assert_int_equal(mv_free(q), 0);
}

static void test_bad_frees_small(void **state)
{
	char *p = mv_malloc(64), *q = mv_malloc(64);
	int on_stack;

	(void)state;
	assert_bad_free(&on_stack, -MV_EINVAL);
	assert_bad_free((char *)arena + 100, -MV_EINVAL); /* metadata */
	assert_bad_free((char *)arena + arena_size, -MV_EINVAL);
	assert_bad_free(p + 8, -MV_EINVAL);
	assert_bad_free(p + 1, -MV_EINVAL);
	assert_bad_free(q + 64, -MV_EALREADY); /* next, never handed out */
	assert_int_equal(mv_free(p), 0);
	assert_bad_free(p, -MV_EALREADY);
	assert_int_equal(mv_alloc_size(q), 64);
	assert_int_equal(mv_free(q), 0);
	assert_bad_free(q, -MV_EALREADY);
	/* past the last object of a slab (4096 = 48 * 85 + 16) */
	p = mv_malloc(48);
	assert_bad_free((char *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE) + 48 * 85,
			-MV_EINVAL);
	assert_int_equal(mv_free(p), 0);
}

static void test_bad_frees_large(void **state)
{
	char *p = mv_malloc(KIB(64));

	(void)state;
	assert_bad_free(p + 16, -MV_EINVAL);
	assert_bad_free(p + PAGE_SIZE, -MV_EINVAL);
	assert_bad_free(p + KIB(32), -MV_EINVAL);
	assert_bad_free(p + KIB(64) - PAGE_SIZE, -MV_EINVAL);
	assert_int_equal(mv_alloc_size(p + PAGE_SIZE), 0);
	assert_int_equal(mv_alloc_size(p), KIB(64));
	assert_int_equal(mv_free(p), 0);
	assert_bad_free(p, -MV_EALREADY);
	assert_bad_free(p + 16, -MV_EINVAL);
	assert_int_equal(mv_alloc_size(p), 0);
}

static void test_free_null_is_noop(void **state)
{
	struct heap_info before = info_now(), after;

	(void)state;
	assert_int_equal(mv_free(NULL), 0);
	assert_int_equal(mv_alloc_size(NULL), 0);
	after = info_now();
	assert_info_equal(&before, &after);
}

/* Allocate @size-byte blocks until NULL, free them, figures restored. */
static void exhaust_with(size_t (*next_size)(size_t n))
{
	static void *ptrs[ARENA_SIZE / 16];
	struct heap_info i0 = info_now(), i1;
	size_t n = 0;

	while ((ptrs[n] = mv_malloc(next_size(n))) != NULL)
		n++;
	i1 = info_now();
	assert_int_equal(i1.alloc_failures, i0.alloc_failures + 1);
	assert_int_equal(i1.allocs, i0.allocs + n);
	assert_int_equal(heap_check(), 0);
	assert_null(mv_malloc(next_size(n)));
	while (n)
		assert_int_equal(mv_free(ptrs[--n]), 0);
	i1 = info_now();
	assert_int_equal(i1.used_bytes, i0.used_bytes);
	assert_int_equal(i1.free_bytes, i0.free_bytes);
	assert_int_equal(heap_check(), 0);
}

static size_t size_small_mixed(size_t n)
{
	return 1 + (n * 37) % 2048;
}

static size_t size_64k(size_t n)
{
	(void)n;
	return KIB(64);
}

static size_t size_all_mixed(size_t n)
{
	return n % 5 == 4 ? KIB(4) << (n % 4) : 16 + n % 1000;
}

static void test_exhaustion(void **state)
{
	void *big;

	(void)state;
	exhaust_with(size_small_mixed);
	exhaust_with(size_64k);
	exhaust_with(size_all_mixed);
	/* the empty slabs kept aside are given back for a large block */
	big = mv_malloc(MIB(4));
	assert_non_null(big);
	assert_int_equal(mv_free(big), 0);
}

/* Debug builds poison freed memory: a write after free is caught. */
static void test_use_after_free_detected(void **state)
{
	char *p = mv_malloc(128), *q;

	(void)state;
	assert_int_equal(mv_free(mv_malloc(128)), 0);
	assert_int_equal(mv_free(p), 0);
#ifdef CONFIG_MM_DEBUG_CHECKS
	p[5] = 1;
	assert_int_equal(heap_check(), -MV_EIO);
	q = mv_malloc(128);
	assert_ptr_equal(q, p);
	assert_int_equal(info_now().corruptions, 1);
	assert_int_equal(heap_check(), -MV_EIO);
	heap_fresh(ARENA_SIZE);
#else
	(void)q;
	skip();
#endif
}

/* ---- randomized model-based runs ---- */

#define MODEL_SLOTS 256

struct model_block {
	unsigned char *p;
	size_t size, usable;
	unsigned char pat;
};

struct model {
	struct model_block live[MODEL_SLOTS];
	unsigned int nlive;
	uint64_t rng, allocs, frees, failures, bad_frees, used;
	size_t large_max; /* upper bound of large requests */
};

/* 70% small, 20% medium, 10% large (up to large_max). */
static size_t model_size(struct model *m)
{
	unsigned int r = model_rand(&m->rng) % 100;

	if (r < 70)
		return 1 + model_rand(&m->rng) % 2048;
	if (r < 90)
		return 2049 + model_rand(&m->rng) % 30000;
	return KIB(32) + model_rand(&m->rng) % (m->large_max - KIB(32));
}

static void model_check_figures(const struct model *m,
				const struct heap_info *i0)
{
	struct heap_info i = info_now();

	assert_int_equal(i.allocs - i0->allocs, m->allocs);
	assert_int_equal(i.frees - i0->frees, m->frees);
	assert_int_equal(i.alloc_failures - i0->alloc_failures, m->failures);
	assert_int_equal(i.bad_frees - i0->bad_frees, m->bad_frees);
	assert_int_equal(i.used_bytes, m->used);
	assert_int_equal(i.free_bytes, i.size - i.meta_bytes - m->used);
}

/* The new block lies in the data area and overlaps no live block. */
static void model_check_placement(const struct model *m, uintptr_t p,
				  size_t usable)
{
	uintptr_t data = (uintptr_t)arena + info_now().meta_bytes;
	unsigned int k;

	assert_true(p >= data && p + usable <= (uintptr_t)arena + arena_size);
	for (k = 0; k < m->nlive; k++) {
		uintptr_t q = (uintptr_t)m->live[k].p;

		assert_true(p + usable <= q || q + m->live[k].usable <= p);
	}
}

static void model_alloc(struct model *m)
{
	struct model_block *b = &m->live[m->nlive];
	bool zero = model_rand(&m->rng) % 16 == 0;
	size_t i;

	b->size = model_size(m);
	b->p = zero ? mv_zalloc(b->size) : mv_malloc(b->size);
	if (!b->p) {
		m->failures++;
		return;
	}
	b->usable = mv_alloc_size(b->p);
	assert_true(IS_ALIGNED((uintptr_t)b->p, 16));
	assert_true(b->usable >= b->size);
	if (b->size > PAGE_SIZE)
		assert_true(b->usable < 2 * b->size);
	for (i = 0; zero && i < b->size; i++)
		assert_int_equal(b->p[i], 0);
	model_check_placement(m, (uintptr_t)b->p, b->usable);
	b->pat = (unsigned char)model_rand(&m->rng);
	memset(b->p, b->pat, b->size);
	m->allocs++;
	m->used += b->usable;
	m->nlive++;
}

static void model_free(struct model *m, unsigned int k)
{
	struct model_block b = m->live[k];
	size_t i;
	int rc;

	for (i = 0; i < b.size; i++)
		assert_int_equal(b.p[i], b.pat);
	assert_int_equal(mv_alloc_size(b.p), b.usable);
	assert_int_equal(mv_free(b.p), 0);
	m->frees++;
	m->used -= b.usable;
	m->live[k] = m->live[--m->nlive];
	if (model_rand(&m->rng) % 8)
		return;
	/* a second free right away is always refused */
	rc = mv_free(b.p);
	assert_true(rc == -MV_EALREADY || rc == -MV_EINVAL);
	m->bad_frees++;
}

static void model_run(uint64_t seed, unsigned int ops, size_t large_max)
{
	static struct model m;
	struct heap_info i0 = info_now(), i1;
	unsigned int op;

	memset(&m, 0, sizeof(m));
	m.rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	m.large_max = large_max;
	for (op = 0; op < ops; op++) {
		if (m.nlive < MODEL_SLOTS &&
		    (!m.nlive || model_rand(&m.rng) % 100 < 55))
			model_alloc(&m);
		else
			model_free(&m, model_rand(&m.rng) % m.nlive);
		model_check_figures(&m, &i0);
		if (op % 250 == 0)
			assert_int_equal(heap_check(), 0);
	}
	while (m.nlive)
		model_free(&m, m.nlive - 1);
	model_check_figures(&m, &i0);
	i1 = info_now();
	assert_int_equal(i1.used_bytes, i0.used_bytes);
	assert_int_equal(i1.free_bytes, i0.free_bytes);
	assert_int_equal(i1.meta_bytes, i0.meta_bytes);
	assert_int_equal(heap_check(), 0);
}

static void test_random_model_seed1(void **state)
{
	(void)state;
	model_run(1, 4000, KIB(256));
}

static void test_random_model_seed2(void **state)
{
	(void)state;
	model_run(2, 4000, KIB(256));
}

static void test_random_model_seed3(void **state)
{
	(void)state;
	model_run(3, 4000, MIB(1));
}

/* A small heap under pressure: many requests fail, none corrupts. */
static void test_random_model_small_heap(void **state)
{
	(void)state;
	heap_fresh(KIB(512));
	model_run(4, 4000, KIB(96));
	assert_true(info_now().alloc_failures > 0);
	heap_fresh(ARENA_SIZE);
}

/* ---- concurrency ---- */

#define THREADS 4
#define THREAD_OPS 5000

static void *thread_body(void *arg)
{
	uint64_t rng = (uintptr_t)arg * 7919 + 17;
	unsigned char *slot[32] = { 0 };
	size_t size[32] = { 0 };
	unsigned int op, k;
	size_t i;

	for (op = 0; op < THREAD_OPS; op++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (rng >> 33) % 32;
		if (slot[k]) {
			for (i = 0; i < size[k]; i++)
				if (slot[k][i] != (unsigned char)k)
					return (void *)1;
			if (mv_free(slot[k]))
				return (void *)1;
			slot[k] = NULL;
			continue;
		}
		size[k] = (rng >> 40) % 3 ? 1 + (rng >> 20) % 1500 :
					    (rng >> 20) % KIB(40) + 1;
		slot[k] = mv_malloc(size[k]);
		if (slot[k])
			memset(slot[k], (int)k, size[k]);
	}
	for (k = 0; k < 32; k++)
		mv_free(slot[k]);
	return NULL;
}

static void test_concurrent_threads(void **state)
{
	pthread_t t[THREADS];
	struct heap_info i0 = info_now(), i1;
	void *ret;
	uintptr_t k;

	(void)state;
	for (k = 0; k < THREADS; k++)
		assert_int_equal(
			pthread_create(&t[k], NULL, thread_body, (void *)k), 0);
	for (k = 0; k < THREADS; k++) {
		assert_int_equal(pthread_join(t[k], &ret), 0);
		assert_null(ret);
	}
	i1 = info_now();
	assert_int_equal(i1.used_bytes, 0);
	assert_int_equal(i1.allocs - i0.allocs, i1.frees - i0.frees);
	assert_int_equal(i1.bad_frees, i0.bad_frees);
	assert_int_equal(heap_check(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_init),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_init_rejects_bad_regions),
		T(test_meta_at_most_1_64),
		T(test_meta_exact_all_pages_usable),
		T(test_alignment_and_size),
		T(test_large_sizes_rounded),
		T(test_small_sizes_classes),
		T(test_zero_and_huge_requests_fail),
		T(test_zalloc_zeroes),
		T(test_bad_frees_small),
		T(test_bad_frees_large),
		T(test_free_null_is_noop),
		T(test_exhaustion),
		T(test_use_after_free_detected),
		T(test_random_model_seed1),
		T(test_random_model_seed2),
		T(test_random_model_seed3),
		T(test_random_model_small_heap),
		T(test_concurrent_threads),
#undef T
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	free(arena);
	return rc;
}
