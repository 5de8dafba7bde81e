// SPDX-License-Identifier: GPL-2.0-only
/*
 * Buddy and vapool benchmarks.
 *
 * buddy_alloc_free: a buddy over 1 GiB of 4 KiB blocks is first filled
 * to about half by random allocations of mixed orders (1 to 256 pages,
 * smaller ones more often). One op = allocate a block of a random order
 * and free a randomly chosen live block, so the fill level and the
 * fragmentation stay steady. Median ns per op over BENCH_RUNS runs.
 *
 * vapool_alloc_free: the same through the vapool API (lock included)
 * on a 4 GiB window.
 *
 * vapool_meta_per_gib: vapool_meta_size() of an 8 GiB window, per GiB.
 */
#include "bench.h"

#include <minivisor/buddy.h>
#include <minivisor/vapool.h>

#define BASE 0x7f0000000000ULL
#define OPS 200000
#define LIVE 20000

struct live {
	uint64_t addr[LIVE];
	unsigned int n;
};

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t sizes[OPS];
static unsigned int victims[OPS];

static uint64_t rnd(void)
{
	return bench_rand(&rng);
}

static void die(const char *what)
{
	bench_die("bench_buddy", what);
}

/* Mixed orders: order k (pages 2^k, k < 9) with weight 2^-(k/2). */
static uint64_t rnd_size(void)
{
	unsigned int k = (unsigned int)(rnd() % 9);

	if (rnd() % (1U << (k / 2)))
		k = 0;
	return (4096ULL << k) - rnd() % 4096;
}

static void prepare(void)
{
	unsigned int i;

	for (i = 0; i < OPS; i++) {
		sizes[i] = rnd_size();
		victims[i] = (unsigned int)rnd();
	}
}

/* alloc/free pair loop over either the raw buddy or vapool. */
static double run(struct live *lv, struct buddy *b)
{
	uint64_t t0 = bench_now_ns(), a;
	unsigned int i, j;
	vaddr_t va;

	for (i = 0; i < OPS; i++) {
		if (b ? buddy_alloc(b, sizes[i], &a) :
			vapool_alloc(sizes[i], &va))
			die("alloc");
		j = victims[i] % lv->n;
		if (b ? buddy_free(b, lv->addr[j]) : vapool_free(lv->addr[j]))
			die("free");
		lv->addr[j] = b ? a : va;
	}
	return (double)(bench_now_ns() - t0) / OPS;
}

static double measure(struct live *lv, struct buddy *b)
{
	double v[BENCH_RUNS];
	int r;

	for (r = 0; r < BENCH_RUNS; r++)
		v[r] = run(lv, b);
	return bench_median(v, BENCH_RUNS);
}

static void fill(struct live *lv, struct buddy *b)
{
	vaddr_t va;
	uint64_t a;

	for (lv->n = 0; lv->n < LIVE; lv->n++) {
		if (b ? buddy_alloc(b, rnd_size(), &a) :
			vapool_alloc(rnd_size(), &va))
			die("fill");
		lv->addr[lv->n] = b ? a : va;
	}
}

int main(void)
{
	static struct live lv;
	static struct buddy b;
	uint64_t size = 1ULL << 30;
	size_t msz = buddy_meta_size(size, 12);
	void *meta = malloc(msz);

	if (!meta || buddy_init(&b, BASE, size, 12, meta, msz))
		die("buddy_init");
	prepare();
	fill(&lv, &b);
	bench_report("buddy_alloc_free", measure(&lv, &b), "ns/op");
	if (buddy_check(&b))
		die("buddy_check");
	free(meta);

	size = 4ULL << 30;
	msz = vapool_meta_size(size);
	meta = malloc(msz);
	if (!meta || vapool_init(BASE, size, meta, msz))
		die("vapool_init");
	fill(&lv, NULL);
	bench_report("vapool_alloc_free", measure(&lv, NULL), "ns/op");
	if (buddy_check(vapool_buddy()))
		die("vapool check");
	free(meta);
	bench_report("vapool_meta_per_gib",
		     (double)vapool_meta_size(8ULL << 30) / 8, "B/GiB");
	return 0;
}
