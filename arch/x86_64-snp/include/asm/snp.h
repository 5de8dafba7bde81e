/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SEV-SNP layer: feature and VMPL checks, the GHCB page, Page State
 * Change, PVALIDATE and the boot-time memory sequence. It runs on the
 * target when the platform is `snp`, and on the host against the
 * software model in tests/unit/snp/ (see asm/snp_hw.h).
 *
 * Functions that return an int report bad input and hypervisor errors
 * as negative MV_E* codes. The boot sequence (snp_probe, snp_ghcb_init,
 * snp_mem_init) treats every error as fatal and terminates the guest
 * through the GHCB MSR protocol with one of the reasons below
 * (docs/x86_64-snp.md lists them).
 */
#ifndef ASM_SNP_H
#define ASM_SNP_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>
#include <asm/ghcb.h>
#include <asm/snp_hw.h>

/* Termination reason set 0: GHCB-standard codes. */
#define SNP_TERM_SET_GHCB 0U
#define SNP_TERM_GENERAL 0U
#define SNP_TERM_PROTOCOL 1U /* no common GHCB protocol version */
#define SNP_TERM_HV_FEATURE 2U /* required hypervisor feature missing */

/* Termination reason set 0xf: minivisor SVSM codes. */
#define SNP_TERM_SET_SVSM 0xfU
#define SNP_TERM_NOT_VMPL0 1U
#define SNP_TERM_SEV_STATUS 2U
#define SNP_TERM_CBIT 3U
#define SNP_TERM_GHCB_REGISTER 4U
#define SNP_TERM_PSC_MSR 5U
#define SNP_TERM_PSC 6U
#define SNP_TERM_PVALIDATE 7U
#define SNP_TERM_GHCB_RESPONSE 8U
#define SNP_TERM_MEMORY 9U
#define SNP_TERM_EXCEPTION 10U
#define SNP_TERM_BOOT 11U

/* SEV_STATUS bits (MSR 0xC0010131). */
#define SEV_STATUS_SEV BIT_ULL(0)
#define SEV_STATUS_SEV_ES BIT_ULL(1)
#define SEV_STATUS_SNP BIT_ULL(2)
#define SEV_STATUS_VTOM BIT_ULL(3)
#define SEV_STATUS_REFLECT_VC BIT_ULL(4)
#define SEV_STATUS_RESTRICTED_INJ BIT_ULL(5)
#define SEV_STATUS_ALTERNATE_INJ BIT_ULL(6)
#define SEV_STATUS_DEBUG_SWAP BIT_ULL(7)
#define SEV_STATUS_PREVENT_HOST_IBS BIT_ULL(8)
#define SEV_STATUS_BTB_ISOLATION BIT_ULL(9)
#define SEV_STATUS_VMPL_SSS BIT_ULL(10)
#define SEV_STATUS_SECURE_TSC BIT_ULL(11)
#define SEV_STATUS_VMGEXIT_PARAM BIT_ULL(12)
#define SEV_STATUS_IBS_VIRT BIT_ULL(14)
#define SEV_STATUS_VMSA_REG_PROT BIT_ULL(16)
#define SEV_STATUS_SMT_PROT BIT_ULL(17)
#define SEV_STATUS_IBPB_ON_ENTRY BIT_ULL(23)

/* What the SVSM needs, and what it cannot work with (see the doc). */
#define SNP_SEV_STATUS_REQUIRED \
	(SEV_STATUS_SEV | SEV_STATUS_SEV_ES | SEV_STATUS_SNP)
#define SNP_SEV_STATUS_ALLOWED                                 \
	(SNP_SEV_STATUS_REQUIRED | SEV_STATUS_RESTRICTED_INJ | \
	 SEV_STATUS_DEBUG_SWAP | SEV_STATUS_PREVENT_HOST_IBS | \
	 SEV_STATUS_BTB_ISOLATION | SEV_STATUS_VMPL_SSS |      \
	 SEV_STATUS_IBS_VIRT | SEV_STATUS_VMSA_REG_PROT |      \
	 SEV_STATUS_SMT_PROT | SEV_STATUS_IBPB_ON_ENTRY)

/* Hypervisor features the SVSM cannot run without. */
#define SNP_HV_FEATURES_REQUIRED                       \
	(GHCB_HV_FT_SNP | GHCB_HV_FT_SNP_AP_CREATION | \
	 GHCB_HV_FT_SNP_MULTI_VMPL)

/* CPUID 0x8000001F. */
#define CPUID_SEV_LEAF 0x8000001fU
#define CPUID_SEV_EAX_SEV BIT(1)
#define CPUID_SEV_EAX_SNP BIT(4)
#define CPUID_SEV_EBX_CBIT(ebx) ((ebx)&0x3f)

#define SNP_2M (2UL << 20)
#define SNP_PAGES_PER_2M 512U

/* Page State Change descriptor (the GHCB shared buffer's layout). */
#define SNP_PSC_MAX_ENTRIES 253U
#define PSC_ENTRY_CUR_PAGE_MASK 0xfffULL
#define PSC_ENTRY_GFN_SHIFT 12
#define PSC_ENTRY_GFN_MASK 0xffffffffffULL
#define PSC_ENTRY_OP_SHIFT 52
#define PSC_ENTRY_OP_MASK 0xfULL
#define PSC_ENTRY_2M BIT_ULL(56)

/** Build a PSC entry for @gpa with operation @op; @huge for 2 MiB. */
#define PSC_ENTRY(gpa, op, huge)                                    \
	(((((uint64_t)(gpa)) >> 12) & PSC_ENTRY_GFN_MASK)           \
		 << PSC_ENTRY_GFN_SHIFT |                           \
	 ((uint64_t)(op)&PSC_ENTRY_OP_MASK) << PSC_ENTRY_OP_SHIFT | \
	 ((huge) ? PSC_ENTRY_2M : 0))

/** Guest physical address named by PSC entry @e. */
#define PSC_ENTRY_GPA(e) \
	((((e) >> PSC_ENTRY_GFN_SHIFT) & PSC_ENTRY_GFN_MASK) << 12)

/** PSC header: entries cur_entry..end_entry (inclusive) remain. */
struct snp_psc_hdr {
	uint16_t cur_entry;
	uint16_t end_entry;
	uint32_t reserved;
};

/** A whole PSC request. */
struct snp_psc_desc {
	struct snp_psc_hdr hdr;
	uint64_t entries[SNP_PSC_MAX_ENTRIES];
};

/** What the layer found and did; shown by `snp status`. */
struct snp_state {
	bool active; /* the platform is snp and snp_probe() passed */
	uint64_t sev_status;
	unsigned int cbit; /* C-bit position */
	unsigned int ghcb_version; /* negotiated protocol version */
	uint64_t hv_features;
	unsigned int vmpl; /* 0 once the RMPADJUST check passed */
	paddr_t ghcb_pa;
	int64_t va_offset; /* virtual = physical + va_offset */
	uint64_t validated_pages; /* 4 KiB pages validated (net) */
	uint64_t psc_requests, psc_exits; /* NAE PSC requests and exits */
	uint64_t pvalidate_fallbacks; /* 2 MiB entries done as 512 x 4 KiB */
};

/** The layer's state (read-only outside the layer). */
extern struct snp_state snp_state;

/** Forget everything (tests; never at run time). */
void snp_reset(void);

/** Set the offset of the direct map: virtual = physical + @offset. */
void snp_set_va_offset(int64_t offset);

/** The direct-map virtual address of guest physical @pa. */
vaddr_t snp_pa_to_va(paddr_t pa);

/**
 * Check a SEV_STATUS value against SNP_SEV_STATUS_REQUIRED/_ALLOWED.
 * Returns 0 or -MV_ENOTSUP.
 */
int snp_check_sev_status(uint64_t status);

/**
 * Check that we run at VMPL0: RMPADJUST on @page (a validated private
 * 4 KiB page of ours) granting nothing to VMPL1 succeeds only at VMPL0.
 * Returns 0 or -MV_EPERM.
 */
int snp_check_vmpl0(vaddr_t page);

/**
 * PVALIDATE one page at @va. Returns 0; -MV_EALREADY when the
 * validated bit already had that value (a double validation or
 * rescind); -MV_ERANGE on a page-size mismatch; -MV_EINVAL for
 * FAIL_INPUT; -MV_EIO otherwise.
 */
int snp_pvalidate(vaddr_t va, unsigned int size, bool validate);

/**
 * PVALIDATE the page at guest physical @gpa, 2 MiB when @huge; a 2 MiB
 * attempt that fails with a size mismatch is redone as 512 x 4 KiB.
 * Returns 0 or an snp_pvalidate() error.
 */
int snp_pvalidate_gpa(paddr_t gpa, bool huge, bool validate);

/**
 * Fill @d with entries for [@start, @end) and operation @op: 2 MiB
 * where the address is 2 MiB aligned and 2 MiB remain, else 4 KiB,
 * at most SNP_PSC_MAX_ENTRIES. Returns the first address not covered.
 */
paddr_t snp_psc_build(struct snp_psc_desc *d, paddr_t start, paddr_t end,
		      unsigned int op);

/**
 * Issue the PSC request @d through the GHCB page, again while the
 * hypervisor reports cur_entry <= end_entry. Returns 0; -MV_EIO for a
 * hypervisor error or a corrupted header; -MV_ETIMEDOUT when it makes
 * no progress; -MV_ENODEV without a GHCB page; -MV_EINVAL for an
 * empty or oversized @d.
 */
int snp_psc_issue(const struct snp_psc_desc *d);

/**
 * Convert [@start, @start + @size) (page aligned) to private and
 * validated (PSC(private), then PVALIDATE) or to shared (rescind, then
 * PSC(shared)), in batches of SNP_PSC_MAX_ENTRIES. Returns 0 or the
 * first error; *@term (may be NULL) receives the termination reason
 * that fits the failing step (SNP_TERM_MEMORY for a bad range,
 * SNP_TERM_PSC, SNP_TERM_PVALIDATE).
 */
int snp_mem_convert(paddr_t start, uint64_t size, bool private,
		    unsigned int *term);

/**
 * Make [@start, @start + @size) private and validated: PSC(private),
 * then PVALIDATE. Page aligned; returns 0, -MV_EINVAL, or the first
 * PSC / PVALIDATE error.
 */
int snp_mem_make_private(paddr_t start, uint64_t size);

/**
 * Make [@start, @start + @size) shared: rescind the validation, then
 * PSC(shared). Returns like snp_mem_make_private().
 */
int snp_mem_make_shared(paddr_t start, uint64_t size);

/**
 * PVALIDATE (or rescind) [@start, @start + @size) without any PSC,
 * 2 MiB where possible. Returns 0, -MV_EINVAL or a PVALIDATE error.
 */
int snp_mem_validate(paddr_t start, uint64_t size, bool validate);

/** Terminate with a reason of set 0xf (SNP_TERM_*). */
void __noreturn snp_fatal(unsigned int code);

/**
 * Boot checks, in order: SEV_STATUS features, GHCB protocol version,
 * C-bit (CPUID 0x8000001F against the hypervisor's), hypervisor
 * features, VMPL0 (RMPADJUST on @probe_page). Fills snp_state and
 * terminates on the first failure.
 */
void snp_probe(vaddr_t probe_page);

/**
 * Turn @g (guest physical @pa, a validated private page) into the GHCB:
 * rescind it, make it shared with an MSR-protocol PSC, let @map_shared
 * remap it without the C-bit, clear it and register its GPA. Terminates
 * on failure.
 */
void snp_ghcb_init(struct ghcb *g, paddr_t pa, int (*map_shared)(vaddr_t va));

/** A physical range. */
struct snp_range {
	paddr_t start;
	uint64_t size;
};

/**
 * The boot-time memory sequence: make each of the @n ranges private
 * and validated, then hand it to @hand_off (host_ram). Terminates on
 * any failure, including a failing @hand_off.
 */
void snp_mem_init(const struct snp_range *r, unsigned int n,
		  int (*hand_off)(paddr_t start, uint64_t size, void *arg),
		  void *arg);

/**
 * Write [@r.start, @r.start + @r.size) minus the @nexcl ranges @excl to
 * @out (at most @max pieces, page-aligned inward), in address order.
 * Returns the number of pieces, or -MV_ENOSPC.
 */
int snp_range_subtract(const struct snp_range *r, const struct snp_range *excl,
		       unsigned int nexcl, struct snp_range *out,
		       unsigned int max);

/**
 * Prepare a RAM bank for host_ram on an SNP platform: every page of
 * [@start, @start + @size) outside the already validated @launched
 * ranges (the image, the boot data) becomes private and validated
 * (snp_mem_init without a hand-off). Terminates on failure.
 */
void snp_mem_prepare_bank(paddr_t start, uint64_t size,
			  const struct snp_range *launched,
			  unsigned int nlaunched);

/**
 * Names of the bits set in SEV_STATUS @status, space separated, into
 * @buf ("sev sev-es snp restricted-injection"; "none" for 0; unnamed
 * bits as "bit<N>"). Returns the length, truncating like snprintf.
 */
int snp_sev_status_names(uint64_t status, char *buf, size_t size);

/**
 * I/O port access through the GHCB IOIO exit (the SNP console).
 * Returns 0 or a ghcb_nae_exit() error.
 */
int snp_io_write8(uint16_t port, uint8_t val);

/** Read a byte from @port through the IOIO exit into *@val. */
int snp_io_read8(uint16_t port, uint8_t *val);

#endif
