// SPDX-License-Identifier: GPL-2.0-only
/*
 * core/devtree on the committed fixtures: QEMU's own DTBs (GICv2, GICv3,
 * two NUMA banks) and the dtc-built cells1/cells2 trees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>

#include <minivisor/devtree.h>
#include <minivisor/errno.h>

#include "test_devtree_util.h"

/* One opened fixture; freed by the teardown. */
struct fixture {
	struct blob blob;
	struct devtree dt;
};

static struct fixture *fixture_open(void **state, const char *name)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	f->blob = test_load_dtb(name);
	assert_non_null(f->blob.data);
	assert_int_equal(devtree_open(&f->dt, f->blob.data, f->blob.size), 0);
	return f;
}

static int fixture_close(void **state)
{
	struct fixture *f = *state;

	if (f)
		free(f->blob.data);
	free(f);
	return 0;
}

static void assert_range(const struct dt_range *r, uint64_t base, uint64_t size)
{
	assert_int_equal(r->base, base);
	assert_int_equal(r->size, size);
}

static int node_at(const struct devtree *dt, const char *path)
{
	int node = devtree_path(dt, path);

	assert_true(node >= 0);
	return node;
}

static void test_open_every_fixture(void **state)
{
	for (unsigned int i = 0; i < sizeof(test_dtbs) / sizeof(*test_dtbs);
	     i++) {
		struct blob b = test_load_dtb(test_dtbs[i]);
		struct devtree dt;

		assert_non_null(b.data);
		assert_int_equal(devtree_open(&dt, b.data, b.size), 0);
		assert_ptr_equal(dt.fdt, b.data);
		assert_int_equal(dt.size, fdt_totalsize(b.data));
		assert_int_equal(dt.phys, (uintptr_t)b.data);
		/* a larger readable buffer than the blob is fine */
		assert_true(dt.size <= b.size);
		free(b.data);
	}
	(void)state;
}

static void test_memory_qemu_one_bank(void **state)
{
	struct fixture *f = fixture_open(state, "virt-gic2.dtb");
	struct dt_range r[4];

	assert_int_equal(devtree_memory(&f->dt, r, 4), 1);
	assert_range(&r[0], 0x40000000, 0x20000000);
}

static void test_memory_qemu_numa(void **state)
{
	struct fixture *f = fixture_open(state, "virt-numa.dtb");
	struct dt_range r[4];

	/* QEMU writes memory@60000000 before memory@40000000 */
	assert_int_equal(devtree_memory(&f->dt, r, 4), 2);
	assert_range(&r[0], 0x60000000, 0x20000000);
	assert_range(&r[1], 0x40000000, 0x20000000);
}

static void test_memory_cells1(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	struct dt_range r[8];

	/* the empty entry and the disabled node are skipped */
	assert_int_equal(devtree_memory(&f->dt, r, 8), 3);
	assert_range(&r[0], 0x40000000, 0x08000000);
	assert_range(&r[1], 0x50000000, 0x04000000);
	assert_range(&r[2], 0x70000000, 0x01000000);
}

static void test_memory_cells2(void **state)
{
	struct fixture *f = fixture_open(state, "cells2.dtb");
	struct dt_range r[8];

	assert_int_equal(devtree_memory(&f->dt, r, 8), 3);
	assert_range(&r[0], 0x40000000, 0x40000000);
	assert_range(&r[1], 0x800000000, 0x100000000);
	/* below /soc: one address and one size cell */
	assert_range(&r[2], 0xc0000000, 0x10000000);
}

static void test_memory_no_space(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	struct dt_range r[3] = { { 0 } };

	assert_int_equal(devtree_memory(&f->dt, r, 2), -MV_ENOSPC);
	assert_range(&r[0], 0x40000000, 0x08000000);
	assert_range(&r[1], 0x50000000, 0x04000000);
	assert_range(&r[2], 0, 0); /* untouched beyond max */
	assert_int_equal(devtree_memory(&f->dt, NULL, 0), -MV_ENOSPC);
	assert_int_equal(devtree_memory(&f->dt, NULL, 1), -MV_EINVAL);
	assert_int_equal(devtree_memory(&f->dt, r, -1), -MV_EINVAL);
}

static void test_reserved_cells1(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	struct dt_range r[16];

	devtree_set_phys(&f->dt, 0x4ff00000);
	assert_int_equal(devtree_reserved(&f->dt, r, 16), 7);
	assert_range(&r[0], 0x48000000, 0x10000); /* /memreserve/ */
	assert_range(&r[1], 0x4f000000, 0x2000);
	assert_range(&r[2], 0x41000000, 0x100000); /* reserved-memory */
	assert_range(&r[3], 0x42000000, 0x1000);
	assert_range(&r[4], 0x43000000, 0x2000);
	assert_range(&r[5], 0x4ff00000, f->dt.size); /* the blob */
	assert_range(&r[6], 0x44000000, 0x100000); /* 32-bit initrd */
	assert_int_equal(devtree_reserved(&f->dt, r, 6), -MV_ENOSPC);
}

static void test_reserved_cells2(void **state)
{
	struct fixture *f = fixture_open(state, "cells2.dtb");
	struct dt_range r[8];

	assert_int_equal(devtree_reserved(&f->dt, r, 8), 3);
	assert_range(&r[0], 0x7f000000, 0x01000000);
	assert_range(&r[1], (uintptr_t)f->blob.data, f->dt.size);
	assert_range(&r[2], 0x100000000, 0x200000); /* 64-bit initrd */
}

static void test_reserved_qemu_blob_only(void **state)
{
	struct fixture *f = fixture_open(state, "virt-gic3.dtb");
	struct dt_range r[4];

	devtree_set_phys(&f->dt, 0x40000000);
	assert_int_equal(devtree_reserved(&f->dt, r, 4), 1);
	assert_range(&r[0], 0x40000000, 0x100000);
}

static void test_bootargs_cells1(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	const char *cmd = "help; devtree print /chosen";
	char buf[64];

	assert_string_equal(devtree_bootargs(&f->dt),
			    "console=ttyAMA0 minivisor.bootcmd=\"help; devtree "
			    "print /chosen\" quiet loglevel=7");
	assert_int_equal(devtree_bootarg(&f->dt, "minivisor.bootcmd", buf,
					 sizeof(buf)),
			 strlen(cmd));
	assert_string_equal(buf, cmd);
	assert_int_equal(devtree_bootarg(&f->dt, "console", buf, sizeof(buf)),
			 7);
	assert_string_equal(buf, "ttyAMA0");
	assert_int_equal(devtree_bootarg(&f->dt, "loglevel", buf, 2), 1);
	assert_string_equal(buf, "7");
	assert_int_equal(devtree_bootarg(&f->dt, "quiet", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

static void test_bootargs_misses(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	char buf[64];

	assert_int_equal(devtree_bootarg(&f->dt, "minivisor", buf, 64),
			 -MV_ENOENT);
	assert_int_equal(devtree_bootarg(&f->dt, "bootcmd", buf, 64),
			 -MV_ENOENT);
	assert_int_equal(devtree_bootarg(&f->dt, "help;", buf, 64), -MV_ENOENT);
	/* exactly the value's length leaves no room for the NUL */
	assert_int_equal(devtree_bootarg(&f->dt, "console", buf, 7),
			 -MV_ENOSPC);
	assert_int_equal(devtree_bootarg(&f->dt, "console", NULL, 0),
			 -MV_ENOSPC);
	assert_int_equal(devtree_bootarg(&f->dt, "console", NULL, 8),
			 -MV_EINVAL);
	assert_int_equal(devtree_bootarg(&f->dt, "", buf, 64), -MV_EINVAL);
}

static void test_bootargs_absent(void **state)
{
	struct fixture *f = fixture_open(state, "virt-gic2.dtb");
	char buf[16];

	assert_null(devtree_bootargs(&f->dt));
	assert_int_equal(devtree_bootarg(&f->dt, "minivisor.bootcmd", buf,
					 sizeof(buf)),
			 -MV_ENOENT);
}

static void test_path_lookup(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	char buf[64];
	int node;

	assert_int_equal(devtree_path(&f->dt, "/"), 0);
	node = node_at(&f->dt, "/reserved-memory/split@42000000");
	assert_int_equal(devtree_node_path(&f->dt, node, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/reserved-memory/split@42000000");
	assert_int_equal(devtree_node_path(&f->dt, node, buf, 10), -MV_ENOSPC);
	assert_int_equal(devtree_path(&f->dt, "/nope"), -MV_ENOENT);
	assert_int_equal(devtree_path(&f->dt, "/chosen/nope"), -MV_ENOENT);
	assert_int_equal(devtree_path(&f->dt, "no-alias"), -MV_ENOENT);
	assert_int_equal(devtree_path(&f->dt, NULL), -MV_EINVAL);
	assert_int_equal(devtree_node_path(&f->dt, 5, buf, sizeof(buf)),
			 -MV_EINVAL);
}

/* node -> path -> node gives every node of every fixture back. */
static void test_path_round_trip(void **state)
{
	char path[256];

	for (unsigned int i = 0; i < sizeof(test_dtbs) / sizeof(*test_dtbs);
	     i++) {
		struct blob b = test_load_dtb(test_dtbs[i]);
		struct devtree dt;
		int node = 0, count = 0;

		assert_int_equal(devtree_open(&dt, b.data, b.size), 0);
		for (; node >= 0; node = fdt_next_node(dt.fdt, node, NULL)) {
			assert_int_equal(devtree_node_path(&dt, node, path,
							   sizeof(path)),
					 0);
			assert_int_equal(devtree_path(&dt, path), node);
			count++;
		}
		assert_true(count > 5);
		free(b.data);
	}
	(void)state;
}

static void test_find_compatible_skips_disabled(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	int a = node_at(&f->dt, "/serial@9000000");
	int c = node_at(&f->dt, "/serial@9002000");
	int node;

	node = devtree_find_compatible(&f->dt, -1, "arm,pl011");
	assert_int_equal(node, a);
	node = devtree_find_compatible(&f->dt, node, "arm,pl011");
	assert_int_equal(node, c);
	assert_int_equal(devtree_find_compatible(&f->dt, node, "arm,pl011"),
			 -MV_ENOENT);
	/* the second string of the list matches too */
	assert_int_equal(devtree_find_compatible(&f->dt, -1, "arm,primecell"),
			 a);
	assert_int_equal(devtree_find_compatible(&f->dt, -1, "arm,pl01"),
			 -MV_ENOENT);
	assert_int_equal(devtree_find_compatible(&f->dt, -2, "arm,pl011"),
			 -MV_EINVAL);
	assert_int_equal(devtree_find_compatible(&f->dt, 3, "arm,pl011"),
			 -MV_EINVAL);
	assert_int_equal(devtree_find_compatible(&f->dt, -1, NULL), -MV_EINVAL);
}

static void test_find_compatible_status_ok(void **state)
{
	struct fixture *f = fixture_open(state, "cells2.dtb");

	assert_int_equal(devtree_find_compatible(&f->dt, -1, "ns16550a"),
			 node_at(&f->dt, "/soc/serial@1000"));
}

static void test_find_gic(void **state)
{
	struct blob b2 = test_load_dtb("virt-gic2.dtb");
	struct blob b3 = test_load_dtb("virt-gic3.dtb");
	struct devtree v2, v3;
	struct dt_range r;
	int node;

	assert_int_equal(devtree_open(&v2, b2.data, b2.size), 0);
	assert_int_equal(devtree_open(&v3, b3.data, b3.size), 0);
	node = devtree_find_compatible(&v2, -1, "arm,cortex-a15-gic");
	assert_int_equal(devtree_reg(&v2, node, 3, &r), 0);
	assert_range(&r, 0x08040000, 0x10000); /* GICV */
	assert_int_equal(devtree_reg(&v2, node, 4, &r), -MV_ENOENT);
	node = devtree_find_compatible(&v3, -1, "arm,gic-v3");
	assert_int_equal(devtree_reg(&v3, node, 1, &r), 0);
	assert_range(&r, 0x080a0000, 0xf60000); /* GICR */
	assert_int_equal(devtree_find_compatible(&v3, -1, "arm,cortex-a15-gic"),
			 -MV_ENOENT);
	node = devtree_find_compatible(&v3, -1, "pci-host-ecam-generic");
	assert_int_equal(devtree_reg(&v3, node, 0, &r), 0);
	assert_range(&r, 0x4010000000, 0x10000000);
	free(b2.data);
	free(b3.data);
	(void)state;
}

static void test_reg_translation(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	int dev = node_at(&f->dt, "/bus@10000000/dev@1,2000");
	int cpu = node_at(&f->dt, "/cpus/cpu@0");
	struct dt_range r;

	assert_int_equal(devtree_reg(&f->dt, dev, 0, &r), 0);
	assert_range(&r, 0x100002000, 0x100);
	assert_int_equal(devtree_reg(&f->dt, dev, 1, &r), 0);
	assert_range(&r, 0x200000000, 0x10);
	assert_int_equal(devtree_reg(&f->dt, dev, 2, &r), -MV_ENOENT);
	assert_int_equal(devtree_reg(&f->dt, cpu, 0, &r), 0);
	assert_range(&r, 0, 0); /* #size-cells = <0> */
	assert_int_equal(devtree_reg(&f->dt, 0, 0, &r), -MV_ENOENT);
	assert_int_equal(devtree_reg(&f->dt, node_at(&f->dt, "/chosen"), 0, &r),
			 -MV_ENOENT);
	assert_int_equal(devtree_reg(&f->dt, dev, -1, &r), -MV_EINVAL);
	assert_int_equal(devtree_reg(&f->dt, -1, 0, &r), -MV_EINVAL);
	assert_int_equal(devtree_reg(&f->dt, dev + 4, 0, &r), -MV_EINVAL);
	assert_int_equal(devtree_reg(&f->dt, dev, 0, NULL), -MV_EINVAL);
}

static void test_reg_three_cells_refused(void **state)
{
	struct fixture *f = fixture_open(state, "cells2.dtb");
	int dev = node_at(&f->dt, "/pcie@30000000/dev@0");
	struct dt_range r;

	assert_int_equal(devtree_reg(&f->dt, dev, 0, &r), -MV_EBADMSG);
}

static void test_scalar_props(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	int v = node_at(&f->dt, "/values");
	uint32_t u32;
	uint64_t u64;

	assert_int_equal(devtree_u32(&f->dt, v, "word", &u32), 0);
	assert_int_equal(u32, 0xdeadbeef);
	assert_int_equal(devtree_u32(&f->dt, v, "cells", &u32), -MV_EBADMSG);
	assert_int_equal(devtree_u32(&f->dt, v, "wide", &u32), -MV_EBADMSG);
	assert_int_equal(devtree_u32(&f->dt, v, "empty", &u32), -MV_EBADMSG);
	assert_int_equal(devtree_u32(&f->dt, v, "none", &u32), -MV_ENOENT);
	assert_int_equal(devtree_u64(&f->dt, v, "wide", &u64), 0);
	assert_int_equal(u64, 0x123456789abcdef0);
	assert_int_equal(devtree_u64(&f->dt, v, "word", &u64), 0);
	assert_int_equal(u64, 0xdeadbeef);
	assert_int_equal(devtree_u64(&f->dt, v, "cells", &u64), -MV_EBADMSG);
	assert_int_equal(devtree_u64(&f->dt, v, "bytes", &u64), -MV_EBADMSG);
	assert_int_equal(devtree_u64(&f->dt, v, "none", &u64), -MV_ENOENT);
	assert_int_equal(devtree_u32(&f->dt, -1, "word", &u32), -MV_EINVAL);
	assert_int_equal(devtree_u32(&f->dt, v, NULL, &u32), -MV_EINVAL);
}

static void test_string_props(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	int v = node_at(&f->dt, "/values");
	const char *s;

	assert_int_equal(devtree_string(&f->dt, v, "one", &s), 0);
	assert_string_equal(s, "a");
	assert_int_equal(devtree_string(&f->dt, v, "list", &s), 0);
	assert_string_equal(s, "x");
	assert_int_equal(devtree_string(&f->dt, v, "empty-string", &s), 0);
	assert_string_equal(s, "");
	assert_int_equal(devtree_string(&f->dt, v, "nonul", &s), -MV_EBADMSG);
	assert_int_equal(devtree_string(&f->dt, v, "empty", &s), -MV_EBADMSG);
	assert_int_equal(devtree_string(&f->dt, v, "none", &s), -MV_ENOENT);
}

static void test_node_available(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");

	assert_true(devtree_node_available(&f->dt,
					   node_at(&f->dt, "/serial@9000000")));
	assert_false(devtree_node_available(
		&f->dt, node_at(&f->dt, "/serial@9001000")));
	assert_true(devtree_node_available(&f->dt,
					   node_at(&f->dt, "/serial@9002000")));
	assert_false(devtree_node_available(NULL, 0));
}

static void test_layout_numa(void **state)
{
	struct fixture *f = fixture_open(state, "virt-numa.dtb");
	struct dt_layout l;

	devtree_set_phys(&f->dt, 0x40000000);
	assert_int_equal(devtree_layout(&f->dt, &l), 0);
	assert_int_equal(l.nr_banks, 2);
	assert_range(&l.bank[0], 0x40000000, 0x20000000); /* sorted */
	assert_range(&l.bank[1], 0x60000000, 0x20000000);
	assert_int_equal(l.nr_resv, 1);
	assert_range(&l.resv[0], 0x40000000, 0x100000);
}

static void test_layout_merges_reservations(void **state)
{
	struct fixture *f = fixture_open(state, "cells1.dtb");
	struct dt_layout l;

	/* the blob right after the initrd: the two touch and merge */
	devtree_set_phys(&f->dt, 0x44100000);
	assert_int_equal(devtree_layout(&f->dt, &l), 0);
	assert_int_equal(l.nr_banks, 3);
	assert_range(&l.bank[2], 0x70000000, 0x01000000);
	assert_int_equal(l.nr_resv, 6);
	assert_range(&l.resv[0], 0x41000000, 0x100000);
	assert_range(&l.resv[1], 0x42000000, 0x1000);
	assert_range(&l.resv[2], 0x43000000, 0x2000);
	assert_range(&l.resv[3], 0x44000000, 0x100000 + f->dt.size);
	assert_range(&l.resv[4], 0x48000000, 0x10000);
	assert_range(&l.resv[5], 0x4f000000, 0x2000);
	/* overlapping: the blob inside the first /memreserve/ range */
	devtree_set_phys(&f->dt, 0x48000100);
	assert_int_equal(devtree_layout(&f->dt, &l), 0);
	assert_int_equal(l.nr_resv, 6);
	assert_range(&l.resv[4], 0x48000000, 0x10000);
	assert_int_equal(devtree_layout(&f->dt, NULL), -MV_EINVAL);
}

/* A struct devtree that was never opened is refused by every reader. */
static void test_unopened_tree(void **state)
{
	struct devtree dt = { 0 };
	struct dt_range r;
	const char *s;
	uint32_t u32;
	uint64_t u64;
	char buf[8];

	assert_int_equal(devtree_memory(&dt, &r, 1), -MV_EINVAL);
	assert_int_equal(devtree_reserved(NULL, &r, 1), -MV_EINVAL);
	assert_null(devtree_bootargs(&dt));
	assert_int_equal(devtree_bootarg(&dt, "a", buf, 8), -MV_EINVAL);
	assert_int_equal(devtree_path(&dt, "/"), -MV_EINVAL);
	assert_int_equal(devtree_find_compatible(&dt, -1, "a"), -MV_EINVAL);
	assert_int_equal(devtree_reg(&dt, 0, 0, &r), -MV_EINVAL);
	assert_int_equal(devtree_u32(&dt, 0, "a", &u32), -MV_EINVAL);
	assert_int_equal(devtree_u64(&dt, 0, "a", &u64), -MV_EINVAL);
	assert_int_equal(devtree_string(&dt, 0, "a", &s), -MV_EINVAL);
	assert_int_equal(devtree_node_path(&dt, 0, buf, 8), -MV_EINVAL);
	assert_int_equal(devtree_open(NULL, buf, 8), -MV_EINVAL);
	assert_int_equal(devtree_open(&dt, NULL, 8), -MV_EINVAL);
	(void)state;
}

#define FIXTURE_TEST(fn) cmocka_unit_test_teardown(fn, fixture_close)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_every_fixture),
		FIXTURE_TEST(test_memory_qemu_one_bank),
		FIXTURE_TEST(test_memory_qemu_numa),
		FIXTURE_TEST(test_memory_cells1),
		FIXTURE_TEST(test_memory_cells2),
		FIXTURE_TEST(test_memory_no_space),
		FIXTURE_TEST(test_reserved_cells1),
		FIXTURE_TEST(test_reserved_cells2),
		FIXTURE_TEST(test_reserved_qemu_blob_only),
		FIXTURE_TEST(test_bootargs_cells1),
		FIXTURE_TEST(test_bootargs_misses),
		FIXTURE_TEST(test_bootargs_absent),
		FIXTURE_TEST(test_path_lookup),
		cmocka_unit_test(test_path_round_trip),
		FIXTURE_TEST(test_find_compatible_skips_disabled),
		FIXTURE_TEST(test_find_compatible_status_ok),
		cmocka_unit_test(test_find_gic),
		FIXTURE_TEST(test_reg_translation),
		FIXTURE_TEST(test_reg_three_cells_refused),
		FIXTURE_TEST(test_scalar_props),
		FIXTURE_TEST(test_string_props),
		FIXTURE_TEST(test_node_available),
		FIXTURE_TEST(test_layout_numa),
		FIXTURE_TEST(test_layout_merges_reservations),
		cmocka_unit_test(test_unopened_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
