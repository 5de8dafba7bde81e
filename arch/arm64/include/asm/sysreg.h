/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System register access and the register bits the arm64 port uses.
 * Shared by C and assembly (bit values only in assembly).
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#ifndef __ASSEMBLY__
#include <minivisor/types.h>
#endif

#define _B(n) (1UL << (n))

/* SCTLR_EL2 (non-VHE layout) */
#define SCTLR_M _B(0) /* stage-1 MMU on */
#define SCTLR_A _B(1) /* alignment checks */
#define SCTLR_C _B(2) /* data cacheable */
#define SCTLR_SA _B(3) /* SP alignment checks */
#define SCTLR_I _B(12) /* instruction cacheable */
#define SCTLR_WXN _B(19) /* writable implies execute-never */
#define SCTLR_EL2_RES1 0x30c50830UL
#define SCTLR_EL2_MMU_OFF SCTLR_EL2_RES1
#define SCTLR_EL2_MMU_ON \
	(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN)

/* HCR_EL2 */
#define HCR_VM _B(0)
#define HCR_SWIO _B(1)
#define HCR_FMO _B(3) /* physical FIQ to EL2 */
#define HCR_IMO _B(4) /* physical IRQ to EL2 */
#define HCR_AMO _B(5) /* SError to EL2 */
#define HCR_RW _B(31) /* EL1 is AArch64 */
/*
 * The host value: interrupts and SErrors are taken at EL2 (with IMO = 0
 * an IRQ targets EL1 and is never taken while running at EL2). Guest
 * bits (VM, TSC, TWI...) are added per vCPU by a later layer.
 */
#define HCR_EL2_HOST (HCR_RW | HCR_AMO | HCR_IMO | HCR_FMO)

/* CPTR_EL2 (non-VHE): RES1 bits, TFP = 0 so FP/SIMD is usable (libfdt) */
#define CPTR_EL2_HOST 0x33ffUL

/* TCR_EL2 (non-VHE) */
#define TCR_T0SZ(bits) (64UL - (bits))
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_TG0_4K (0UL << 14)
#define TCR_PS_SHIFT 16
#define TCR_EL2_RES1 (_B(31) | _B(23))

/* MAIR attribute indexes used in page-table entries */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1 /* Device-nGnRE */
#define MAIR_IDX_NC 2 /* Normal non-cacheable */
#define MAIR_EL2_VALUE 0x4404ffUL /* idx0 WB, idx1 nGnRE, idx2 NC */

/* SPSR / DAIF */
#define DAIF_I _B(7)
#define SPSR_MODE_MASK 0xfUL

/* ESR_ELx */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3fUL
#define ESR_IL _B(25)
#define ESR_ISS_MASK 0x1ffffffUL

/* MPIDR_EL1 */
#define MPIDR_AFF_MASK 0xff00ffffffUL

/* ICC_SRE_EL2 */
#define ICC_SRE_SRE _B(0)
#define ICC_SRE_ENABLE _B(3)

/* CNTHP_CTL_EL2 */
#define CNT_CTL_ENABLE _B(0)
#define CNT_CTL_IMASK _B(1)
#define CNT_CTL_ISTATUS _B(2)

#ifndef __ASSEMBLY__

#define read_sysreg(r)                                       \
	({                                                   \
		uint64_t __v;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})

#define write_sysreg(r, v)                                                  \
	do {                                                                \
		uint64_t __v = (uint64_t)(v);                               \
		__asm__ volatile("msr " #r ", %0" : : "r"(__v) : "memory"); \
	} while (0)

/* GICv3 CPU-interface registers by encoding (older assemblers lack names) */
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7

#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")
#define wfi() __asm__ volatile("wfi" : : : "memory")
#define wfe() __asm__ volatile("wfe" : : : "memory")
#define sev() __asm__ volatile("sev" : : : "memory")

/** Smallest data cache line in bytes (CTR_EL0.DminLine): a safe stride. */
static inline uint64_t arm64_dcache_line(void)
{
	return 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

/*
 * "dc @op" on every data cache line of [@start, @start + @size); the
 * caller adds the barrier it needs.
 */
#define dcache_range(op, start, size)                                        \
	do {                                                                 \
		uint64_t __line = arm64_dcache_line();                       \
		uintptr_t __end = (uintptr_t)(start) + (size);               \
		for (uintptr_t __a = ALIGN_DOWN((uintptr_t)(start), __line); \
		     __a < __end; __a += __line)                             \
			__asm__ volatile("dc " #op ", %0"                    \
					 :                                   \
					 : "r"(__a)                          \
					 : "memory");                        \
	} while (0)

/* Expand the name first, for the encoded ICC_* names above. */
#define read_sysreg_s(r) read_sysreg(r)
#define write_sysreg_s(r, v) write_sysreg(r, v)

#endif /* !__ASSEMBLY__ */
#endif
