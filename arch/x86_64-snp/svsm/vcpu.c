// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVSM_CORE_CREATE_VCPU / DELETE_VCPU: turning a guest page into a
 * lower-VMPL VMSA and back. The guest loses access to the page before
 * the SVSM reads it, so what is checked is what becomes the VMSA.
 */

#include <string.h>

#include <asm/snp.h>
#include <asm/snp_hw.h>
#include <asm/svsm.h>

struct svsm_vcpu *svsm_vcpu_find(paddr_t gpa)
{
	for (unsigned int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (svsm_state.vcpus[i].vmsa &&
		    svsm_state.vcpus[i].vmsa == ALIGN_DOWN(gpa, PAGE_SIZE))
			return &svsm_state.vcpus[i];
	return NULL;
}

bool svsm_overlaps_vmsa(paddr_t gpa, uint64_t size)
{
	for (unsigned int i = 0; i < SVSM_MAX_VCPUS; i++) {
		paddr_t v = svsm_state.vcpus[i].vmsa;

		if (v && svsm_ranges_overlap(gpa, size, v, PAGE_SIZE))
			return true;
	}
	return false;
}

static struct svsm_vcpu *vcpu_free_slot(void)
{
	for (unsigned int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (!svsm_state.vcpus[i].vmsa)
			return &svsm_state.vcpus[i];
	return NULL;
}

static uint64_t vcpu_check_addrs(paddr_t vmsa, paddr_t ca, paddr_t caller_ca)
{
	if (!IS_ALIGNED(vmsa, PAGE_SIZE) || !IS_ALIGNED(ca, PAGE_SIZE))
		return SVSM_ERR_INVALID_PARAMETER;
	/* Erratum: a VMSA page must not be 2 MiB aligned. */
	if (IS_ALIGNED(vmsa, SNP_2M) || vmsa == ca)
		return SVSM_ERR_INVALID_PARAMETER;
	if (svsm_gmem_check(vmsa, PAGE_SIZE) != SVSM_SUCCESS ||
	    svsm_gmem_check(ca, PAGE_SIZE) != SVSM_SUCCESS ||
	    svsm_overlaps_vmsa(vmsa, PAGE_SIZE) ||
	    svsm_overlaps_vmsa(ca, PAGE_SIZE) ||
	    vmsa == ALIGN_DOWN(caller_ca, PAGE_SIZE))
		return SVSM_ERR_INVALID_ADDRESS;
	/* The SVSM reads both pages: they must be validated. */
	if (!svsm_guest_validated(vmsa) || !svsm_guest_validated(ca))
		return SVSM_ERR_INVALID_ADDRESS;
	return SVSM_SUCCESS;
}

/* The VMSA must be for the guest VMPL, in SVM, with the caller's features. */
static uint64_t vcpu_check_vmsa(paddr_t vmsa, uint64_t sev_features)
{
	uint64_t efer, features;
	uint8_t vmpl;

	if (svsm_gmem_read(vmsa + SVSM_VMSA_VMPL, &vmpl, sizeof(vmpl)) ||
	    svsm_gmem_read(vmsa + SVSM_VMSA_EFER, &efer, sizeof(efer)) ||
	    svsm_gmem_read(vmsa + SVSM_VMSA_SEV_FEATURES, &features,
			   sizeof(features)))
		return SVSM_ERR_INVALID_ADDRESS;
	if (vmpl != svsm_state.cfg.guest_vmpl || !(efer & SVSM_EFER_SVME) ||
	    features != sev_features)
		return SVSM_ERR_INVALID_PARAMETER;
	return SVSM_SUCCESS;
}

uint64_t svsm_core_create_vcpu(struct svsm_call *c)
{
	paddr_t vmsa = c->rcx, ca = c->rdx;
	struct svsm_vcpu *slot;
	uint64_t ret = vcpu_check_addrs(vmsa, ca, c->caa);
	int hw;

	if (ret != SVSM_SUCCESS)
		return ret;
	slot = vcpu_free_slot();
	if (!slot)
		return SVSM_ERR_INVALID_REQUEST;
	/* From here on the guest cannot change the page under us. */
	hw = svsm_rmp_set(vmsa, false, 0, false);
	if (hw != SNP_HW_OK)
		return SVSM_ERR_HW(hw);
	svsm_hw_flush_tlb(); /* other vCPUs may still hold writable entries */
	ret = vcpu_check_vmsa(vmsa, c->sev_features);
	if (ret == SVSM_SUCCESS) {
		hw = svsm_rmp_set(vmsa, false, SVSM_PERM_R, true);
		if (hw != SNP_HW_OK)
			ret = SVSM_ERR_HW(hw);
	}
	if (ret != SVSM_SUCCESS) {
		svsm_rmp_set(vmsa, false, SVSM_PERM_RWX, false);
		return ret;
	}
	slot->vmsa = vmsa;
	slot->caa = ca;
	slot->apic_id = (uint32_t)c->r8;
	return SVSM_SUCCESS;
}

uint64_t svsm_core_delete_vcpu(struct svsm_call *c)
{
	paddr_t vmsa = c->rcx;
	struct svsm_vcpu *v;
	int hw;

	if (!IS_ALIGNED(vmsa, PAGE_SIZE))
		return SVSM_ERR_INVALID_PARAMETER;
	v = vmsa ? svsm_vcpu_find(vmsa) : NULL;
	if (!v)
		return SVSM_ERR_INVALID_PARAMETER; /* not one of ours */
	if (c->vmsa == vmsa)
		return SVSM_ERR_VMSA_IN_USE;
	/* Clears the VMSA bit and gives the page back to the guest. */
	hw = svsm_rmp_set(vmsa, false, SVSM_PERM_RWX, false);
	if (hw != SNP_HW_OK)
		return SVSM_ERR_HW(hw);
	memset(v, 0, sizeof(*v));
	return SVSM_SUCCESS;
}
