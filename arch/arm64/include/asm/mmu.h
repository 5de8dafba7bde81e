/* SPDX-License-Identifier: GPL-2.0-only */
/* The arm64 hypervisor VA layout (see docs/arm64.md). */
#ifndef ASM_MMU_H
#define ASM_MMU_H

/** Virtual address bits of the EL2 regime (TCR_EL2.T0SZ = 16). */
#define ARM64_VA_BITS 48
#define ARM64_VA_LIMIT (1UL << ARM64_VA_BITS)
/** Identity-mapped RAM must lie below this (the vapool window). */
#define ARM64_PA_LIMIT (1UL << ARM64_VA_BITS)
/** The vapool window starts here (128 TiB), above any RAM. */
#define ARM64_VAPOOL_BASE (1UL << 47)

#endif
