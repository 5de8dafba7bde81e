// SPDX-License-Identifier: GPL-2.0-only
/*
 * PVALIDATE and RMPADJUST wrappers: return codes turned into MV_E*
 * errors, the 2 MiB -> 4 KiB fallback, and the VMPL0 probe.
 */
#include <minivisor/errno.h>
#include <asm/snp.h>
#include <asm/snp_hw.h>

struct snp_state snp_state;

vaddr_t snp_pa_to_va(paddr_t pa)
{
	return (vaddr_t)((int64_t)pa + snp_state.va_offset);
}

void snp_set_va_offset(int64_t offset)
{
	snp_state.va_offset = offset;
}

static int snp_hw_error(int ret)
{
	switch (ret) {
	case SNP_HW_FAIL_INPUT:
		return -MV_EINVAL;
	case SNP_HW_FAIL_PERMISSION:
		return -MV_EPERM;
	case SNP_HW_FAIL_SIZEMISMATCH:
		return -MV_ERANGE;
	default:
		return -MV_EIO;
	}
}

int snp_pvalidate(vaddr_t va, unsigned int size, bool validate)
{
	bool unchanged = false;
	int ret = snp_hw_pvalidate(va, size, validate, &unchanged);

	if (ret != SNP_HW_OK)
		return snp_hw_error(ret);
	/*
	 * CF with EAX = 0: the page already had that state. Validating a
	 * validated page means someone (the hypervisor re-using a page,
	 * or a bug of ours) broke the single-validation rule.
	 */
	if (unchanged)
		return -MV_EALREADY;
	return 0;
}

static void snp_count_pages(uint64_t pages, bool validate)
{
	if (validate)
		snp_state.validated_pages += pages;
	else
		snp_state.validated_pages -=
			MIN(pages, snp_state.validated_pages);
}

static int snp_pvalidate_split(vaddr_t va, bool validate)
{
	for (unsigned int i = 0; i < SNP_PAGES_PER_2M; i++) {
		int ret = snp_pvalidate(va + i * PAGE_SIZE, SNP_PAGE_4K,
					validate);

		if (ret)
			return ret;
		snp_count_pages(1, validate);
	}
	return 0;
}

int snp_pvalidate_gpa(paddr_t gpa, bool huge, bool validate)
{
	vaddr_t va = snp_pa_to_va(gpa);
	int ret;

	if (!IS_ALIGNED(gpa, huge ? SNP_2M : PAGE_SIZE))
		return -MV_EINVAL;
	ret = snp_pvalidate(va, huge ? SNP_PAGE_2M : SNP_PAGE_4K, validate);
	if (ret == -MV_ERANGE && huge) {
		/* The RMP holds 4 KiB entries here: do them one by one. */
		snp_state.pvalidate_fallbacks++;
		return snp_pvalidate_split(va, validate);
	}
	if (!ret)
		snp_count_pages(huge ? SNP_PAGES_PER_2M : 1, validate);
	return ret;
}

int snp_check_vmpl0(vaddr_t page)
{
	/* Target VMPL1 with no permissions: allowed only from VMPL0. */
	int ret = snp_hw_rmpadjust(page, SNP_PAGE_4K, 1);

	if (ret != SNP_HW_OK)
		return -MV_EPERM;
	snp_state.vmpl = 0;
	return 0;
}

int snp_check_sev_status(uint64_t status)
{
	if ((status & SNP_SEV_STATUS_REQUIRED) != SNP_SEV_STATUS_REQUIRED)
		return -MV_ENOTSUP;
	if (status & ~SNP_SEV_STATUS_ALLOWED)
		return -MV_ENOTSUP;
	return 0;
}
