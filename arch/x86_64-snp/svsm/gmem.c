// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SVSM's only way into guest memory: range checks against guest and
 * SVSM memory, the record of which guest pages are validated, and
 * bounded copies through the direct map (snp_pa_to_va). On the host the
 * direct map points into the model's memory and every access is first
 * shown to the model (svsm_hw_guest_access), which faults where the
 * hardware would.
 */
#include <string.h>

#include <minivisor/bitmap.h>
#include <minivisor/errno.h>
#include <asm/snp.h>
#include <asm/svsm.h>

#define GMEM_PAGES (SVSM_MAX_GUEST_SIZE / PAGE_SIZE)

/*
 * One bit per 4 KiB guest page: validated or not. Only VMPL0 can
 * PVALIDATE, so this record is exact as long as the hypervisor plays by
 * the rules; it is what keeps the SVSM from touching (or RMPADJUSTing)
 * a page that is not validated, which would fault.
 */
static DECLARE_BITMAP(gmem_valid, GMEM_PAGES);

uint64_t svsm_gmem_check(paddr_t gpa, uint64_t size)
{
	const struct svsm_config *cfg = &svsm_state.cfg;

	/* Wrap-around and zero sizes are never a valid guest range. */
	if (!size || gpa + size < gpa)
		return SVSM_ERR_INVALID_ADDRESS;
	for (unsigned int i = 0; i < cfg->nsvsm_mem; i++)
		if (svsm_ranges_overlap(gpa, size, cfg->svsm_mem[i].start,
					cfg->svsm_mem[i].size))
			return SVSM_ERR_INVALID_ADDRESS;
	if (gpa < cfg->guest_base ||
	    gpa + size > cfg->guest_base + cfg->guest_size)
		return SVSM_ERR_INVALID_ADDRESS;
	return SVSM_SUCCESS;
}

static uint64_t gmem_index(paddr_t gpa)
{
	return (gpa - svsm_state.cfg.guest_base) / PAGE_SIZE;
}

bool svsm_guest_validated(paddr_t gpa)
{
	uint64_t i;

	if (svsm_gmem_check(gpa, 1) != SVSM_SUCCESS)
		return false;
	i = gmem_index(gpa);
	return bitmap_test_bit(gmem_valid, i);
}

void svsm_gmem_track(paddr_t gpa, uint64_t size, bool validated)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t i = gmem_index(gpa + off);

		if (bitmap_test_bit(gmem_valid, i) == validated)
			continue;
		if (validated) {
			bitmap_set_bit(gmem_valid, i);
			svsm_state.guest_validated++;
		} else {
			bitmap_clear_bit(gmem_valid, i);
			svsm_state.guest_validated--;
		}
	}
}

uint64_t svsm_gmem_count(paddr_t gpa, uint64_t size)
{
	uint64_t n = 0;

	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		n += svsm_guest_validated(gpa + off);
	return n;
}

/* Checks shared by reads and writes: in guest memory, one page, valid. */
static void *gmem_map(paddr_t gpa, size_t len, bool write)
{
	if (!len || svsm_gmem_check(gpa, len) != SVSM_SUCCESS)
		return NULL;
	if (ALIGN_DOWN(gpa, PAGE_SIZE) != ALIGN_DOWN(gpa + len - 1, PAGE_SIZE))
		return NULL;
	if (!svsm_guest_validated(gpa))
		return NULL;
	svsm_hw_guest_access(gpa, len, write);
	return (void *)snp_pa_to_va(gpa);
}

int svsm_gmem_read(paddr_t gpa, void *buf, size_t len)
{
	void *p = gmem_map(gpa, len, false);

	if (!p)
		return -MV_EFAULT;
	memcpy(buf, p, len);
	return 0;
}

int svsm_gmem_write(paddr_t gpa, const void *buf, size_t len)
{
	void *p = gmem_map(gpa, len, true);

	if (!p)
		return -MV_EFAULT;
	memcpy(p, buf, len);
	return 0;
}

void svsm_gmem_zero(paddr_t gpa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		void *p = gmem_map(gpa + off, PAGE_SIZE, true);

		if (p)
			memset(p, 0, PAGE_SIZE);
	}
}

void svsm_gmem_reset(void)
{
	memset(gmem_valid, 0, sizeof(gmem_valid));
	svsm_state.guest_validated = 0;
}
