// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVSM_CORE_PVALIDATE against the model: every header and entry check
 * with its exact result code, 4 KiB and 2 MiB entries, the size
 * mismatch the guest retries as 4 KiB, CF ("unchanged") and ignore-CF,
 * partial progress with `next` written back, rescind revoking every
 * lower VMPL first, validated pages zeroed and granted, hardware codes
 * mapped to 0x8000_1000 + code, and the RMP after each request.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <asm/svsm.h>

#include "snp/svsm_fixture.h"

#define E4K(gpa, v) SVSM_PVL_ENTRY(gpa, false, v, false)
#define E2M(gpa, v) SVSM_PVL_ENTRY(gpa, true, v, false)

/* Write a list at @list and call PVALIDATE on it; returns RAX. */
static uint64_t pval_at(paddr_t list, uint16_t n, uint16_t next,
			const uint64_t *e)
{
	struct svsm_call c;

	sfx_write_list(list, n, next, e);
	sfx_call_init(&c, SVSM_CORE_PROTOCOL, SVSM_CORE_PVALIDATE, list, 0, 0);
	assert_true(sfx_call(&c));
	assert_null(sfx_check_invariants());
	return c.rax;
}

/* The usual place: the spare list page of the fixture. */
static uint64_t pval(uint16_t n, const uint64_t *e)
{
	return pval_at(SFX_LIST, n, 0, e);
}

static void fill(paddr_t gpa, uint64_t size, uint8_t byte)
{
	memset(model_va(gpa), byte, size);
}

static bool all_bytes(paddr_t gpa, uint64_t size, uint8_t byte)
{
	const uint8_t *p = model_va(gpa);

	for (uint64_t i = 0; i < size; i++)
		if (p[i] != byte)
			return false;
	return true;
}

static void assert_granted(paddr_t gpa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(gpa + off);

		assert_true(e->validated);
		assert_int_equal(e->perms[1], SVSM_PERM_RWX);
		assert_int_equal(e->perms[2], 0);
		assert_int_equal(e->perms[3], 0);
		assert_false(e->vmsa);
	}
}

static void assert_untouched(paddr_t gpa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(gpa + off);

		assert_false(e->validated);
		assert_int_equal(e->perms[1] | e->perms[2] | e->perms[3], 0);
	}
}

/* Guest memory validated in total: the 2 MiB adopted plus @extra. */
static void assert_validated_total(uint64_t extra)
{
	assert_int_equal(model_count_validated(SFX_GUEST_BASE, SFX_GUEST_SIZE),
			 512 + extra);
	assert_int_equal(svsm_state.guest_validated, 512 + extra);
}

static void test_validate_4k_zeroed_and_granted(void **state)
{
	uint64_t e[] = { E4K(SFX_FREE, 1), E4K(SFX_FREE + 0x3000, 1) };

	(void)state;
	fill(SFX_FREE, 4 * PAGE_SIZE, 0xa5); /* stale content */
	assert_int_equal(pval(2, e), SVSM_SUCCESS);
	assert_int_equal(sfx_list_next(SFX_LIST), 2);
	assert_granted(SFX_FREE, PAGE_SIZE);
	assert_granted(SFX_FREE + 0x3000, PAGE_SIZE);
	assert_true(all_bytes(SFX_FREE, PAGE_SIZE, 0));
	assert_true(all_bytes(SFX_FREE + 0x3000, PAGE_SIZE, 0));
	/* Pages not named keep their content and state. */
	assert_true(all_bytes(SFX_FREE + 0x1000, 0x2000, 0xa5));
	assert_untouched(SFX_FREE + 0x1000, 0x2000);
	assert_validated_total(2);
	assert_int_equal(svsm_state.calls[SVSM_CORE_PVALIDATE], 1);
}

static void test_validate_2m(void **state)
{
	uint64_t e[] = { E2M(SFX_2M_ENTRY, 1) };

	(void)state;
	fill(SFX_2M_ENTRY, SNP_2M, 0x5a);
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_granted(SFX_2M_ENTRY, SNP_2M);
	assert_true(all_bytes(SFX_2M_ENTRY, SNP_2M, 0));
	assert_int_equal(model.pvalidate_2m_calls, 1);
	assert_validated_total(512);
	/* And back: 2 MiB rescind, every permission gone. */
	e[0] = E2M(SFX_2M_ENTRY, 0);
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_untouched(SFX_2M_ENTRY, SNP_2M);
	assert_validated_total(0);
}

static void test_2m_on_4k_entries_retried_as_4k(void **state)
{
	uint64_t e[8] = { E2M(SFX_4K_RANGE, 1) };

	(void)state;
	fill(SFX_4K_RANGE, SNP_2M, 0x11);
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_SIZEMISMATCH);
	assert_int_equal(sfx_list_next(SFX_LIST), 0);
	assert_untouched(SFX_4K_RANGE, SNP_2M);
	assert_true(all_bytes(SFX_4K_RANGE, SNP_2M, 0x11));
	/* The guest redoes it as 4 KiB entries. */
	for (unsigned int i = 0; i < 8; i++)
		e[i] = E4K(SFX_4K_RANGE + i * PAGE_SIZE, 1);
	assert_int_equal(pval(8, e), SVSM_SUCCESS);
	assert_granted(SFX_4K_RANGE, 8 * PAGE_SIZE);
	assert_validated_total(8);
	/* A 2 MiB rescind over a partly validated range: same answer. */
	e[0] = E2M(SFX_4K_RANGE, 0);
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_SIZEMISMATCH);
	assert_granted(SFX_4K_RANGE, 8 * PAGE_SIZE);
	assert_validated_total(8);
}

static void test_4k_inside_2m_entry(void **state)
{
	uint64_t e[] = { E4K(SFX_2M_ENTRY + PAGE_SIZE, 1) };

	(void)state;
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_SIZEMISMATCH);
	assert_untouched(SFX_2M_ENTRY, SNP_2M);
	assert_validated_total(0);
}

static void test_rescind_revokes_first(void **state)
{
	uint64_t e[] = { E4K(SFX_FREE, 1) };

	(void)state;
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	/* The guest gave VMPL2 and VMPL3 access on its own. */
	model_rmp(SFX_FREE)->perms[2] = 0x3;
	model_rmp(SFX_FREE)->perms[3] = 0x1;
	e[0] = E4K(SFX_FREE, 0);
	assert_int_equal(model.tlb_flushes, 0);
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_untouched(SFX_FREE, PAGE_SIZE);
	assert_false(svsm_guest_validated(SFX_FREE));
	assert_int_equal(model.tlb_flushes, 1); /* after each rescind */
	/* Rescinding a launched page takes its permissions away too. */
	e[0] = E4K(SFX_ADOPTED + 0x10000, 0);
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_untouched(SFX_ADOPTED + 0x10000, PAGE_SIZE);
	assert_validated_total(-1ULL);
	/* Re-validated: zeroed, and only the guest VMPL granted again. */
	fill(SFX_FREE, PAGE_SIZE, 0x77);
	e[0] = E4K(SFX_FREE, 1);
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_granted(SFX_FREE, PAGE_SIZE);
	assert_true(all_bytes(SFX_FREE, PAGE_SIZE, 0));
}

static void test_partial_progress(void **state)
{
	uint64_t e[] = {
		E4K(SFX_FREE, 1),
		E4K(SFX_FREE + 0x1000, 1) | 0x10, /* reserved bit */
		E4K(SFX_FREE + 0x2000, 1),
	};

	(void)state;
	assert_int_equal(pval(3, e), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(sfx_list_next(SFX_LIST), 1);
	assert_granted(SFX_FREE, PAGE_SIZE);
	assert_untouched(SFX_FREE + 0x1000, 0x2000);
	assert_validated_total(1);
	/* The guest fixes the entry and goes on from next. */
	e[1] = E4K(SFX_FREE + 0x1000, 1);
	assert_int_equal(pval_at(SFX_LIST, 3, 1, e), SVSM_SUCCESS);
	assert_int_equal(sfx_list_next(SFX_LIST), 3);
	assert_granted(SFX_FREE, 0x3000);
	assert_validated_total(3);
}

static void test_next_written_after_each(void **state)
{
	uint64_t e[] = {
		E4K(SFX_FREE, 1),
		E4K(SFX_FREE + 0x1000, 1),
		E4K(SFX_FREE + 0x1000, 1), /* again: CF */
		E4K(SFX_FREE + 0x2000, 1),
	};

	(void)state;
	assert_int_equal(pval(4, e), SVSM_ERR_FAIL_UNCHANGED);
	assert_int_equal(sfx_list_next(SFX_LIST), 2);
	assert_untouched(SFX_FREE + 0x2000, PAGE_SIZE);
	/* Entries before next are not looked at (e[0] would fail now). */
	assert_int_equal(pval_at(SFX_LIST, 4, 3, e), SVSM_SUCCESS);
	assert_int_equal(sfx_list_next(SFX_LIST), 4);
	assert_validated_total(3);
}

static void test_cf_and_ignore_cf(void **state)
{
	paddr_t page = SFX_ADOPTED + 0x20000;
	uint64_t e[] = { E4K(page, 1) };
	uint64_t adjusts;

	(void)state;
	fill(page, PAGE_SIZE, 0x42); /* the guest's data */
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_UNCHANGED);
	assert_int_equal(sfx_list_next(SFX_LIST), 0);
	e[0] |= SVSM_PVL_IGNORE_CF;
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_int_equal(sfx_list_next(SFX_LIST), 1);
	/* Already validated: its content is the guest's and stays. */
	assert_true(all_bytes(page, PAGE_SIZE, 0x42));
	assert_granted(page, PAGE_SIZE);
	/* Rescind of a page that is not validated: no instruction at all. */
	adjusts = model.rmpadjust_calls;
	e[0] = E4K(SFX_FREE, 0);
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_UNCHANGED);
	e[0] |= SVSM_PVL_IGNORE_CF;
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	e[0] = E2M(SFX_2M_ENTRY, 0) | SVSM_PVL_IGNORE_CF;
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	assert_int_equal(model.rmpadjust_calls, adjusts);
	assert_validated_total(0);
}

static void test_header_checks(void **state)
{
	uint64_t e[511];
	struct svsm_call c;

	(void)state;
	for (unsigned int i = 0; i < 511; i++)
		e[i] = E4K(SFX_FREE + i * PAGE_SIZE, 0) | SVSM_PVL_IGNORE_CF;
	assert_int_equal(pval(0, e), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(pval_at(SFX_LIST, 2, 2, e),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(pval_at(SFX_LIST, 2, 7, e),
			 SVSM_ERR_INVALID_PARAMETER);
	/* Misaligned list. */
	assert_int_equal(pval_at(SFX_LIST + 4, 1, 0, e),
			 SVSM_ERR_INVALID_PARAMETER);
	/* Crossing its page: 2 entries at 16 bytes before the end. */
	assert_int_equal(pval_at(SFX_LIST + PAGE_SIZE - 16, 2, 0, e),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(pval_at(SFX_LIST + PAGE_SIZE - 16, 1, 0, e),
			 SVSM_SUCCESS);
	assert_int_equal(pval_at(SFX_LIST, 512, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	/* The largest list: 511 entries from the page start; 510 at CA+8. */
	assert_int_equal(pval_at(SFX_LIST, 511, 0, e), SVSM_SUCCESS);
	assert_int_equal(sfx_list_next(SFX_LIST), 511);
	assert_int_equal(pval_at(SFX_CA + 8, 511, 0, e),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(pval_at(SFX_CA + 8, 510, 0, e), SVSM_SUCCESS);
	/* Lists the SVSM may not read. */
	sfx_call_init(&c, 0, SVSM_CORE_PVALIDATE, 0, 0, 0);
	for (paddr_t bad = SFX_SVSM_BASE; bad; bad = 0) {
		const paddr_t where[] = { SFX_SVSM_BASE + 0x10000, 0x8000,
					  SFX_GUEST_BASE + SFX_GUEST_SIZE,
					  SFX_FREE, ~7ULL };

		for (unsigned int i = 0; i < ARRAY_SIZE(where); i++) {
			sfx_call_init(&c, 0, SVSM_CORE_PVALIDATE, where[i], 0,
				      0);
			assert_true(sfx_call(&c));
			assert_int_equal(c.rax, SVSM_ERR_INVALID_ADDRESS);
		}
	}
	assert_validated_total(0);
}

static void test_entry_checks(void **state)
{
	const struct {
		uint64_t e;
		uint64_t ret;
	} bad[] = {
		{ SFX_FREE | 2, SVSM_ERR_INVALID_PARAMETER },
		{ SFX_FREE | 3 | SVSM_PVL_VALIDATE,
		  SVSM_ERR_INVALID_PARAMETER },
		{ E4K(SFX_FREE, 1) | 0x10, SVSM_ERR_INVALID_PARAMETER },
		{ E4K(SFX_FREE, 1) | 0x800, SVSM_ERR_INVALID_PARAMETER },
		{ E4K(SFX_FREE, 0) | 0xff0, SVSM_ERR_INVALID_PARAMETER },
		{ E2M(SFX_2M_ENTRY + PAGE_SIZE, 1),
		  SVSM_ERR_INVALID_PARAMETER },
		{ E4K(SFX_SVSM_BASE + 0x5000, 1), SVSM_ERR_INVALID_ADDRESS },
		{ E4K(SFX_SVSM_BASE + 0x5000, 0), SVSM_ERR_INVALID_ADDRESS },
		{ E2M(SFX_SVSM_BASE + SFX_SVSM_SIZE - SNP_2M, 0),
		  SVSM_ERR_INVALID_ADDRESS },
		{ E4K(0x100000, 1), SVSM_ERR_INVALID_ADDRESS },
		{ E4K(SFX_GUEST_BASE + SFX_GUEST_SIZE, 1),
		  SVSM_ERR_INVALID_ADDRESS },
		{ E2M(SFX_GUEST_BASE + SFX_GUEST_SIZE, 1),
		  SVSM_ERR_INVALID_ADDRESS },
		{ E4K(0xfffffffffffff000ULL, 1), SVSM_ERR_INVALID_ADDRESS },
		{ E2M(0xffffffffffe00000ULL, 1), SVSM_ERR_INVALID_ADDRESS },
		{ E4K(SFX_LIST, 0), SVSM_ERR_INVALID_ADDRESS },
		{ E4K(SFX_CA, 0), SVSM_ERR_INVALID_ADDRESS },
		{ E2M(SFX_ADOPTED, 0), SVSM_ERR_INVALID_ADDRESS },
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		uint64_t e[] = { E4K(SFX_FREE + 0x10000, 1) |
					 SVSM_PVL_IGNORE_CF,
				 bad[i].e };

		print_message("entry %u: %#llx\n", i,
			      (unsigned long long)bad[i].e);
		assert_int_equal(pval(2, e), bad[i].ret);
		assert_int_equal(sfx_list_next(SFX_LIST), 1);
		/* From next = 1: the bad entry alone, same answer. */
		assert_int_equal(pval_at(SFX_LIST, 2, 1, e), bad[i].ret);
		assert_int_equal(sfx_list_next(SFX_LIST), 1);
	}
	assert_untouched(SFX_FREE, 0x10000);
	assert_validated_total(1);
	assert_true(model_guest_can_access(SFX_CA, 1));
	assert_true(model_guest_can_access(SFX_LIST, 1));
}

static void test_hw_codes(void **state)
{
	uint64_t e[] = { E4K(SFX_FREE, 1) };

	(void)state;
	model.cfg.pvalidate_force = SNP_HW_FAIL_INPUT;
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_INPUT);
	model.cfg.pvalidate_force = 0;
	assert_untouched(SFX_FREE, PAGE_SIZE);
	assert_int_equal(pval(1, e), SVSM_SUCCESS);
	/* Rescind failing in PVALIDATE: the permissions come back. */
	model.cfg.pvalidate_force = SNP_HW_FAIL_PERMISSION;
	e[0] = E4K(SFX_FREE, 0);
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_PERMISSION);
	model.cfg.pvalidate_force = 0;
	assert_granted(SFX_FREE, PAGE_SIZE);
	assert_int_equal(sfx_list_next(SFX_LIST), 0);
	assert_validated_total(1);
	/* RMPADJUST refused (model: a lower VMPL running the SVSM). */
	model.cfg.vmpl = 1;
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_PERMISSION);
	model.cfg.vmpl = 0;
	assert_granted(SFX_FREE, PAGE_SIZE);
}

static void test_grant_fails_undone(void **state)
{
	uint64_t e[] = { E4K(SFX_FREE, 1) };

	(void)state;
	/* PVALIDATE works, the grant that follows does not: rescinded. */
	model.cfg.rmpadjust_fail_call = model.rmpadjust_calls + 1;
	model.cfg.rmpadjust_fail_code = SNP_HW_FAIL_INPUT;
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_INPUT);
	assert_untouched(SFX_FREE, PAGE_SIZE);
	assert_false(svsm_guest_validated(SFX_FREE));
	assert_int_equal(sfx_list_next(SFX_LIST), 0);
	assert_validated_total(0);
	/* The same for the revoke before a rescind: nothing changes. */
	e[0] = E4K(SFX_ADOPTED + 0x8000, 0);
	model.cfg.rmpadjust_fail_call = model.rmpadjust_calls + 1;
	assert_int_equal(pval(1, e), SVSM_ERR_FAIL_INPUT);
	assert_granted(SFX_ADOPTED + 0x8000, PAGE_SIZE);
	assert_validated_total(0);
}

static void test_list_in_calling_area(void **state)
{
	uint64_t e[] = { E2M(SFX_2M_ENTRY, 1), E4K(SFX_FREE, 1) };

	(void)state;
	assert_int_equal(pval_at(SFX_CA + SVSM_CA_BUFFER, 2, 0, e),
			 SVSM_SUCCESS);
	assert_int_equal(sfx_list_next(SFX_CA + SVSM_CA_BUFFER), 2);
	assert_int_equal(*(uint8_t *)model_va(SFX_CA), 0);
	assert_validated_total(513);
}

int main(void)
{
#define T(fn) \
	cmocka_unit_test_setup_teardown(fn, sfx_cmocka_setup, sfx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_validate_4k_zeroed_and_granted),
		T(test_validate_2m),
		T(test_2m_on_4k_entries_retried_as_4k),
		T(test_4k_inside_2m_entry),
		T(test_rescind_revokes_first),
		T(test_partial_progress),
		T(test_next_written_after_each),
		T(test_cf_and_ignore_cf),
		T(test_header_checks),
		T(test_entry_checks),
		T(test_hw_codes),
		T(test_grant_fails_undone),
		T(test_list_in_calling_area),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
