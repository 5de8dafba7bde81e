/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SVSM protocol served to the guest OS at a lower VMPL (snp-facts.md
 * 8): the request dispatcher, the core protocol (protocol 0, version 1)
 * and the calling-area handshake.
 *
 * A request is the guest's RAX (protocol << 32 | call ID), RCX, RDX, R8
 * and R9 plus the GPA of the caller's calling area; the answer is a
 * result code in RAX and outputs in RCX/RDX/R8. Bad input never panics:
 * every request ends with one of the SVSM_* result codes below and
 * leaves the RMP exactly as that code says (a failed PVALIDATE entry
 * changes nothing for that entry).
 *
 * Guest memory is touched only through the bounds-checked accessors of
 * svsm/gmem.c, and only in pages the SVSM knows to be validated: the
 * SVSM is the only one that can PVALIDATE, so it tracks the validated
 * state of every guest page itself (an access to an unvalidated page
 * would raise #VC in the SVSM).
 *
 * There is no lower-VMPL guest under QEMU 7.2 (no SNP), so the request
 * path runs only on the host, against the model in tests/unit/snp/.
 */
#ifndef ASM_SVSM_H
#define ASM_SVSM_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

/* Result codes (RAX). */
#define SVSM_SUCCESS 0x00000000ULL
#define SVSM_ERR_INCOMPLETE 0x80000000ULL
#define SVSM_ERR_UNSUPPORTED_PROTOCOL 0x80000001ULL
#define SVSM_ERR_UNSUPPORTED_CALL 0x80000002ULL
#define SVSM_ERR_INVALID_ADDRESS 0x80000003ULL
#define SVSM_ERR_INVALID_FORMAT 0x80000004ULL
#define SVSM_ERR_INVALID_PARAMETER 0x80000005ULL
#define SVSM_ERR_INVALID_REQUEST 0x80000006ULL
#define SVSM_ERR_BUSY 0x80000007ULL
/* Protocol-specific: base + PVALIDATE/RMPADJUST return code. */
#define SVSM_ERR_PROTOCOL_BASE 0x80001000ULL
#define SVSM_ERR_FAIL_INPUT (SVSM_ERR_PROTOCOL_BASE + 1)
#define SVSM_ERR_FAIL_PERMISSION (SVSM_ERR_PROTOCOL_BASE + 2)
#define SVSM_ERR_VMSA_IN_USE (SVSM_ERR_PROTOCOL_BASE + 3)
#define SVSM_ERR_FAIL_SIZEMISMATCH (SVSM_ERR_PROTOCOL_BASE + 6)
#define SVSM_ERR_FAIL_UNCHANGED (SVSM_ERR_PROTOCOL_BASE + 0x10)
/* An instruction failure (SNP_HW_FAIL_*, as RMPADJUST/PVALIDATE return it). */
#define SVSM_ERR_HW(ret) (SVSM_ERR_PROTOCOL_BASE + (uint32_t)(ret))

/* Protocols and core calls. */
#define SVSM_CORE_PROTOCOL 0U
#define SVSM_CORE_VERSION_MIN 1U
#define SVSM_CORE_VERSION_MAX 1U
#define SVSM_CORE_REMAP_CA 0U
#define SVSM_CORE_PVALIDATE 1U
#define SVSM_CORE_CREATE_VCPU 2U
#define SVSM_CORE_DELETE_VCPU 3U
#define SVSM_CORE_DEPOSIT_MEM 4U
#define SVSM_CORE_WITHDRAW_MEM 5U
#define SVSM_CORE_QUERY_PROTOCOL 6U
#define SVSM_CORE_CONFIGURE_VTOM 7U
#define SVSM_CORE_NR_CALLS 8U

/** RAX of a call: @proto << 32 | @call. */
#define SVSM_RAX(proto, call) (((uint64_t)(proto) << 32) | (uint32_t)(call))

/* Calling area: call_pending at byte 0, the buffer from byte 8. */
#define SVSM_CA_CALL_PENDING 0U
#define SVSM_CA_BUFFER 8U

/* PVALIDATE request list: u16 num_entries, u16 next, 4 reserved, u64s. */
#define SVSM_PVL_HDR_SIZE 8U
#define SVSM_PVL_NUM 0U
#define SVSM_PVL_NEXT 2U
#define SVSM_PVL_SIZE_MASK 0x3ULL /* 0 = 4K, 1 = 2M */
#define SVSM_PVL_VALIDATE BIT_ULL(2)
#define SVSM_PVL_IGNORE_CF BIT_ULL(3)
#define SVSM_PVL_RESERVED 0xff0ULL
#define SVSM_PVL_GPA_MASK (~0xfffULL)

/** A PVALIDATE list entry for @gpa: @huge 2M, @validate, @ignore_cf. */
#define SVSM_PVL_ENTRY(gpa, huge, validate, ignore_cf)               \
	(((uint64_t)(gpa)&SVSM_PVL_GPA_MASK) | ((huge) ? 1ULL : 0) | \
	 ((validate) ? SVSM_PVL_VALIDATE : 0) |                      \
	 ((ignore_cf) ? SVSM_PVL_IGNORE_CF : 0))

/* VMSA fields the SVSM checks (offsets in the 4 KiB VMSA page). */
#define SVSM_VMSA_VMPL 0x0caU /* u8 */
#define SVSM_VMSA_EFER 0x0d0U /* u64 */
#define SVSM_VMSA_SEV_FEATURES 0x3b0U /* u64 */
#define SVSM_EFER_SVME BIT_ULL(12)

/* Limits of this implementation. */
#define SVSM_MAX_SVSM_RANGES 8U /* ranges of SVSM memory */
#define SVSM_MAX_GUEST_SIZE (1ULL << 30) /* tracked guest memory */
#define SVSM_MAX_VCPUS 64U /* VMSAs created through CREATE_VCPU */
#define SVSM_MAX_ERROR_CODES 16U

/** How the SVSM serves its guest. */
struct svsm_config {
	paddr_t guest_base; /* guest memory: page aligned */
	uint64_t guest_size; /* at most SVSM_MAX_GUEST_SIZE */
	unsigned int guest_vmpl; /* 1..3 */
	struct {
		paddr_t start;
		uint64_t size;
	} svsm_mem[SVSM_MAX_SVSM_RANGES]; /* memory the guest never gets */
	unsigned int nsvsm_mem;
	bool serve; /* serve the protocols (SNP only); else describe only */
};

/** One call: the caller's registers in, the results out. */
struct svsm_call {
	uint64_t rax, rcx, rdx, r8, r9; /* in; rax/rcx/rdx/r8 out */
	paddr_t caa; /* calling area GPA; REMAP_CA replaces it */
	uint64_t sev_features; /* the caller's VMSA SEV_FEATURES */
	paddr_t vmsa; /* the caller's own VMSA GPA (0: unknown) */
};

/** A VMSA created through SVSM_CORE_CREATE_VCPU. */
struct svsm_vcpu {
	paddr_t vmsa; /* 0: free slot */
	paddr_t caa;
	uint32_t apic_id;
};

/** A result code and how often it was returned. */
struct svsm_error_count {
	uint64_t code, count;
};

/** The SVSM's state, read-only outside svsm/ (the `svsm` command). */
struct svsm_state {
	struct svsm_config cfg;
	bool configured, active;
	struct svsm_vcpu vcpus[SVSM_MAX_VCPUS];
	uint64_t calls[SVSM_CORE_NR_CALLS]; /* core calls handled, by ID */
	uint64_t calls_other; /* unknown protocol or call */
	uint64_t not_pending; /* handshakes without call_pending */
	struct svsm_error_count errors[SVSM_MAX_ERROR_CODES];
	uint64_t guest_validated; /* guest 4 KiB pages validated now */
};

/** The SVSM's state. */
extern struct svsm_state svsm_state;

/**
 * Configure the SVSM from @cfg (forgetting every earlier request, vCPU
 * and validated page). Returns 0, or -MV_EINVAL for a misaligned or
 * empty guest region, a guest VMPL outside 1..3, or guest memory that
 * overlaps SVSM memory; -MV_E2BIG for too much guest memory.
 */
int svsm_init(const struct svsm_config *cfg);

/** Forget the configuration and everything else (tests). */
void svsm_reset(void);

/**
 * Take over guest pages [@gpa, @gpa + @size) validated at launch: the
 * SVSM records them as validated and grants the guest VMPL RWX with
 * RMPADJUST (4 KiB at a time). Returns 0, -MV_EINVAL for a range
 * outside guest memory or not page aligned, or -MV_EIO if RMPADJUST
 * fails (the pages done so far stay adopted).
 */
int svsm_guest_adopt(paddr_t gpa, uint64_t size);

/** True when the SVSM has guest page @gpa recorded as validated. */
bool svsm_guest_validated(paddr_t gpa);

/**
 * The calling-area handshake: act only if call_pending at @c->caa is
 * non-zero; clear it, dispatch, and put the results into @c. Returns
 * true if the call was handled, false (and @c untouched) if nothing was
 * pending or the calling area cannot be read.
 */
bool svsm_handle_call(struct svsm_call *c);

/**
 * Dispatch one call without the handshake. Sets @c->rax to the result
 * code (and the call's outputs) and returns the result code.
 */
uint64_t svsm_dispatch(struct svsm_call *c);

/** True if @code is one of the result codes the SVSM can return. */
bool svsm_result_known(uint64_t code);

/** Name of result code @code ("invalid-parameter"), or "unknown". */
const char *svsm_result_name(uint64_t code);

/** Name of core call @id ("pvalidate"), or NULL past the last. */
const char *svsm_core_call_name(unsigned int id);

/** Register the `svsm` shell command; 0 or a shell_register() error. */
int svsm_cmd_register(void);

/* Inside svsm/: the per-call handlers and the guest memory layer. */

/** A call handler: reads its inputs from @c, returns the result code. */
typedef uint64_t (*svsm_call_fn)(struct svsm_call *c);

/** A protocol: its ID, versions served and call table. */
struct svsm_protocol {
	uint32_t id;
	const char *name;
	uint32_t min, max; /* versions */
	const svsm_call_fn *calls; /* indexed by call ID, NULL: unsupported */
	unsigned int ncalls;
};

/** Protocol 0. */
extern const struct svsm_protocol svsm_core_protocol;

/** The @i-th protocol served, or NULL past the end (or not serving). */
const struct svsm_protocol *svsm_protocol_at(unsigned int i);

/**
 * QUERY_PROTOCOL's answer for RCX = protocol << 32 | version: max << 32
 * | min of that protocol if it is served in that version, else 0.
 */
uint64_t svsm_query_protocol(uint64_t rcx);

/** The SVSM PVALIDATE call (list at @c->rcx). Returns the result. */
uint64_t svsm_core_pvalidate(struct svsm_call *c);

/** SVSM_CORE_CREATE_VCPU. Returns the result code. */
uint64_t svsm_core_create_vcpu(struct svsm_call *c);

/** SVSM_CORE_DELETE_VCPU. Returns the result code. */
uint64_t svsm_core_delete_vcpu(struct svsm_call *c);

/** The created VMSA at @gpa, or NULL. */
struct svsm_vcpu *svsm_vcpu_find(paddr_t gpa);

/**
 * True when [@a, @a + @asz) and [@b, @b + @bsz) share a byte; the shared
 * ranges_overlap(), which cannot wrap on guest-supplied sizes.
 */
static inline bool svsm_ranges_overlap(paddr_t a, uint64_t asz, paddr_t b,
				       uint64_t bsz)
{
	return ranges_overlap(a, asz, b, bsz);
}

/** True if [@gpa, @gpa + @size) overlaps a created VMSA page. */
bool svsm_overlaps_vmsa(paddr_t gpa, uint64_t size);

/**
 * Check [@gpa, @gpa + @size) for a request: SVSM_SUCCESS if it lies in
 * guest memory and overlaps no SVSM memory, else INVALID_ADDRESS.
 */
uint64_t svsm_gmem_check(paddr_t gpa, uint64_t size);

/**
 * Copy @len bytes at guest @gpa to @buf. The range must pass
 * svsm_gmem_check(), stay in one page and lie in a page the SVSM has
 * recorded as validated. Returns 0 or -MV_EFAULT.
 */
int svsm_gmem_read(paddr_t gpa, void *buf, size_t len);

/** Copy @len bytes from @buf to guest @gpa; as svsm_gmem_read(). */
int svsm_gmem_write(paddr_t gpa, const void *buf, size_t len);

/** Zero validated guest memory [@gpa, @gpa + @size) (page aligned). */
void svsm_gmem_zero(paddr_t gpa, uint64_t size);

/** Forget every validated guest page (svsm_init). */
void svsm_gmem_reset(void);

/** Record [@gpa, @gpa + @size) of guest memory as validated or not. */
void svsm_gmem_track(paddr_t gpa, uint64_t size, bool validated);

/**
 * How many 4 KiB pages of [@gpa, @gpa + @size) are recorded as
 * validated.
 */
uint64_t svsm_gmem_count(paddr_t gpa, uint64_t size);

/**
 * RMPADJUST [@gpa, @gpa + @size) (4 KiB or 2 MiB) for every VMPL from
 * the guest's to 3: @perms (bits 3:0 = R W XU XS) for the guest VMPL,
 * nothing for the others; @vmsa sets the VMSA bit. Returns the
 * instruction's code (SNP_HW_*).
 */
int svsm_rmp_set(paddr_t gpa, bool huge, uint8_t perms, bool vmsa);

#define SVSM_PERM_R 0x1U
#define SVSM_PERM_RWX 0xfU

#ifdef MV_HOST
/**
 * Host builds only: the model checks that the SVSM may touch guest
 * @gpa (@len bytes, @write) - assigned and validated in the RMP - and
 * faults otherwise, as the hardware would (#VC / #NPF).
 */
void svsm_hw_guest_access(paddr_t gpa, size_t len, bool write);

/** Flush every CPU's TLB (the model counts the flushes). */
void svsm_hw_flush_tlb(void);
#else
/** On the target the access itself is the check. */
static inline void svsm_hw_guest_access(paddr_t gpa, size_t len, bool write)
{
	(void)gpa;
	(void)len;
	(void)write;
}

/**
 * Flush every CPU's TLB, global entries included: INVLPGB (0F 01 FE)
 * with RAX bit 3 and no address, then TLBSYNC (0F 01 FF) to wait for
 * it. RMP permissions are cached in TLB entries, so a revoke is only
 * complete once no CPU can still use an old translation.
 */
static inline void svsm_hw_flush_tlb(void)
{
	asm volatile(".byte 0x0f, 0x01, 0xfe" ::"a"(8ULL), "c"(0ULL), "d"(0ULL)
		     : "memory");
	asm volatile(".byte 0x0f, 0x01, 0xff" ::: "memory");
}
#endif

#endif
