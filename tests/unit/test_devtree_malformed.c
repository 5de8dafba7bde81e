// SPDX-License-Identifier: GPL-2.0-only
/*
 * Well-formed blobs whose properties are not: cells out of range, reg
 * lengths that are not whole entries, ranges that wrap, initrd bounds
 * reversed, strings without their NUL, odd bootargs. Each is made at
 * run time by editing a fixture with libfdt's write functions.
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

/* An editable, opened copy of a fixture. */
struct edit {
	void *buf;
	struct devtree dt;
};

static struct edit *edit_start(void **state, const char *name)
{
	struct blob b = test_load_dtb(name);
	struct edit *e = calloc(1, sizeof(*e));
	size_t size = fdt_totalsize(b.data) + 4096;

	assert_non_null(e);
	*state = e;
	e->buf = malloc(size);
	assert_int_equal(fdt_open_into(b.data, e->buf, size), 0);
	free(b.data);
	return e;
}

/* Pack and open the edited copy; the blob itself is always valid. */
static const struct devtree *edit_done(struct edit *e)
{
	assert_int_equal(fdt_pack(e->buf), 0);
	assert_int_equal(devtree_open(&e->dt, e->buf, fdt_totalsize(e->buf)),
			 0);
	return &e->dt;
}

static int edit_free(void **state)
{
	struct edit *e = *state;

	if (e)
		free(e->buf);
	free(e);
	return 0;
}

static int edit_node(struct edit *e, const char *path)
{
	int node = fdt_path_offset(e->buf, path);

	assert_true(node >= 0);
	return node;
}

static void edit_u32(struct edit *e, const char *path, const char *name,
		     uint32_t val)
{
	assert_int_equal(fdt_setprop_u32(e->buf, edit_node(e, path), name, val),
			 0);
}

static void edit_raw(struct edit *e, const char *path, const char *name,
		     const void *val, int len)
{
	assert_int_equal(
		fdt_setprop(e->buf, edit_node(e, path), name, val, len), 0);
}

static void edit_cells(struct edit *e, const char *path, const char *name,
		       const uint32_t *cells, int n)
{
	fdt32_t be[64];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	edit_raw(e, path, name, be, n * 4);
}

static void check_memory(const struct devtree *dt, int ret)
{
	struct dt_range r[8];

	assert_int_equal(devtree_memory(dt, r, 8), ret);
}

static void check_reserved(const struct devtree *dt, int ret)
{
	struct dt_range r[16];

	assert_int_equal(devtree_reserved(dt, r, 16), ret);
}

static void test_address_cells_too_big(void **state)
{
	struct edit *e = edit_start(state, "virt-gic2.dtb");

	edit_u32(e, "/", "#address-cells", 3);
	check_memory(edit_done(e), -MV_EBADMSG);
}

static void test_size_cells_too_big(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_u32(e, "/", "#size-cells", 3);
	check_memory(edit_done(e), -MV_EBADMSG);
}

static void test_address_cells_zero(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_u32(e, "/", "#address-cells", 0);
	check_memory(edit_done(e), -MV_EBADMSG);
}

static void test_address_cells_bad_length(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_raw(e, "/", "#address-cells", "\0\0\1", 3);
	check_memory(edit_done(e), -MV_EBADMSG);
}

/* No cells properties at all: the defaults are 2 and 1. */
static void test_default_cells(void **state)
{
	struct edit *e = edit_start(state, "virt-gic2.dtb");
	const uint32_t reg[] = { 0x1, 0x40000000, 0x20000000 };
	struct dt_range r[2];

	fdt_delprop(e->buf, 0, "#address-cells");
	fdt_delprop(e->buf, 0, "#size-cells");
	edit_cells(e, "/memory@40000000", "reg", reg, 3);
	assert_int_equal(devtree_memory(edit_done(e), r, 2), 1);
	assert_int_equal(r[0].base, 0x140000000);
	assert_int_equal(r[0].size, 0x20000000);
}

static void test_reg_not_whole_entries(void **state)
{
	struct edit *e = edit_start(state, "virt-gic2.dtb");
	const uint32_t reg[] = { 0, 0x40000000, 0 };

	edit_cells(e, "/memory@40000000", "reg", reg, 3);
	check_memory(edit_done(e), -MV_EBADMSG);
}

static void test_reg_odd_bytes(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_raw(e, "/memory@70000000", "reg", "\x70\0\0\0\0\1\0", 7);
	check_memory(edit_done(e), -MV_EBADMSG);
}

static void test_reg_wraps(void **state)
{
	struct edit *e = edit_start(state, "virt-gic2.dtb");
	const uint32_t reg[] = { 0xffffffff, 0xfffff000, 0, 0x2000 };

	edit_cells(e, "/memory@40000000", "reg", reg, 4);
	check_memory(edit_done(e), -MV_EBADMSG);
}

/* A range ending exactly at the top of the address space is fine. */
static void test_reg_ends_at_top(void **state)
{
	struct edit *e = edit_start(state, "virt-gic2.dtb");
	const uint32_t reg[] = { 0xffffffff, 0xfffff000, 0, 0x1000 };

	edit_cells(e, "/memory@40000000", "reg", reg, 4);
	check_memory(edit_done(e), 1);
}

/* device_type without its NUL is not "memory". */
static void test_device_type_unterminated(void **state)
{
	struct edit *e = edit_start(state, "virt-gic2.dtb");

	edit_raw(e, "/memory@40000000", "device_type", "memory", 6);
	check_memory(edit_done(e), 0);
}

static void test_status_not_a_string(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");
	const struct devtree *dt;

	edit_raw(e, "/serial@9000000", "status", "okay", 4);
	dt = edit_done(e);
	assert_false(devtree_node_available(
		dt, devtree_path(dt, "/serial@9000000")));
	assert_int_equal(devtree_find_compatible(dt, -1, "arm,pl011"),
			 devtree_path(dt, "/serial@9002000"));
}

static void test_compatible_unterminated(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");
	const struct devtree *dt;

	edit_raw(e, "/serial@9000000", "compatible", "arm,pl011", 9);
	dt = edit_done(e);
	assert_int_equal(devtree_find_compatible(dt, -1, "arm,pl011"),
			 devtree_path(dt, "/serial@9002000"));
	/* The node check that init's driver matching uses says the same. */
	assert_false(devtree_is_compatible(
		dt, devtree_path(dt, "/serial@9000000"), "arm,pl011"));
	assert_true(devtree_is_compatible(
		dt, devtree_path(dt, "/serial@9002000"), "arm,pl011"));
}

static void test_overlapping_banks(void **state)
{
	struct edit *e = edit_start(state, "virt-numa.dtb");
	const uint32_t reg[] = { 0, 0x50000000, 0, 0x20000000 };
	struct dt_layout l;

	edit_cells(e, "/memory@60000000", "reg", reg, 4);
	assert_int_equal(devtree_layout(edit_done(e), &l), -MV_EBADMSG);
}

static void test_too_many_banks(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");
	uint32_t reg[2 * (DT_LAYOUT_MAX_BANKS + 1)];
	struct dt_layout l;

	for (int i = 0; i <= DT_LAYOUT_MAX_BANKS; i++) {
		reg[2 * i] = 0x40000000 + i * 0x100000;
		reg[2 * i + 1] = 0x1000;
	}
	edit_cells(e, "/memory@70000000", "reg", reg, 16);
	edit_cells(e, "/memory@40000000", "reg", reg + 16,
		   2 * (DT_LAYOUT_MAX_BANKS + 1) - 16);
	assert_int_equal(devtree_layout(edit_done(e), &l), -MV_ENOSPC);
}

static void test_memreserve_wraps(void **state)
{
	struct edit *e = edit_start(state, "cells2.dtb");

	assert_int_equal(fdt_add_mem_rsv(e->buf, ~0ULL - 1, 4), 0);
	check_reserved(edit_done(e), -MV_EBADMSG);
}

static void test_reserved_child_bad_reg(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_raw(e, "/reserved-memory/firmware@41000000", "reg", "\1\2\3", 3);
	check_reserved(edit_done(e), -MV_EBADMSG);
}

static void test_reserved_bad_cells(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_u32(e, "/reserved-memory", "#size-cells", 5);
	check_reserved(edit_done(e), -MV_EBADMSG);
}

static void test_initrd_reversed(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_u32(e, "/chosen", "linux,initrd-end", 0x43000000);
	check_reserved(edit_done(e), -MV_EBADMSG);
}

static void test_initrd_bad_length(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");

	edit_raw(e, "/chosen", "linux,initrd-start", "\x44\0\0", 3);
	check_reserved(edit_done(e), -MV_EBADMSG);
}

/* Only one bound, or an empty initrd: nothing to reserve for it. */
static void test_initrd_incomplete(void **state)
{
	struct edit *e = edit_start(state, "cells1.dtb");
	const struct devtree *dt;

	fdt_delprop(e->buf, edit_node(e, "/chosen"), "linux,initrd-end");
	dt = edit_done(e);
	check_reserved(dt, 6);
}

static void test_initrd_empty(void **state)
{
	struct edit *e = edit_start(state, "cells2.dtb");
	const uint32_t at[] = { 0x1, 0x0 };

	edit_cells(e, "/chosen", "linux,initrd-end", at, 2);
	check_reserved(edit_done(e), 2);
}

static const struct devtree *edit_bootargs(struct edit *e, const char *args,
					   int len)
{
	edit_raw(e, "/chosen", "bootargs", args, len);
	return edit_done(e);
}

static void test_bootargs_unterminated_quote(void **state)
{
	struct edit *e = edit_start(state, "cells2.dtb");
	const char args[] = "a=1 minivisor.bootcmd=\"help; heap info";
	const struct devtree *dt = edit_bootargs(e, args, sizeof(args));
	char buf[64];

	assert_int_equal(devtree_bootarg(dt, "minivisor.bootcmd", buf, 64),
			 -MV_EBADMSG);
	assert_int_equal(devtree_bootarg(dt, "a", buf, 64), -MV_EBADMSG);
}

static void test_bootargs_not_a_string(void **state)
{
	struct edit *e = edit_start(state, "cells2.dtb");
	const struct devtree *dt = edit_bootargs(e, "console=hvc0", 12);
	char buf[16];

	assert_null(devtree_bootargs(dt));
	assert_int_equal(devtree_bootarg(dt, "console", buf, 16), -MV_ENOENT);
}

static void test_bootargs_last_wins(void **state)
{
	struct edit *e = edit_start(state, "cells2.dtb");
	const char args[] = "\tk=1\nk=\"two words\" \r k=3x x=\"\" k= ";
	const struct devtree *dt = edit_bootargs(e, args, sizeof(args));
	char buf[16];

	assert_int_equal(devtree_bootarg(dt, "k", buf, 16), 0);
	assert_string_equal(buf, "");
	assert_int_equal(devtree_bootarg(dt, "x", buf, 16), 0);
}

static void test_bootargs_quoted_spaces(void **state)
{
	struct edit *e = edit_start(state, "cells2.dtb");
	const char args[] = "k=\"a  b;c\"tail z=1";
	const struct devtree *dt = edit_bootargs(e, args, sizeof(args));
	char buf[16];

	assert_int_equal(devtree_bootarg(dt, "k", buf, 16), 6);
	assert_string_equal(buf, "a  b;c");
	/* text glued after the closing quote is an argument of its own */
	assert_int_equal(devtree_bootarg(dt, "tail", buf, 16), 0);
	assert_int_equal(devtree_bootarg(dt, "z", buf, 16), 1);
}

#define EDIT_TEST(fn) cmocka_unit_test_teardown(fn, edit_free)

int main(void)
{
	const struct CMUnitTest tests[] = {
		EDIT_TEST(test_address_cells_too_big),
		EDIT_TEST(test_size_cells_too_big),
		EDIT_TEST(test_address_cells_zero),
		EDIT_TEST(test_address_cells_bad_length),
		EDIT_TEST(test_default_cells),
		EDIT_TEST(test_reg_not_whole_entries),
		EDIT_TEST(test_reg_odd_bytes),
		EDIT_TEST(test_reg_wraps),
		EDIT_TEST(test_reg_ends_at_top),
		EDIT_TEST(test_device_type_unterminated),
		EDIT_TEST(test_status_not_a_string),
		EDIT_TEST(test_compatible_unterminated),
		EDIT_TEST(test_overlapping_banks),
		EDIT_TEST(test_too_many_banks),
		EDIT_TEST(test_memreserve_wraps),
		EDIT_TEST(test_reserved_child_bad_reg),
		EDIT_TEST(test_reserved_bad_cells),
		EDIT_TEST(test_initrd_reversed),
		EDIT_TEST(test_initrd_bad_length),
		EDIT_TEST(test_initrd_incomplete),
		EDIT_TEST(test_initrd_empty),
		EDIT_TEST(test_bootargs_unterminated_quote),
		EDIT_TEST(test_bootargs_not_a_string),
		EDIT_TEST(test_bootargs_last_wins),
		EDIT_TEST(test_bootargs_quoted_spaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
