// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/arm64/pgtable.c on the host: block and page mappings, splits,
 * break-before-make, pruning of empty tables, bad input, and running
 * out of table pages (nothing mapped, nothing leaked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <asm/pgtable.h>
#include <minivisor/errno.h>

#define ATTRS (PTE_AF | PTE_AP_RES1 | PTE_SH_INNER | PTE_XN)
#define VA0 0x40000000UL

struct env {
	struct pgtable pt;
	int live; /* table pages allocated and not freed */
	int limit; /* allocations allowed, -1 = no limit */
	int flushes;
	vaddr_t last_flush;
};

static pte_t *t_alloc(void *ctx)
{
	struct env *e = ctx;
	pte_t *t;

	if (e->limit == 0)
		return NULL;
	if (e->limit > 0)
		e->limit--;
	t = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(t, 0, PAGE_SIZE);
	e->live++;
	return t;
}

static void t_free(pte_t *t, void *ctx)
{
	struct env *e = ctx;

	e->live--;
	free(t);
}

static void t_flush(vaddr_t va, void *ctx)
{
	struct env *e = ctx;

	e->flushes++;
	e->last_flush = va;
}

static void t_sync(void *ctx)
{
	(void)ctx;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	e->limit = -1;
	e->pt = (struct pgtable){ .alloc = t_alloc,
				  .free = t_free,
				  .flush_va = t_flush,
				  .sync = t_sync,
				  .ctx = e };
	e->pt.root = t_alloc(e);
	e->pt.tables = 1;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	/* Unmapping everything must give every table back but the root. */
	assert_int_equal(pgtable_unmap(&e->pt, 0, PT_VA_LIMIT), 0);
	assert_int_equal(e->live, 1);
	assert_int_equal(e->pt.tables, 1);
	free(e->pt.root);
	free(e);
	return 0;
}

/* Level of the leaf mapping @va (from its size), or -1. */
static int leaf_level(struct env *e, vaddr_t va)
{
	paddr_t pa;
	pte_t leaf;

	if (pgtable_walk(&e->pt, va, &pa, &leaf))
		return -1;
	if (leaf & PTE_TABLE)
		return 3; /* a page */
	return pgtable_walk(&e->pt, va | (PT_LEVEL_SIZE(1) - 1), &pa, NULL) ==
				       0 &&
			       (pa & (PT_LEVEL_SIZE(1) - 1)) ==
				       PT_LEVEL_SIZE(1) - 1 &&
			       ((leaf & PTE_ADDR_MASK) &
				(PT_LEVEL_SIZE(1) - 1)) == 0 ?
		       1 :
		       2;
}

static void assert_maps(struct env *e, vaddr_t va, paddr_t want)
{
	paddr_t pa = 0;

	assert_int_equal(pgtable_walk(&e->pt, va, &pa, NULL), 0);
	assert_int_equal(pa, want);
}

static void test_page_map_walk_unmap(void **state)
{
	struct env *e = *state;
	pte_t leaf = 0;
	paddr_t pa;

	assert_int_equal(pgtable_map(&e->pt, VA0, 0x9000000, PAGE_SIZE,
				     ATTRS | PTE_AP_RO),
			 0);
	assert_maps(e, VA0 + 0x123, 0x9000123);
	assert_int_equal(pgtable_walk(&e->pt, VA0, &pa, &leaf), 0);
	assert_true(leaf & PTE_AP_RO);
	assert_true(leaf & PTE_XN);
	assert_int_equal(pgtable_walk(&e->pt, VA0 + PAGE_SIZE, &pa, NULL),
			 -MV_ENOENT);
	assert_int_equal(e->live, 4); /* root + L1 + L2 + L3 */
	assert_int_equal(pgtable_unmap(&e->pt, VA0, PAGE_SIZE), 0);
	assert_int_equal(pgtable_walk(&e->pt, VA0, &pa, NULL), -MV_ENOENT);
	assert_int_equal(e->live, 1); /* empty tables pruned */
}

static void test_blocks_when_aligned(void **state)
{
	struct env *e = *state;

	/* 1 GiB + 2 MiB + 4 KiB: one of each size. */
	assert_int_equal(pgtable_map(&e->pt, VA0, 0x80000000UL,
				     GIB(1) + MIB(2) + PAGE_SIZE, ATTRS),
			 0);
	assert_int_equal(leaf_level(e, VA0), 1);
	assert_int_equal(leaf_level(e, VA0 + GIB(1)), 2);
	assert_int_equal(leaf_level(e, VA0 + GIB(1) + MIB(2)), 3);
	assert_maps(e, VA0 + GIB(1) + MIB(2) + 8,
		    0x80000000UL + GIB(1) + MIB(2) + 8);
	assert_int_equal(e->live, 4);
}

static void test_split_on_partial_unmap(void **state)
{
	struct env *e = *state;
	paddr_t pa;

	assert_int_equal(pgtable_map(&e->pt, VA0, 0x80000000UL, MIB(2), ATTRS),
			 0);
	e->flushes = 0;
	assert_int_equal(pgtable_unmap(&e->pt, VA0 + PAGE_SIZE, PAGE_SIZE), 0);
	assert_true(e->flushes >= 2); /* the block, then the page */
	assert_int_equal(pgtable_walk(&e->pt, VA0 + PAGE_SIZE, &pa, NULL),
			 -MV_ENOENT);
	assert_maps(e, VA0, 0x80000000UL);
	assert_maps(e, VA0 + MIB(2) - 1, 0x80000000UL + MIB(2) - 1);
	assert_int_equal(leaf_level(e, VA0), 3);
}

static void test_replace_is_break_before_make(void **state)
{
	struct env *e = *state;
	pte_t leaf;
	paddr_t pa;

	assert_int_equal(pgtable_map(&e->pt, VA0, 0x1000, PAGE_SIZE, ATTRS), 0);
	e->flushes = 0;
	/* Same mapping again: nothing live changes, no flush. */
	assert_int_equal(pgtable_map(&e->pt, VA0, 0x1000, PAGE_SIZE, ATTRS), 0);
	assert_int_equal(e->flushes, 0);
	assert_int_equal(pgtable_map(&e->pt, VA0, 0x2000, PAGE_SIZE,
				     ATTRS | PTE_AP_RO),
			 0);
	assert_int_equal(e->flushes, 1);
	assert_int_equal(e->last_flush, VA0);
	assert_int_equal(pgtable_walk(&e->pt, VA0, &pa, &leaf), 0);
	assert_int_equal(pa, 0x2000);
	assert_true(leaf & PTE_AP_RO);
}

static void test_bad_input(void **state)
{
	struct env *e = *state;
	struct pgtable none = e->pt;
	paddr_t pa;

	assert_int_equal(pgtable_map(&e->pt, VA0 + 1, 0, PAGE_SIZE, ATTRS),
			 -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, VA0, 0x10, PAGE_SIZE, ATTRS),
			 -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, VA0, 0, 100, ATTRS), -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, VA0, 0, 0, ATTRS), -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, PT_VA_LIMIT, 0, PAGE_SIZE, ATTRS),
			 -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, PT_VA_LIMIT - PAGE_SIZE, 0,
				     2 * PAGE_SIZE, ATTRS),
			 -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, VA0, PT_VA_LIMIT, PAGE_SIZE,
				     ATTRS),
			 -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, VA0, 0, PAGE_SIZE,
				     ATTRS | PTE_VALID),
			 -MV_EINVAL);
	assert_int_equal(pgtable_map(&e->pt, VA0, 0, PAGE_SIZE, 0x5000),
			 -MV_EINVAL);
	assert_int_equal(pgtable_unmap(&e->pt, VA0, 0), -MV_EINVAL);
	assert_int_equal(pgtable_unmap(&e->pt, VA0 + 8, PAGE_SIZE), -MV_EINVAL);
	assert_int_equal(pgtable_unmap(&e->pt, ~0UL & PAGE_MASK, PAGE_SIZE),
			 -MV_EINVAL);
	assert_int_equal(pgtable_walk(&e->pt, ~0UL, &pa, NULL), -MV_ENOENT);
	none.root = NULL;
	assert_int_equal(pgtable_map(&none, VA0, 0, PAGE_SIZE, ATTRS),
			 -MV_EINVAL);
	assert_int_equal(pgtable_walk(&none, VA0, &pa, NULL), -MV_ENOENT);
	assert_int_equal(e->live, 1);
}

static void test_no_tables_maps_nothing(void **state)
{
	struct env *e = *state;
	paddr_t pa;

	/* 2 MiB of pages across a 1 GiB boundary needs two L2 + two L3. */
	e->limit = 4; /* L1, L2, L3 for the first part; none for the rest */
	assert_int_equal(pgtable_map(&e->pt, GIB(2) - MIB(1), 0x100000, MIB(2),
				     ATTRS),
			 -MV_ENOMEM);
	for (vaddr_t va = GIB(2) - MIB(1); va < GIB(2) + MIB(1);
	     va += PAGE_SIZE)
		assert_int_equal(pgtable_walk(&e->pt, va, &pa, NULL),
				 -MV_ENOENT);
	assert_int_equal(e->live, 1); /* every table given back */
	e->limit = -1;
	assert_int_equal(pgtable_map(&e->pt, GIB(2) - MIB(1), 0x100000, MIB(2),
				     ATTRS),
			 0);
	assert_maps(e, GIB(2), 0x200000);
}

static void test_split_without_tables_changes_nothing(void **state)
{
	struct env *e = *state;

	assert_int_equal(pgtable_map(&e->pt, VA0, 0, MIB(2), ATTRS), 0);
	e->limit = 0;
	assert_int_equal(pgtable_unmap(&e->pt, VA0, PAGE_SIZE), -MV_ENOMEM);
	assert_maps(e, VA0, 0);
	assert_int_equal(leaf_level(e, VA0), 2);
	e->limit = -1;
}

static void test_unmap_holes_and_prune(void **state)
{
	struct env *e = *state;

	assert_int_equal(pgtable_map(&e->pt, VA0, 0, PAGE_SIZE, ATTRS), 0);
	assert_int_equal(pgtable_map(&e->pt, VA0 + GIB(3), 0, PAGE_SIZE, ATTRS),
			 0);
	assert_int_equal(e->live, 6); /* root, L1, 2 x (L2 + L3) */
	/* A range with holes and both pages in it. */
	assert_int_equal(pgtable_unmap(&e->pt, VA0 - GIB(1), GIB(2)), 0);
	assert_int_equal(e->live, 4);
	assert_maps(e, VA0 + GIB(3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page_map_walk_unmap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blocks_when_aligned, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_split_on_partial_unmap,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_replace_is_break_before_make, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_tables_maps_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_split_without_tables_changes_nothing, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_unmap_holes_and_prune,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
