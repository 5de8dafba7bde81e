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
#include <libfdt.h>

#include <minivisor/devtree.h>

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

/** A packed copy of fixture @name (QEMU pads its blobs to 1 MiB). */
static inline struct blob test_load_packed(const char *name)
{
	struct blob b = test_load_dtb(name);

	if (b.data && fdt_pack(b.data) == 0)
		b.size = fdt_totalsize(b.data);
	return b;
}

/* Sink for devtree_print() that only counts bytes. */
static inline void test_discard(void *arg, const char *s, size_t len)
{
	(void)s;
	*(size_t *)arg += len;
}

/* Every reader on every node of @dt; returns a figure to keep it live. */
static inline unsigned long test_exercise_nodes(const struct devtree *dt)
{
	unsigned long sum = 0;
	struct dt_range r;
	const char *s;
	char path[128];
	uint64_t u64;
	uint32_t u32;

	for (int node = 0; node >= 0;
	     node = fdt_next_node(dt->fdt, node, NULL)) {
		for (int i = 0; i < 64 && !devtree_reg(dt, node, i, &r); i++)
			sum += r.base + r.size;
		if (!devtree_node_path(dt, node, path, sizeof(path)))
			sum += devtree_path(dt, path) == node;
		sum += !devtree_u32(dt, node, "#address-cells", &u32);
		sum += !devtree_u64(dt, node, "reg", &u64);
		sum += !devtree_string(dt, node, "compatible", &s);
		sum += devtree_node_available(dt, node);
	}
	return sum;
}

/*
 * The whole-tree readers, devtree_find_compatible() and the printer
 * (also the body of tests/fuzz/fuzz_devtree.c).
 */
static inline unsigned long test_exercise(const struct devtree *dt)
{
	static const char *const compats[] = {
		"arm,pl011",   "arm,gic-v3", "arm,cortex-a15-gic",
		"virtio,mmio", "simple-bus", "",
	};
	struct dt_range r[64];
	struct dt_layout l;
	unsigned long sum = test_exercise_nodes(dt);
	size_t printed = 0;
	char buf[64];

	sum += devtree_memory(dt, r, 64) + devtree_memory(dt, r, 1);
	sum += devtree_reserved(dt, r, 64) + devtree_reserved(dt, r, 1);
	sum += devtree_layout(dt, &l);
	sum += devtree_bootargs(dt) != NULL;
	sum += devtree_bootarg(dt, "minivisor.bootcmd", buf, sizeof(buf));
	sum += devtree_bootarg(dt, "console", buf, 4);
	for (unsigned int i = 0; i < sizeof(compats) / sizeof(*compats); i++)
		for (int n = -1, k = 0; k < 64; k++) {
			int next = devtree_find_compatible(dt, n, compats[i]);

			if (next < 0)
				break;
			if (next <= n)
				abort(); /* the search must move forward */
			n = next;
			sum += n;
		}
	sum += devtree_print(dt, 0, test_discard, &printed);
	return sum + printed;
}

#endif
