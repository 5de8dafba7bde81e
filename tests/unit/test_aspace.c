// SPDX-License-Identifier: GPL-2.0-only
/*
 * aspace on arch/fake: real mappings of memfd "RAM" in a reserved
 * window, rollback of every half-done call (fake_mmu_fail_next), the
 * mapping table limit, and a random model test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <arch/mmu.h>
#include <asm/fake.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <minivisor/vapool.h>

#include "helpers/alloc_model.h"

#define PG 4096ULL
#define RAM 0x40000000ULL
#define RAM_SIZE MIB(16)
#define VA_SIZE MIB(64)

static void *ram_meta, *vp_meta;
static vaddr_t window;

/* Everything the three modules report, to compare whole states. */
struct snapshot {
	struct host_ram_info ram;
	struct buddy_info vp;
	struct aspace_info as;
};

static void snap(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	host_ram_get_info(&s->ram);
	vapool_get_info(&s->vp);
	aspace_get_info(&s->as);
	s->ram.alloc_failures = s->ram.bad_frees = 0;
	s->vp.allocs = s->vp.frees = s->vp.alloc_failures = 0;
	s->vp.bad_frees = 0;
	s->as.map_failures = s->as.bad_unmaps = 0;
	assert_int_equal(host_ram_check(), 0);
	assert_int_equal(buddy_check(vapool_buddy()), 0);
}

static void assert_unchanged(const struct snapshot *a)
{
	struct snapshot b;

	snap(&b);
	assert_memory_equal(a, &b, sizeof(b));
}

static int setup(void **state)
{
	(void)state;
	assert_int_equal(fake_ram_setup(RAM, RAM_SIZE), 0);
	host_ram_reset();
	ram_meta = malloc(host_ram_bank_meta_size(RAM_SIZE));
	assert_int_equal(host_ram_add_bank(RAM, RAM_SIZE, ram_meta), 0);
	if (!window)
		window = fake_va_window(VA_SIZE);
	assert_true(window != 0);
	vp_meta = malloc(vapool_meta_size(VA_SIZE));
	assert_int_equal(vapool_init(window, VA_SIZE, vp_meta,
				     vapool_meta_size(VA_SIZE)),
			 0);
	aspace_reset();
	fake_mmu_fail_next(0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	aspace_reset();
	host_ram_reset();
	free(ram_meta);
	free(vp_meta);
	return 0;
}

static void test_map_ram(void **state)
{
	struct snapshot empty;
	struct aspace_info ai;
	vaddr_t va, va2;
	paddr_t pa;

	(void)state;
	snap(&empty);
	assert_int_equal(
		aspace_map(RAM + 5 * PG + 123, 2 * PG, MMU_ATTR_RW, &va), 0);
	assert_int_equal(va % PG, 123);
	assert_int_equal(aspace_va2pa(va, &pa), 0);
	assert_int_equal(pa, RAM + 5 * PG + 123);
	assert_int_equal(arch_mmu_va2pa(va + PG, &pa), 0);
	assert_int_equal(pa, RAM + 6 * PG + 123);
	assert_int_equal(aspace_va2pa(va - 123 + 2 * PG, &pa), 0);
	assert_int_equal(pa, RAM + 7 * PG); /* 123 + 2 pages spans three */
	assert_int_equal(aspace_va2pa(va - 123 + 3 * PG, &pa), -MV_ENOENT);
	assert_int_equal(aspace_va2pa(va - 124, &pa), -MV_ENOENT);
	/* A second mapping of the same frames sees the same bytes. */
	assert_int_equal(aspace_map(RAM + 5 * PG, PG, MMU_ATTR_RW, &va2), 0);
	strcpy((char *)va, "shared");
	assert_string_equal((char *)va2 + 123, "shared");
	aspace_get_info(&ai);
	assert_int_equal(ai.mappings, 2);
	assert_int_equal(ai.mapped_bytes, 4 * PG);
	assert_int_equal(aspace_unmap(va2), 0);
	assert_int_equal(aspace_unmap(va), 0);
	assert_int_equal(arch_mmu_va2pa(va, &pa), -MV_ENOENT);
	assert_int_equal(aspace_va2pa(va, &pa), -MV_ENOENT);
	assert_unchanged(&empty);
}

static void test_map_device(void **state)
{
	struct snapshot empty;
	vaddr_t va;
	paddr_t pa;

	(void)state;
	snap(&empty);
	assert_int_equal(aspace_map(0x09000000, 0x1000, MMU_ATTR_IO, &va), 0);
	assert_int_equal(arch_mmu_va2pa(va + 8, &pa), 0);
	assert_int_equal(pa, 0x09000008);
	*(volatile uint32_t *)va = 0x41;
	assert_int_equal(aspace_unmap(va), 0);
	assert_unchanged(&empty);
}

static void test_map_bad(void **state)
{
	struct snapshot empty;
	struct aspace_info ai;
	vaddr_t va = 0x77, v2;

	(void)state;
	snap(&empty);
	assert_int_equal(aspace_map(RAM, 0, MMU_ATTR_RW, &va), -MV_EINVAL);
	assert_int_equal(aspace_map(~0ULL - 10, 100, MMU_ATTR_RW, &va),
			 -MV_EINVAL);
	/* Normal memory outside RAM: the MMU refuses, vapool is undone. */
	assert_int_equal(aspace_map(0x1000, PG, MMU_ATTR_RW, &va), -MV_EINVAL);
	assert_int_equal(aspace_map(RAM, VA_SIZE + PG, MMU_ATTR_RW, &va),
			 -MV_ENOMEM);
	fake_mmu_fail_next(1);
	assert_int_equal(aspace_map(RAM, PG, MMU_ATTR_RW, &va), -MV_ENOMEM);
	assert_int_equal(va, 0x77);
	assert_unchanged(&empty);
	aspace_get_info(&ai);
	assert_int_equal(ai.map_failures, 5);
	/* Unmap only what map returned, exactly. */
	assert_int_equal(aspace_map(RAM + 10, PG, MMU_ATTR_RW, &va), 0);
	assert_int_equal(aspace_unmap(va - 10), -MV_EINVAL);
	assert_int_equal(aspace_unmap(va + PG), -MV_EINVAL);
	assert_int_equal(aspace_free_pages(va), -MV_EINVAL);
	assert_int_equal(aspace_alloc_pages(1, &v2), 0);
	assert_int_equal(aspace_unmap(v2), -MV_EINVAL);
	assert_int_equal(aspace_free_pages(v2), 0);
	assert_int_equal(aspace_unmap(va), 0);
	assert_int_equal(aspace_unmap(va), -MV_EINVAL);
	aspace_get_info(&ai);
	assert_int_equal(ai.bad_unmaps, 5);
	assert_unchanged(&empty);
}

static void test_alloc_pages_zeroed(void **state)
{
	struct snapshot empty;
	vaddr_t va, dirty;
	paddr_t pa, pa2;

	(void)state;
	snap(&empty);
	assert_int_equal(aspace_alloc_pages(3, &va), 0);
	assert_int_equal(aspace_va2pa(va, &pa), 0);
	assert_true(host_ram_frame_used(pa) &&
		    host_ram_frame_used(pa + 2 * PG));
	/* Dirty the frames through another mapping, free, allocate again. */
	assert_int_equal(aspace_map(pa, 3 * PG, MMU_ATTR_RW, &dirty), 0);
	memset((void *)dirty, 0xee, 3 * PG);
	assert_int_equal(aspace_free_pages(va), 0);
	assert_int_equal(aspace_alloc_pages(3, &va), 0);
	assert_int_equal(aspace_va2pa(va, &pa2), 0);
	assert_int_equal(pa2, pa);
	assert_int_equal(((unsigned char *)dirty)[100], 0);
	for (size_t i = 0; i < 3 * PG; i++)
		assert_int_equal(((unsigned char *)va)[i], 0);
	assert_int_equal(aspace_unmap(dirty), 0);
	assert_int_equal(aspace_free_pages(va), 0);
	assert_unchanged(&empty);
}

static void test_alloc_pages_failures(void **state)
{
	struct snapshot empty;
	vaddr_t va = 0x99, big;

	(void)state;
	snap(&empty);
	assert_int_equal(aspace_alloc_pages(0, &va), -MV_EINVAL);
	assert_int_equal(aspace_alloc_pages(~0ULL, &va), -MV_EINVAL);
	assert_int_equal(aspace_alloc_pages(RAM_SIZE / PG + 1, &va),
			 -MV_ENOMEM);
	fake_mmu_fail_next(1); /* frames and vapool taken, then undone */
	assert_int_equal(aspace_alloc_pages(4, &va), -MV_ENOMEM);
	assert_int_equal(va, 0x99);
	assert_unchanged(&empty);
	/* vapool exhausted after the frames were taken: frames go back. */
	assert_int_equal(vapool_alloc(VA_SIZE / 2, &big), 0);
	assert_int_equal(vapool_alloc(VA_SIZE / 4, &big), 0);
	assert_int_equal(vapool_alloc(VA_SIZE / 8, &big), 0);
	assert_int_equal(aspace_alloc_pages(RAM_SIZE / PG, &va), -MV_ENOMEM);
	assert_int_equal(aspace_alloc_pages(RAM_SIZE / PG / 2, &va), 0);
	assert_int_equal(aspace_free_pages(va), 0);
	assert_int_equal(aspace_free_pages(va), -MV_EINVAL);
}

static void test_table_full(void **state)
{
	static vaddr_t vas[ASPACE_MAX_MAPPINGS];
	struct snapshot empty, full;
	struct aspace_info ai;
	vaddr_t va;
	unsigned int i;

	(void)state;
	snap(&empty);
	for (i = 0; i < ASPACE_MAX_MAPPINGS; i++)
		assert_int_equal(aspace_map(RAM + (i % 64) * PG, 1,
					    MMU_ATTR_READ, &vas[i]),
				 0);
	snap(&full);
	assert_int_equal(aspace_map(RAM, PG, MMU_ATTR_RW, &va), -MV_ENOSPC);
	assert_int_equal(aspace_alloc_pages(1, &va), -MV_ENOSPC);
	assert_unchanged(&full);
	aspace_get_info(&ai);
	assert_int_equal(ai.mappings, ASPACE_MAX_MAPPINGS);
	assert_int_equal(ai.map_failures, 2);
	for (i = 0; i < ASPACE_MAX_MAPPINGS; i += 2)
		assert_int_equal(aspace_unmap(vas[i]), 0);
	for (i = 1; i < ASPACE_MAX_MAPPINGS; i += 2)
		assert_int_equal(aspace_unmap(vas[i]), 0);
	assert_unchanged(&empty);
}

/* Random maps, page allocations and frees, some made to fail. */
static void test_model_random(void **state)
{
	enum { MAXLIVE = 64 };
	struct live {
		vaddr_t va;
		uint64_t pages;
		bool pages_kind;
		unsigned char tag;
	} live[MAXLIVE];
	struct snapshot empty;
	unsigned int nlive = 0, s, j;
	uint64_t x = 0x5eed;
	paddr_t pa;

	(void)state;
	snap(&empty);
	for (s = 0; s < 3000; s++) {
		struct live *l = &live[nlive];
		int rc;

		model_rand(&x);
		if (x % 8 == 0)
			fake_mmu_fail_next(1);
		if (x % 3 && nlive < MAXLIVE) {
			l->pages = 1 + (x >> 8) % 40;
			l->pages_kind = (x >> 16) & 1;
			l->tag = (unsigned char)(s | 1);
			if (l->pages_kind)
				rc = aspace_alloc_pages(l->pages, &l->va);
			else
				rc = aspace_map(RAM + ((x >> 20) % 512) * PG,
						l->pages * PG, MMU_ATTR_READ,
						&l->va);
			fake_mmu_fail_next(0);
			if (rc)
				continue;
			if (l->pages_kind)
				memset((void *)l->va, l->tag, l->pages * PG);
			assert_int_equal(aspace_va2pa(l->va, &pa), 0);
			nlive++;
		} else if (nlive) {
			j = (unsigned int)((x >> 8) % nlive);
			l = &live[j];
			if (l->pages_kind) {
				/* No other mapping wrote into these frames. */
				unsigned char *p = (unsigned char *)l->va;

				assert_int_equal(p[0], l->tag);
				assert_int_equal(p[l->pages * PG - 1], l->tag);
				rc = aspace_free_pages(l->va);
			} else {
				rc = aspace_unmap(l->va);
			}
			assert_int_equal(rc, 0);
			live[j] = live[--nlive];
		}
		fake_mmu_fail_next(0);
	}
	while (nlive--)
		assert_int_equal(live[nlive].pages_kind ?
					 aspace_free_pages(live[nlive].va) :
					 aspace_unmap(live[nlive].va),
				 0);
	assert_unchanged(&empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_map_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_device, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_pages_zeroed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alloc_pages_failures,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_full, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_model_random, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
