// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page State Change through the GHCB page (NAE 0x80000010), and the
 * private/shared conversions built on it. Order (snp-facts.md 3):
 * private = PSC(private) then PVALIDATE; shared = rescind then
 * PSC(shared).
 */
#include <string.h>

#include <minivisor/errno.h>
#include <asm/snp.h>

/* Consecutive exits without progress before giving up on the HV. */
#define PSC_MAX_STALLS 16

BUILD_BUG_ON(sizeof(struct snp_psc_desc) > GHCB_SHARED_BUF_SIZE);

/* Built here rather than on the boot stack: it is 2 KiB. */
static struct snp_psc_desc psc_desc;

paddr_t snp_psc_build(struct snp_psc_desc *d, paddr_t start, paddr_t end,
		      unsigned int op)
{
	paddr_t pa = start;
	unsigned int i = 0;

	memset(&d->hdr, 0, sizeof(d->hdr));
	while (pa < end && i < SNP_PSC_MAX_ENTRIES) {
		bool huge = IS_ALIGNED(pa, SNP_2M) && end - pa >= SNP_2M;

		d->entries[i] = PSC_ENTRY(pa, op, huge);
		d->hdr.end_entry = (uint16_t)i++;
		pa += huge ? SNP_2M : PAGE_SIZE;
	}
	return pa;
}

static size_t psc_desc_len(const struct snp_psc_desc *d)
{
	return sizeof(d->hdr) + (d->hdr.end_entry + 1U) * sizeof(uint64_t);
}

/*
 * The header comes back through shared memory: reject anything a
 * well-behaved hypervisor would not write.
 */
static int psc_check_header(const struct snp_psc_hdr *now,
			    const struct snp_psc_hdr *before)
{
	if (now->reserved || now->end_entry != before->end_entry ||
	    now->cur_entry < before->cur_entry ||
	    now->cur_entry > now->end_entry + 1U)
		return -MV_EIO;
	return 0;
}

static int psc_exit(struct ghcb *g)
{
	int ret;

	/* The buffer stays as the HV left it: it continues from there. */
	ghcb_clear(g);
	ghcb_point_scratch(g);
	snp_state.psc_exits++;
	ret = ghcb_nae_exit(g, SVM_VMGEXIT_PSC, 0, 0);
	if (ret)
		return -MV_EIO;
	if (!ghcb_is_valid(g, GHCB_OFF(sw_exit_info2)) || g->sw_exit_info2)
		return -MV_EIO;
	return 0;
}

static int psc_loop(struct ghcb *g, size_t len)
{
	struct snp_psc_hdr *hdr = (struct snp_psc_hdr *)g->shared_buffer;
	uint8_t before[GHCB_SHARED_BUF_SIZE];
	unsigned int stalls = 0;

	while (hdr->cur_entry <= hdr->end_entry) {
		struct snp_psc_hdr prev = *hdr;
		int ret;

		memcpy(before, g->shared_buffer, len);
		ret = psc_exit(g);
		if (!ret)
			ret = psc_check_header(hdr, &prev);
		if (ret)
			return ret;
		/* Progress is a changed header or a changed cur_page. */
		stalls = memcmp(before, g->shared_buffer, len) ? 0 : stalls + 1;
		if (stalls >= PSC_MAX_STALLS)
			return -MV_ETIMEDOUT;
	}
	return 0;
}

int snp_psc_issue(const struct snp_psc_desc *d)
{
	struct ghcb *g = ghcb_page();
	size_t len;

	if (!g)
		return -MV_ENODEV;
	if (d->hdr.end_entry >= SNP_PSC_MAX_ENTRIES ||
	    d->hdr.cur_entry > d->hdr.end_entry || d->hdr.reserved)
		return -MV_EINVAL;
	len = psc_desc_len(d);
	memcpy(g->shared_buffer, d, len);
	snp_state.psc_requests++;
	return psc_loop(g, len);
}

/* PVALIDATE every entry of @d from our private copy, not the shared one. */
static int psc_pvalidate_entries(const struct snp_psc_desc *d, bool validate)
{
	for (unsigned int i = 0; i <= d->hdr.end_entry; i++) {
		uint64_t e = d->entries[i];
		int ret = snp_pvalidate_gpa(PSC_ENTRY_GPA(e), e & PSC_ENTRY_2M,
					    validate);

		if (ret)
			return ret;
	}
	return 0;
}

static bool snp_range_ok(paddr_t start, uint64_t size)
{
	return size && IS_ALIGNED(start | size, PAGE_SIZE) &&
	       start + size > start;
}

static int psc_private_batch(paddr_t pa, paddr_t end, paddr_t *next,
			     unsigned int *term)
{
	int ret;

	*next = snp_psc_build(&psc_desc, pa, end, GHCB_PSC_OP_PRIVATE);
	ret = snp_psc_issue(&psc_desc);
	if (ret) {
		*term = SNP_TERM_PSC;
		return ret;
	}
	*term = SNP_TERM_PVALIDATE;
	return psc_pvalidate_entries(&psc_desc, true);
}

static int psc_shared_batch(paddr_t pa, paddr_t end, paddr_t *next,
			    unsigned int *term)
{
	int ret;

	*next = snp_psc_build(&psc_desc, pa, end, GHCB_PSC_OP_SHARED);
	ret = psc_pvalidate_entries(&psc_desc, false);
	if (ret) {
		*term = SNP_TERM_PVALIDATE;
		return ret;
	}
	*term = SNP_TERM_PSC;
	return snp_psc_issue(&psc_desc);
}

int snp_mem_convert(paddr_t start, uint64_t size, bool private,
		    unsigned int *term)
{
	paddr_t pa = start, end = start + size;
	unsigned int dummy;

	if (!term)
		term = &dummy;
	*term = SNP_TERM_MEMORY;
	if (!snp_range_ok(start, size))
		return -MV_EINVAL;
	while (pa < end) {
		int ret = private ? psc_private_batch(pa, end, &pa, term) :
				    psc_shared_batch(pa, end, &pa, term);

		if (ret)
			return ret;
	}
	return 0;
}

int snp_mem_make_private(paddr_t start, uint64_t size)
{
	return snp_mem_convert(start, size, true, NULL);
}

int snp_mem_make_shared(paddr_t start, uint64_t size)
{
	return snp_mem_convert(start, size, false, NULL);
}

int snp_mem_validate(paddr_t start, uint64_t size, bool validate)
{
	paddr_t pa = start, end = start + size;

	if (!snp_range_ok(start, size))
		return -MV_EINVAL;
	while (pa < end) {
		int ret;

		pa = snp_psc_build(&psc_desc, pa, end, 0);
		ret = psc_pvalidate_entries(&psc_desc, validate);
		if (ret)
			return ret;
	}
	return 0;
}
