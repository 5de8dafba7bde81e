// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot-time memory sequence (linux-svsm's mem_init): the SVSM's
 * dynamic memory becomes private and validated before the frame
 * allocator may hand out a single page of it. Pages validated at
 * launch (the image) are left alone: validating them again would be a
 * double validation.
 */
#include <minivisor/errno.h>
#include <asm/snp.h>

#define SNP_MAX_PIECES 16

void snp_mem_init(const struct snp_range *r, unsigned int n,
		  int (*hand_off)(paddr_t start, uint64_t size, void *arg),
		  void *arg)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned int term;

		if (snp_mem_convert(r[i].start, r[i].size, true, &term))
			snp_fatal(term);
		if (hand_off && hand_off(r[i].start, r[i].size, arg))
			snp_fatal(SNP_TERM_MEMORY);
	}
}

/* The part of [@s, @e) below the first exclusion that starts in it. */
static const struct snp_range *
first_overlap(paddr_t s, paddr_t e, const struct snp_range *x, unsigned int n)
{
	const struct snp_range *best = NULL;

	for (unsigned int i = 0; i < n; i++) {
		paddr_t xs = ALIGN_DOWN(x[i].start, PAGE_SIZE);
		paddr_t xe = ALIGN_UP(x[i].start + x[i].size, PAGE_SIZE);

		if (x[i].size && xs < e && xe > s &&
		    (!best || xs < ALIGN_DOWN(best->start, PAGE_SIZE)))
			best = &x[i];
	}
	return best;
}

int snp_range_subtract(const struct snp_range *r, const struct snp_range *excl,
		       unsigned int nexcl, struct snp_range *out,
		       unsigned int max)
{
	paddr_t s = ALIGN_UP(r->start, PAGE_SIZE);
	paddr_t e = ALIGN_DOWN(r->start + r->size, PAGE_SIZE);
	unsigned int n = 0;

	while (s < e) {
		const struct snp_range *x = first_overlap(s, e, excl, nexcl);
		paddr_t stop = x ? MAX(ALIGN_DOWN(x->start, PAGE_SIZE), s) : e;

		if (stop > s) {
			if (n == max)
				return -MV_ENOSPC;
			out[n++] = (struct snp_range){ s, stop - s };
		}
		if (!x)
			break;
		s = ALIGN_UP(x->start + x->size, PAGE_SIZE);
	}
	return (int)n;
}

void snp_mem_prepare_bank(paddr_t start, uint64_t size,
			  const struct snp_range *launched,
			  unsigned int nlaunched)
{
	struct snp_range bank = { start, size }, piece[SNP_MAX_PIECES];
	int n = snp_range_subtract(&bank, launched, nlaunched, piece,
				   SNP_MAX_PIECES);

	if (n < 0)
		snp_fatal(SNP_TERM_MEMORY);
	snp_mem_init(piece, (unsigned int)n, NULL, NULL);
}
