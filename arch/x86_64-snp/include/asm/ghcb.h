/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Guest-Hypervisor Communication Block: the GHCB MSR protocol
 * (before a GHCB page exists, and for termination) and the GHCB page
 * with its NAE exits. Offsets and codes: shared/docs/snp-facts.md 1-3.
 */
#ifndef ASM_GHCB_H
#define ASM_GHCB_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

/* GHCB MSR protocol: request/response codes in bits 11:0. */
#define GHCB_MSR_INFO_MASK 0xfffULL
#define GHCB_MSR_SEV_INFO_RESP 0x001ULL
#define GHCB_MSR_SEV_INFO_REQ 0x002ULL
#define GHCB_MSR_REG_GPA_REQ 0x012ULL
#define GHCB_MSR_REG_GPA_RESP 0x013ULL
#define GHCB_MSR_PSC_REQ 0x014ULL
#define GHCB_MSR_PSC_RESP 0x015ULL
#define GHCB_MSR_HV_FT_REQ 0x080ULL
#define GHCB_MSR_HV_FT_RESP 0x081ULL
#define GHCB_MSR_TERM_REQ 0x100ULL

/* SEV information response fields. */
#define GHCB_MSR_VER_MAX(v) (((v) >> 48) & 0xffff)
#define GHCB_MSR_VER_MIN(v) (((v) >> 32) & 0xffff)
#define GHCB_MSR_CBIT(v) (((v) >> 24) & 0xff)

/* MSR protocol page state change: operation in 55:52, GFN in 51:12. */
#define GHCB_MSR_PSC_OP_SHIFT 52
#define GHCB_MSR_PSC_GFN_MASK 0xffffffffffULL

/* Termination request: reason set in 15:12, reason code in 23:16. */
#define GHCB_MSR_TERM(set, code)                             \
	(GHCB_MSR_TERM_REQ | ((uint64_t)((set)&0xf) << 12) | \
	 ((uint64_t)((code)&0xff) << 16))

/* Hypervisor feature bits (0x081 response, shifted down by 12). */
#define GHCB_HV_FT_SNP BIT_ULL(0)
#define GHCB_HV_FT_SNP_AP_CREATION BIT_ULL(1)
#define GHCB_HV_FT_SNP_MULTI_VMPL BIT_ULL(5)

/* NAE exit codes (SW_EXITCODE). */
#define SVM_EXIT_IOIO 0x7bULL
#define SVM_VMGEXIT_PSC 0x80000010ULL

/* IOIO SW_EXITINFO1 fields. */
#define IOIO_TYPE_IN BIT_ULL(0)
#define IOIO_DATA_8 BIT_ULL(4)
#define IOIO_PORT_SHIFT 16

/* SW_EXITINFO1 bits 31:0 after an exit. */
#define GHCB_RESULT_OK 0
#define GHCB_RESULT_EXCEPTION 1
#define GHCB_RESULT_INPUT_ERROR 2

#define GHCB_PROTOCOL_MIN 2U /* first version with SNP (PSC NAE) */
#define GHCB_PROTOCOL_MAX 2U
#define GHCB_SHARED_BUF_SIZE 0x7f0U

/** The GHCB page, standard format (usage 0). */
struct ghcb {
	uint8_t rsvd0[0xcb];
	uint8_t cpl; /* 0x0cb */
	uint8_t rsvd1[0x1f8 - 0xcc];
	uint64_t rax; /* 0x1f8 */
	uint8_t rsvd2[0x308 - 0x200];
	uint64_t rcx; /* 0x308 */
	uint64_t rdx; /* 0x310 */
	uint64_t rbx; /* 0x318 */
	uint8_t rsvd3[0x390 - 0x320];
	uint64_t sw_exit_code; /* 0x390 */
	uint64_t sw_exit_info1; /* 0x398 */
	uint64_t sw_exit_info2; /* 0x3a0 */
	uint64_t sw_scratch; /* 0x3a8 */
	uint8_t rsvd4[0x3f0 - 0x3b0];
	uint8_t valid_bitmap[16]; /* 0x3f0: one bit per 8-byte slot */
	uint8_t rsvd5[0x800 - 0x400];
	uint8_t shared_buffer[GHCB_SHARED_BUF_SIZE]; /* 0x800 */
	uint8_t rsvd6[10]; /* 0xff0 */
	uint16_t protocol_version; /* 0xffa */
	uint32_t ghcb_usage; /* 0xffc */
};

/** Byte offset of @field in struct ghcb (for the valid bitmap). */
#define GHCB_OFF(field) __builtin_offsetof(struct ghcb, field)

/** Set a save-area @field of @g to @val and mark it valid. */
#define GHCB_SET(g, field, val)                        \
	do {                                           \
		(g)->field = (val);                    \
		ghcb_mark_valid((g), GHCB_OFF(field)); \
	} while (0)

/** Mark the 8-byte slot at byte offset @off of the save area valid. */
void ghcb_mark_valid(struct ghcb *g, size_t off);

/** True when the slot at byte offset @off is marked valid. */
bool ghcb_is_valid(const struct ghcb *g, size_t off);

/** Clear the save area (exit fields, registers, valid bitmap). */
void ghcb_clear(struct ghcb *g);

/**
 * Use @g (at guest physical @pa) for NAE exits from now on; it must
 * already be shared and registered. Passing NULL forgets it.
 */
void ghcb_set_page(struct ghcb *g, paddr_t pa);

/** The GHCB page in use, or NULL before ghcb_set_page(). */
struct ghcb *ghcb_page(void);

/** Point SW_SCRATCH at the shared buffer (its guest physical address). */
void ghcb_point_scratch(struct ghcb *g);

/**
 * Copy @len bytes to the shared buffer and point SW_SCRATCH at it.
 * Returns 0 or -MV_EINVAL if @len does not fit.
 */
int ghcb_set_shared_buffer(struct ghcb *g, const void *data, size_t len);

/**
 * Issue NAE exit @code with @info1/@info2 through the GHCB page (other
 * inputs already set with GHCB_SET after ghcb_clear()). Returns 0,
 * -MV_EFAULT when the hypervisor wants an exception injected,
 * -MV_EINVAL for a GHCB input error, -MV_EIO for a malformed response
 * (SW_EXITINFO1 not marked valid, unknown result), -MV_ENODEV without
 * a GHCB page.
 */
int ghcb_nae_exit(struct ghcb *g, uint64_t code, uint64_t info1,
		  uint64_t info2);

/**
 * One GHCB MSR protocol round trip: write @req to the GHCB MSR,
 * VMGEXIT, read the response; the previous MSR value is restored.
 */
uint64_t ghcb_msr_call(uint64_t req);

/** SEV information: negotiated version and C-bit from the hypervisor. */
struct ghcb_sev_info {
	unsigned int ver_min, ver_max; /* what the hypervisor supports */
	unsigned int cbit; /* C-bit position it reports */
};

/** Ask for the SEV information; 0 or -MV_EIO (wrong response code). */
int ghcb_msr_sev_info(struct ghcb_sev_info *info);

/**
 * Pick the highest GHCB protocol version both sides support
 * ([@our_min, @our_max] and the hypervisor's). Returns it, or
 * -MV_ENOTSUP when the ranges do not overlap.
 */
int ghcb_negotiate_version(const struct ghcb_sev_info *info,
			   unsigned int our_min, unsigned int our_max);

/** Hypervisor feature bitmap; 0 or -MV_EIO. */
int ghcb_msr_hv_features(uint64_t *features);

/**
 * Register the GHCB at @gpa (page aligned). Returns 0, -MV_EINVAL,
 * or -MV_EIO if the hypervisor does not echo the GFN.
 */
int ghcb_msr_register(paddr_t gpa);

#define GHCB_PSC_OP_PRIVATE 1U
#define GHCB_PSC_OP_SHARED 2U

/**
 * Page state change of one 4 KiB page at @gpa through the MSR protocol
 * (no GHCB page needed). Returns 0, -MV_EINVAL, or -MV_EIO with the
 * hypervisor's error.
 */
int ghcb_msr_psc(paddr_t gpa, unsigned int op);

/** Ask the hypervisor to terminate the guest with @set/@code. */
void __noreturn ghcb_msr_terminate(unsigned int set, unsigned int code);

#endif
