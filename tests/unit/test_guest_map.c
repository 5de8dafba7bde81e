// SPDX-License-Identifier: GPL-2.0-only
/*
 * Region `map_order` and the hypervisor's reads of guest memory: the
 * stage-2 granularity arch/fake records for each limit (pages, 2 MiB
 * and 1 GiB leaves counted as a 4 KiB-granule stage-2 would write
 * them), every refusal with its exact line and nothing leaked, and the
 * read-side cache hook called for every byte the hypervisor reads.
 * Descriptions are built here with libfdt's sequential writer, one
 * guest "m" per test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_guest_util.h"

/* The tables below list regions positionally; trailing fields are 0. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* One region of the guest "m"; 0 / NULL fields are left out. */
struct mreg {
	const char *name;
	const char *type; /* device_type, or NULL for compatible */
	uint64_t gpa, size, hpa;
	uint32_t align_order, map_order;
	bool map_order_2cells; /* malformed: map_order as two cells */
};

static char tree[16384];

static void put_region(const struct mreg *r)
{
	assert_int_equal(fdt_begin_node(tree, r->name), 0);
	if (r->type)
		assert_int_equal(
			fdt_property_string(tree, "device_type", r->type), 0);
	else
		assert_int_equal(fdt_property_string(tree, "compatible",
						     "minivisor,testdev"),
				 0);
	assert_int_equal(fdt_property_u64(tree, "guest_physical_addr", r->gpa),
			 0);
	assert_int_equal(fdt_property_u64(tree, "physical_size", r->size), 0);
	if (r->hpa)
		assert_int_equal(fdt_property_u64(tree, "host_physical_addr",
						  r->hpa),
				 0);
	if (r->align_order)
		assert_int_equal(fdt_property_u32(tree, "align_order",
						  r->align_order),
				 0);
	if (r->map_order_2cells)
		assert_int_equal(
			fdt_property_u64(tree, "map_order", r->map_order), 0);
	else if (r->map_order)
		assert_int_equal(
			fdt_property_u32(tree, "map_order", r->map_order), 0);
	assert_int_equal(fdt_end_node(tree), 0);
}

/*
 * Describe guest "m" with @n regions as the only tree (the buffer is
 * reused, so the previous one is forgotten first; the host tree stays).
 */
static void describe(const struct mreg *regs, unsigned int n)
{
	guest_config_clear();
	guest_config_set_host_tree(&tg_host);
	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	assert_int_equal(fdt_begin_node(tree, "guests"), 0);
	assert_int_equal(fdt_begin_node(tree, "m"), 0);
	assert_int_equal(fdt_begin_node(tree, "vcpu_template"), 0);
	assert_int_equal(fdt_property_u64(tree, "start_pc", 0), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_begin_node(tree, "aspace"), 0);
	for (unsigned int i = 0; i < n; i++)
		put_region(&regs[i]);
	for (int i = 0; i < 4; i++) /* aspace, m, guests, root */
		assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
	assert_int_equal(guest_config_add_tree(tree, fdt_totalsize(tree)), 0);
}

/* The recorded stage-2 mapping at @gpa. */
static const struct fake_s2_map *map_at(const struct guest *g, gpa_t gpa)
{
	for (unsigned int i = 0; i < g->arch.nmaps; i++)
		if (g->arch.maps[i].gpa == gpa)
			return &g->arch.maps[i];
	fail_msg("no mapping at 0x%llx", (unsigned long long)gpa);
	return NULL;
}

/* Create "m" from @r alone; its mapping's largest leaf and leaf count. */
static void expect_leaves(const struct mreg *r, uint64_t block, uint64_t leaves)
{
	struct guest *g;
	const struct fake_s2_map *m;

	describe(r, 1);
	g = tg_create("m");
	m = map_at(g, r->gpa);
	assert_int_equal(m->size, r->size);
	assert_int_equal(m->max_order, r->map_order);
	assert_int_equal(m->block, block);
	assert_int_equal(m->leaves, leaves);
	assert_int_equal(m->attr, VM_MAP_READ | VM_MAP_WRITE | VM_MAP_EXEC);
	assert_int_equal(guest_region_at(g, 0)->map_order, r->map_order);
	assert_int_equal(guest_destroy(g), 0);
}

/* 2 GiB of a fixed host range, 1 GiB aligned on both sides. */
static void test_map_order_ram(void **state)
{
	struct mreg r = { "ram", "ram", 0x80000000, GIB(2), 0x100000000 };

	(void)state;
	expect_leaves(&r, GIB(1), 2); /* default: the largest blocks */
	r.map_order = 30;
	expect_leaves(&r, GIB(1), 2);
	r.map_order = 29; /* no 512 MiB level: 2 MiB blocks */
	expect_leaves(&r, MIB(2), 1024);
	r.map_order = 21;
	expect_leaves(&r, MIB(2), 1024);
	r.map_order = 20;
	expect_leaves(&r, PAGE_SIZE, GIB(2) / PAGE_SIZE);
	r.map_order = 12;
	expect_leaves(&r, PAGE_SIZE, GIB(2) / PAGE_SIZE);
}

/* Alloced frames aligned to 2 MiB: blocks unless map_order says no. */
static void test_map_order_alloced(void **state)
{
	struct mreg r = { "mem", "alloced_ram", 0x40000000, MIB(4), 0, 21 };
	struct guest *g;
	unsigned char b = 0x5a;

	(void)state;
	expect_leaves(&r, MIB(2), 2);
	r.map_order = 21;
	expect_leaves(&r, MIB(2), 2);
	r.map_order = 13;
	expect_leaves(&r, PAGE_SIZE, MIB(4) / PAGE_SIZE);
	/* Pages map the same bytes: the guest still reaches its RAM. */
	r.map_order = 12;
	describe(&r, 1);
	g = tg_create("m");
	assert_int_equal(fake_guest_access(g, 0x403ff000, &b, 1, true), 0);
	assert_int_equal(tg_peek(g, 0x403ff000), 0x5a);
	assert_int_equal(map_at(g, 0x40000000)->leaves, 1024);
}

/* A limit on one region leaves the others at their largest blocks. */
static void test_map_order_per_region(void **state)
{
	const struct mreg regs[] = {
		{ "a", "ram", 0x80000000, GIB(1), 0x100000000, 0, 21 },
		{ "b", "ram", 0xc0000000, GIB(1), 0x140000000 },
	};
	struct guest *g;

	(void)state;
	describe(regs, 2);
	g = tg_create("m");
	assert_int_equal(map_at(g, 0x80000000)->block, MIB(2));
	assert_int_equal(map_at(g, 0xc0000000)->block, GIB(1));
	assert_int_equal(map_at(g, 0xc0000000)->max_order, 0);
}

/* Each refusal: the exact line, -MV_EBADMSG, nothing taken. */
static void expect_refused(const struct mreg *r, const char *line)
{
	char err[GUEST_ERR_MAX];
	struct tg_snap before;
	struct guest *g = NULL;

	describe(r, 1);
	tg_snap(&before);
	assert_int_equal(guest_create("m", &g, err, sizeof(err)), -MV_EBADMSG);
	if (strcmp(err, line))
		fprintf(stderr, "got  %s\nwant %s\n", err, line);
	assert_string_equal(err, line);
	assert_null(g);
	assert_true(tg_same(&before));
}

static void test_map_order_refused(void **state)
{
	const struct {
		struct mreg r;
		const char *line;
	} cases[] = {
		{ { "mem", "alloced_ram", 0x40000000, MIB(2), 0, 21, 11 },
		  "/guests/m/aspace/mem: map_order: 11 not in 12..30" },
		{ { "mem", "alloced_ram", 0x40000000, MIB(2), 0, 21, 31 },
		  "/guests/m/aspace/mem: map_order: 31 not in 12..30" },
		{ { "mem", "alloced_ram", 0x40000000, MIB(2), 0, 21, 21, true },
		  "/guests/m/aspace/mem: map_order: must be one cell" },
		{ { "dev", NULL, 0x0a000000, 0x1000, 0, 0, 12 },
		  "/guests/m/aspace/dev: map_order: not for an emulated "
		  "device" },
		{ { "mem", "alloced_ram", 0x40100000, MIB(2), 0, 21, 21 },
		  "/guests/m/aspace/mem: map_order: 21: guest_physical_addr "
		  "0x40100000 is not a multiple of 0x200000" },
		{ { "mem", "alloced_ram", 0x40000000, MIB(3), 0, 21, 21 },
		  "/guests/m/aspace/mem: map_order: 21: physical_size "
		  "0x300000 is not a multiple of 0x200000" },
		{ { "ram", "rom", 0x80000000, MIB(2), 0x100001000, 0, 13 },
		  "/guests/m/aspace/ram: map_order: 13: host_physical_addr "
		  "0x100001000 is not a multiple of 0x2000" },
		{ { "mem", "alloced_ram", 0x40000000, MIB(2), 0, 0, 21 },
		  "/guests/m/aspace/mem: map_order: 21 needs align_order >= "
		  "21 (frames aligned to 0x1000)" },
		{ { "mem", "alloced_rom", 0x0, MIB(2), 0, 20, 21 },
		  "/guests/m/aspace/mem: map_order: 21 needs align_order >= "
		  "21 (frames aligned to 0x100000)" },
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
		expect_refused(&cases[i].r, cases[i].line);
}

/* Every byte the hypervisor reads goes through the read-side hook. */
static void test_reads_synced(void **state)
{
	struct guest *g = tg_create("g1");
	unsigned char buf[0x300];
	uint64_t before = fake_guest_read_synced();

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(guest_mem_write(g, 0x40000000, buf, sizeof(buf)), 0);
	assert_int_equal(fake_guest_read_synced(), before);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(guest_mem_read(g, 0x40000000, buf, sizeof(buf)), 0);
	assert_int_equal(fake_guest_read_synced(), before + sizeof(buf));
	assert_int_equal(buf[0x2ff], 0xee);
	/* A refused read (a device) reads, and syncs, nothing. */
	assert_int_equal(guest_mem_read(g, 0x09000000, buf, 4), -MV_EFAULT);
	assert_int_equal(fake_guest_read_synced(), before + sizeof(buf));
}

#define T(f) cmocka_unit_test_setup_teardown(f, tg_setup, tg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_map_order_ram),	      T(test_map_order_alloced),
		T(test_map_order_per_region), T(test_map_order_refused),
		T(test_reads_synced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
