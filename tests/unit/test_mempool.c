// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mempool tests for the three backings: contract, refused bad calls
 * (figures unchanged), everything returned on destroy, pool listing,
 * a randomized model run and concurrent use. RAM-backed pools run on
 * host_ram + vapool + aspace over arch/fake's memfd RAM.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/fake.h>
#include <minivisor/aspace.h>
#include <minivisor/compiler.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/host_ram.h>
#include <minivisor/mempool.h>
#include <minivisor/vapool.h>

#include "helpers/alloc_model.h"

#define ARENA_SIZE MIB(8)
#define RAM_BASE 0x40000000ULL
#define RAM_SIZE MIB(16)

static void *arena;
static void *ram_meta, *va_meta;

/* ---- environment ---- */

/* A fresh heap over a fresh arena. */
static void heap_fresh(void)
{
	free(arena);
	arena = aligned_alloc(PAGE_SIZE, ARENA_SIZE);
	assert_non_null(arena);
	assert_int_equal(heap_init(arena, ARENA_SIZE), 0);
}

/*
 * Host RAM for MEMPOOL_RAM: fake RAM as one host_ram bank and a vapool
 * window (twice the RAM) for aspace to map frames into.
 */
static void ram_env_setup(void)
{
	uint64_t va_size = vapool_size_for_ram(RAM_SIZE);
	vaddr_t window = fake_va_window(va_size);

	assert_int_equal(fake_ram_setup(RAM_BASE, RAM_SIZE), 0);
	host_ram_reset();
	aspace_reset();
	free(ram_meta);
	ram_meta = calloc(1, host_ram_bank_meta_size(RAM_SIZE));
	assert_non_null(ram_meta);
	assert_true(host_ram_add_bank(RAM_BASE, RAM_SIZE, ram_meta) >= 0);
	assert_true(window != 0);
	free(va_meta);
	va_meta = aligned_alloc(64, ALIGN_UP(vapool_meta_size(va_size), 64));
	assert_non_null(va_meta);
	assert_int_equal(vapool_init(window, va_size, va_meta,
				     vapool_meta_size(va_size)),
			 0);
}

static int setup(void **state)
{
	(void)state;
	heap_fresh();
	return 0;
}

static void count_pool(const struct mempool *pool, void *arg)
{
	(void)pool;
	++*(unsigned int *)arg;
}

/*
 * Every test destroys its pools. One that failed half-way may leave
 * pools in the global list whose memory the next heap_fresh() frees:
 * stop there with a clear message instead of a sanitizer report.
 */
static int teardown(void **state)
{
	unsigned int n = 0;

	(void)state;
	mempool_for_each(count_pool, &n);
	if (n) {
		fflush(stdout);
		fprintf(stderr, "test left %u mempools behind; stopping\n", n);
		exit(1);
	}
	return heap_check() ? -1 : 0;
}

static int group_setup(void **state)
{
	(void)state;
	ram_env_setup();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(arena);
	free(ram_meta);
	free(va_meta);
	arena = ram_meta = va_meta = NULL;
	return 0;
}

/* Heap, host RAM, vapool and aspace figures, compared as a whole. */
struct figures {
	uint64_t heap_used, heap_free, heap_live;
	uint64_t ram_free, va_free, mappings;
};

static struct figures figures_now(void)
{
	struct heap_info h;
	struct host_ram_info r;
	struct buddy_info v;
	struct aspace_info a;
	struct figures f;

	heap_get_info(&h);
	host_ram_get_info(&r);
	vapool_get_info(&v);
	aspace_get_info(&a);
	f.heap_used = h.used_bytes;
	f.heap_free = h.free_bytes;
	f.heap_live = h.allocs - h.frees;
	f.ram_free = r.free_frames;
	f.va_free = v.free_bytes;
	f.mappings = a.mappings;
	return f;
}

static void assert_figures_equal(const struct figures *a,
				 const struct figures *b)
{
	assert_int_equal(a->heap_used, b->heap_used);
	assert_int_equal(a->heap_free, b->heap_free);
	assert_int_equal(a->heap_live, b->heap_live);
	assert_int_equal(a->ram_free, b->ram_free);
	assert_int_equal(a->va_free, b->va_free);
	assert_int_equal(a->mappings, b->mappings);
}

static struct mempool_info pool_info(const struct mempool *pool)
{
	struct mempool_info i;

	mempool_get_info(pool, &i);
	return i;
}

/* A refused free: @err, one more bad_free, the free count unchanged. */
static void assert_bad_free(struct mempool *pool, void *obj, int err)
{
	struct mempool_info before = pool_info(pool), after;

	assert_int_equal(mempool_free(pool, obj), err);
	after = pool_info(pool);
	assert_int_equal(after.bad_frees, before.bad_frees + 1);
	assert_int_equal(after.free, before.free);
	assert_int_equal(after.alloc_failures, before.alloc_failures);
	assert_int_equal(mempool_check(pool), 0);
}

/*
 * Take every object of @pool: distinct, aligned to @align, inside
 * [@lo, @hi), non-overlapping (stride >= obj_size); then one more
 * fails. Each object is filled with its index.
 */
static void fill_pool(struct mempool *pool, void **objs, size_t align,
		      uintptr_t lo, uintptr_t hi)
{
	struct mempool_info i = pool_info(pool);
	uint32_t k;

	for (k = 0; k < i.capacity; k++) {
		objs[k] = mempool_alloc(pool);
		assert_non_null(objs[k]);
		assert_true(IS_ALIGNED((uintptr_t)objs[k], align));
		assert_true((uintptr_t)objs[k] >= lo &&
			    (uintptr_t)objs[k] + i.obj_size <= hi);
		if (k)
			assert_true((uintptr_t)objs[k] >=
				    (uintptr_t)objs[k - 1] + i.obj_size);
		memset(objs[k], (int)(k & 0xff), i.obj_size);
	}
	assert_null(mempool_alloc(pool));
	i = pool_info(pool);
	assert_int_equal(i.free, 0);
	assert_int_equal(i.alloc_failures, 1);
}

/* Check each object's fill and give everything back. */
static void drain_pool(struct mempool *pool, void **objs)
{
	struct mempool_info i = pool_info(pool);
	uint32_t k;
	size_t b;

	for (k = 0; k < i.capacity; k++) {
		for (b = 0; b < i.obj_size; b++)
			assert_int_equal(((unsigned char *)objs[k])[b],
					 k & 0xff);
		assert_int_equal(mempool_free(pool, objs[k]), 0);
	}
	assert_int_equal(pool_info(pool).free, i.capacity);
	assert_int_equal(mempool_check(pool), 0);
}

/* ---- heap backing ---- */

static void test_heap_pool_lifecycle(void **state)
{
	static void *objs[100];
	struct figures f0 = figures_now(), f1;
	struct mempool *pool = mempool_create_heap("objs", 24, 100);
	struct mempool_info i;

	(void)state;
	assert_non_null(pool);
	i = pool_info(pool);
	assert_string_equal(i.name, "objs");
	assert_int_equal(i.backing, MEMPOOL_HEAP);
	assert_int_equal(i.obj_size, 24);
	assert_int_equal(i.capacity, 100);
	assert_int_equal(i.free, 100);
	assert_true(i.meta_bytes >= 100 * 4 + 100 / 8);
	assert_int_equal(mempool_check(pool), 0);
	fill_pool(pool, objs, 16, 0, UINTPTR_MAX);
	drain_pool(pool, objs);
	assert_int_equal(mempool_destroy(pool), 0);
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
	assert_int_equal(heap_check(), 0);
}

static void test_alignment_follows_size(void **state)
{
	static const size_t sizes[] = { 1, 2, 3, 5, 8, 12, 16, 17, 40, 100 };
	static const size_t aligns[] = { 1, 2, 4, 8, 8, 16, 16, 16, 16, 16 };
	static void *objs[9];
	struct mempool *pool;
	unsigned int s;

	(void)state;
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		pool = mempool_create_heap("align", sizes[s], 9);
		assert_non_null(pool);
		fill_pool(pool, objs, aligns[s], 0, UINTPTR_MAX);
		assert_int_equal((uintptr_t)objs[1] - (uintptr_t)objs[0],
				 ALIGN_UP(sizes[s], aligns[s]));
		drain_pool(pool, objs);
		assert_int_equal(mempool_destroy(pool), 0);
	}
}

static void test_free_is_lifo_and_o1(void **state)
{
	struct mempool *pool = mempool_create_heap("lifo", 64, 4);
	void *a = mempool_alloc(pool), *b = mempool_alloc(pool);

	(void)state;
	assert_true((uintptr_t)a < (uintptr_t)b); /* lowest first */
	assert_int_equal(mempool_free(pool, a), 0);
	assert_ptr_equal(mempool_alloc(pool), a);
	assert_int_equal(mempool_free(pool, a), 0);
	assert_int_equal(mempool_free(pool, b), 0);
	assert_int_equal(mempool_destroy(pool), 0);
}

static void test_bad_frees(void **state)
{
	struct mempool *pool = mempool_create_heap("bad", 48, 10);
	struct mempool *other = mempool_create_heap("other", 48, 10);
	char *a = mempool_alloc(pool), *b = mempool_alloc(pool);
	char *o = mempool_alloc(other);
	int on_stack;

	(void)state;
	assert_bad_free(pool, &on_stack, -MV_EINVAL);
	assert_bad_free(pool, o, -MV_EINVAL);
	assert_bad_free(pool, a - 48, -MV_EINVAL);
	assert_bad_free(pool, a + 48 * 10, -MV_EINVAL);
	assert_bad_free(pool, a + 1, -MV_EINVAL);
	assert_bad_free(pool, a + 47, -MV_EINVAL);
	assert_bad_free(pool, b + 48, -MV_EALREADY); /* never handed out */
	assert_int_equal(mempool_free(pool, a), 0);
	assert_bad_free(pool, a, -MV_EALREADY);
	assert_int_equal(mempool_free(pool, NULL), 0);
	assert_int_equal(mempool_free(NULL, b), -MV_EINVAL);
	assert_null(mempool_alloc(NULL));
	assert_int_equal(pool_info(pool).bad_frees, 8);
	assert_int_equal(mempool_free(pool, b), 0);
	assert_int_equal(mempool_free(other, o), 0);
	assert_int_equal(pool_info(other).bad_frees, 0);
	assert_int_equal(mempool_destroy(pool), 0);
	assert_int_equal(mempool_destroy(other), 0);
}

static void test_destroy_busy(void **state)
{
	struct figures f0 = figures_now(), f1;
	struct mempool *pool = mempool_create_heap("busy", 32, 8);
	void *a = mempool_alloc(pool);
	struct mempool_info before = pool_info(pool), after;

	(void)state;
	assert_int_equal(mempool_destroy(pool), -MV_EBUSY);
	after = pool_info(pool);
	assert_int_equal(after.free, before.free);
	assert_int_equal(mempool_check(pool), 0);
	assert_non_null(mempool_alloc(pool)); /* still usable */
	assert_int_equal(mempool_destroy(pool), -MV_EBUSY);
	assert_int_equal(mempool_free(pool, a), 0);
	assert_int_equal(mempool_free(pool, (char *)a + 32), 0);
	assert_int_equal(mempool_destroy(pool), 0);
	assert_int_equal(mempool_destroy(NULL), -MV_EINVAL);
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
}

static void test_create_rejects_bad_args(void **state)
{
	static const char long_name[] = "0123456789abcdef0123456789abcdef";
	struct figures f0 = figures_now(), f1;
	struct heap_info h0, h1;
	char buf[256];

	(void)state;
	heap_get_info(&h0);
	assert_int_equal(strlen(long_name), MEMPOOL_NAME_MAX);
	assert_null(mempool_create_heap(NULL, 16, 4));
	assert_null(mempool_create_heap("", 16, 4));
	assert_null(mempool_create_heap(long_name, 16, 4));
	assert_null(mempool_create_heap("p", 0, 4));
	assert_null(mempool_create_heap("p", 16, 0));
	assert_null(mempool_create_heap("p", SIZE_MAX, 4));
	assert_null(mempool_create_heap("p", SIZE_MAX / 2, 4));
	assert_null(mempool_create_ram(NULL, 16, 4));
	assert_null(mempool_create_ram("p", 0, 4));
	assert_null(mempool_create_ram("p", 16, 0));
	assert_null(mempool_create_ram("p", SIZE_MAX / 2, 4));
	assert_null(mempool_create_raw("p", 16, NULL, 4096));
	assert_null(mempool_create_raw("p", 0, buf, sizeof(buf)));
	assert_null(mempool_create_raw("p", 16, buf, 0));
	assert_null(mempool_create_raw("p", 300, buf, sizeof(buf)));
	assert_null(mempool_create_raw(NULL, 16, buf, sizeof(buf)));
	assert_null(
		mempool_create_raw("p", 16, (void *)(UINTPTR_MAX - 64), 4096));
	assert_null(mempool_create_raw("p", 16, (void *)(UINTPTR_MAX - 3), 2));
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
	heap_get_info(&h1);
	assert_int_equal(h1.alloc_failures, h0.alloc_failures);
}

/* Not enough heap for the objects: the control block is given back. */
static void test_create_heap_exhausted_leaks_nothing(void **state)
{
	struct figures f0 = figures_now(), f1;

	(void)state;
	assert_null(mempool_create_heap("huge", KIB(64), 1000));
	assert_null(mempool_create_heap("huge", 16, UINT32_MAX));
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
	assert_int_equal(heap_check(), 0);
}

/* ---- raw backing ---- */

static void test_raw_pool(void **state)
{
	static void *objs[300];
	static unsigned char buf[10000] __aligned(16);
	struct figures f0 = figures_now(), f1;
	struct mempool *pool = mempool_create_raw("raw", 48, buf + 3, 9000);
	uintptr_t start = ALIGN_UP((uintptr_t)buf + 3, 16);
	struct mempool_info i;

	(void)state;
	assert_non_null(pool);
	i = pool_info(pool);
	assert_int_equal(i.backing, MEMPOOL_RAW);
	assert_int_equal(i.capacity, ((uintptr_t)buf + 9003 - start) / 48);
	fill_pool(pool, objs, 16, (uintptr_t)buf + 3, (uintptr_t)buf + 9003);
	assert_ptr_equal(objs[0], (void *)start);
	drain_pool(pool, objs);
	assert_int_equal(mempool_destroy(pool), 0);
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
	/* exactly one object */
	pool = mempool_create_raw("one", 100, buf, 100);
	assert_non_null(pool);
	assert_int_equal(pool_info(pool).capacity, 1);
	assert_int_equal(mempool_destroy(pool), 0);
}

/*
 * The last object needs only its size (stride 112 for 100 bytes); a
 * range that ends right after it is never written past (ASan watches
 * the end of the malloc'd range).
 */
static void test_raw_pool_tight_end(void **state)
{
	const size_t len = 112 * 4 + 100;
	unsigned char *range = aligned_alloc(16, ALIGN_UP(len, 16));
	struct mempool *pool;
	void *objs[5];

	(void)state;
	assert_non_null(range);
	pool = mempool_create_raw("tight", 100, range, len);
	assert_non_null(pool);
	assert_int_equal(pool_info(pool).capacity, 5);
	fill_pool(pool, objs, 16, (uintptr_t)range, (uintptr_t)range + len);
	drain_pool(pool, objs);
	assert_int_equal(mempool_destroy(pool), 0);
	assert_null(mempool_create_raw("short", 100, range, 99));
	free(range);
}

/* ---- RAM backing ---- */

static void test_ram_pool_returns_everything(void **state)
{
	static void *objs[1000];
	struct figures f0 = figures_now(), f1;
	struct mempool *pool = mempool_create_ram("frames", 64, 1000);
	struct mempool_info i;

	(void)state;
	assert_non_null(pool);
	f1 = figures_now();
	assert_int_equal(f0.ram_free - f1.ram_free,
			 DIV_ROUND_UP(64 * 1000, PAGE_SIZE));
	assert_int_equal(f1.mappings, f0.mappings + 1);
	i = pool_info(pool);
	assert_int_equal(i.backing, MEMPOOL_RAM);
	assert_int_equal(i.capacity, 1000);
	fill_pool(pool, objs, 16, 0, UINTPTR_MAX);
	assert_true(IS_ALIGNED((uintptr_t)objs[0], PAGE_SIZE));
	assert_int_equal(mempool_destroy(pool), -MV_EBUSY);
	drain_pool(pool, objs);
	assert_int_equal(mempool_destroy(pool), 0);
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
	assert_int_equal(host_ram_check(), 0);
}

static void test_ram_pool_failures_leak_nothing(void **state)
{
	struct figures f0 = figures_now(), f1;

	(void)state;
	fake_mmu_fail_next(1);
	assert_null(mempool_create_ram("mapfail", 64, 1000));
	fake_mmu_fail_next(0);
	assert_null(mempool_create_ram("toobig", PAGE_SIZE,
				       2 * RAM_SIZE / PAGE_SIZE));
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
	assert_int_equal(host_ram_check(), 0);
	assert_int_equal(heap_check(), 0);
}

/* ---- listing ---- */

struct list_seen {
	const char *names[8];
	unsigned int n;
};

static void list_one(const struct mempool *pool, void *arg)
{
	struct list_seen *seen = arg;
	struct mempool_info i;

	mempool_get_info(pool, &i);
	if (seen->n < ARRAY_SIZE(seen->names))
		seen->names[seen->n] = i.name;
	seen->n++;
}

static void test_for_each_creation_order(void **state)
{
	static unsigned char buf[4096];
	struct mempool *a = mempool_create_heap("a", 16, 4);
	struct mempool *b = mempool_create_ram("b", 16, 4);
	struct mempool *c = mempool_create_raw("c", 16, buf, sizeof(buf));
	struct mempool *d;
	struct list_seen seen = { 0 };

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	mempool_for_each(list_one, &seen);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.names[1], "b");
	assert_int_equal(mempool_destroy(b), 0);
	d = mempool_create_heap("d", 16, 4);
	memset(&seen, 0, sizeof(seen));
	mempool_for_each(list_one, &seen);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.names[0], "a");
	assert_string_equal(seen.names[1], "c");
	assert_string_equal(seen.names[2], "d");
	assert_string_equal(mempool_backing_name(MEMPOOL_HEAP), "heap");
	assert_string_equal(mempool_backing_name(MEMPOOL_RAM), "ram");
	assert_string_equal(mempool_backing_name(MEMPOOL_RAW), "raw");
	assert_int_equal(mempool_destroy(a), 0);
	assert_int_equal(mempool_destroy(c), 0);
	assert_int_equal(mempool_destroy(d), 0);
	memset(&seen, 0, sizeof(seen));
	mempool_for_each(list_one, &seen);
	assert_int_equal(seen.n, 0);
}

/* ---- debug poisoning ---- */

static void test_use_after_free_detected(void **state)
{
	struct mempool *pool = mempool_create_heap("uaf", 32, 4);
	char *a = mempool_alloc(pool);

	(void)state;
	assert_int_equal(mempool_free(pool, a), 0);
#ifdef CONFIG_MM_DEBUG_CHECKS
	assert_int_equal(mempool_check(pool), 0);
	a[3] = 0;
	assert_int_equal(mempool_check(pool), -MV_EIO);
#else
	skip();
#endif
	assert_int_equal(mempool_destroy(pool), 0);
}

/* ---- randomized model-based runs ---- */

#define MODEL_CAP 500

struct pool_model {
	unsigned char *live[MODEL_CAP];
	unsigned char pat[MODEL_CAP];
	unsigned int nlive;
	uint64_t rng, failures, bad_frees;
};

static void model_alloc(struct pool_model *m, struct mempool *pool, size_t size)
{
	unsigned char *p = mempool_alloc(pool);
	unsigned int k;

	if (m->nlive == MODEL_CAP) {
		assert_null(p);
		m->failures++;
		return;
	}
	assert_non_null(p);
	for (k = 0; k < m->nlive; k++)
		assert_true(p + size <= m->live[k] || m->live[k] + size <= p);
	m->pat[m->nlive] = (unsigned char)model_rand(&m->rng);
	memset(p, m->pat[m->nlive], size);
	m->live[m->nlive++] = p;
}

static void model_free(struct pool_model *m, struct mempool *pool, size_t size)
{
	unsigned int k = model_rand(&m->rng) % m->nlive;
	unsigned char *p = m->live[k];
	size_t b;

	for (b = 0; b < size; b++)
		assert_int_equal(p[b], m->pat[k]);
	assert_int_equal(mempool_free(pool, p), 0);
	m->live[k] = m->live[--m->nlive];
	m->pat[k] = m->pat[m->nlive];
	switch (model_rand(&m->rng) % 8) {
	case 0:
		assert_int_equal(mempool_free(pool, p), -MV_EALREADY);
		m->bad_frees++;
		break;
	case 1:
		assert_int_equal(
			mempool_free(pool,
				     p + 1 + model_rand(&m->rng) % (size - 1)),
			-MV_EINVAL);
		m->bad_frees++;
		break;
	}
}

static void model_run(struct mempool *pool, uint64_t seed, unsigned int ops)
{
	static struct pool_model m;
	struct mempool_info i = pool_info(pool);
	unsigned int op;

	memset(&m, 0, sizeof(m));
	m.rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	assert_int_equal(i.capacity, MODEL_CAP);
	for (op = 0; op < ops; op++) {
		if (!m.nlive || model_rand(&m.rng) % 100 < 60)
			model_alloc(&m, pool, i.obj_size);
		else
			model_free(&m, pool, i.obj_size);
		i = pool_info(pool);
		assert_int_equal(i.free, MODEL_CAP - m.nlive);
		assert_int_equal(i.alloc_failures, m.failures);
		assert_int_equal(i.bad_frees, m.bad_frees);
		if (op % 200 == 0)
			assert_int_equal(mempool_check(pool), 0);
	}
	while (m.nlive)
		model_free(&m, pool, i.obj_size);
	assert_int_equal(mempool_check(pool), 0);
	assert_int_equal(mempool_destroy(pool), 0);
}

static void test_random_model_heap(void **state)
{
	struct figures f0 = figures_now(), f1;

	(void)state;
	model_run(mempool_create_heap("model", 40, MODEL_CAP), 1, 4000);
	model_run(mempool_create_heap("model", 7, MODEL_CAP), 2, 4000);
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
}

static void test_random_model_ram(void **state)
{
	struct figures f0 = figures_now(), f1;

	(void)state;
	model_run(mempool_create_ram("model", 200, MODEL_CAP), 3, 4000);
	f1 = figures_now();
	assert_figures_equal(&f0, &f1);
}

/* ---- concurrency ---- */

#define THREADS 4
#define THREAD_OPS 20000

static void *thread_body(void *arg)
{
	struct mempool *pool = arg;
	uint64_t rng = (uintptr_t)&rng;
	unsigned char *slot[16] = { 0 };
	unsigned int op, k;

	for (op = 0; op < THREAD_OPS; op++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (rng >> 33) % 16;
		if (slot[k]) {
			if (slot[k][0] != k || slot[k][63] != k ||
			    mempool_free(pool, slot[k]))
				return (void *)1;
			slot[k] = NULL;
		} else {
			slot[k] = mempool_alloc(pool);
			if (!slot[k])
				return (void *)1;
			memset(slot[k], (int)k, 64);
		}
	}
	for (k = 0; k < 16; k++)
		if (mempool_free(pool, slot[k]))
			return (void *)1;
	return NULL;
}

static void test_concurrent_threads(void **state)
{
	struct mempool *pool = mempool_create_heap("mt", 64, THREADS * 16);
	pthread_t t[THREADS];
	void *ret;
	unsigned int k;

	(void)state;
	for (k = 0; k < THREADS; k++)
		assert_int_equal(pthread_create(&t[k], NULL, thread_body, pool),
				 0);
	for (k = 0; k < THREADS; k++) {
		assert_int_equal(pthread_join(t[k], &ret), 0);
		assert_null(ret);
	}
	assert_int_equal(pool_info(pool).free, THREADS * 16);
	assert_int_equal(pool_info(pool).bad_frees, 0);
	assert_int_equal(mempool_check(pool), 0);
	assert_int_equal(mempool_destroy(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_heap_pool_lifecycle),
		T(test_alignment_follows_size),
		T(test_free_is_lifo_and_o1),
		T(test_bad_frees),
		T(test_destroy_busy),
		T(test_create_rejects_bad_args),
		T(test_create_heap_exhausted_leaks_nothing),
		T(test_raw_pool),
		T(test_raw_pool_tight_end),
		T(test_ram_pool_returns_everything),
		T(test_ram_pool_failures_leak_nothing),
		T(test_for_each_creation_order),
		T(test_use_after_free_detected),
		T(test_random_model_heap),
		T(test_random_model_ram),
		T(test_concurrent_threads),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
