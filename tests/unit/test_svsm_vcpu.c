// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVSM_CORE_CREATE_VCPU / DELETE_VCPU against the model: a guest page
 * becomes a VMSA (guest access revoked, contents checked, VMSA bit
 * set, read-only for the guest) or is refused with the page given back
 * unchanged; created VMSAs are off limits to the other calls; delete
 * accepts only VMSAs this SVSM created.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <asm/svsm.h>

#include "snp/svsm_fixture.h"

#define VMSA (SFX_ADOPTED + 0x30000)
#define VCA (SFX_ADOPTED + 0x31000)

static int setup(void **state)
{
	(void)state;
	if (sfx_setup())
		return -1;
	model_vmsa_fill(VMSA, SFX_GUEST_VMPL, SVSM_EFER_SVME, SFX_SEV_FEATURES);
	return 0;
}

static uint64_t call(uint32_t id, uint64_t rcx, uint64_t rdx, uint64_t r8)
{
	struct svsm_call c;

	sfx_call_init(&c, SVSM_CORE_PROTOCOL, id, rcx, rdx, r8);
	assert_true(sfx_call(&c));
	assert_null(sfx_check_invariants());
	return c.rax;
}

static uint64_t create(paddr_t vmsa, paddr_t ca)
{
	return call(SVSM_CORE_CREATE_VCPU, vmsa, ca, 7);
}

/* A refused VMSA page is the guest's again, exactly as before. */
static void assert_plain_page(paddr_t gpa)
{
	const struct rmp_entry *e = model_rmp(gpa);

	assert_true(e->validated);
	assert_false(e->vmsa);
	assert_int_equal(e->perms[1], SVSM_PERM_RWX);
	assert_int_equal(e->perms[2] | e->perms[3], 0);
	assert_null(svsm_vcpu_find(gpa));
}

static void test_create(void **state)
{
	const struct rmp_entry *e = model_rmp(VMSA);
	struct svsm_vcpu *v;

	(void)state;
	model.guest_reads = 0;
	assert_int_equal(create(VMSA, VCA), SVSM_SUCCESS);
	/* The SVSM read the VMSA only once the guest had lost access. */
	assert_int_equal(model.last_read & ~0xfffULL, VMSA);
	assert_int_equal(model.last_read_perms, 0);
	/* ...and no CPU could still use a writable TLB entry for it. */
	assert_int_equal(model.flushes_at_last_read, 1);
	assert_int_equal(model.tlb_flushes, 1);
	assert_int_equal(model.guest_reads, 1 + 3); /* call_pending, VMSA */
	assert_true(e->vmsa);
	assert_true(e->validated);
	assert_int_equal(e->perms[1], SVSM_PERM_R);
	assert_int_equal(e->perms[2] | e->perms[3], 0);
	v = svsm_vcpu_find(VMSA);
	assert_non_null(v);
	assert_int_equal(v->caa, VCA);
	assert_int_equal(v->apic_id, 7);
	assert_int_equal(svsm_state.calls[SVSM_CORE_CREATE_VCPU], 1);
}

static void test_vmsa_off_limits(void **state)
{
	uint64_t list[] = { SVSM_PVL_ENTRY(VMSA, false, false, true) };

	(void)state;
	assert_int_equal(create(VMSA, VCA), SVSM_SUCCESS);
	assert_int_equal(create(VMSA, VCA + PAGE_SIZE),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(create(VCA + PAGE_SIZE, VMSA),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(call(SVSM_CORE_REMAP_CA, VMSA, 0, 0),
			 SVSM_ERR_INVALID_ADDRESS);
	/* PVALIDATE of the VMSA page, 4K or the 2M around it. */
	sfx_write_list(SFX_LIST, 1, 0, list);
	assert_int_equal(call(SVSM_CORE_PVALIDATE, SFX_LIST, 0, 0),
			 SVSM_ERR_INVALID_ADDRESS);
	list[0] = SVSM_PVL_ENTRY(SFX_ADOPTED, true, false, true);
	sfx_write_list(SFX_LIST, 1, 0, list);
	assert_int_equal(call(SVSM_CORE_PVALIDATE, SFX_LIST, 0, 0),
			 SVSM_ERR_INVALID_ADDRESS);
	/* A request list inside the VMSA: the SVSM would write `next`. */
	assert_int_equal(call(SVSM_CORE_PVALIDATE, VMSA + 0x800, 0, 0),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_true(model_rmp(VMSA)->vmsa);
}

static void test_create_refused_addresses(void **state)
{
	const struct {
		paddr_t vmsa, ca;
		uint64_t ret;
	} bad[] = {
		{ VMSA + 8, VCA, SVSM_ERR_INVALID_PARAMETER },
		{ VMSA, VCA + 0x10, SVSM_ERR_INVALID_PARAMETER },
		{ SFX_ADOPTED, VCA, SVSM_ERR_INVALID_PARAMETER }, /* 2M */
		{ VMSA, VMSA, SVSM_ERR_INVALID_PARAMETER },
		{ SFX_SVSM_BASE + 0x3000, VCA, SVSM_ERR_INVALID_ADDRESS },
		{ VMSA, SFX_SVSM_BASE + 0x3000, SVSM_ERR_INVALID_ADDRESS },
		{ 0x3000, VCA, SVSM_ERR_INVALID_ADDRESS },
		{ VMSA, SFX_GUEST_BASE + SFX_GUEST_SIZE,
		  SVSM_ERR_INVALID_ADDRESS },
		{ SFX_FREE + 0x1000, VCA, SVSM_ERR_INVALID_ADDRESS },
		{ VMSA, SFX_FREE, SVSM_ERR_INVALID_ADDRESS },
		{ ~0xfffULL - 0x1000, VCA, SVSM_ERR_INVALID_ADDRESS },
	};
	uint64_t adjusts = model.rmpadjust_calls;

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(create(bad[i].vmsa, bad[i].ca), bad[i].ret);
	/* Refused before anything was changed. */
	assert_int_equal(model.rmpadjust_calls, adjusts);
	assert_plain_page(VMSA);
}

static void test_calling_area_never_a_vmsa(void **state)
{
	struct svsm_call c;

	(void)state;
	/* The caller's own calling area cannot become a VMSA... */
	model_vmsa_fill(VCA, 1, SVSM_EFER_SVME, SFX_SEV_FEATURES);
	sfx_call_init(&c, 0, SVSM_CORE_CREATE_VCPU, VCA, VMSA + 0x2000, 0);
	c.caa = VCA;
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_ERR_INVALID_ADDRESS);
	assert_plain_page(VCA);
	/* ...and a VMSA named as a calling area is never written. */
	assert_int_equal(create(VMSA, VCA), SVSM_SUCCESS);
	sfx_call_init(&c, 0, SVSM_CORE_QUERY_PROTOCOL, 1, 0, 0);
	c.caa = VMSA;
	*(uint8_t *)model_va(VMSA) = 1;
	assert_false(svsm_handle_call(&c));
	assert_int_equal(*(uint8_t *)model_va(VMSA), 1);
	assert_null(sfx_check_invariants());
}

static void test_create_refused_contents(void **state)
{
	struct svsm_call c;

	(void)state;
	model_vmsa_fill(VMSA, 2, SVSM_EFER_SVME, SFX_SEV_FEATURES);
	assert_int_equal(create(VMSA, VCA), SVSM_ERR_INVALID_PARAMETER);
	assert_plain_page(VMSA);
	model_vmsa_fill(VMSA, 0, SVSM_EFER_SVME, SFX_SEV_FEATURES);
	assert_int_equal(create(VMSA, VCA), SVSM_ERR_INVALID_PARAMETER);
	assert_plain_page(VMSA);
	model_vmsa_fill(VMSA, 1, 0x500, SFX_SEV_FEATURES); /* no SVME */
	assert_int_equal(create(VMSA, VCA), SVSM_ERR_INVALID_PARAMETER);
	assert_plain_page(VMSA);
	model_vmsa_fill(VMSA, 1, SVSM_EFER_SVME, SFX_SEV_FEATURES | 0x8);
	assert_int_equal(create(VMSA, VCA), SVSM_ERR_INVALID_PARAMETER);
	assert_plain_page(VMSA);
	/* The caller's features are what the VMSA must match. */
	sfx_call_init(&c, 0, SVSM_CORE_CREATE_VCPU, VMSA, VCA, 0);
	c.sev_features = SFX_SEV_FEATURES | 0x8;
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_SUCCESS);
	assert_true(model_rmp(VMSA)->vmsa);
}

static void test_create_rmpadjust_fails(void **state)
{
	uint64_t list[] = { SVSM_PVL_ENTRY(SFX_2M_ENTRY, true, true, false) };
	paddr_t vmsa = SFX_2M_ENTRY + 0x5000;

	(void)state;
	sfx_write_list(SFX_LIST, 1, 0, list);
	assert_int_equal(call(SVSM_CORE_PVALIDATE, SFX_LIST, 0, 0),
			 SVSM_SUCCESS);
	model_vmsa_fill(vmsa, 1, SVSM_EFER_SVME, SFX_SEV_FEATURES);
	/* A 4 KiB RMPADJUST inside a 2 MiB RMP entry: size mismatch. */
	assert_int_equal(create(vmsa, VCA), SVSM_ERR_FAIL_SIZEMISMATCH);
	assert_false(model_rmp(vmsa)->vmsa);
	assert_int_equal(model_rmp(vmsa)->perms[1], SVSM_PERM_RWX);
	assert_null(svsm_vcpu_find(vmsa));
}

static void test_vmsa_bit_refused(void **state)
{
	(void)state;
	/* Revoke (VMPL3, 2, 1) works; setting the VMSA bit does not. */
	model.cfg.rmpadjust_fail_call = model.rmpadjust_calls + 6;
	model.cfg.rmpadjust_fail_code = SNP_HW_FAIL_PERMISSION;
	assert_int_equal(create(VMSA, VCA), SVSM_ERR_FAIL_PERMISSION);
	assert_plain_page(VMSA);
	/* Delete whose RMPADJUST fails: still a VMSA, still ours. */
	assert_int_equal(create(VMSA, VCA), SVSM_SUCCESS);
	model.cfg.rmpadjust_fail_call = model.rmpadjust_calls + 1;
	model.cfg.rmpadjust_fail_code = SNP_HW_FAIL_INPUT;
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, VMSA, 0, 0),
			 SVSM_ERR_FAIL_INPUT);
	assert_true(model_rmp(VMSA)->vmsa);
	assert_non_null(svsm_vcpu_find(VMSA));
}

static void test_create_table_full(void **state)
{
	paddr_t base = SFX_ADOPTED + 0x40000;

	(void)state;
	for (unsigned int i = 0; i <= SVSM_MAX_VCPUS; i++)
		model_vmsa_fill(base + i * PAGE_SIZE, 1, SVSM_EFER_SVME,
				SFX_SEV_FEATURES);
	for (unsigned int i = 0; i < SVSM_MAX_VCPUS; i++)
		assert_int_equal(create(base + i * PAGE_SIZE, VCA),
				 SVSM_SUCCESS);
	assert_int_equal(create(base + SVSM_MAX_VCPUS * PAGE_SIZE, VCA),
			 SVSM_ERR_INVALID_REQUEST);
	assert_plain_page(base + SVSM_MAX_VCPUS * PAGE_SIZE);
	/* Deleting one frees a slot. */
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, base, 0, 0), SVSM_SUCCESS);
	assert_int_equal(create(base + SVSM_MAX_VCPUS * PAGE_SIZE, VCA),
			 SVSM_SUCCESS);
}

static void test_delete(void **state)
{
	uint64_t list[] = { SVSM_PVL_ENTRY(VMSA, false, false, false) };
	struct svsm_call c;

	(void)state;
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, VMSA, 0, 0),
			 SVSM_ERR_INVALID_PARAMETER); /* not created */
	assert_int_equal(create(VMSA, VCA), SVSM_SUCCESS);
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, VMSA + 8, 0, 0),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, 0, 0, 0),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, VCA, 0, 0),
			 SVSM_ERR_INVALID_PARAMETER);
	/* Its own VMSA: in use. */
	sfx_call_init(&c, 0, SVSM_CORE_DELETE_VCPU, VMSA, 0, 0);
	c.vmsa = VMSA;
	assert_true(sfx_call(&c));
	assert_int_equal(c.rax, SVSM_ERR_VMSA_IN_USE);
	assert_true(model_rmp(VMSA)->vmsa);
	/* Another vCPU deletes it: a plain guest page again. */
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, VMSA, 0, 0), SVSM_SUCCESS);
	assert_plain_page(VMSA);
	assert_int_equal(call(SVSM_CORE_DELETE_VCPU, VMSA, 0, 0),
			 SVSM_ERR_INVALID_PARAMETER);
	/* And PVALIDATE may name it again. */
	sfx_write_list(SFX_LIST, 1, 0, list);
	assert_int_equal(call(SVSM_CORE_PVALIDATE, SFX_LIST, 0, 0),
			 SVSM_SUCCESS);
	assert_false(model_rmp(VMSA)->validated);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, sfx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_create),
		T(test_vmsa_off_limits),
		T(test_create_refused_addresses),
		T(test_calling_area_never_a_vmsa),
		T(test_create_refused_contents),
		T(test_create_rmpadjust_fails),
		T(test_vmsa_bit_refused),
		T(test_create_table_full),
		T(test_delete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
