// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GHCB MSR protocol: requests that need no GHCB page (SEV
 * information, hypervisor features, GHCB registration, single-page
 * state change) and termination.
 */
#include <minivisor/errno.h>
#include <asm/ghcb.h>
#include <asm/snp_hw.h>

uint64_t ghcb_msr_call(uint64_t req)
{
	/* The MSR normally holds the registered GHCB GPA: keep it. */
	uint64_t saved = snp_hw_rdmsr(MSR_SEV_GHCB);
	uint64_t resp;

	snp_hw_wrmsr(MSR_SEV_GHCB, req);
	snp_hw_vmgexit();
	resp = snp_hw_rdmsr(MSR_SEV_GHCB);
	snp_hw_wrmsr(MSR_SEV_GHCB, saved);
	return resp;
}

int ghcb_msr_sev_info(struct ghcb_sev_info *info)
{
	uint64_t resp = ghcb_msr_call(GHCB_MSR_SEV_INFO_REQ);

	if ((resp & GHCB_MSR_INFO_MASK) != GHCB_MSR_SEV_INFO_RESP)
		return -MV_EIO;
	info->ver_max = GHCB_MSR_VER_MAX(resp);
	info->ver_min = GHCB_MSR_VER_MIN(resp);
	info->cbit = GHCB_MSR_CBIT(resp);
	return 0;
}

int ghcb_negotiate_version(const struct ghcb_sev_info *info,
			   unsigned int our_min, unsigned int our_max)
{
	unsigned int hi = MIN(info->ver_max, our_max);
	unsigned int lo = MAX(info->ver_min, our_min);

	/* A hypervisor claiming min > max offers nothing. */
	if (info->ver_min > info->ver_max || hi < lo)
		return -MV_ENOTSUP;
	return (int)hi;
}

int ghcb_msr_hv_features(uint64_t *features)
{
	uint64_t resp = ghcb_msr_call(GHCB_MSR_HV_FT_REQ);

	if ((resp & GHCB_MSR_INFO_MASK) != GHCB_MSR_HV_FT_RESP)
		return -MV_EIO;
	*features = resp >> 12;
	return 0;
}

int ghcb_msr_register(paddr_t gpa)
{
	uint64_t resp;

	if (!gpa || !IS_ALIGNED(gpa, PAGE_SIZE))
		return -MV_EINVAL;
	resp = ghcb_msr_call(gpa | GHCB_MSR_REG_GPA_REQ);
	if ((resp & GHCB_MSR_INFO_MASK) != GHCB_MSR_REG_GPA_RESP ||
	    (resp & ~GHCB_MSR_INFO_MASK) != gpa)
		return -MV_EIO;
	return 0;
}

int ghcb_msr_psc(paddr_t gpa, unsigned int op)
{
	uint64_t gfn = gpa >> PAGE_SHIFT;
	uint64_t req, resp;

	if (!IS_ALIGNED(gpa, PAGE_SIZE) || gfn > GHCB_MSR_PSC_GFN_MASK ||
	    (op != GHCB_PSC_OP_PRIVATE && op != GHCB_PSC_OP_SHARED))
		return -MV_EINVAL;
	req = GHCB_MSR_PSC_REQ | (gfn << 12) |
	      ((uint64_t)op << GHCB_MSR_PSC_OP_SHIFT);
	resp = ghcb_msr_call(req);
	if ((resp & GHCB_MSR_INFO_MASK) != GHCB_MSR_PSC_RESP || (resp >> 32))
		return -MV_EIO;
	return 0;
}

void ghcb_msr_terminate(unsigned int set, unsigned int code)
{
	snp_hw_wrmsr(MSR_SEV_GHCB, GHCB_MSR_TERM(set, code));
	snp_hw_vmgexit();
	/* A hypervisor that ignores the request gets a halted CPU. */
	snp_hw_halt();
}
