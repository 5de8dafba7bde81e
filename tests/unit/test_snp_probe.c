// SPDX-License-Identifier: GPL-2.0-only
/*
 * SNP boot checks against the model: SEV_STATUS policy, GHCB version
 * negotiation, C-bit, hypervisor features, VMPL0, GHCB page setup.
 * Every failure must end in the documented termination reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <asm/snp.h>

#include "snp/fixture.h"

static struct model_config cfg;

static int setup(void **state)
{
	(void)state;
	fx_config(&cfg);
	return 0;
}

/* Boot with the current cfg; expect termination with @set/@code. */
static void expect_term(unsigned int set, unsigned int code)
{
	fx_setup(&cfg);
	assert_false(fx_boot());
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_set, set);
	assert_int_equal(model.term_code, code);
}

static void test_probe_ok(void **state)
{
	(void)state;
	fx_setup(&cfg);
	assert_true(fx_boot());
	assert_true(snp_state.active);
	assert_int_equal(snp_state.ghcb_version, 2);
	assert_int_equal(snp_state.cbit, 51);
	assert_int_equal(snp_state.vmpl, 0);
	assert_int_equal(snp_state.sev_status, cfg.sev_status);
	assert_int_equal(snp_state.hv_features, cfg.hv_features);
	assert_int_equal(snp_state.ghcb_pa, FX_GHCB_PAGE);
}

static void test_sev_status_policy(void **state)
{
	const uint64_t base = SNP_SEV_STATUS_REQUIRED;

	(void)state;
	assert_int_equal(snp_check_sev_status(base), 0);
	assert_int_equal(snp_check_sev_status(base | SEV_STATUS_DEBUG_SWAP |
					      SEV_STATUS_RESTRICTED_INJ |
					      SEV_STATUS_SMT_PROT),
			 0);
	assert_int_equal(snp_check_sev_status(base & ~SEV_STATUS_SNP),
			 -MV_ENOTSUP);
	assert_int_equal(snp_check_sev_status(base & ~SEV_STATUS_SEV_ES),
			 -MV_ENOTSUP);
	assert_int_equal(snp_check_sev_status(base | SEV_STATUS_VTOM),
			 -MV_ENOTSUP);
	assert_int_equal(snp_check_sev_status(base | SEV_STATUS_REFLECT_VC),
			 -MV_ENOTSUP);
	assert_int_equal(snp_check_sev_status(base | SEV_STATUS_SECURE_TSC),
			 -MV_ENOTSUP);
	assert_int_equal(snp_check_sev_status(base | BIT_ULL(13)), -MV_ENOTSUP);
	assert_int_equal(snp_check_sev_status(base | BIT_ULL(40)), -MV_ENOTSUP);
}

static void test_sev_status_missing_snp_terminates(void **state)
{
	(void)state;
	cfg.sev_status &= ~SEV_STATUS_SNP;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_SEV_STATUS);
	/* Decided before talking to the hypervisor at all. */
	assert_int_equal(model.msr_calls, 1); /* the termination request */
}

static void test_sev_status_forbidden_terminates(void **state)
{
	(void)state;
	cfg.sev_status |= SEV_STATUS_ALTERNATE_INJ;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_SEV_STATUS);
}

static void test_version_too_new_terminates(void **state)
{
	(void)state;
	cfg.hv_ver_min = 3;
	cfg.hv_ver_max = 3;
	expect_term(SNP_TERM_SET_GHCB, SNP_TERM_PROTOCOL);
}

static void test_version_too_old_terminates(void **state)
{
	(void)state;
	cfg.hv_ver_min = 1;
	cfg.hv_ver_max = 1;
	expect_term(SNP_TERM_SET_GHCB, SNP_TERM_PROTOCOL);
}

static void test_version_negotiated_down(void **state)
{
	(void)state;
	cfg.hv_ver_max = 9;
	fx_setup(&cfg);
	assert_true(fx_boot());
	assert_int_equal(snp_state.ghcb_version, 2);
}

static void test_bad_msr_response_terminates(void **state)
{
	(void)state;
	cfg.hv_msr_bad_resp = 1; /* SEV information */
	expect_term(SNP_TERM_SET_GHCB, SNP_TERM_GENERAL);
	assert_int_equal(snp_state.ghcb_version, 0);
	model_fini();
	cfg.hv_msr_bad_resp = 2; /* hypervisor features */
	expect_term(SNP_TERM_SET_GHCB, SNP_TERM_GENERAL);
	assert_int_equal(snp_state.ghcb_version, 2);
}

static void test_cbit_mismatch_terminates(void **state)
{
	(void)state;
	cfg.cpuid_cbit = 47;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_CBIT);
	assert_false(snp_state.active);
}

static void test_cbit_no_cpuid_leaf_terminates(void **state)
{
	(void)state;
	cfg.cpuid_max_ext = 0x8000001e;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_CBIT);
}

static void test_cbit_cpuid_without_snp_terminates(void **state)
{
	(void)state;
	cfg.cpuid_sev_eax = 0xf; /* no SNP bit */
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_CBIT);
}

static void test_cbit_out_of_range_terminates(void **state)
{
	(void)state;
	cfg.cpuid_cbit = cfg.hv_cbit = 20;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_CBIT);
}

static void test_missing_hv_feature_terminates(void **state)
{
	static const uint64_t bits[] = { GHCB_HV_FT_SNP,
					 GHCB_HV_FT_SNP_AP_CREATION,
					 GHCB_HV_FT_SNP_MULTI_VMPL };

	(void)state;
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		fx_config(&cfg);
		cfg.hv_features &= ~bits[i];
		expect_term(SNP_TERM_SET_GHCB, SNP_TERM_HV_FEATURE);
		model_fini();
	}
}

static void test_extra_hv_features_accepted(void **state)
{
	(void)state;
	cfg.hv_features |= BIT_ULL(2) | BIT_ULL(9) | BIT_ULL(40);
	fx_setup(&cfg);
	assert_true(fx_boot());
}

static void test_not_vmpl0_terminates(void **state)
{
	(void)state;
	cfg.vmpl = 1;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_NOT_VMPL0);
	assert_false(snp_state.active);
	assert_int_equal(model.rmpadjust_calls, 1);
	assert_int_equal(model.ghcb_gpa, 0); /* never got that far */
}

static void test_vmpl0_check_targets_vmpl1(void **state)
{
	const struct rmp_entry *e;

	(void)state;
	fx_setup(&cfg);
	e = model_rmp(FX_PROBE_PAGE);
	assert_int_equal(snp_check_vmpl0((vaddr_t)model_va(FX_PROBE_PAGE)), 0);
	assert_int_equal(e->perms[1], 0); /* granted nothing */
	assert_false(e->vmsa);
	model.cfg.vmpl = 2;
	assert_int_equal(snp_check_vmpl0((vaddr_t)model_va(FX_PROBE_PAGE)),
			 -MV_EPERM);
}

static void test_ghcb_made_shared_and_registered(void **state)
{
	const struct rmp_entry *e;

	(void)state;
	fx_setup(&cfg);
	assert_true(fx_boot());
	e = model_rmp(FX_GHCB_PAGE);
	assert_false(e->assigned);
	assert_false(e->validated);
	assert_int_equal(model.ghcb_gpa, FX_GHCB_PAGE);
	assert_int_equal(model.msr_ghcb, FX_GHCB_PAGE);
	assert_ptr_equal(ghcb_page(), model_va(FX_GHCB_PAGE));
	/* Its neighbours are untouched launch pages. */
	assert_true(model_rmp(FX_GHCB_PAGE - PAGE_SIZE)->validated);
	assert_true(model_rmp(FX_GHCB_PAGE + PAGE_SIZE)->validated);
}

static vaddr_t mapped_va;

static int map_shared_ok(vaddr_t va)
{
	/* The page must already be rescinded and shared when remapped. */
	assert_false(model_rmp(FX_GHCB_PAGE)->assigned);
	mapped_va = va;
	return 0;
}

static int map_shared_fail(vaddr_t va)
{
	(void)va;
	return -MV_ENOMEM;
}

static void test_ghcb_map_shared_hook(void **state)
{
	(void)state;
	fx_setup(&cfg);
	MODEL_TRY(snp_probe((vaddr_t)model_va(FX_PROBE_PAGE)),
		  snp_ghcb_init(model_va(FX_GHCB_PAGE), FX_GHCB_PAGE,
				map_shared_ok));
	assert_int_equal(model.exit, MODEL_RETURNED);
	assert_ptr_equal((void *)mapped_va, model_va(FX_GHCB_PAGE));
	MODEL_TRY(snp_ghcb_init(model_va(FX_PROBE_PAGE), FX_PROBE_PAGE,
				map_shared_fail));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_GHCB_REGISTER);
}

static void test_ghcb_psc_failure_terminates(void **state)
{
	(void)state;
	cfg.hv_msr_psc_fail = true;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_PSC_MSR);
	assert_false(model_rmp(FX_GHCB_PAGE)->validated); /* rescinded */
}

static void test_ghcb_register_failure_terminates(void **state)
{
	(void)state;
	cfg.hv_reg_bad_echo = true;
	expect_term(SNP_TERM_SET_SVSM, SNP_TERM_GHCB_REGISTER);
	assert_ptr_equal(ghcb_page(), NULL);
}

static void test_ghcb_not_validated_terminates(void **state)
{
	(void)state;
	fx_setup(&cfg);
	model_rmp(FX_GHCB_PAGE)->validated = false;
	assert_false(fx_boot());
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_PVALIDATE);
}

static void test_ghcb_misaligned_terminates(void **state)
{
	(void)state;
	fx_setup(&cfg);
	MODEL_TRY(snp_ghcb_init(model_va(FX_GHCB_PAGE + 64), FX_GHCB_PAGE + 64,
				NULL));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_GHCB_REGISTER);
	assert_true(model_rmp(FX_GHCB_PAGE)->validated);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_probe_ok),
		T(test_sev_status_policy),
		T(test_sev_status_missing_snp_terminates),
		T(test_sev_status_forbidden_terminates),
		T(test_version_too_new_terminates),
		T(test_version_too_old_terminates),
		T(test_version_negotiated_down),
		T(test_bad_msr_response_terminates),
		T(test_cbit_mismatch_terminates),
		T(test_cbit_no_cpuid_leaf_terminates),
		T(test_cbit_cpuid_without_snp_terminates),
		T(test_cbit_out_of_range_terminates),
		T(test_missing_hv_feature_terminates),
		T(test_extra_hv_features_accepted),
		T(test_not_vmpl0_terminates),
		T(test_vmpl0_check_targets_vmpl1),
		T(test_ghcb_made_shared_and_registered),
		T(test_ghcb_map_shared_hook),
		T(test_ghcb_psc_failure_terminates),
		T(test_ghcb_register_failure_terminates),
		T(test_ghcb_not_validated_terminates),
		T(test_ghcb_misaligned_terminates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
