// SPDX-License-Identifier: GPL-2.0-only
/*
 * host_ram benchmarks on one 4 GiB bank (1 Mi frames).
 *
 * Filling: every frame is allocated, then a random subset is freed
 * (Fisher-Yates shuffle of the frame list), so the free frames are
 * scattered over the whole bank rather than left as a free tail.
 *
 * host_ram_frame_<pct>: one op = free a randomly chosen used frame, then
 * allocate one frame (the allocator picks the lowest free one), so the
 * occupancy stays put. Each run does OPS ops on a fresh fill; the figure
 * is the median ns per op over BENCH_RUNS runs, the levels taking turns.
 * The free set drifts upwards a little as the lowest free frames are
 * taken, but stays scattered.
 *
 * host_ram_2m_<pct>: the same occupancy, except that KEEP aligned 2 MiB
 * chunks (spread over the bank) are left entirely free so that a 2 MiB
 * run exists at 99%; one op = allocate 512 frames 2 MiB aligned, then
 * free them.
 */
#include <string.h>

#include "bench.h"

#include <minivisor/host_ram.h>

#define BANK 0x80000000ULL
#define BANK_SIZE (4ULL << 30)
#define NFRAMES (BANK_SIZE / 4096)
#define OPS 200000
#define KEEP 16 /* free 2 MiB chunks kept for the 2 MiB runs */

static void *meta;
static uint32_t *frames; /* shuffled frame list: [0, nfree) free */
static uint32_t *picks; /* precomputed random indices */
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	return bench_rand(&rng);
}

static void die(const char *what)
{
	bench_die("bench_host_ram", what);
}

static void bank_fresh(void)
{
	paddr_t pa;
	uint64_t i;

	host_ram_reset();
	if (host_ram_add_bank(BANK, BANK_SIZE, meta) != 0)
		die("add_bank");
	for (i = 0; i < NFRAMES; i++)
		if (host_ram_alloc_frame(&pa))
			die("fill");
}

/* True when frame @f lies in one of the KEEP chunks. */
static bool kept(uint64_t f)
{
	uint64_t chunk = f / 512, stride = NFRAMES / 512 / KEEP;

	return chunk % stride == stride / 2;
}

/* Fill to @pct percent; @keep leaves KEEP whole 2 MiB chunks free. */
static uint64_t fill(unsigned int pct, bool keep)
{
	uint64_t nfree = NFRAMES * (100 - pct) / 100, i, n = 0, j, t;

	bank_fresh();
	for (i = 0; i < NFRAMES; i++)
		if (!keep || !kept(i))
			frames[n++] = (uint32_t)i;
	if (keep) {
		for (i = 0; i < NFRAMES; i += 512)
			if (kept(i) && host_ram_free(BANK + i * 4096, 512))
				die("free chunk");
		nfree -= MIN(nfree, (uint64_t)KEEP * 512);
	}
	for (i = 0; i < n; i++) { /* shuffle: the first nfree get freed */
		j = i + rnd() % (n - i);
		t = frames[i], frames[i] = frames[j], frames[j] = (uint32_t)t;
	}
	for (i = 0; i < nfree; i++)
		if (host_ram_free(BANK + (uint64_t)frames[i] * 4096, 1))
			die("free");
	for (i = 0; i < OPS; i++)
		picks[i] = (uint32_t)(nfree + rnd() % (n - nfree));
	return nfree;
}

static double run_frames(void)
{
	uint64_t t0 = bench_now_ns(), i;
	paddr_t pa;

	for (i = 0; i < OPS; i++) {
		uint32_t *slot = &frames[picks[i]];

		if (host_ram_free(BANK + (uint64_t)*slot * 4096, 1) ||
		    host_ram_alloc_frame(&pa))
			die("frame op");
		*slot = (uint32_t)((pa - BANK) / 4096);
	}
	return (double)(bench_now_ns() - t0) / OPS;
}

static double run_2m(void)
{
	uint64_t t0 = bench_now_ns(), i;
	paddr_t pa;

	for (i = 0; i < OPS; i++)
		if (host_ram_alloc(512, 2 << 20, &pa) || host_ram_free(pa, 512))
			die("2m op");
	return (double)(bench_now_ns() - t0) / OPS;
}

static double measure(double (*run)(void))
{
	double v[BENCH_RUNS];
	int r;

	for (r = 0; r < BENCH_RUNS; r++)
		v[r] = run();
	return bench_median(v, BENCH_RUNS);
}

/*
 * Frame figures: the four levels take turns, one run each per round
 * with a fresh fill, so that a change in machine load hits all of them
 * alike and the 99%/1% ratio compares like with like.
 */
static void measure_frames(const unsigned int *pct, double *ns)
{
	double v[4][BENCH_RUNS];
	int r, i;

	for (r = 0; r < BENCH_RUNS; r++)
		for (i = 0; i < 4; i++) {
			fill(pct[i], false);
			v[i][r] = run_frames();
			if (host_ram_check())
				die("check");
		}
	for (i = 0; i < 4; i++)
		ns[i] = bench_median(v[i], BENCH_RUNS);
}

int main(void)
{
	static const unsigned int pct[] = { 1, 50, 90, 99 };
	double frame_ns[4];
	char name[64];
	unsigned int i;

	meta = malloc(host_ram_bank_meta_size(BANK_SIZE));
	frames = malloc(NFRAMES * sizeof(*frames));
	picks = malloc(OPS * sizeof(*picks));
	if (!meta || !frames || !picks)
		die("malloc");
	measure_frames(pct, frame_ns);
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "host_ram_frame_%upct", pct[i]);
		bench_report(name, frame_ns[i], "ns/op");
	}
	bench_report("host_ram_frame_99_vs_1", frame_ns[3] / frame_ns[0], "x");
	for (i = 0; i < 4; i++) {
		fill(pct[i], true);
		snprintf(name, sizeof(name), "host_ram_2m_%upct", pct[i]);
		bench_report(name, measure(run_2m), "ns/op");
	}
	bench_report("host_ram_meta_per_gib",
		     (double)host_ram_bank_meta_size(BANK_SIZE) / 4, "B/GiB");
	host_ram_reset();
	free(meta);
	free(frames);
	free(picks);
	return 0;
}
