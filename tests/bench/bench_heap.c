// SPDX-License-Identifier: GPL-2.0-only
/*
 * Heap benchmarks on a 64 MiB host arena. Each figure is the median of
 * BENCH_RUNS runs. Output (one line each, see bench.h):
 *
 *   BENCH heap_small_mixed <ns> ns/op   one op = one mv_malloc() of a
 *                                       size in 8..2048 and its mv_free()
 *   BENCH heap_64k <ns> ns/op           same with 64 KiB blocks
 *   BENCH heap_meta_per_gib <n> B/GiB   meta_bytes of a 64 MiB heap,
 *                                       scaled to 1 GiB of heap
 *   BENCH heap_meta_ratio <x> frac      meta_bytes / heap size of that
 *                                       heap (the bound is 1/64 = 0.0156)
 *
 * Blocks are taken in batches and freed in a shuffled order so that the
 * allocator sees partly used slabs and buddy merges, not one hot slot.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include <minivisor/heap.h>

#define HEAP_BYTES (64ULL << 20)
#define BATCH 1024
#define BIG_BATCH 256

static size_t sizes[BATCH];
static unsigned int order[BATCH];
static void *ptrs[BATCH];

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	return bench_rand(&rng);
}

/* Sizes 8..2048 and a shuffled free order. */
static void make_workload(void)
{
	unsigned int i, j, t;

	for (i = 0; i < BATCH; i++) {
		sizes[i] = 8 + rnd() % (2048 - 8 + 1);
		order[i] = i;
	}
	for (i = BATCH - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* ns per malloc+free pair over @rounds batches of @n blocks. */
static double run_batches(unsigned int n, unsigned int rounds, bool big)
{
	uint64_t t0 = bench_now_ns();
	unsigned int r, i;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			ptrs[i] = mv_malloc(big ? 65536 : sizes[i]);
			if (!ptrs[i]) {
				fprintf(stderr, "bench_heap: out of memory\n");
				exit(1);
			}
		}
		for (i = 0; i < n; i++)
			mv_free(ptrs[order[i] % n]);
	}
	return (double)(bench_now_ns() - t0) / ((double)n * rounds);
}

static void bench_pairs(const char *name, unsigned int n, unsigned int rounds,
			bool big)
{
	double v[BENCH_RUNS];
	int i;

	run_batches(n, rounds / 4 + 1, big); /* warm up */
	for (i = 0; i < BENCH_RUNS; i++)
		v[i] = run_batches(n, rounds, big);
	bench_report(name, bench_median(v, BENCH_RUNS), "ns/op");
}

/* With BIG_BATCH < BATCH, order[i] % n may repeat: use a permutation. */
static void make_big_order(void)
{
	unsigned int i;

	for (i = 0; i < BIG_BATCH; i++)
		order[i] = (i * 97) % BIG_BATCH;
}

int main(void)
{
	void *arena = aligned_alloc(4096, HEAP_BYTES);
	struct heap_info info;

	if (!arena || heap_init(arena, HEAP_BYTES)) {
		fprintf(stderr, "bench_heap: no heap\n");
		return 1;
	}
	make_workload();
	bench_pairs("heap_small_mixed", BATCH, 400, false);
	make_big_order();
	bench_pairs("heap_64k", BIG_BATCH, 400, true);
	heap_get_info(&info);
	if (heap_check() || info.used_bytes) {
		fprintf(stderr, "bench_heap: heap inconsistent after run\n");
		return 1;
	}
	bench_report("heap_meta_per_gib",
		     (double)info.meta_bytes * (double)(1ULL << 30) /
			     (double)info.size,
		     "B/GiB");
	printf("BENCH heap_meta_ratio %.4f frac\n",
	       (double)info.meta_bytes / (double)info.size);
	free(arena);
	return 0;
}
