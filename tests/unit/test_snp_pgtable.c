// SPDX-License-Identifier: GPL-2.0-only
/*
 * The port's page tables with the SEV C-bit (arch/x86_64-snp/mm/
 * pgtable.c), built in host memory and walked back: private mappings
 * and every table entry carry the C-bit, shared ones do not, a 2 MiB
 * page is split around a page made shared, bad input is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <asm/pgtable.h>

#define CBIT_51 (1ULL << 51)
#define MAX_TABLES 64

static void *tables[MAX_TABLES];
static unsigned int ntables, table_limit;

static int alloc_table(paddr_t *pa)
{
	void *p;

	if (ntables >= table_limit)
		return -MV_ENOMEM;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(p);
	tables[ntables++] = p;
	*pa = (paddr_t)(uintptr_t)p; /* "physical" = host address */
	return 0;
}

static void *p2v(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

static int setup(void **state)
{
	(void)state;
	ntables = 0;
	table_limit = MAX_TABLES;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < ntables; i++)
		free(tables[i]);
	return 0;
}

/* Every non-leaf entry on the walk to @va must have the C-bit too. */
static void assert_walk_cbit(const struct pgtable *pt, vaddr_t va,
			     uint64_t cbit)
{
	const uint64_t *t = pt->root;

	for (int l = 4; l > 1; l--) {
		uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];

		assert_true(e & PTE_P);
		if (l == 2 && (e & PTE_PS))
			return;
		assert_int_equal(e & CBIT_51, cbit);
		t = p2v(e & PTE_ADDR_MASK & ~CBIT_51);
	}
}

static void test_private_identity_map(void **state)
{
	struct pgtable pt;
	uint64_t leaf;
	paddr_t pa;

	(void)state;
	assert_int_equal(pgt_init(&pt, CBIT_51, alloc_table, p2v), 0);
	assert_int_equal(pgt_map(&pt, 0, 0, 8ULL << 20, PTE_RW, false), 0);
	assert_int_equal(pt.tables, 3); /* PML4, PDPT, one PD */
	for (vaddr_t va = 0; va < (8ULL << 20); va += 0x7000) {
		assert_int_equal(pgt_lookup(&pt, va, &pa, &leaf), 0);
		assert_int_equal(pa, va);
		assert_true(leaf & CBIT_51);
		assert_true(leaf & PTE_PS);
		assert_true(leaf & PTE_RW);
		assert_walk_cbit(&pt, va, CBIT_51);
	}
	assert_int_equal(pgt_lookup(&pt, 8ULL << 20, &pa, NULL), -MV_ENOENT);
}

static void test_native_has_no_cbit(void **state)
{
	struct pgtable pt;
	uint64_t leaf;
	paddr_t pa;

	(void)state;
	assert_int_equal(pgt_init(&pt, 0, alloc_table, p2v), 0);
	assert_int_equal(pgt_map(&pt, 0x200000, 0x200000, 0x200000, 0, false),
			 0);
	assert_int_equal(pgt_lookup(&pt, 0x201234, &pa, &leaf), 0);
	assert_int_equal(pa, 0x201234);
	assert_int_equal(leaf & ~PTE_ADDR_MASK, PTE_P | PTE_PS);
	assert_int_equal(leaf & PTE_ADDR_MASK, 0x200000);
}

static void test_set_shared_splits_2m(void **state)
{
	const vaddr_t ghcb = 0x1011000;
	struct pgtable pt;
	uint64_t leaf;
	paddr_t pa;

	(void)state;
	assert_int_equal(pgt_init(&pt, CBIT_51, alloc_table, p2v), 0);
	assert_int_equal(pgt_map(&pt, 0, 0, 32ULL << 20, PTE_RW, false), 0);
	assert_int_equal(pgt_set_shared(&pt, ghcb + 0x80, true), 0);
	assert_int_equal(pt.tables, 4); /* + the split page table */
	assert_int_equal(pgt_lookup(&pt, ghcb + 8, &pa, &leaf), 0);
	assert_int_equal(pa, ghcb + 8);
	assert_false(leaf & CBIT_51);
	assert_false(leaf & PTE_PS);
	assert_true(leaf & PTE_RW);
	/* The rest of that 2 MiB stays private, mapped to the same frames. */
	for (vaddr_t va = 0x1000000; va < 0x1200000; va += PAGE_SIZE) {
		if (va == ghcb)
			continue;
		assert_int_equal(pgt_lookup(&pt, va, &pa, &leaf), 0);
		assert_int_equal(pa, va);
		assert_true(leaf & CBIT_51);
	}
	assert_walk_cbit(&pt, ghcb, CBIT_51);
	/* And back. */
	assert_int_equal(pgt_set_shared(&pt, ghcb, false), 0);
	assert_int_equal(pgt_lookup(&pt, ghcb, &pa, &leaf), 0);
	assert_true(leaf & CBIT_51);
	assert_int_equal(pgt_set_shared(&pt, 0x40000000, true), -MV_ENOENT);
}

static void test_shared_mapping(void **state)
{
	struct pgtable pt;
	uint64_t leaf;
	paddr_t pa;

	(void)state;
	assert_int_equal(pgt_init(&pt, CBIT_51, alloc_table, p2v), 0);
	assert_int_equal(pgt_map(&pt, 0x100000000000ULL, 0xfee00000, PAGE_SIZE,
				 PTE_RW | PTE_PCD | PTE_PWT, true),
			 0);
	assert_int_equal(pgt_lookup(&pt, 0x100000000010ULL, &pa, &leaf), 0);
	assert_int_equal(pa, 0xfee00010);
	assert_false(leaf & CBIT_51);
	assert_true(leaf & PTE_PCD);
	assert_walk_cbit(&pt, 0x100000000000ULL, CBIT_51);
}

static void test_unmap_inside_2m(void **state)
{
	struct pgtable pt;
	paddr_t pa;

	(void)state;
	assert_int_equal(pgt_init(&pt, CBIT_51, alloc_table, p2v), 0);
	assert_int_equal(
		pgt_map(&pt, 0x400000, 0x400000, 0x200000, PTE_RW, false), 0);
	assert_int_equal(pgt_unmap(&pt, 0x401000, PAGE_SIZE), 0);
	assert_int_equal(pgt_lookup(&pt, 0x401000, &pa, NULL), -MV_ENOENT);
	assert_int_equal(pgt_lookup(&pt, 0x402000, &pa, NULL), 0);
	assert_int_equal(pa, 0x402000);
	assert_int_equal(pgt_unmap(&pt, 0x400000, 0x200000), 0);
	assert_int_equal(pgt_lookup(&pt, 0x402000, &pa, NULL), -MV_ENOENT);
}

static void test_bad_input(void **state)
{
	struct pgtable pt;

	(void)state;
	assert_int_equal(pgt_init(&pt, 1ULL << 20, alloc_table, p2v),
			 -MV_EINVAL);
	assert_int_equal(pgt_init(&pt, (1ULL << 47) | (1ULL << 48), alloc_table,
				  p2v),
			 -MV_EINVAL);
	assert_int_equal(pgt_init(&pt, 1ULL << 52, alloc_table, p2v),
			 -MV_EINVAL);
	assert_int_equal(pgt_init(&pt, 1ULL << 47, alloc_table, p2v), 0);
	assert_int_equal(pgt_map(&pt, 0x1800, 0x1000, PAGE_SIZE, 0, false),
			 -MV_EINVAL);
	assert_int_equal(pgt_map(&pt, 0x1000, 0x1000, 0, 0, false), -MV_EINVAL);
	/* A physical address that collides with the C-bit. */
	assert_int_equal(pgt_map(&pt, 0x1000, 1ULL << 47, PAGE_SIZE, 0, false),
			 -MV_EINVAL);
	/* Non-canonical virtual addresses. */
	assert_int_equal(pgt_map(&pt, 0x800000000000ULL, 0, PAGE_SIZE, 0,
				 false),
			 -MV_EINVAL);
	assert_int_equal(pgt_map(&pt, 0x7ffffffff000ULL, 0, 2 * PAGE_SIZE, 0,
				 false),
			 -MV_EINVAL);
	assert_int_equal(pgt_unmap(&pt, 0x1234, PAGE_SIZE), -MV_EINVAL);
	assert_int_equal(pt.tables, 1);
}

static void test_table_exhaustion(void **state)
{
	struct pgtable pt;
	paddr_t pa;

	(void)state;
	table_limit = 3;
	assert_int_equal(pgt_init(&pt, CBIT_51, alloc_table, p2v), 0);
	/* PDPT and PD fit, the page table for a 4K mapping does not. */
	assert_int_equal(pgt_map(&pt, 0x1000, 0x1000, PAGE_SIZE, 0, false),
			 -MV_ENOMEM);
	assert_int_equal(pgt_lookup(&pt, 0x1000, &pa, NULL), -MV_ENOENT);
	/* A 2 MiB mapping needs no more tables. */
	assert_int_equal(pgt_map(&pt, 0x200000, 0x200000, 0x200000, 0, false),
			 0);
	assert_int_equal(pgt_set_shared(&pt, 0x201000, true), -MV_ENOMEM);
	assert_int_equal(pgt_lookup(&pt, 0x201000, &pa, NULL), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_private_identity_map), T(test_native_has_no_cbit),
		T(test_set_shared_splits_2m), T(test_shared_mapping),
		T(test_unmap_inside_2m),      T(test_bad_input),
		T(test_table_exhaustion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
