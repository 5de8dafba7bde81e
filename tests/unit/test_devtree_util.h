/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture helpers shared by the test_devtree*.c programs: locate
 * tests/data from this file's path and load blobs into exact-size heap
 * buffers, so that ASan reports any read past their end.
 */
#ifndef TEST_DEVTREE_UTIL_H
#define TEST_DEVTREE_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** A loaded file: @size bytes at @data, freed with free(). */
struct blob {
	void *data;
	size_t size;
};

/** Absolute path of tests/data/@rel into @buf. */
static inline const char *test_data_path(char *buf, size_t size,
					 const char *rel)
{
	const char *file = __FILE__;
	const char *slash = strrchr(file, '/');
	int dir_len = slash ? (int)(slash - file) : 1;

	snprintf(buf, size, "%.*s/../data/%s", dir_len, slash ? file : ".",
		 rel);
	return buf;
}

/** Read the whole file @path into a fresh buffer of exactly its size. */
static inline struct blob test_load_path(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	long len;

	if (!f)
		return b;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0) {
		rewind(f);
		b.data = malloc((size_t)len);
		if (b.data && fread(b.data, 1, len, f) == (size_t)len)
			b.size = len;
	}
	fclose(f);
	return b;
}

/** Load tests/data/dtb/@name. */
static inline struct blob test_load_dtb(const char *name)
{
	char rel[256], path[4096];

	snprintf(rel, sizeof(rel), "dtb/%s", name);
	return test_load_path(test_data_path(path, sizeof(path), rel));
}

/** An exact-size copy of @len bytes (ASan flags any read past it). */
static inline void *test_copy(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (p)
		memcpy(p, src, len);
	return p;
}

/** Every fixture under tests/data/dtb/. */
static const char *const test_dtbs[] = {
	"virt-gic2.dtb", "virt-gic3.dtb", "virt-numa.dtb",
	"cells1.dtb",	 "cells2.dtb",
};

#endif
