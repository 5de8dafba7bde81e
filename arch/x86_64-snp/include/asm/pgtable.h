/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64 4-level page tables with an SEV C-bit. Private memory is
 * mapped with the C-bit set (in table entries too: the tables are
 * private), shared memory (the GHCB, MMIO) without it. Pure C on top of
 * an allocator and a physical-to-virtual function, so the host tests can
 * build and walk tables in ordinary memory.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <minivisor/types.h>

#define PTE_P BIT_ULL(0)
#define PTE_RW BIT_ULL(1)
#define PTE_US BIT_ULL(2)
#define PTE_PWT BIT_ULL(3)
#define PTE_PCD BIT_ULL(4)
#define PTE_PS BIT_ULL(7)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PGT_2M (2ULL << 20)

/** A page-table tree. */
struct pgtable {
	uint64_t *root; /* the PML4 */
	paddr_t root_pa;
	uint64_t cbit; /* C-bit mask (0 on the native platform) */
	/** One zero-able 4 KiB page for a table; 0 or -MV_ENOMEM. */
	int (*alloc)(paddr_t *pa);
	/** Where table page @pa can be written. */
	void *(*p2v)(paddr_t pa);
	uint64_t tables; /* table pages in use, root included */
};

/**
 * Start an empty tree with C-bit mask @cbit. Returns 0, -MV_ENOMEM, or
 * -MV_EINVAL for a mask that is not a single bit in 32..51 (or 0).
 */
int pgt_init(struct pgtable *pt, uint64_t cbit, int (*alloc)(paddr_t *pa),
	     void *(*p2v)(paddr_t pa));

/**
 * Map [@va, @va + @size) to @pa with leaf flags @flags (PTE_RW, PTE_PCD,
 * ...; PTE_P is implied), private (C-bit) unless @shared. Uses 2 MiB
 * pages where both addresses are aligned and 2 MiB remain; splits a
 * 2 MiB page that a 4 KiB mapping falls into. Returns 0, -MV_EINVAL
 * (misaligned, non-canonical, address colliding with the C-bit) or
 * -MV_ENOMEM (the part mapped so far stays mapped).
 */
int pgt_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
	    uint64_t flags, bool shared);

/** Remove [@va, @va + @size) (page aligned); 0, -MV_EINVAL, -MV_ENOMEM. */
int pgt_unmap(struct pgtable *pt, vaddr_t va, uint64_t size);

/**
 * Translate @va: 0 with *@pa (C-bit removed) and, if @leaf is not NULL,
 * the leaf entry; -MV_ENOENT when unmapped.
 */
int pgt_lookup(const struct pgtable *pt, vaddr_t va, paddr_t *pa,
	       uint64_t *leaf);

/**
 * Make the 4 KiB page at @va shared (C-bit clear) or private, splitting
 * a 2 MiB mapping around it. Returns 0, -MV_ENOENT, -MV_ENOMEM.
 */
int pgt_set_shared(struct pgtable *pt, vaddr_t va, bool shared);

#endif
