/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMSAv8-64 translation tables, 4 KiB granule, 48-bit VA (levels 0-3),
 * as pure data-structure code: no system registers, no locks. Table
 * pages are reached through their physical address used as a pointer
 * (the hypervisor identity-maps RAM; host unit tests use host memory),
 * and the caller supplies allocation and TLB maintenance. Used by
 * arch/arm64/mmu.c for EL2 stage 1 and unit-tested on the host.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <minivisor/types.h>

typedef uint64_t pte_t;

#define PT_ENTRIES 512
#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1) /* levels 0-2: next table; level 3: page */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_RES1 BIT(6) /* AP[1], RES1 in the EL2 regime */
#define PTE_AP_RO BIT(7)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF BIT(10)
#define PTE_XN BIT(54)
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PTE_ATTR_MASK (~PTE_ADDR_MASK & ~3UL)

#define PT_LEVEL_SHIFT(l) (39 - 9 * (l))
#define PT_LEVEL_SIZE(l) (1UL << PT_LEVEL_SHIFT(l))
#define PT_VA_LIMIT (1UL << 48)

/** A table tree and what it needs from its owner. */
struct pgtable {
	pte_t *root; /* level-0 table */
	/** A zeroed table page, or NULL when none is left. */
	pte_t *(*alloc)(void *ctx);
	/** Give back a table page that no entry points to any more. */
	void (*free)(pte_t *table, void *ctx);
	/**
	 * A live entry for @va was just cleared: make the change visible
	 * and drop TLB and walk-cache copies (DSB, TLBI, DSB, ISB).
	 */
	void (*flush_va)(vaddr_t va, void *ctx);
	/** Order table writes before a walker can see them (DSB ISHST). */
	void (*sync)(void *ctx);
	void *ctx;
	uint64_t tables; /* table pages in use, root included */
};

/**
 * Map [@va, @va + @size) to @pa with leaf attributes @attrs (PTE_*
 * bits except VALID/TABLE and the address), using 1 GiB / 2 MiB blocks
 * where alignment allows. Existing mappings in the range are replaced
 * (break-before-make). Returns 0, -MV_EINVAL for unaligned or
 * out-of-range input, or -MV_ENOMEM when a table page is missing; then
 * what this call mapped is unmapped again.
 */
int pgtable_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
		pte_t attrs);

/**
 * Unmap [@va, @va + @size) (holes are fine); blocks only partly inside
 * are split, tables left empty are freed. Returns 0, -MV_EINVAL, or
 * -MV_ENOMEM if a split needed a table (the part before is unmapped).
 */
int pgtable_unmap(struct pgtable *pt, vaddr_t va, uint64_t size);

/**
 * Translate @va: 0 with *@pa (and *@leaf, the descriptor, if not NULL)
 * or -MV_ENOENT.
 */
int pgtable_walk(const struct pgtable *pt, vaddr_t va, paddr_t *pa,
		 pte_t *leaf);

#endif
