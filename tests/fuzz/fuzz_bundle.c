// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the boot bundle reader: every input is offered
 * to bundle_open() in an exact-size copy (ASan sees any read past it);
 * what opens is walked file by file, every byte of every file read, and
 * looked up by name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/bundle.h>

static volatile unsigned int sink;

static void fuzz_walk(const struct bundle *b)
{
	struct bundle_file f;
	size_t cursor = 0, prev = 0;
	unsigned int files = 0;
	const void *d;
	size_t n;

	while (!bundle_next(b, &cursor, &f)) {
		if (cursor <= prev)
			abort(); /* iteration must move forward */
		prev = cursor;
		for (size_t i = 0; i < f.size; i++)
			sink += ((const uint8_t *)f.data)[i];
		sink += (unsigned int)strlen(f.name);
		if (bundle_find(b, f.name, &d, &n))
			abort(); /* every listed file can be found */
		files++;
	}
	if (files != b->nfiles)
		abort();
	bundle_find(b, "guests.dtb", &d, &n);
	bundle_find(b, "./testguest.bin", &d, &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct bundle b;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (!bundle_open(&b, copy, size)) {
		if (b.size > size)
			abort();
		fuzz_walk(&b);
	}
	free(copy);
	return 0;
}
