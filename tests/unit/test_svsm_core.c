// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SVSM request path against the SNP model: configuration, the
 * calling-area handshake, dispatch on RAX, the small core calls
 * (REMAP_CA, QUERY_PROTOCOL, CONFIGURE_VTOM, DEPOSIT/WITHDRAW_MEM), the
 * counters and `svsm status`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <minivisor/shell.h>
#include <asm/fake.h>
#include <asm/svsm.h>

#include "snp/svsm_fixture.h"

/* Run one core call from the fixture's vCPU; returns RAX. */
static uint64_t core(struct svsm_call *c, uint32_t id, uint64_t rcx)
{
	sfx_call_init(c, SVSM_CORE_PROTOCOL, id, rcx, 0, 0);
	assert_true(sfx_call(c));
	assert_null(sfx_check_invariants());
	return c->rax;
}

static void test_config_refused(void **state)
{
	struct svsm_config cfg;

	(void)state;
	sfx_config(&cfg);
	cfg.guest_base += 0x800;
	assert_int_equal(svsm_init(&cfg), -MV_EINVAL);
	sfx_config(&cfg);
	cfg.guest_size = 0;
	assert_int_equal(svsm_init(&cfg), -MV_EINVAL);
	sfx_config(&cfg);
	cfg.guest_vmpl = 0;
	assert_int_equal(svsm_init(&cfg), -MV_EINVAL);
	cfg.guest_vmpl = 4;
	assert_int_equal(svsm_init(&cfg), -MV_EINVAL);
	sfx_config(&cfg);
	cfg.svsm_mem[0].start = SFX_GUEST_BASE + SFX_GUEST_SIZE - PAGE_SIZE;
	assert_int_equal(svsm_init(&cfg), -MV_EINVAL);
	sfx_config(&cfg);
	cfg.guest_size = SVSM_MAX_GUEST_SIZE + PAGE_SIZE;
	assert_int_equal(svsm_init(&cfg), -MV_E2BIG);
	sfx_config(&cfg);
	cfg.nsvsm_mem = SVSM_MAX_SVSM_RANGES + 1;
	assert_int_equal(svsm_init(&cfg), -MV_EINVAL);
	/* A refused configuration leaves the running one alone. */
	assert_true(svsm_state.active);
	assert_int_equal(svsm_state.guest_validated, 512);
}

static void test_adopt(void **state)
{
	(void)state;
	assert_int_equal(svsm_state.guest_validated, 512);
	assert_true(svsm_guest_validated(SFX_CA));
	assert_true(model_guest_can_access(SFX_CA, 1));
	assert_int_equal(model_rmp(SFX_CA)->perms[1], SVSM_PERM_RWX);
	assert_int_equal(model_rmp(SFX_CA)->perms[2], 0);
	assert_false(svsm_guest_validated(SFX_FREE));
	assert_int_equal(svsm_guest_adopt(SFX_SVSM_BASE, PAGE_SIZE),
			 -MV_EINVAL);
	assert_int_equal(svsm_guest_adopt(SFX_FREE + 1, PAGE_SIZE), -MV_EINVAL);
	/* Not validated: RMPADJUST faults in the model (the caller's bug). */
	MODEL_TRY(svsm_guest_adopt(SFX_FREE, PAGE_SIZE));
	assert_int_equal(model.exit, MODEL_FAULTED);
}

static void test_adopt_fails(void **state)
{
	(void)state;
	model.cfg.rmpadjust_fail_call = model.rmpadjust_calls + 4;
	model.cfg.rmpadjust_fail_code = SNP_HW_FAIL_INPUT;
	/* The first page is adopted again, the second fails. */
	assert_int_equal(CALL(svsm_guest_adopt(SFX_ADOPTED, 2 * PAGE_SIZE)),
			 -MV_EIO);
	assert_int_equal(svsm_state.guest_validated, 512);
	assert_int_equal(svsm_guest_adopt(SFX_ADOPTED, 0x800), -MV_EINVAL);
	svsm_reset();
	assert_int_equal(svsm_guest_adopt(SFX_ADOPTED, PAGE_SIZE), -MV_EINVAL);
	/* Unconfigured: no RMPADJUST can name VMPL0 or loop. */
	assert_int_equal(svsm_rmp_set(SFX_ADOPTED, false, 0, false),
			 SNP_HW_FAIL_INPUT);
}

static void test_gmem_accessors(void **state)
{
	uint8_t buf[16] = { 0 };

	(void)state;
	assert_int_equal(svsm_gmem_read(SFX_CA + 8, buf, 8), 0);
	assert_int_equal(svsm_gmem_write(SFX_CA + 8, buf, 8), 0);
	/* Crossing a page, empty, outside, not validated, SVSM memory. */
	assert_int_equal(svsm_gmem_read(SFX_CA + PAGE_SIZE - 4, buf, 8),
			 -MV_EFAULT);
	assert_int_equal(svsm_gmem_read(SFX_CA, buf, 0), -MV_EFAULT);
	assert_int_equal(svsm_gmem_read(SFX_GUEST_BASE - 8, buf, 8),
			 -MV_EFAULT);
	assert_int_equal(svsm_gmem_write(SFX_FREE, buf, 8), -MV_EFAULT);
	assert_int_equal(svsm_gmem_write(SFX_SVSM_BASE, buf, 8), -MV_EFAULT);
	assert_int_equal(svsm_gmem_read(~0ULL - 3, buf, 8), -MV_EFAULT);
	assert_false(svsm_guest_validated(SFX_SVSM_BASE));
	assert_false(svsm_guest_validated(SFX_GUEST_BASE + SFX_GUEST_SIZE));
	assert_int_equal(svsm_gmem_count(SFX_ADOPTED, 2 * SNP_2M), 512);
	assert_int_equal(svsm_gmem_check(SFX_GUEST_BASE, SFX_GUEST_SIZE),
			 SVSM_SUCCESS);
	assert_int_equal(svsm_gmem_check(SFX_GUEST_BASE, SFX_GUEST_SIZE + 1),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(svsm_gmem_check(SFX_GUEST_BASE, 0),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(model.exit, MODEL_RETURNED);
}

static void test_handshake(void **state)
{
	struct svsm_call c;
	uint64_t reads;

	(void)state;
	sfx_call_init(&c, 0, SVSM_CORE_QUERY_PROTOCOL, 1ULL, 0, 0);
	/* call_pending clear: nothing happens, registers untouched. */
	*(uint8_t *)model_va(SFX_CA) = 0;
	assert_false(svsm_handle_call(&c));
	assert_int_equal(c.rax, SVSM_RAX(0, SVSM_CORE_QUERY_PROTOCOL));
	assert_int_equal(svsm_state.not_pending, 1);
	assert_int_equal(svsm_state.calls[SVSM_CORE_QUERY_PROTOCOL], 0);
	/* Pending: handled and cleared. */
	assert_true(sfx_call(&c));
	assert_int_equal(*(uint8_t *)model_va(SFX_CA), 0);
	assert_int_equal(c.rax, SVSM_SUCCESS);
	assert_int_equal(svsm_state.calls[SVSM_CORE_QUERY_PROTOCOL], 1);
	/* A calling area the SVSM cannot read: not handled, no fault. */
	reads = model.guest_reads;
	for (paddr_t ca = SFX_FREE;; ca = SFX_SVSM_BASE) {
		sfx_call_init(&c, 0, SVSM_CORE_QUERY_PROTOCOL, 1ULL, 0, 0);
		c.caa = ca;
		assert_false(sfx_call(&c));
		assert_int_equal(model.exit, MODEL_RETURNED);
		assert_int_equal(c.rax, SVSM_RAX(0, SVSM_CORE_QUERY_PROTOCOL));
		if (ca == SFX_SVSM_BASE)
			break;
	}
	c.caa = SFX_GUEST_BASE + SFX_GUEST_SIZE;
	assert_false(svsm_handle_call(&c));
	c.caa = SFX_CA + PAGE_SIZE - 1 + 0x10000000000ULL;
	assert_false(svsm_handle_call(&c));
	assert_int_equal(model.guest_reads, reads);
	assert_int_equal(svsm_state.not_pending, 5);
}

static void test_unknown_protocol_and_call(void **state)
{
	struct svsm_call c;

	(void)state;
	sfx_call_init(&c, 1, 0, 0, 0, 0); /* attestation: not served */
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_ERR_UNSUPPORTED_PROTOCOL);
	sfx_call_init(&c, 0xffffffffU, 0, 0, 0, 0);
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_ERR_UNSUPPORTED_PROTOCOL);
	for (uint32_t id = SVSM_CORE_NR_CALLS; id < 20; id++) {
		sfx_call_init(&c, 0, id, 0, 0, 0);
		assert_true(sfx_call(&c));
		assert_int_equal(c.rax, SVSM_ERR_UNSUPPORTED_CALL);
	}
	sfx_call_init(&c, 0, 0xffffffffU, 0, 0, 0);
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(svsm_state.calls_other, 15);
	/* Not serving (native): no protocol at all. */
	svsm_state.active = false;
	sfx_call_init(&c, 0, SVSM_CORE_QUERY_PROTOCOL, 1, 0, 0);
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_ERR_UNSUPPORTED_PROTOCOL);
}

static void test_remap_ca(void **state)
{
	struct svsm_call c;

	(void)state;
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA, SFX_CA + 8),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA, SFX_SVSM_BASE),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA,
			      SFX_GUEST_BASE + SFX_GUEST_SIZE),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA, 0),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA, ~0xfffULL),
			 SVSM_ERR_INVALID_ADDRESS);
	/* Not validated: the SVSM could not read call_pending there. */
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA, SFX_FREE),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(c.caa, SFX_CA);
	assert_int_equal(core(&c, SVSM_CORE_REMAP_CA, SFX_CA + 5 * PAGE_SIZE),
			 SVSM_SUCCESS);
	assert_int_equal(c.caa, SFX_CA + 5 * PAGE_SIZE);
	/* The next call goes through the new calling area. */
	sfx_call_init(&c, 0, SVSM_CORE_QUERY_PROTOCOL, 1, 0, 0);
	c.caa = SFX_CA + 5 * PAGE_SIZE;
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_SUCCESS);
	assert_int_equal(svsm_state.calls[SVSM_CORE_REMAP_CA], 7);
}

static void test_query_protocol(void **state)
{
	struct svsm_call c;

	(void)state;
	assert_int_equal(core(&c, SVSM_CORE_QUERY_PROTOCOL, 1), SVSM_SUCCESS);
	assert_int_equal(c.rcx, 1ULL << 32 | 1);
	assert_int_equal(core(&c, SVSM_CORE_QUERY_PROTOCOL, 2), SVSM_SUCCESS);
	assert_int_equal(c.rcx, 0);
	assert_int_equal(core(&c, SVSM_CORE_QUERY_PROTOCOL, 0), SVSM_SUCCESS);
	assert_int_equal(c.rcx, 0);
	assert_int_equal(core(&c, SVSM_CORE_QUERY_PROTOCOL, 1ULL << 32 | 1),
			 SVSM_SUCCESS);
	assert_int_equal(c.rcx, 0);
	assert_int_equal(core(&c, SVSM_CORE_QUERY_PROTOCOL, 2ULL << 32 | 1),
			 SVSM_SUCCESS);
	assert_int_equal(c.rcx, 0);
}

static void test_configure_vtom(void **state)
{
	struct svsm_call c;

	(void)state;
	assert_int_equal(core(&c, SVSM_CORE_CONFIGURE_VTOM, 1), SVSM_SUCCESS);
	assert_int_equal(c.rcx, 0);
	assert_int_equal(core(&c, SVSM_CORE_CONFIGURE_VTOM, 0),
			 SVSM_ERR_INVALID_REQUEST);
	assert_int_equal(core(&c, SVSM_CORE_CONFIGURE_VTOM, 0x1000000),
			 SVSM_ERR_INVALID_REQUEST);
}

static void test_deposit_withdraw(void **state)
{
	struct svsm_call c;

	(void)state;
	assert_int_equal(core(&c, SVSM_CORE_DEPOSIT_MEM, SFX_FREE),
			 SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(core(&c, SVSM_CORE_WITHDRAW_MEM, SFX_FREE),
			 SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(svsm_state.calls[SVSM_CORE_DEPOSIT_MEM], 1);
	assert_int_equal(svsm_state.calls[SVSM_CORE_WITHDRAW_MEM], 1);
}

static void test_result_names(void **state)
{
	(void)state;
	assert_string_equal(svsm_result_name(SVSM_SUCCESS), "success");
	assert_string_equal(svsm_result_name(SVSM_ERR_INVALID_PARAMETER),
			    "invalid-parameter");
	assert_string_equal(svsm_result_name(SVSM_ERR_FAIL_SIZEMISMATCH),
			    "fail-sizemismatch");
	assert_string_equal(svsm_result_name(0x1234), "unknown");
	assert_true(svsm_result_known(SVSM_ERR_FAIL_UNCHANGED));
	assert_false(svsm_result_known(SVSM_ERR_PROTOCOL_BASE + 9));
	assert_string_equal(svsm_core_call_name(SVSM_CORE_PVALIDATE),
			    "pvalidate");
	assert_null(svsm_core_call_name(SVSM_CORE_NR_CALLS));
}

static char *run_status(char *out, size_t size)
{
	size_t n;

	fake_console_echo(false);
	shell_init();
	assert_int_equal(svsm_cmd_register(), 0);
	assert_int_equal(svsm_cmd_register(), 0); /* twice is fine */
	fake_console_take(out, size);
	assert_int_equal(shell_exec_line("svsm status"), 0);
	n = fake_console_take(out, size - 1);
	out[n] = '\0';
	for (char *r; (r = strchr(out, '\r'));)
		memmove(r, r + 1, strlen(r));
	return out;
}

static void test_status_command(void **state)
{
	static char out[4096];
	struct svsm_call c;

	(void)state;
	core(&c, SVSM_CORE_QUERY_PROTOCOL, 1);
	core(&c, SVSM_CORE_REMAP_CA, 1);
	core(&c, SVSM_CORE_REMAP_CA, 3);
	core(&c, SVSM_CORE_CONFIGURE_VTOM, 0);
	core(&c, 99, 0);
	run_status(out, sizeof(out));
	assert_non_null(strstr(out, "active yes\n"));
	assert_non_null(strstr(out, "guest-region 0x2000000-0x3ffffff\n"));
	assert_non_null(strstr(out, "guest-vmpl 1\n"));
	assert_non_null(strstr(out, "protocols core:1-1\n"));
	assert_non_null(strstr(out, "calls 5\n"));
	assert_non_null(strstr(out, "call core.remap-ca 2\n"));
	assert_non_null(strstr(out, "call core.query-protocol 1\n"));
	assert_non_null(strstr(out, "call core.pvalidate 0\n"));
	assert_non_null(strstr(out, "call unsupported 1\n"));
	assert_non_null(strstr(out, "error 0x80000005 invalid-parameter 2\n"));
	assert_non_null(strstr(out, "error 0x80000006 invalid-request 1\n"));
	assert_non_null(strstr(out, "error 0x80000002 unsupported-call 1\n"));
	assert_non_null(strstr(out, "vcpus 0\n"));
	assert_non_null(strstr(out, "guest-validated-pages 512\n"));
	assert_int_equal(shell_exec_line("svsm status extra"), -MV_EINVAL);
}

static void test_status_native(void **state)
{
	static char out[4096];

	(void)state;
	svsm_reset();
	run_status(out, sizeof(out));
	assert_non_null(strstr(out, "active no\n"));
	assert_non_null(strstr(out, "guest-region none\n"));
	assert_non_null(strstr(out, "protocols none\n"));
	assert_non_null(strstr(out, "calls 0\n"));
	assert_null(strstr(out, "error "));
}

int main(void)
{
#define T(fn) \
	cmocka_unit_test_setup_teardown(fn, sfx_cmocka_setup, sfx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_config_refused), T(test_adopt),
		T(test_adopt_fails),	T(test_gmem_accessors),
		T(test_handshake),	T(test_unknown_protocol_and_call),
		T(test_remap_ca),	T(test_query_protocol),
		T(test_configure_vtom), T(test_deposit_withdraw),
		T(test_result_names),	T(test_status_command),
		T(test_status_native),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
