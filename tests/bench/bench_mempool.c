// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mempool benchmarks (heap-backed pool on a host arena). Each figure is
 * the median of BENCH_RUNS runs. Output (see bench.h):
 *
 *   BENCH mempool_alloc_free <ns> ns/op   one op = one mempool_alloc()
 *                                         and its mempool_free()
 *   BENCH mempool_meta_per_obj <n> B/obj  pool state (bitmap, free
 *                                         stack, control) per object
 *
 * A batch of objects is taken, then freed in a shuffled order, so the
 * free stack does not just hand the same object back each time.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include <minivisor/heap.h>
#include <minivisor/mempool.h>

#define HEAP_BYTES (16ULL << 20)
#define NOBJ 4096
#define ROUNDS 500

static void *objs[NOBJ];
static unsigned int order[NOBJ];

/* A fixed permutation (odd multiplier, power-of-two count). */
static void make_order(void)
{
	unsigned int i;

	for (i = 0; i < NOBJ; i++)
		order[i] = (i * 2654435761U) % NOBJ;
}

/* ns per alloc+free pair over ROUNDS batches. */
static double run(struct mempool *pool)
{
	uint64_t t0 = bench_now_ns();
	unsigned int r, i;

	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < NOBJ; i++)
			objs[i] = mempool_alloc(pool);
		for (i = 0; i < NOBJ; i++)
			mempool_free(pool, objs[order[i]]);
	}
	return (double)(bench_now_ns() - t0) / ((double)NOBJ * ROUNDS);
}

int main(void)
{
	void *arena = aligned_alloc(4096, HEAP_BYTES);
	struct mempool_info info;
	struct mempool *pool;
	double v[BENCH_RUNS];
	int i;

	if (!arena || heap_init(arena, HEAP_BYTES))
		return 1;
	pool = mempool_create_heap("bench", 64, NOBJ);
	if (!pool)
		return 1;
	make_order();
	run(pool); /* warm up */
	for (i = 0; i < BENCH_RUNS; i++)
		v[i] = run(pool);
	mempool_get_info(pool, &info);
	if (info.free != NOBJ || info.bad_frees || info.alloc_failures ||
	    mempool_check(pool)) {
		fprintf(stderr, "bench_mempool: pool inconsistent after run\n");
		return 1;
	}
	bench_report("mempool_alloc_free", bench_median(v, BENCH_RUNS),
		     "ns/op");
	bench_report("mempool_meta_per_obj",
		     (double)info.meta_bytes / info.capacity, "B/obj");
	mempool_destroy(pool);
	free(arena);
	return 0;
}
