// SPDX-License-Identifier: GPL-2.0-only
/*
 * host_ram: banks, frame and run allocation, validated free and reserve.
 * Every refused call must leave the counts and bitmaps as they were;
 * random sequences are checked against a byte-per-frame model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/host_ram.h>

#include "helpers/alloc_model.h"

#define PG 4096ULL
#define B0 0x40000000ULL /* 2 MiB aligned */
#define B1 0x80003000ULL /* not 2 MiB aligned */

static void *metas[32];
static unsigned int nmetas;

static int bank_add(paddr_t start, uint64_t size)
{
	void *m = malloc(host_ram_bank_meta_size(size));

	assert_non_null(m);
	metas[nmetas++] = m;
	return host_ram_add_bank(start, size, m);
}

static int teardown(void **state)
{
	(void)state;
	host_ram_reset();
	while (nmetas)
		free(metas[--nmetas]);
	return 0;
}

/* The info of all banks plus every bank's bitmap, to compare states. */
struct snapshot {
	struct host_ram_info info;
	struct host_ram_bank_info bank[4];
	uint64_t bits[4][256];
};

static void snap(struct snapshot *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	host_ram_get_info(&s->info);
	for (i = 0; i < s->info.nbanks && i < 4; i++) {
		assert_int_equal(host_ram_bank_info(i, &s->bank[i]), 0);
		assert_true(host_ram_bank_bitmap(i, 0, s->bits[i], 256) >= 0);
	}
	assert_int_equal(host_ram_check(), 0);
}

/* Same state as @a, error counters aside. */
static void assert_unchanged(const struct snapshot *a)
{
	struct snapshot b;

	snap(&b);
	b.info.alloc_failures = a->info.alloc_failures;
	b.info.bad_frees = a->info.bad_frees;
	b.info.bad_reserves = a->info.bad_reserves;
	assert_memory_equal(a, &b, sizeof(b));
}

static void test_add_bank_bad(void **state)
{
	uint64_t meta[64];
	struct host_ram_info i;
	unsigned int n;

	(void)state;
	assert_int_equal(host_ram_bank_meta_size(0), 0);
	assert_true(host_ram_bank_meta_size(PG) > 0);
	assert_int_equal(host_ram_add_bank(B0 + 1, PG, meta), -MV_EINVAL);
	assert_int_equal(host_ram_add_bank(B0, PG + 1, meta), -MV_EINVAL);
	assert_int_equal(host_ram_add_bank(B0, 0, meta), -MV_EINVAL);
	assert_int_equal(host_ram_add_bank(B0, PG, NULL), -MV_EINVAL);
	assert_int_equal(host_ram_add_bank(B0, PG, (char *)meta + 4),
			 -MV_EINVAL);
	assert_int_equal(host_ram_add_bank(~0ULL - PG + 1, 2 * PG, meta),
			 -MV_EINVAL);
	assert_int_equal(bank_add(B0, 64 * PG), 0);
	assert_int_equal(bank_add(B0 + 63 * PG, 2 * PG), -MV_EINVAL);
	assert_int_equal(bank_add(B0 - PG, 2 * PG), -MV_EINVAL);
	for (n = 1; n < CONFIG_HOST_RAM_MAX_BANKS; n++)
		assert_int_equal(bank_add(B0 + n * MIB(4), PG), (int)n);
	assert_int_equal(bank_add(B1 + GIB(1), PG), -MV_ENOSPC);
	host_ram_get_info(&i);
	assert_int_equal(i.nbanks, CONFIG_HOST_RAM_MAX_BANKS);
	assert_int_equal(i.frames, 64 + CONFIG_HOST_RAM_MAX_BANKS - 1);
	assert_int_equal(i.free_frames, i.frames);
	assert_int_equal(host_ram_check(), 0);
}

static void test_alloc_frame(void **state)
{
	struct host_ram_bank_info bi;
	paddr_t a, b;

	(void)state;
	assert_int_equal(bank_add(B1, 100 * PG), 0);
	assert_int_equal(host_ram_alloc_frame(&a), 0);
	assert_int_equal(a, B1);
	assert_int_equal(host_ram_alloc_frame(&b), 0);
	assert_int_equal(b, B1 + PG);
	assert_true(host_ram_frame_used(a));
	assert_true(host_ram_frame_used(b + 5)); /* any byte of the frame */
	assert_false(host_ram_frame_used(b + PG));
	assert_false(host_ram_frame_used(B0)); /* no bank there */
	assert_int_equal(host_ram_bank_info(0, &bi), 0);
	assert_int_equal(bi.start, B1);
	assert_int_equal(bi.frames, 100);
	assert_int_equal(bi.free_frames, 98);
	assert_int_equal(bi.meta_bytes, host_ram_bank_meta_size(100 * PG));
	assert_int_equal(host_ram_bank_info(1, &bi), -MV_ENOENT);
	assert_int_equal(host_ram_free(a, 1), 0);
	assert_false(host_ram_frame_used(a));
	assert_int_equal(host_ram_alloc_frame(&a), 0);
	assert_int_equal(a, B1);
	assert_int_equal(host_ram_check(), 0);
}

static void test_alloc_bad_args(void **state)
{
	struct snapshot s;
	struct host_ram_info i;
	paddr_t a = 0x1234;

	(void)state;
	assert_int_equal(bank_add(B0, 64 * PG), 0);
	snap(&s);
	assert_int_equal(host_ram_alloc(0, PG, &a), -MV_EINVAL);
	assert_int_equal(host_ram_alloc(1, 3 * PG, &a), -MV_EINVAL);
	assert_int_equal(host_ram_alloc(1, PG / 2, &a), -MV_EINVAL);
	assert_int_equal(host_ram_alloc(1, 0, &a), -MV_EINVAL);
	assert_int_equal(host_ram_alloc(~0ULL, PG, &a), -MV_EINVAL);
	assert_int_equal(host_ram_alloc(65, PG, &a), -MV_ENOMEM);
	assert_int_equal(host_ram_alloc(1, GIB(4), &a), -MV_ENOMEM);
	assert_int_equal(a, 0x1234);
	assert_unchanged(&s);
	host_ram_get_info(&i);
	assert_int_equal(i.alloc_failures, 7);
}

static void test_exhaustion(void **state)
{
	struct snapshot full;
	paddr_t a;
	unsigned int n;

	(void)state;
	assert_int_equal(bank_add(B0, 70 * PG), 0);
	assert_int_equal(bank_add(B1, 3 * PG), 1);
	for (n = 0; n < 73; n++)
		assert_int_equal(host_ram_alloc_frame(&a), 0);
	assert_int_equal(a, B1 + 2 * PG); /* the second bank comes last */
	snap(&full);
	assert_int_equal(full.info.free_frames, 0);
	assert_int_equal(host_ram_alloc_frame(&a), -MV_ENOMEM);
	assert_int_equal(host_ram_alloc(2, PG, &a), -MV_ENOMEM);
	assert_int_equal(host_ram_alloc(512, MIB(2), &a), -MV_ENOMEM);
	assert_unchanged(&full);
	assert_int_equal(host_ram_free(B0, 70), 0);
	assert_int_equal(host_ram_free(B1, 3), 0);
	snap(&full);
	assert_int_equal(full.info.free_frames, 73);
}

static void test_free_bad(void **state)
{
	struct snapshot s;
	struct host_ram_info i;
	paddr_t a;

	(void)state;
	assert_int_equal(bank_add(B0, 64 * PG), 0);
	assert_int_equal(bank_add(B0 + 64 * PG, 64 * PG), 1);
	assert_int_equal(host_ram_alloc(8, PG, &a), 0);
	assert_int_equal(a, B0);
	assert_int_equal(host_ram_reserve(B0 + 8 * PG, 2 * PG), 0);
	assert_int_equal(host_ram_alloc(60, PG, &a), 0); /* no run in bank 0 */
	assert_int_equal(a, B0 + 64 * PG);
	assert_int_equal(host_ram_free(a + 6 * PG, 54), 0);
	assert_int_equal(host_ram_alloc(54, PG, &a), 0);
	assert_int_equal(a, B0 + 10 * PG);
	snap(&s);
	assert_int_equal(host_ram_free(B0 + 8 * PG, 1), -MV_EPERM);
	assert_int_equal(host_ram_free(B0 + 6 * PG, 4), -MV_EPERM);
	assert_int_equal(host_ram_free(B0 + 68 * PG, 4), -MV_EALREADY);
	assert_int_equal(host_ram_free(B0 + 100 * PG, 1), -MV_EALREADY);
	assert_int_equal(host_ram_free(B0 + 60 * PG, 8), -MV_EINVAL);
	assert_int_equal(host_ram_free(B0 + 127 * PG, 2), -MV_EINVAL);
	assert_int_equal(host_ram_free(B0 - PG, 1), -MV_EINVAL);
	assert_int_equal(host_ram_free(B0 + 1, 1), -MV_EINVAL);
	assert_int_equal(host_ram_free(B0, 0), -MV_EINVAL);
	assert_int_equal(host_ram_free(B0, ~0ULL), -MV_EINVAL);
	assert_unchanged(&s);
	host_ram_get_info(&i);
	assert_int_equal(i.bad_frees, 10);
	assert_int_equal(host_ram_free(B0, 2), 0);
	assert_int_equal(host_ram_free(B0, 1), -MV_EALREADY); /* double */
	assert_int_equal(host_ram_free(B0 + 2 * PG, 6), 0);
	assert_int_equal(host_ram_free(B0 + 64 * PG, 6), 0);
	assert_int_equal(host_ram_free(B0 + 10 * PG, 54), 0);
	host_ram_get_info(&i);
	assert_int_equal(i.free_frames, 126);
	assert_int_equal(i.reserved_frames, 2);
	assert_int_equal(host_ram_check(), 0);
}

static void test_reserve(void **state)
{
	struct snapshot s;
	struct host_ram_info i;
	paddr_t a;
	unsigned int n;

	(void)state;
	assert_int_equal(bank_add(B1, 64 * PG), 0);
	assert_int_equal(host_ram_alloc_frame(&a), 0);
	snap(&s);
	assert_int_equal(host_ram_reserve(B1 - PG, 3 * PG), -MV_EBUSY);
	assert_int_equal(host_ram_reserve(B1 + 10, 0), -MV_EINVAL);
	assert_int_equal(host_ram_reserve(B1, ~0ULL), -MV_EINVAL);
	assert_unchanged(&s);
	host_ram_get_info(&i);
	assert_int_equal(i.bad_reserves, 3);
	/* Rounded out to frames, parts outside the bank ignored. */
	assert_int_equal(host_ram_reserve(B1 + PG + 10, PG), 0);
	assert_int_equal(host_ram_reserve(B1 + 60 * PG, MIB(1)), 0);
	assert_int_equal(host_ram_reserve(0, PG), 0); /* outside: no-op */
	assert_int_equal(host_ram_reserve(B1 + 2 * PG, PG), 0); /* again */
	host_ram_get_info(&i);
	assert_int_equal(i.reserved_frames, 6); /* 1, 2, 60..63 */
	assert_int_equal(i.free_frames, 64 - 1 - 6);
	for (n = 0; n < 57; n++) {
		assert_int_equal(host_ram_alloc_frame(&a), 0);
		assert_true(a >= B1 + 3 * PG && a < B1 + 60 * PG);
	}
	assert_int_equal(host_ram_alloc_frame(&a), -MV_ENOMEM);
	assert_true(host_ram_frame_used(B1 + PG));
	assert_int_equal(host_ram_check(), 0);
}

static void test_aligned_runs(void **state)
{
	paddr_t a, b, c;
	unsigned int n;

	(void)state;
	/* 32 MiB from a start that is 12 KiB past a 2 MiB boundary. */
	assert_int_equal(bank_add(B1, MIB(32)), 0);
	for (n = 0; n < 9; n++)
		assert_int_equal(host_ram_alloc_frame(&a), 0);
	assert_int_equal(host_ram_alloc(512, MIB(2), &a), 0);
	assert_int_equal(a, ALIGN_UP(B1, MIB(2)));
	assert_int_equal(host_ram_alloc(3, KIB(16), &b), 0);
	assert_int_equal(b, B1 + 9 * PG); /* physical frame 0x8000c */
	assert_int_equal(host_ram_alloc(200, PG, &c), 0);
	assert_int_equal(c, b + 3 * PG); /* fits before the 2 MiB block */
	assert_int_equal(host_ram_alloc(600, PG, &c), 0);
	assert_int_equal(c, a + MIB(2)); /* too big for the gap: after it */
	assert_int_equal(host_ram_alloc(1, MIB(4), &c), 0);
	assert_int_equal(c % MIB(4), 0);
	assert_int_equal(host_ram_alloc(1024, MIB(4), &c), 0);
	assert_int_equal(c % MIB(4), 0);
	assert_int_equal(host_ram_check(), 0);
	assert_int_equal(host_ram_free(a, 512), 0);
	assert_int_equal(host_ram_alloc(512, MIB(2), &b), 0);
	assert_int_equal(b, a);
}

static void test_bitmap_dump(void **state)
{
	uint64_t out[4] = { 0 };
	paddr_t a;

	(void)state;
	assert_int_equal(bank_add(B1, 100 * PG), 0); /* head hole of 3 */
	assert_int_equal(host_ram_alloc(3, PG, &a), 0);
	assert_int_equal(host_ram_reserve(B1 + 64 * PG, PG), 0);
	assert_int_equal(host_ram_bank_bitmap(0, 0, out, 4), 2);
	assert_int_equal(out[0], 7);
	assert_int_equal(out[1], 1);
	assert_int_equal(host_ram_bank_bitmap(0, 64, out, 4), 1);
	assert_int_equal(out[0], 1);
	assert_int_equal(host_ram_bank_bitmap(0, 128, out, 4), 0);
	assert_int_equal(host_ram_bank_bitmap(0, 3, out, 4), -MV_EINVAL);
	assert_int_equal(host_ram_bank_bitmap(1, 0, out, 4), -MV_ENOENT);
	assert_int_equal(host_ram_alloc(61, PG, &a), 0);
	assert_int_equal(host_ram_alloc(35, PG, &a), 0);
	assert_int_equal(host_ram_bank_bitmap(0, 0, out, 4), 2);
	assert_int_equal(out[0], ~0ULL);
	assert_int_equal(out[1], (1ULL << 36) - 1); /* nothing past frame 99 */
}

/* ---- model-based random test ---------------------------------------- */

struct mbank {
	paddr_t start;
	uint64_t n;
	unsigned char *st;
};

struct model {
	struct mbank bank[2];
	uint64_t rng;
	bool reserves;
};

static void op_alloc(struct model *m)
{
	static const uint64_t aligns[] = { 1, 1, 1, 2, 16, 64, 128, 512 };
	uint64_t r = model_rand(&m->rng), count = 1, align = aligns[r % 8], i;
	int64_t want = -1;
	unsigned int k;
	paddr_t pa;
	int rc;

	if ((r >> 8) % 4 == 1)
		count = 1 + (r >> 16) % 16;
	else if ((r >> 8) % 4 == 2)
		count = 1 + (r >> 16) % 700;
	for (k = 0; k < 2 && want < 0; k++)
		want = model_find_free(m->bank[k].st, m->bank[k].n,
				       m->bank[k].start / PG, count, align);
	rc = host_ram_alloc(count, align * PG, &pa);
	if (want < 0) {
		assert_int_equal(rc, -MV_ENOMEM);
		return;
	}
	assert_int_equal(rc, 0);
	k--;
	assert_int_equal(pa, m->bank[k].start + (uint64_t)want * PG);
	for (i = 0; i < count; i++)
		m->bank[k].st[want + (int64_t)i] = M_ALLOC;
}

/* Expected result of freeing frames [@f, @f + @len) of bank @b. */
static int model_free_result(const struct mbank *b, uint64_t f, uint64_t len)
{
	uint64_t i;
	int rc = 0;

	if (f + len > b->n)
		return -MV_EINVAL;
	for (i = f; i < f + len; i++)
		if (b->st[i] == M_RESV)
			return -MV_EPERM;
	for (i = f; i < f + len; i++)
		if (b->st[i] == M_FREE)
			rc = -MV_EALREADY;
	return rc;
}

static void op_free(struct model *m, bool good)
{
	struct mbank *b = &m->bank[model_rand(&m->rng) % 2];
	uint64_t f = model_rand(&m->rng) % b->n;
	uint64_t len = 1 + model_rand(&m->rng) % 16, i;
	int want;

	if (good) { /* start at an allocated frame, stay in its run */
		for (i = 0; i < b->n && b->st[f] != M_ALLOC; i++)
			f = (f + 1) % b->n;
		for (i = 1; i < len && f + i < b->n && b->st[f + i] == M_ALLOC;
		     i++)
			;
		len = i;
	}
	want = model_free_result(b, f, len);
	assert_int_equal(host_ram_free(b->start + f * PG, len), want);
	for (i = 0; !want && i < len; i++)
		b->st[f + i] = M_FREE;
}

static void op_reserve(struct model *m)
{
	struct mbank *b = &m->bank[model_rand(&m->rng) % 2];
	int64_t f = (int64_t)(model_rand(&m->rng) % (b->n + 20)) - 10, i;
	int64_t len = 1 + (int64_t)(model_rand(&m->rng) % 12);
	int want = 0;

	for (i = MAX(f, 0); i < f + len && i < (int64_t)b->n; i++)
		if (b->st[i] == M_ALLOC)
			want = -MV_EBUSY;
	assert_int_equal(
		host_ram_reserve(b->start + (uint64_t)(f * (int64_t)PG),
				 (uint64_t)len * PG),
		want);
	for (i = MAX(f, 0); !want && i < f + len && i < (int64_t)b->n; i++)
		b->st[i] = M_RESV;
}

/* Counts and every bank's used-bitmap agree with the model. */
static void model_compare(const struct model *m, bool full)
{
	struct host_ram_info info;
	uint64_t nfree = 0, nresv = 0, words[64], f;
	unsigned int k;

	for (k = 0; k < 2; k++) {
		nfree += model_count(m->bank[k].st, m->bank[k].n, M_FREE);
		nresv += model_count(m->bank[k].st, m->bank[k].n, M_RESV);
	}
	host_ram_get_info(&info);
	assert_int_equal(info.free_frames, nfree);
	assert_int_equal(info.reserved_frames, nresv);
	if (!full)
		return;
	assert_int_equal(host_ram_check(), 0);
	for (k = 0; k < 2; k++) {
		assert_true(host_ram_bank_bitmap(k, 0, words, 64) > 0);
		for (f = 0; f < m->bank[k].n; f++)
			assert_int_equal((words[f / 64] >> (f % 64)) & 1,
					 m->bank[k].st[f] != M_FREE);
	}
}

static void model_step(struct model *m)
{
	unsigned int op = (unsigned int)(model_rand(&m->rng) % 16);

	if (op < 6)
		op_alloc(m);
	else if (op < 12)
		op_free(m, true);
	else if (op < 15 || !m->reserves)
		op_free(m, false);
	else
		op_reserve(m);
}

static void model_drain(struct model *m)
{
	uint64_t f;
	unsigned int k;

	for (k = 0; k < 2; k++)
		for (f = 0; f < m->bank[k].n; f++)
			if (m->bank[k].st[f] == M_ALLOC) {
				assert_int_equal(
					host_ram_free(m->bank[k].start + f * PG,
						      1),
					0);
				m->bank[k].st[f] = M_FREE;
			}
}

static void run_model(uint64_t seed, bool reserves, unsigned int ops)
{
	static const uint64_t sizes[2] = { 3000, 1500 };
	struct model m = { .rng = seed, .reserves = reserves };
	struct snapshot empty, now;
	unsigned int k, s;

	for (k = 0; k < 2; k++) {
		m.bank[k].start = k ? B1 : B0;
		m.bank[k].n = sizes[k];
		m.bank[k].st = calloc(sizes[k], 1);
		assert_int_equal(bank_add(m.bank[k].start, sizes[k] * PG),
				 (int)k);
	}
	snap(&empty);
	for (s = 0; s < ops; s++) {
		model_step(&m);
		model_compare(&m, s % 50 == 0);
	}
	model_drain(&m);
	model_compare(&m, true);
	if (!reserves) {
		snap(&now);
		now.info.alloc_failures = now.info.bad_frees = 0;
		assert_memory_equal(&empty, &now, sizeof(now));
	}
	for (k = 0; k < 2; k++) {
		free(m.bank[k].st);
	}
	teardown(NULL);
}

static void test_model_random(void **state)
{
	(void)state;
	run_model(0x9e3779b97f4a7c15ULL, false, 4000);
	run_model(12345, true, 4000);
	run_model(777, true, 3000);
}

/* ---- several CPUs at once ------------------------------------------- */

#define NTHREADS 4
#define CONC_FRAMES 2048

static unsigned char owner[CONC_FRAMES]; /* 0 free, else thread id */

/* Each thread churns its own frames; a frame handed out twice shows. */
static void *churn(void *arg)
{
	unsigned char id = (unsigned char)(uintptr_t)arg;
	paddr_t mine[64];
	unsigned int n = 0, i;
	unsigned char zero;

	for (i = 0; i < 100000; i++) {
		if (n < 64 && (i % 3 || !n)) {
			if (host_ram_alloc_frame(&mine[n]))
				continue;
			zero = 0;
			if (!__atomic_compare_exchange_n(
				    &owner[(mine[n] - B0) / PG], &zero, id,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				return (void *)1;
			n++;
		} else {
			n--;
			__atomic_store_n(&owner[(mine[n] - B0) / PG], 0,
					 __ATOMIC_SEQ_CST);
			if (host_ram_free(mine[n], 1))
				return (void *)1;
		}
	}
	while (n--) {
		__atomic_store_n(&owner[(mine[n] - B0) / PG], 0,
				 __ATOMIC_SEQ_CST);
		if (host_ram_free(mine[n], 1))
			return (void *)1;
	}
	return NULL;
}

static void test_concurrent(void **state)
{
	pthread_t t[NTHREADS];
	struct snapshot empty;
	void *ret;
	uintptr_t i;

	(void)state;
	memset(owner, 0, sizeof(owner));
	assert_int_equal(bank_add(B0, CONC_FRAMES * PG), 0);
	snap(&empty);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(
			pthread_create(&t[i], NULL, churn, (void *)(i + 1)), 0);
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	assert_unchanged(&empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_add_bank_bad, teardown),
		cmocka_unit_test_teardown(test_alloc_frame, teardown),
		cmocka_unit_test_teardown(test_alloc_bad_args, teardown),
		cmocka_unit_test_teardown(test_exhaustion, teardown),
		cmocka_unit_test_teardown(test_free_bad, teardown),
		cmocka_unit_test_teardown(test_reserve, teardown),
		cmocka_unit_test_teardown(test_aligned_runs, teardown),
		cmocka_unit_test_teardown(test_bitmap_dump, teardown),
		cmocka_unit_test_teardown(test_model_random, teardown),
		cmocka_unit_test_teardown(test_concurrent, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
