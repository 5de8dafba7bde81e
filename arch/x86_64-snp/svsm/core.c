// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core protocol (protocol 0, version 1): its call table and the
 * small calls. PVALIDATE lives in pvalidate.c, the vCPU calls in
 * vcpu.c.
 */
#include <asm/svsm.h>

/* REMAP_CA: RCX = the new calling area, 4K aligned guest memory. */
static uint64_t svsm_core_remap_ca(struct svsm_call *c)
{
	paddr_t ca = c->rcx;

	if (!IS_ALIGNED(ca, PAGE_SIZE))
		return SVSM_ERR_INVALID_PARAMETER;
	if (svsm_gmem_check(ca, PAGE_SIZE) != SVSM_SUCCESS ||
	    svsm_overlaps_vmsa(ca, PAGE_SIZE))
		return SVSM_ERR_INVALID_ADDRESS;
	/* The SVSM must be able to read call_pending there. */
	if (!svsm_guest_validated(ca))
		return SVSM_ERR_INVALID_ADDRESS;
	c->caa = ca;
	return SVSM_SUCCESS;
}

/* QUERY_PROTOCOL: RCX = protocol << 32 | version -> max << 32 | min. */
static uint64_t svsm_core_query_protocol(struct svsm_call *c)
{
	c->rcx = svsm_query_protocol(c->rcx);
	return SVSM_SUCCESS;
}

/* CONFIGURE_VTOM: vTOM is not supported; a query says so with 0. */
static uint64_t svsm_core_configure_vtom(struct svsm_call *c)
{
	if (!(c->rcx & 1))
		return SVSM_ERR_INVALID_REQUEST;
	c->rcx = 0;
	return SVSM_SUCCESS;
}

/* DEPOSIT_MEM / WITHDRAW_MEM: the SVSM needs no memory from its guest. */
static uint64_t svsm_core_unsupported(struct svsm_call *c)
{
	(void)c;
	return SVSM_ERR_UNSUPPORTED_CALL;
}

static const svsm_call_fn svsm_core_calls[SVSM_CORE_NR_CALLS] = {
	[SVSM_CORE_REMAP_CA] = svsm_core_remap_ca,
	[SVSM_CORE_PVALIDATE] = svsm_core_pvalidate,
	[SVSM_CORE_CREATE_VCPU] = svsm_core_create_vcpu,
	[SVSM_CORE_DELETE_VCPU] = svsm_core_delete_vcpu,
	[SVSM_CORE_DEPOSIT_MEM] = svsm_core_unsupported,
	[SVSM_CORE_WITHDRAW_MEM] = svsm_core_unsupported,
	[SVSM_CORE_QUERY_PROTOCOL] = svsm_core_query_protocol,
	[SVSM_CORE_CONFIGURE_VTOM] = svsm_core_configure_vtom,
};

static const char *const svsm_core_names[SVSM_CORE_NR_CALLS] = {
	"remap-ca",    "pvalidate",    "create-vcpu",	 "delete-vcpu",
	"deposit-mem", "withdraw-mem", "query-protocol", "configure-vtom",
};

const struct svsm_protocol svsm_core_protocol = {
	.id = SVSM_CORE_PROTOCOL,
	.name = "core",
	.min = SVSM_CORE_VERSION_MIN,
	.max = SVSM_CORE_VERSION_MAX,
	.calls = svsm_core_calls,
	.ncalls = SVSM_CORE_NR_CALLS,
};

const char *svsm_core_call_name(unsigned int id)
{
	return id < SVSM_CORE_NR_CALLS ? svsm_core_names[id] : NULL;
}
