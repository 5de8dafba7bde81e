// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for core/devtree: every input is offered to
 * devtree_open() with its real size (in an exact-size, 8-byte aligned
 * copy so ASan sees any read past it); whatever opens is run through
 * every reader and the printer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <minivisor/devtree.h>

static const char *const compats[] = {
	"arm,pl011",   "arm,gic-v3", "arm,cortex-a15-gic",
	"virtio,mmio", "simple-bus", "",
};

static void fuzz_discard(void *arg, const char *s, size_t len)
{
	(void)s;
	*(size_t *)arg += len;
}

static void fuzz_nodes(const struct devtree *dt)
{
	struct dt_range r;
	const char *s;
	char path[256];
	uint64_t u64;
	uint32_t u32;

	for (int node = 0; node >= 0;
	     node = fdt_next_node(dt->fdt, node, NULL)) {
		for (int i = 0; i < 16 && !devtree_reg(dt, node, i, &r); i++)
			;
		/* not necessarily back to @node: names may repeat or hold '/' */
		if (!devtree_node_path(dt, node, path, sizeof(path)))
			devtree_path(dt, path);
		devtree_u32(dt, node, "#address-cells", &u32);
		devtree_u64(dt, node, "reg", &u64);
		devtree_string(dt, node, "compatible", &s);
	}
}

static void fuzz_compatible(const struct devtree *dt)
{
	for (size_t i = 0; i < sizeof(compats) / sizeof(*compats); i++)
		for (int node = -1;;) {
			int next =
				devtree_find_compatible(dt, node, compats[i]);

			if (next < 0)
				break;
			if (next <= node)
				abort(); /* the search must move forward */
			node = next;
		}
}

static void fuzz_readers(const struct devtree *dt)
{
	struct dt_range r[32];
	struct dt_layout l;
	size_t printed = 0;
	char buf[128];

	devtree_memory(dt, r, 32);
	devtree_reserved(dt, r, 32);
	devtree_layout(dt, &l);
	devtree_bootargs(dt);
	devtree_bootarg(dt, "minivisor.bootcmd", buf, sizeof(buf));
	devtree_bootarg(dt, "console", buf, 8);
	fuzz_compatible(dt);
	fuzz_nodes(dt);
	devtree_print(dt, 0, fuzz_discard, &printed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer's buffer is exact-size already, but not always aligned */
	void *copy = aligned_alloc(8, size ? (size + 7) & ~(size_t)7 : 8);
	struct devtree dt;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (devtree_open(&dt, copy, size) == 0)
		fuzz_readers(&dt);
	free(copy);
	return 0;
}
