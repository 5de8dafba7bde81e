/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark helpers: run a measurement several times and print the
 * median as "BENCH <name> <value> <unit>".
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_RUNS 7

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/** Median of @n values (sorts @v in place). */
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/** One xorshift64 step: a fast, reproducible pseudo-random sequence. */
static inline uint64_t bench_rand(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/** Report that step @what of benchmark @prog failed, and exit. */
static inline __attribute__((noreturn)) void bench_die(const char *prog,
						       const char *what)
{
	fprintf(stderr, "%s: %s failed\n", prog, what);
	exit(1);
}

/** Print one figure in the stable format parsed by tools and CI logs. */
static inline void bench_report(const char *name, double value,
				const char *unit)
{
	if (value >= 100)
		printf("BENCH %s %.0f %s\n", name, value, unit);
	else
		printf("BENCH %s %.3g %s\n", name, value, unit);
	fflush(stdout);
}

#endif
