// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's side of the SVSM: every access the SVSM makes to guest
 * memory is checked against the RMP as the hardware would check a
 * private VMPL0 access (assigned, validated), and a VMSA page can be
 * written as the guest would prepare it.
 */
#include <string.h>

#include <asm/svsm.h>

#include "snp/model.h"

void svsm_hw_guest_access(paddr_t gpa, size_t len, bool write)
{
	for (paddr_t p = ALIGN_DOWN(gpa, PAGE_SIZE); p < gpa + len;
	     p += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(p);

		if (!e || !e->assigned)
			model_fault("#NPF: SVSM %s of %#llx: not private",
				    write ? "write" : "read",
				    (unsigned long long)p);
		if (!e->validated)
			model_fault("#VC 0x404: SVSM %s of unvalidated %#llx",
				    write ? "write" : "read",
				    (unsigned long long)p);
	}
	if (write) {
		model.guest_writes++;
		return;
	}
	model.guest_reads++;
	model.last_read = gpa;
	model.flushes_at_last_read = model.tlb_flushes;
	model.last_read_perms = model_rmp(gpa)->perms[1] |
				model_rmp(gpa)->perms[2] |
				model_rmp(gpa)->perms[3];
}

void svsm_hw_flush_tlb(void)
{
	model.tlb_flushes++;
}

void model_vmsa_fill(paddr_t gpa, uint8_t vmpl, uint64_t efer,
		     uint64_t sev_features)
{
	uint8_t *v = model_va(gpa);

	memset(v, 0, PAGE_SIZE);
	v[SVSM_VMSA_VMPL] = vmpl;
	memcpy(v + SVSM_VMSA_EFER, &efer, sizeof(efer));
	memcpy(v + SVSM_VMSA_SEV_FEATURES, &sev_features, sizeof(sev_features));
}

bool model_guest_can_access(paddr_t gpa, unsigned int vmpl)
{
	const struct rmp_entry *e = model_rmp(gpa);

	return e && e->assigned && e->validated && e->perms[vmpl];
}
