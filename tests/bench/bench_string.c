// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/lib/string.c throughput (as mv_memset/mv_memcpy on the host):
 * zeroing and copying 4 KiB pages and a 1 MiB buffer, aligned and not,
 * against a byte loop, in GiB/s. "skewed" copies between pointers of
 * different alignment, which take the byte path.
 */
#include <string.h>

#include <minivisor/libc.h>

#include "bench.h"

#define BIG (1UL << 20)
#define TOTAL (256UL << 20) /* bytes processed per run */

static unsigned char *src, *dst;

/* A byte loop the compiler may not turn into a library call. */
static void byte_set(volatile unsigned char *p, int c, size_t n)
{
	while (n--)
		*p++ = (unsigned char)c;
}

/* OP_SKEW copies between buffers whose alignments differ (byte path). */
enum op { OP_MEMSET, OP_MEMCPY, OP_SKEW, OP_BYTES };

static double run_gibs(enum op op, size_t len, size_t offset)
{
	double v[BENCH_RUNS];

	for (int r = 0; r < BENCH_RUNS; r++) {
		uint64_t t0 = bench_now_ns();

		for (size_t done = 0; done < TOTAL; done += len) {
			if (op == OP_MEMSET)
				mv_memset(dst + offset, (int)done, len);
			else if (op == OP_MEMCPY)
				mv_memcpy(dst + offset, src + offset, len);
			else if (op == OP_SKEW)
				mv_memcpy(dst + offset, src + offset + 1, len);
			else
				byte_set(dst + offset, (int)done, len);
		}
		v[r] = (double)TOTAL / (1 << 30) /
		       ((double)(bench_now_ns() - t0) / 1e9);
	}
	/* Keep the results observable. */
	if (dst[offset] == 0xee && src[0] == 0xee)
		printf("#\n");
	return bench_median(v, BENCH_RUNS);
}

int main(void)
{
	src = aligned_alloc(4096, BIG + 64);
	dst = aligned_alloc(4096, BIG + 64);
	if (!src || !dst)
		return 1;
	memset(src, 0x5a, BIG + 64);
	memset(dst, 0, BIG + 64);
	bench_report("string_memset_4k", run_gibs(OP_MEMSET, 4096, 0), "GiB/s");
	bench_report("string_memset_1m", run_gibs(OP_MEMSET, BIG, 0), "GiB/s");
	bench_report("string_memset_1m_unaligned", run_gibs(OP_MEMSET, BIG, 3),
		     "GiB/s");
	bench_report("string_byteloop_4k", run_gibs(OP_BYTES, 4096, 0),
		     "GiB/s");
	bench_report("string_memcpy_4k", run_gibs(OP_MEMCPY, 4096, 0), "GiB/s");
	bench_report("string_memcpy_1m", run_gibs(OP_MEMCPY, BIG, 0), "GiB/s");
	bench_report("string_memcpy_1m_unaligned", run_gibs(OP_MEMCPY, BIG, 5),
		     "GiB/s");
	bench_report("string_memcpy_1m_skewed", run_gibs(OP_SKEW, BIG, 0),
		     "GiB/s");
	free(src);
	free(dst);
	return 0;
}
