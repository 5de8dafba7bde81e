// SPDX-License-Identifier: GPL-2.0-only
/* GHCB MSR protocol and GHCB page basics, against the SNP model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <asm/ghcb.h>
#include <asm/snp.h>

#include "snp/fixture.h"

static int setup(void **state)
{
	(void)state;
	fx_setup(NULL);
	return 0;
}

static void test_sev_info_fields(void **state)
{
	struct ghcb_sev_info info;

	(void)state;
	model.cfg.hv_ver_min = 1;
	model.cfg.hv_ver_max = 3;
	model.cfg.hv_cbit = 47;
	assert_int_equal(ghcb_msr_sev_info(&info), 0);
	assert_int_equal(info.ver_min, 1);
	assert_int_equal(info.ver_max, 3);
	assert_int_equal(info.cbit, 47);
	assert_int_equal(model.msr_calls, 1);
}

static void test_msr_call_restores_ghcb_msr(void **state)
{
	struct ghcb_sev_info info;

	(void)state;
	model.msr_ghcb = 0x1011000;
	assert_int_equal(ghcb_msr_sev_info(&info), 0);
	assert_int_equal(model.msr_ghcb, 0x1011000);
}

static void test_negotiate_version(void **state)
{
	static const struct {
		unsigned int min, max;
		int want;
	} cases[] = {
		{ 1, 2, 2 },	       { 2, 2, 2 },
		{ 2, 7, 2 },	       { 1, 1, -MV_ENOTSUP },
		{ 3, 4, -MV_ENOTSUP }, { 3, 1, -MV_ENOTSUP }, /* min > max */
		{ 0, 0, -MV_ENOTSUP },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ghcb_sev_info info = { cases[i].min, cases[i].max, 51 };

		assert_int_equal(ghcb_negotiate_version(&info, 2, 2),
				 cases[i].want);
	}
}

static void test_negotiate_picks_highest_common(void **state)
{
	struct ghcb_sev_info info = { 1, 5, 51 };

	(void)state;
	assert_int_equal(ghcb_negotiate_version(&info, 1, 3), 3);
	assert_int_equal(ghcb_negotiate_version(&info, 5, 9), 5);
}

static void test_hv_features(void **state)
{
	uint64_t ft = 0;

	(void)state;
	model.cfg.hv_features = 0x233;
	assert_int_equal(ghcb_msr_hv_features(&ft), 0);
	assert_int_equal(ft, 0x233);
}

static void test_register_ghcb(void **state)
{
	(void)state;
	assert_int_equal(ghcb_msr_register(FX_GHCB_PAGE), 0);
	assert_int_equal(model.ghcb_gpa, FX_GHCB_PAGE);
}

static void test_register_bad_input_makes_no_call(void **state)
{
	(void)state;
	assert_int_equal(ghcb_msr_register(FX_GHCB_PAGE + 8), -MV_EINVAL);
	assert_int_equal(ghcb_msr_register(0), -MV_EINVAL);
	assert_int_equal(model.vmgexits, 0);
}

static void test_register_wrong_echo(void **state)
{
	(void)state;
	model.cfg.hv_reg_bad_echo = true;
	assert_int_equal(ghcb_msr_register(FX_GHCB_PAGE), -MV_EIO);
}

static void test_msr_psc_round_trip(void **state)
{
	struct rmp_entry *e = model_rmp(0x200000);

	(void)state;
	assert_int_equal(ghcb_msr_psc(0x200000, GHCB_PSC_OP_PRIVATE), 0);
	assert_true(e->assigned);
	assert_false(e->validated);
	assert_int_equal(ghcb_msr_psc(0x200000, GHCB_PSC_OP_SHARED), 0);
	assert_false(e->assigned);
}

static void test_msr_psc_errors(void **state)
{
	(void)state;
	assert_int_equal(ghcb_msr_psc(0x200008, GHCB_PSC_OP_SHARED),
			 -MV_EINVAL);
	assert_int_equal(ghcb_msr_psc(0x200000, 3), -MV_EINVAL);
	assert_int_equal(ghcb_msr_psc(1ULL << 53, GHCB_PSC_OP_SHARED),
			 -MV_EINVAL);
	assert_int_equal(model.vmgexits, 0);
	/* Outside model RAM: the hypervisor answers with an error. */
	assert_int_equal(ghcb_msr_psc(FX_RAM_SIZE, GHCB_PSC_OP_SHARED),
			 -MV_EIO);
	model.cfg.hv_msr_psc_fail = true;
	assert_int_equal(ghcb_msr_psc(0x200000, GHCB_PSC_OP_PRIVATE), -MV_EIO);
	assert_false(model_rmp(0x200000)->assigned);
}

static void test_wrong_response_codes(void **state)
{
	struct ghcb_sev_info info;
	uint64_t ft;

	(void)state;
	model.cfg.hv_msr_bad_resp = 3;
	assert_int_equal(ghcb_msr_sev_info(&info), -MV_EIO);
	assert_int_equal(ghcb_msr_hv_features(&ft), -MV_EIO);
}

static void test_terminate_reason(void **state)
{
	(void)state;
	MODEL_TRY(ghcb_msr_terminate(3, 0x42));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_set, 3);
	assert_int_equal(model.term_code, 0x42);
	MODEL_TRY(snp_fatal(SNP_TERM_PSC));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_set, SNP_TERM_SET_SVSM);
	assert_int_equal(model.term_code, SNP_TERM_PSC);
}

static void test_terminate_ignored_halts(void **state)
{
	(void)state;
	model.cfg.hv_ignore_terminate = true;
	MODEL_TRY(snp_fatal(SNP_TERM_BOOT));
	assert_int_equal(model.exit, MODEL_HALTED);
	assert_int_equal(model.term_code, SNP_TERM_BOOT);
}

static void test_ghcb_valid_bitmap(void **state)
{
	struct ghcb *g = model_va(FX_GHCB_PAGE);

	(void)state;
	ghcb_clear(g);
	assert_false(ghcb_is_valid(g, GHCB_OFF(sw_exit_info2)));
	GHCB_SET(g, sw_exit_info2, 5);
	assert_true(ghcb_is_valid(g, GHCB_OFF(sw_exit_info2)));
	/* 0x3a0 / 8 = slot 116: byte 14, bit 4 */
	assert_int_equal(g->valid_bitmap[14], 1 << 4);
	GHCB_SET(g, rax, 1);
	assert_int_equal(g->valid_bitmap[0x1f8 / 64], 1 << ((0x1f8 / 8) % 8));
	assert_false(ghcb_is_valid(g, GHCB_OFF(rcx)));
	ghcb_clear(g);
	for (int i = 0; i < 16; i++)
		assert_int_equal(g->valid_bitmap[i], 0);
	assert_int_equal(g->sw_exit_info2, 0);
}

static void test_shared_buffer_too_big(void **state)
{
	static char big[GHCB_SHARED_BUF_SIZE + 1];
	struct ghcb *g = model_va(FX_GHCB_PAGE);

	(void)state;
	assert_int_equal(ghcb_set_shared_buffer(g, big, sizeof(big)),
			 -MV_EINVAL);
	assert_int_equal(ghcb_set_shared_buffer(g, big, sizeof(big) - 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sev_info_fields, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_msr_call_restores_ghcb_msr,
						setup, fx_teardown),
		cmocka_unit_test(test_negotiate_version),
		cmocka_unit_test(test_negotiate_picks_highest_common),
		cmocka_unit_test_setup_teardown(test_hv_features, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_register_ghcb, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(
			test_register_bad_input_makes_no_call, setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(test_register_wrong_echo, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_msr_psc_round_trip, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_msr_psc_errors, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_response_codes,
						setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_terminate_reason, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_terminate_ignored_halts,
						setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ghcb_valid_bitmap, setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_shared_buffer_too_big,
						setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
