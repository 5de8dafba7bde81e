// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page State Change against the model: entry encoding (checked against
 * literal values, not the layer's own macros), the re-issue loop with a
 * hypervisor that does part of the work per exit, and its errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <asm/snp.h>

#include "helpers/snp_cfg.h"

static struct snp_psc_desc desc;

static void test_build_mixed_sizes(void **state)
{
	paddr_t next;

	(void)state;
	/* 4K up to 2M, two 2M pages, then a 4K tail. */
	next = snp_psc_build(&desc, 0x1ff000, 0x601000, GHCB_PSC_OP_PRIVATE);
	assert_int_equal(next, 0x601000);
	assert_int_equal(desc.hdr.cur_entry, 0);
	assert_int_equal(desc.hdr.end_entry, 3);
	assert_int_equal(desc.hdr.reserved, 0);
	assert_int_equal(desc.entries[0], 0x00100000001ff000ULL);
	assert_int_equal(desc.entries[1], 0x0110000000200000ULL);
	assert_int_equal(desc.entries[2], 0x0110000000400000ULL);
	assert_int_equal(desc.entries[3], 0x0010000000600000ULL);
}

static void test_build_shared_op_and_short_tail(void **state)
{
	(void)state;
	/* Aligned but less than 2M left: 4K entries only. */
	snp_psc_build(&desc, 0x400000, 0x402000, GHCB_PSC_OP_SHARED);
	assert_int_equal(desc.hdr.end_entry, 1);
	assert_int_equal(desc.entries[0], 0x0020000000400000ULL);
	assert_int_equal(desc.entries[1], 0x0020000000401000ULL);
}

static void test_build_high_gfn(void **state)
{
	(void)state;
	snp_psc_build(&desc, 0xfedcba000000ULL, 0xfedcba200000ULL,
		      GHCB_PSC_OP_PRIVATE);
	assert_int_equal(desc.hdr.end_entry, 0);
	assert_int_equal(desc.entries[0], 0x0110fedcba000000ULL);
}

static void test_build_caps_at_max_entries(void **state)
{
	paddr_t next;

	(void)state;
	next = snp_psc_build(&desc, 0x1000, 0x200000, GHCB_PSC_OP_PRIVATE);
	assert_int_equal(desc.hdr.end_entry, SNP_PSC_MAX_ENTRIES - 1);
	assert_int_equal(next, 0x1000 + SNP_PSC_MAX_ENTRIES * PAGE_SIZE);
	assert_int_equal(desc.entries[252], 0x00100000000fd000ULL);
}

/* Issue a PSC(private) for [start, end) and expect @ret. */
static int issue(paddr_t start, paddr_t end, unsigned int op)
{
	volatile int ret = -1;

	snp_psc_build(&desc, start, end, op);
	MODEL_TRY(ret = snp_psc_issue(&desc));
	assert_int_equal(model.exit, MODEL_RETURNED);
	return ret;
}

static void assert_assigned(paddr_t start, paddr_t end, bool assigned)
{
	for (paddr_t pa = start; pa < end; pa += PAGE_SIZE)
		assert_int_equal(model_rmp(pa)->assigned, assigned);
}

static void test_issue_whole_request(void **state)
{
	(void)state;
	fx_cfg_boot();
	assert_int_equal(issue(0x1ff000, 0x601000, GHCB_PSC_OP_PRIVATE), 0);
	assert_int_equal(model.psc_exits, 1);
	assert_assigned(0x1ff000, 0x601000, true);
	assert_false(model_rmp(0x1fe000)->assigned);
	assert_false(model_rmp(0x601000)->assigned);
	assert_int_equal(model_count_huge(0x200000, 0x400000), 1024);
	assert_int_equal(model_count_validated(0x1ff000, 0x402000), 0);
}

static void test_issue_one_entry_per_exit(void **state)
{
	(void)state;
	fx_cfg.psc_entries_per_exit = 1;
	fx_cfg_boot();
	assert_int_equal(issue(0x1ff000, 0x601000, GHCB_PSC_OP_PRIVATE), 0);
	assert_int_equal(model.psc_exits, 4);
	assert_int_equal(snp_state.psc_requests, 1);
	assert_assigned(0x1ff000, 0x601000, true);
}

static void test_issue_partial_2m_entries(void **state)
{
	(void)state;
	/* 100 pages per exit: 2M entries are continued via cur_page. */
	fx_cfg.psc_pages_per_exit = 100;
	fx_cfg_boot();
	assert_int_equal(issue(0x1ff000, 0x601000, GHCB_PSC_OP_PRIVATE), 0);
	assert_int_equal(model.psc_exits, (1 + 1024 + 1 + 99) / 100);
	assert_assigned(0x1ff000, 0x601000, true);
	assert_int_equal(model_count_huge(0x200000, 0x400000), 0);
}

static void test_issue_many_entries_partially(void **state)
{
	(void)state;
	fx_cfg.psc_entries_per_exit = 7;
	fx_cfg_boot();
	assert_int_equal(issue(0x1000, 0x200000, GHCB_PSC_OP_PRIVATE), 0);
	assert_int_equal(model.psc_exits, (253 + 6) / 7);
	assert_assigned(0x1000, 0x1000 + 253 * PAGE_SIZE, true);
	assert_false(model_rmp(0x1000 + 253 * PAGE_SIZE)->assigned);
}

static void test_issue_hv_error(void **state)
{
	(void)state;
	fx_cfg.psc_entries_per_exit = 1;
	fx_cfg.psc_fail_exit = 2;
	fx_cfg.psc_fail_value = 0x100ULL << 32;
	fx_cfg_boot();
	assert_int_equal(issue(0x1ff000, 0x601000, GHCB_PSC_OP_PRIVATE),
			 -MV_EIO);
	assert_int_equal(model.psc_exits, 2);
}

static void test_issue_corrupt_header(void **state)
{
	(void)state;
	fx_cfg.psc_corrupt_header = true;
	fx_cfg_boot();
	assert_int_equal(issue(0x200000, 0x400000, GHCB_PSC_OP_PRIVATE),
			 -MV_EIO);
}

static void test_issue_stalled_hv(void **state)
{
	(void)state;
	fx_cfg.psc_stall = true;
	fx_cfg_boot();
	assert_int_equal(issue(0x200000, 0x400000, GHCB_PSC_OP_PRIVATE),
			 -MV_ETIMEDOUT);
	assert_int_equal(model.psc_exits, 16);
}

static void test_issue_nae_spoiled(void **state)
{
	static const int force[] = { NAE_FORCE_EXCEPTION, NAE_FORCE_NO_VALID,
				     NAE_FORCE_UNKNOWN };

	(void)state;
	for (size_t i = 0; i < sizeof(force) / sizeof(force[0]); i++) {
		fx_cfg_boot();
		model.cfg.hv_nae_force = force[i];
		assert_int_equal(issue(0x200000, 0x201000, GHCB_PSC_OP_PRIVATE),
				 -MV_EIO);
		model_fini();
	}
}

static void test_issue_without_ghcb(void **state)
{
	(void)state;
	fx_setup(&fx_cfg);
	assert_int_equal(issue(0x200000, 0x400000, GHCB_PSC_OP_PRIVATE),
			 -MV_ENODEV);
	assert_int_equal(model.vmgexits, 0);
}

static void test_issue_bad_descriptor(void **state)
{
	(void)state;
	fx_cfg_boot();
	snp_psc_build(&desc, 0x200000, 0x400000, GHCB_PSC_OP_PRIVATE);
	desc.hdr.end_entry = SNP_PSC_MAX_ENTRIES;
	assert_int_equal(snp_psc_issue(&desc), -MV_EINVAL);
	desc.hdr.end_entry = 0;
	desc.hdr.reserved = 1;
	assert_int_equal(snp_psc_issue(&desc), -MV_EINVAL);
	desc.hdr.reserved = 0;
	desc.hdr.cur_entry = 1;
	assert_int_equal(snp_psc_issue(&desc), -MV_EINVAL);
	assert_int_equal(model.psc_exits, 0);
}

static void test_issue_entry_rejected_by_hv(void **state)
{
	(void)state;
	fx_cfg_boot();
	/* Past the end of model RAM: the hypervisor refuses the entry. */
	assert_int_equal(issue(FX_RAM_SIZE, FX_RAM_SIZE + 0x1000,
			       GHCB_PSC_OP_PRIVATE),
			 -MV_EIO);
}

static void test_issue_shared(void **state)
{
	(void)state;
	fx_cfg_boot();
	assert_int_equal(issue(0x200000, 0x400000, GHCB_PSC_OP_PRIVATE), 0);
	assert_int_equal(issue(0x3ff000, 0x400000, GHCB_PSC_OP_SHARED), 0);
	/* The hypervisor had to split the 2M entry to share one page. */
	assert_assigned(0x200000, 0x3ff000, true);
	assert_assigned(0x3ff000, 0x400000, false);
	assert_int_equal(model_count_huge(0x200000, 0x200000), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_cfg_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_build_mixed_sizes),
		T(test_build_shared_op_and_short_tail),
		T(test_build_high_gfn),
		T(test_build_caps_at_max_entries),
		T(test_issue_whole_request),
		T(test_issue_one_entry_per_exit),
		T(test_issue_partial_2m_entries),
		T(test_issue_many_entries_partially),
		T(test_issue_hv_error),
		T(test_issue_corrupt_header),
		T(test_issue_stalled_hv),
		T(test_issue_nae_spoiled),
		T(test_issue_without_ghcb),
		T(test_issue_bad_descriptor),
		T(test_issue_entry_rejected_by_hv),
		T(test_issue_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
