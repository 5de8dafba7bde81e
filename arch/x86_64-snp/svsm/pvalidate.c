// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVSM_CORE_PVALIDATE: the guest's list of pages to validate or
 * rescind. Entries run from the header's `next`, which is written back
 * after each success; the first failure stops the call and changes
 * nothing for its entry.
 */
#include <asm/snp.h>
#include <asm/snp_hw.h>
#include <asm/svsm.h>

/* The request being served: where its list is, whose call it is. */
struct pvl_req {
	paddr_t list;
	paddr_t caa;
};

static bool pvl_overlaps_page(paddr_t gpa, uint64_t size, paddr_t addr)
{
	return svsm_ranges_overlap(gpa, size, ALIGN_DOWN(addr, PAGE_SIZE),
				   PAGE_SIZE);
}

/*
 * Decode and check entry @e. The list's own page and the caller's
 * calling area are refused: rescinding them would leave the SVSM
 * unable to write `next` back or to read the next call.
 */
static uint64_t pvl_check(const struct pvl_req *r, uint64_t e, paddr_t *gpa,
			  bool *huge)
{
	uint64_t size;

	if ((e & SVSM_PVL_SIZE_MASK) > 1 || (e & SVSM_PVL_RESERVED))
		return SVSM_ERR_INVALID_PARAMETER;
	*huge = e & 1;
	*gpa = e & SVSM_PVL_GPA_MASK;
	size = *huge ? SNP_2M : PAGE_SIZE;
	if (!IS_ALIGNED(*gpa, size))
		return SVSM_ERR_INVALID_PARAMETER;
	if (svsm_gmem_check(*gpa, size) != SVSM_SUCCESS ||
	    svsm_overlaps_vmsa(*gpa, size) ||
	    pvl_overlaps_page(*gpa, size, r->list) ||
	    pvl_overlaps_page(*gpa, size, r->caa))
		return SVSM_ERR_INVALID_ADDRESS;
	return SVSM_SUCCESS;
}

/* Validate: PVALIDATE(1), zero the page, then grant the guest RWX. */
static uint64_t pvl_validate(paddr_t gpa, bool huge, bool ignore_cf)
{
	uint64_t size = huge ? SNP_2M : PAGE_SIZE;
	unsigned int hw = huge ? SNP_PAGE_2M : SNP_PAGE_4K;
	bool unchanged = false;
	int ret = snp_hw_pvalidate(snp_pa_to_va(gpa), hw, true, &unchanged);

	if (ret != SNP_HW_OK)
		return SVSM_ERR_HW(ret);
	svsm_gmem_track(gpa, size, true);
	/* Already validated: its content is the guest's, keep it. */
	if (unchanged)
		return ignore_cf ? SVSM_SUCCESS : SVSM_ERR_FAIL_UNCHANGED;
	/* Whatever the page held before must not reach the guest. */
	svsm_gmem_zero(gpa, size);
	ret = svsm_rmp_set(gpa, huge, SVSM_PERM_RWX, false);
	if (ret != SNP_HW_OK) {
		snp_hw_pvalidate(snp_pa_to_va(gpa), hw, false, &unchanged);
		svsm_gmem_track(gpa, size, false);
		return SVSM_ERR_HW(ret);
	}
	return SVSM_SUCCESS;
}

/* Rescind: take every lower VMPL's access away, then PVALIDATE(0). */
static uint64_t pvl_rescind(paddr_t gpa, bool huge, bool ignore_cf)
{
	uint64_t size = huge ? SNP_2M : PAGE_SIZE;
	unsigned int hw = huge ? SNP_PAGE_2M : SNP_PAGE_4K;
	uint64_t n = svsm_gmem_count(gpa, size);
	bool unchanged = false;
	int ret;

	/*
	 * RMPADJUST faults on a page that is not validated, so the SVSM's
	 * record decides: nothing validated is "unchanged"; a 2 MiB range
	 * validated only in part is made of 4 KiB RMP entries.
	 */
	if (!n)
		return ignore_cf ? SVSM_SUCCESS : SVSM_ERR_FAIL_UNCHANGED;
	if (n != size / PAGE_SIZE)
		return SVSM_ERR_FAIL_SIZEMISMATCH;
	ret = svsm_rmp_set(gpa, huge, 0, false);
	if (ret != SNP_HW_OK)
		return SVSM_ERR_HW(ret);
	ret = snp_hw_pvalidate(snp_pa_to_va(gpa), hw, false, &unchanged);
	if (ret != SNP_HW_OK) {
		svsm_rmp_set(gpa, huge, SVSM_PERM_RWX, false);
		return SVSM_ERR_HW(ret);
	}
	svsm_gmem_track(gpa, size, false);
	svsm_hw_flush_tlb(); /* no CPU may keep using the old entries */
	if (unchanged)
		return ignore_cf ? SVSM_SUCCESS : SVSM_ERR_FAIL_UNCHANGED;
	return SVSM_SUCCESS;
}

static uint64_t pvl_one(const struct pvl_req *r, uint64_t e)
{
	paddr_t gpa;
	bool huge;
	uint64_t ret = pvl_check(r, e, &gpa, &huge);

	if (ret != SVSM_SUCCESS)
		return ret;
	if (e & SVSM_PVL_VALIDATE)
		return pvl_validate(gpa, huge, e & SVSM_PVL_IGNORE_CF);
	return pvl_rescind(gpa, huge, e & SVSM_PVL_IGNORE_CF);
}

/* The header: where the list is, how long it is, where to go on. */
static uint64_t pvl_header(const struct pvl_req *r, uint16_t *num,
			   uint16_t *next)
{
	uint16_t hdr[2];

	if (!IS_ALIGNED(r->list, 8))
		return SVSM_ERR_INVALID_PARAMETER;
	if (svsm_gmem_check(r->list, SVSM_PVL_HDR_SIZE) != SVSM_SUCCESS ||
	    svsm_overlaps_vmsa(r->list, SVSM_PVL_HDR_SIZE))
		return SVSM_ERR_INVALID_ADDRESS;
	if (svsm_gmem_read(r->list, hdr, sizeof(hdr)))
		return SVSM_ERR_INVALID_ADDRESS; /* not validated */
	*num = hdr[SVSM_PVL_NUM / 2];
	*next = hdr[SVSM_PVL_NEXT / 2];
	if (!*num || *next >= *num)
		return SVSM_ERR_INVALID_PARAMETER;
	/* The whole list must sit in the page of its header. */
	if ((r->list & (PAGE_SIZE - 1)) + SVSM_PVL_HDR_SIZE + *num * 8ULL >
	    PAGE_SIZE)
		return SVSM_ERR_INVALID_PARAMETER;
	return SVSM_SUCCESS;
}

uint64_t svsm_core_pvalidate(struct svsm_call *c)
{
	struct pvl_req r = { .list = c->rcx, .caa = c->caa };
	uint16_t num, next;
	uint64_t ret = pvl_header(&r, &num, &next);

	while (ret == SVSM_SUCCESS && next < num) {
		paddr_t at = r.list + SVSM_PVL_HDR_SIZE + next * 8ULL;
		uint64_t e;

		/* Same validated page as the header: these cannot fail. */
		if (svsm_gmem_read(at, &e, sizeof(e)))
			return SVSM_ERR_INVALID_ADDRESS;
		ret = pvl_one(&r, e);
		if (ret != SVSM_SUCCESS)
			break;
		next++;
		if (svsm_gmem_write(r.list + SVSM_PVL_NEXT, &next,
				    sizeof(next)))
			return SVSM_ERR_INVALID_ADDRESS;
	}
	return ret;
}
