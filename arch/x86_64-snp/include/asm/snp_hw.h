/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every SEV-SNP instruction and MSR access of the SNP layer goes through
 * this header. On the target these are inline instructions; on the host
 * (MV_HOST) they are plain functions that the software model in
 * tests/unit/snp/ implements, so the same layer code runs against it.
 */
#ifndef ASM_SNP_HW_H
#define ASM_SNP_HW_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

#define MSR_SEV_GHCB 0xC0010130U /* GHCB GPA / MSR protocol */
#define MSR_SEV_STATUS 0xC0010131U /* SEV features of this guest */

/* PVALIDATE / RMPADJUST page sizes (ECX / RCX). */
#define SNP_PAGE_4K 0U
#define SNP_PAGE_2M 1U

/* PVALIDATE / RMPADJUST return codes (EAX). */
#define SNP_HW_OK 0
#define SNP_HW_FAIL_INPUT 1
#define SNP_HW_FAIL_PERMISSION 2
#define SNP_HW_FAIL_SIZEMISMATCH 6

/* RMPADJUST attributes (RDX). */
#define RMPADJUST_VMPL_MASK 0xffULL
#define RMPADJUST_PERM_SHIFT 8
#define RMPADJUST_VMSA BIT_ULL(16)

/** The four registers CPUID returns. */
struct snp_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

#ifdef MV_HOST

/** Read MSR @msr (model: GHCB and SEV_STATUS only). */
uint64_t snp_hw_rdmsr(uint32_t msr);

/** Write @val to MSR @msr. */
void snp_hw_wrmsr(uint32_t msr, uint64_t val);

/** VMGEXIT: hand control to the hypervisor (the model's hypervisor). */
void snp_hw_vmgexit(void);

/**
 * PVALIDATE the page at virtual address @va (@size SNP_PAGE_*). Returns
 * EAX; *@unchanged receives rFLAGS.CF ("validated bit already had the
 * requested value").
 */
int snp_hw_pvalidate(vaddr_t va, unsigned int size, bool validate,
		     bool *unchanged);

/** RMPADJUST the page at @va with @attrs (RDX); returns EAX. */
int snp_hw_rmpadjust(vaddr_t va, unsigned int size, uint64_t attrs);

/** CPUID leaf @leaf, subleaf @subleaf. */
void snp_hw_cpuid(uint32_t leaf, uint32_t subleaf, struct snp_cpuid_regs *r);

/** Stop this CPU for good (after a termination request was ignored). */
void __noreturn snp_hw_halt(void);

#else

/** Read MSR @msr. */
static inline uint64_t snp_hw_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

/** Write @val to MSR @msr. */
static inline void snp_hw_wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
}

/** VMGEXIT (REP VMMCALL); memory clobber: the HV reads and writes GHCB. */
static inline void snp_hw_vmgexit(void)
{
	asm volatile(".byte 0xf3, 0x0f, 0x01, 0xd9" ::: "memory");
}

/**
 * PVALIDATE (F2 0F 01 FF). CF is captured through a flag output operand
 * so no instruction can clobber it between PVALIDATE and the test.
 */
static inline int snp_hw_pvalidate(vaddr_t va, unsigned int size, bool validate,
				   bool *unchanged)
{
	uint64_t ret;
	bool cf;

	asm volatile(".byte 0xf2, 0x0f, 0x01, 0xff"
		     : "=a"(ret), "=@ccc"(cf)
		     : "a"(va), "c"((uint64_t)size), "d"((uint64_t)validate)
		     : "memory");
	*unchanged = cf;
	return (int)(uint32_t)ret;
}

/** RMPADJUST (F3 0F 01 FE); returns EAX. */
static inline int snp_hw_rmpadjust(vaddr_t va, unsigned int size,
				   uint64_t attrs)
{
	uint64_t ret;

	asm volatile(".byte 0xf3, 0x0f, 0x01, 0xfe"
		     : "=a"(ret)
		     : "a"(va), "c"((uint64_t)size), "d"(attrs)
		     : "memory");
	return (int)(uint32_t)ret;
}

/** CPUID leaf @leaf, subleaf @subleaf. */
static inline void snp_hw_cpuid(uint32_t leaf, uint32_t subleaf,
				struct snp_cpuid_regs *r)
{
	asm volatile("cpuid"
		     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
		     : "a"(leaf), "c"(subleaf));
}

/** Stop this CPU for good. */
static inline void __noreturn snp_hw_halt(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif /* MV_HOST */

#endif
