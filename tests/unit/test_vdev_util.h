/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixtures shared by test_vdev.c, test_vpl011.c and test_vserial.c: a
 * heap over a host arena, a guest device tree with emulated-device
 * nodes built with libfdt, and a stand-in for the guest manager.
 */
#ifndef TEST_VDEV_UTIL_H
#define TEST_VDEV_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <minivisor/devtree.h>
#include <minivisor/heap.h>
#include <minivisor/vdev.h>

struct guest;

/*
 * The emulators only ask the guest manager for a guest's name. These
 * tests pass the name itself as the guest pointer; the weak definition
 * keeps the real guest_name() (core/guest) in charge in any program
 * that links the guest manager.
 */
__attribute__((weak)) const char *guest_name(const struct guest *g);
__attribute__((weak)) const char *guest_name(const struct guest *g)
{
	return (const char *)g;
}

#define TV_GUEST(name) ((struct guest *)(name))

/**
 * A fresh heap of @size bytes. The previous arena is freed: every test
 * must have released its objects by then.
 */
static inline void tv_heap_init(size_t size)
{
	static void *arena;

	free(arena);
	arena = aligned_alloc(PAGE_SIZE, size);
	if (!arena || heap_init(arena, size))
		abort();
}

/** Bytes handed out by the heap now (leak checks). */
static inline uint64_t tv_heap_used(void)
{
	struct heap_info i;

	heap_get_info(&i);
	return i.used_bytes;
}

/*
 * /guests/guest0/aspace/{uart0@9000000, testdev@a000000, uart1,
 * averyveryvery...long}, /guests/guest1/aspace/uart0@9000000.
 */
static inline void tv_dt_build(struct devtree *dt)
{
	static char blob[8192];
	static const char *const nodes[][2] = {
		{ "/guests/guest0/aspace", "uart0@9000000" },
		{ "/guests/guest0/aspace", "testdev@a000000" },
		{ "/guests/guest0/aspace", "uart1" },
		{ "/guests/guest0/aspace",
		  "a-node-name-that-is-far-too-long-for-a-vserial-name-"
		  "at-all" },
		{ "/guests/guest1/aspace", "uart0@9000000" },
	};

	if (fdt_create_empty_tree(blob, sizeof(blob)))
		abort();
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		const char *p = nodes[i][0];
		int parent = 0;

		/* Create the parent path component by component. */
		while (*p == '/') {
			const char *end = strchr(p + 1, '/');
			int len = end ? (int)(end - p - 1) : (int)strlen(p + 1);
			int n = fdt_subnode_offset_namelen(blob, parent, p + 1,
							   len);

			if (n < 0)
				n = fdt_add_subnode_namelen(blob, parent, p + 1,
							    len);
			if (n < 0)
				abort();
			parent = n;
			p += len + 1;
		}
		if (fdt_add_subnode(blob, parent, nodes[i][1]) < 0)
			abort();
	}
	if (devtree_open(dt, blob, sizeof(blob)))
		abort();
}

/** Offset of the node at @path (which must exist). */
static inline int tv_node(const struct devtree *dt, const char *path)
{
	int n = devtree_path(dt, path);

	if (n < 0)
		abort();
	return n;
}

/** One access through the dispatcher; returns the result. */
static inline enum vdev_result tv_access(const struct vdev_type *t, void *priv,
					 bool write, uint64_t off,
					 unsigned int size, uint64_t *value)
{
	struct vdev_access a = {
		.offset = off,
		.size = size,
		.write = write,
		.value = write ? *value : 0xdeadbeefdeadbeefull,
	};
	enum vdev_result r = vdev_mmio_dispatch(t, priv, &a);

	if (!write)
		*value = a.value;
	return r;
}

/** Read @size bytes at @off; aborts the test on a refused access. */
static inline uint64_t tv_read(const struct vdev_type *t, void *priv,
			       uint64_t off, unsigned int size)
{
	uint64_t v;

	if (tv_access(t, priv, false, off, size, &v) != VDEV_OK)
		abort();
	return v;
}

/** Write @v (@size bytes) at @off; aborts on a refused access. */
static inline void tv_write(const struct vdev_type *t, void *priv, uint64_t off,
			    unsigned int size, uint64_t v)
{
	if (tv_access(t, priv, true, off, size, &v) != VDEV_OK)
		abort();
}

#endif
