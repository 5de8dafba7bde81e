// SPDX-License-Identifier: GPL-2.0-only
/*
 * PVALIDATE against the model: 2 MiB validation, the 2 MiB -> 4 KiB
 * fallback on FAIL_SIZEMISMATCH, "no change" (CF) as an error, input
 * errors, and the validated-page count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <asm/snp.h>

#include "helpers/snp_cfg.h"

static void test_2m_validated_directly(void **state)
{
	(void)state;
	fx_cfg_boot();
	assert_int_equal(CALL(snp_mem_make_private(0x400000, SNP_2M)), 0);
	assert_int_equal(model.pvalidate_2m_calls, 1);
	assert_int_equal(model.pvalidate_calls, 2); /* + the GHCB rescind */
	assert_int_equal(snp_state.pvalidate_fallbacks, 0);
	assert_int_equal(model_count_validated(0x400000, SNP_2M), 512);
	assert_int_equal(model_count_huge(0x400000, SNP_2M), 512);
	assert_int_equal(snp_state.validated_pages, 512);
}

static void test_size_mismatch_falls_back_to_4k(void **state)
{
	(void)state;
	fx_cfg.hv_psc_2m = false; /* the hypervisor backs it with 4K entries */
	fx_cfg_boot();
	assert_int_equal(CALL(snp_mem_make_private(0x400000, SNP_2M)), 0);
	assert_int_equal(model.pvalidate_2m_calls, 1);
	assert_int_equal(model.pvalidate_calls, 2 + 512);
	assert_int_equal(snp_state.pvalidate_fallbacks, 1);
	assert_int_equal(model_count_validated(0x400000, SNP_2M), 512);
	assert_int_equal(model_count_huge(0x400000, SNP_2M), 0);
	assert_int_equal(snp_state.validated_pages, 512);
}

static void test_fallback_on_rescind(void **state)
{
	(void)state;
	fx_cfg.hv_psc_2m = false;
	fx_cfg_boot();
	assert_int_equal(CALL(snp_mem_make_private(0x400000, SNP_2M)), 0);
	assert_int_equal(CALL(snp_mem_make_shared(0x400000, SNP_2M)), 0);
	assert_int_equal(snp_state.pvalidate_fallbacks, 2);
	assert_int_equal(model_count_validated(0x400000, SNP_2M), 0);
	assert_int_equal(model_count_assigned(0x400000, SNP_2M), 0);
	assert_int_equal(snp_state.validated_pages, 0);
}

static void test_double_validation_is_error(void **state)
{
	(void)state;
	fx_cfg_boot();
	/* The image was validated at launch. */
	assert_int_equal(CALL(snp_pvalidate_gpa(FX_IMAGE, false, true)),
			 -MV_EALREADY);
	assert_int_equal(CALL(snp_pvalidate((vaddr_t)model_va(FX_IMAGE),
					    SNP_PAGE_4K, true)),
			 -MV_EALREADY);
	assert_true(model_rmp(FX_IMAGE)->validated);
	assert_int_equal(snp_state.validated_pages, 0);
}

static void test_double_rescind_is_error(void **state)
{
	(void)state;
	fx_cfg_boot();
	assert_int_equal(CALL(snp_pvalidate_gpa(FX_IMAGE, false, false)), 0);
	assert_int_equal(CALL(snp_pvalidate_gpa(FX_IMAGE, false, false)),
			 -MV_EALREADY);
}

static void test_double_validation_inside_fallback(void **state)
{
	(void)state;
	fx_cfg.hv_psc_2m = false;
	fx_cfg_boot();
	/* One page of the 2M range is private and validated already. */
	assert_int_equal(CALL(snp_mem_make_private(0x500000, PAGE_SIZE)), 0);
	assert_int_equal(CALL(snp_mem_make_private(0x400000, SNP_2M)),
			 -MV_EALREADY);
	assert_int_equal(model_count_validated(0x400000, SNP_2M), 257);
}

static void test_input_errors(void **state)
{
	(void)state;
	fx_cfg_boot();
	/* Misaligned 2M: refused before reaching the instruction. */
	assert_int_equal(CALL(snp_pvalidate_gpa(0x401000, true, true)),
			 -MV_EINVAL);
	assert_int_equal(CALL(snp_pvalidate_gpa(0x400800, false, true)),
			 -MV_EINVAL);
	assert_int_equal(model.pvalidate_calls, 1);
	/* The instruction's FAIL_INPUT is reported as -MV_EINVAL too. */
	assert_int_equal(CALL(snp_pvalidate((vaddr_t)model_va(FX_IMAGE + 8),
					    SNP_PAGE_4K, false)),
			 -MV_EINVAL);
	assert_int_equal(
		CALL(snp_pvalidate((vaddr_t)model_va(FX_IMAGE), 7, false)),
		-MV_EINVAL);
}

static void test_other_return_codes(void **state)
{
	(void)state;
	fx_cfg_boot();
	model.cfg.pvalidate_force = 2; /* FAIL_PERMISSION */
	assert_int_equal(CALL(snp_pvalidate_gpa(FX_IMAGE, false, false)),
			 -MV_EPERM);
	model.cfg.pvalidate_force = 9; /* undocumented */
	assert_int_equal(CALL(snp_pvalidate_gpa(FX_IMAGE, false, false)),
			 -MV_EIO);
	assert_true(model_rmp(FX_IMAGE)->validated);
	assert_int_equal(snp_state.validated_pages, 0);
}

static void test_mem_validate_error(void **state)
{
	(void)state;
	fx_cfg_boot();
	/* Validating launch pages again fails part-way, with the error. */
	assert_int_equal(CALL(snp_mem_validate(FX_IMAGE, FX_IMAGE_SIZE, true)),
			 -MV_EALREADY);
}

static void test_4k_on_2m_entry_is_size_mismatch(void **state)
{
	(void)state;
	fx_cfg_boot();
	assert_int_equal(CALL(snp_mem_make_private(0x400000, SNP_2M)), 0);
	assert_int_equal(CALL(snp_pvalidate_gpa(0x401000, false, false)),
			 -MV_ERANGE);
	assert_int_equal(model_count_validated(0x400000, SNP_2M), 512);
}

static void test_unassigned_page_faults(void **state)
{
	(void)state;
	fx_cfg_boot();
	/* Validating without PSC first: the hardware would #NPF. */
	MODEL_TRY(snp_pvalidate_gpa(0x800000, false, true));
	assert_int_equal(model.exit, MODEL_FAULTED);
}

static void test_mem_validate_mixed_range(void **state)
{
	(void)state;
	fx_cfg_boot();
	/* Assign only (MSR PSC, no validation), then validate the range. */
	for (paddr_t pa = 0x1ff000; pa < 0x402000; pa += PAGE_SIZE)
		assert_int_equal(CALL(ghcb_msr_psc(pa, GHCB_PSC_OP_PRIVATE)),
				 0);
	assert_int_equal(CALL(snp_mem_validate(0x1ff000, 0x203000, true)), 0);
	assert_int_equal(model_count_validated(0x1ff000, 0x203000), 0x203);
	/* 4K RMP entries: the 2M attempt fell back once. */
	assert_int_equal(snp_state.pvalidate_fallbacks, 1);
	assert_int_equal(snp_state.validated_pages, 0x203);
	assert_int_equal(CALL(snp_mem_validate(0x1ff000, 0x203000, false)), 0);
	assert_int_equal(model_count_validated(0x1ff000, 0x203000), 0);
	assert_int_equal(snp_state.validated_pages, 0);
}

static void test_range_input_errors(void **state)
{
	(void)state;
	fx_cfg_boot();
	assert_int_equal(CALL(snp_mem_validate(0x1000, 0, true)), -MV_EINVAL);
	assert_int_equal(CALL(snp_mem_validate(0x1800, 0x1000, true)),
			 -MV_EINVAL);
	assert_int_equal(CALL(snp_mem_make_private(0x1000, 0x800)), -MV_EINVAL);
	assert_int_equal(CALL(snp_mem_make_shared(~0xfffULL, 0x2000)),
			 -MV_EINVAL);
	assert_int_equal(model.psc_exits, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_cfg_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_2m_validated_directly),
		T(test_size_mismatch_falls_back_to_4k),
		T(test_fallback_on_rescind),
		T(test_double_validation_is_error),
		T(test_double_rescind_is_error),
		T(test_double_validation_inside_fallback),
		T(test_input_errors),
		T(test_other_return_codes),
		T(test_mem_validate_error),
		T(test_4k_on_2m_entry_is_size_mismatch),
		T(test_unassigned_page_faults),
		T(test_mem_validate_mixed_range),
		T(test_range_input_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
