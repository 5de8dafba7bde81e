/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64 definitions shared by the assembly entry code and C: segment
 * selectors, control-register and EFER bits, and (in C) small inline
 * accessors for privileged registers.
 */
#ifndef ASM_X86_H
#define ASM_X86_H

#define X86_CS64 0x08 /* 64-bit code segment */
#define X86_DS 0x10 /* flat data segment */
#define X86_TSS 0x18 /* 16-byte TSS descriptor (two GDT slots) */

#define CR0_PE 0x00000001
#define CR0_MP 0x00000002
#define CR0_EM 0x00000004
#define CR0_TS 0x00000008
#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR4_PAE 0x00000020
#define CR4_OSFXSR 0x00000200
#define CR4_OSXMMEXCPT 0x00000400
#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define EFER_LME 0x00000100

#define X86_NR_EXCEPTIONS 32
#define X86_IST_STACK_SIZE 8192

#ifndef __ASSEMBLY__

#include <minivisor/compiler.h>
#include <minivisor/types.h>

/** Registers saved by the exception entry (entry.S), lowest first. */
struct x86_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/** Read CR2 (the faulting address of the last #PF). */
static inline uint64_t x86_read_cr2(void)
{
	uint64_t v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

/** Read CR3. */
static inline uint64_t x86_read_cr3(void)
{
	uint64_t v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/** Load CR3 (flushes non-global TLB entries). */
static inline void x86_write_cr3(uint64_t v)
{
	asm volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

/** Invalidate the TLB entry of @va. */
static inline void x86_invlpg(vaddr_t va)
{
	asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}

/** Read the time-stamp counter. */
static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/** The exception entry points of entry.S, one per vector 0..31. */
extern const uint64_t x86_exception_stubs[X86_NR_EXCEPTIONS];

/** C handler of every exception: report and stop (traps.c). */
void x86_exception(struct x86_regs *regs);

/** Set up GDT, TSS with IST stacks and IDT on the boot CPU (cpu.c). */
void x86_cpu_init(void);

/** Calibrate the TSC against the PIT (time.c). */
void x86_time_init(void);

/** Point FS.base at a canary for libfdt's stack protector. */
void x86_stackprot_init(void);

/** TSC ticks per second, as calibrated (time.c). */
uint64_t x86_tsc_hz(void);

/** C entry, called by head.S with the PVH start_info address. */
void __noreturn x86_main(uint32_t start_info_pa);

#endif /* __ASSEMBLY__ */

#endif
