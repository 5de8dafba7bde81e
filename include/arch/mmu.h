/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor address-space operations used by mm/aspace. Mappings are
 * made in the hypervisor's own (stage-1) translation regime.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <minivisor/types.h>

#define MMU_ATTR_READ BIT(0) /* readable */
#define MMU_ATTR_WRITE BIT(1) /* writable */
#define MMU_ATTR_EXEC BIT(2) /* executable */
#define MMU_ATTR_DEVICE BIT(3) /* device memory (nGnRE / UC) */
#define MMU_ATTR_UNCACHED BIT(4) /* normal memory, non-cacheable */
#define MMU_ATTR_SHARED BIT(5) /* SNP: mapped without the C-bit */

#define MMU_ATTR_RW (MMU_ATTR_READ | MMU_ATTR_WRITE)
#define MMU_ATTR_IO (MMU_ATTR_RW | MMU_ATTR_DEVICE)

/**
 * Map [@pa, @pa + @size) at @va with @attr. @va, @pa and @size are page
 * aligned. Returns 0, -MV_EINVAL for bad input, -MV_ENOMEM when no page
 * table memory is left (nothing is mapped then).
 */
int arch_mmu_map(vaddr_t va, paddr_t pa, size_t size, unsigned int attr);

/** Remove the mapping of [@va, @va + @size) and invalidate the TLB. */
int arch_mmu_unmap(vaddr_t va, size_t size);

/** Translate @va; returns 0 and sets *@pa, or -MV_ENOENT if unmapped. */
int arch_mmu_va2pa(vaddr_t va, paddr_t *pa);

#endif
