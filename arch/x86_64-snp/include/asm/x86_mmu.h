/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own page tables on x86_64-snp (mmu.c). */
#ifndef ASM_X86_MMU_H
#define ASM_X86_MMU_H

#include <minivisor/types.h>

/** VA window where vapool lives (above the identity map). */
#define X86_VAPOOL_BASE 0x100000000000ULL

/**
 * Build the identity map of the low 4 GiB with C-bit mask @cbit and
 * switch to it. Returns 0 or a negative error (then the boot map stays).
 */
int x86_mmu_init(uint64_t cbit);

/** Take table pages from host_ram from now on (it has RAM). */
void x86_mmu_use_host_ram(void);

/** Make RAM [@pa, @pa + @size) reachable at the same address. */
int x86_mmu_map_ram(paddr_t pa, uint64_t size);

/** Map the page at @va without the C-bit (the GHCB). */
int x86_mmu_set_shared(vaddr_t va);

/**
 * Page-table pages in use: from the image's pool (@pool_pages of
 * @pool_size) and from host_ram (@frames).
 */
void x86_mmu_stats(unsigned int *pool_pages, unsigned int *pool_size,
		   uint64_t *frames);

#endif
