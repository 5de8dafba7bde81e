// SPDX-License-Identifier: GPL-2.0-only
/*
 * 4-level page tables with the SEV C-bit (asm/pgtable.h). A leaf lives
 * at level 2 (2 MiB, PTE_PS) or level 1 (4 KiB); levels are numbered
 * 4 (PML4) down to 1.
 */
#include <string.h>

#include <minivisor/errno.h>
#include <asm/pgtable.h>

#define PGT_ENTRIES 512
#define PGT_TABLE_FLAGS (PTE_P | PTE_RW)

static unsigned int pgt_index(vaddr_t va, int level)
{
	return (va >> (12 + 9 * (level - 1))) & (PGT_ENTRIES - 1);
}

static bool pgt_canonical(vaddr_t va)
{
	uint64_t top = (uint64_t)va >> 47;

	return top == 0 || top == 0x1ffff;
}

static paddr_t pte_addr(const struct pgtable *pt, uint64_t e)
{
	return e & PTE_ADDR_MASK & ~pt->cbit;
}

static uint64_t *pgt_table(const struct pgtable *pt, uint64_t e)
{
	return pt->p2v(pte_addr(pt, e));
}

static int pgt_new_table(struct pgtable *pt, paddr_t *pa)
{
	int ret = pt->alloc(pa);

	if (ret)
		return ret;
	memset(pt->p2v(*pa), 0, PAGE_SIZE);
	pt->tables++;
	return 0;
}

int pgt_init(struct pgtable *pt, uint64_t cbit, int (*alloc)(paddr_t *pa),
	     void *(*p2v)(paddr_t pa))
{
	int ret;

	if (cbit &&
	    (!IS_POW2(cbit) || cbit < BIT_ULL(32) || cbit > BIT_ULL(51)))
		return -MV_EINVAL;
	memset(pt, 0, sizeof(*pt));
	pt->cbit = cbit;
	pt->alloc = alloc;
	pt->p2v = p2v;
	ret = pgt_new_table(pt, &pt->root_pa);
	if (!ret)
		pt->root = p2v(pt->root_pa);
	return ret;
}

/* Replace the 2 MiB leaf *@e by a table of 512 equal 4 KiB leaves. */
static int pgt_split(struct pgtable *pt, uint64_t *e)
{
	uint64_t flags = *e & ~PTE_ADDR_MASK & ~PTE_PS;
	uint64_t c = *e & pt->cbit;
	paddr_t base = pte_addr(pt, *e), tpa;
	uint64_t *t;
	int ret = pgt_new_table(pt, &tpa);

	if (ret)
		return ret;
	t = pt->p2v(tpa);
	for (unsigned int i = 0; i < PGT_ENTRIES; i++)
		t[i] = (base + i * PAGE_SIZE) | c | flags;
	*e = tpa | pt->cbit | PGT_TABLE_FLAGS;
	return 0;
}

/* The entry for @va at @level, creating (or splitting) tables above. */
static int pgt_walk(struct pgtable *pt, vaddr_t va, int level, uint64_t **out)
{
	uint64_t *t = pt->root;

	for (int l = 4; l > level; l--) {
		uint64_t *e = &t[pgt_index(va, l)];
		paddr_t tpa;
		int ret = 0;

		if (!(*e & PTE_P)) {
			ret = pgt_new_table(pt, &tpa);
			if (!ret)
				*e = tpa | pt->cbit | PGT_TABLE_FLAGS;
		} else if (*e & PTE_PS) {
			ret = pgt_split(pt, e);
		}
		if (ret)
			return ret;
		t = pgt_table(pt, *e);
	}
	*out = &t[pgt_index(va, level)];
	return 0;
}

static bool pgt_args_ok(const struct pgtable *pt, vaddr_t va, paddr_t pa,
			uint64_t size)
{
	uint64_t limit = pt->cbit ? pt->cbit : BIT_ULL(52);

	return size && IS_ALIGNED(va | pa | size, PAGE_SIZE) &&
	       va + size > va && pgt_canonical(va) &&
	       pgt_canonical(va + size - 1) && pa + size > pa &&
	       pa + size <= limit;
}

/*
 * Set every leaf of [@va, @va + @size) to @pa onwards with @bits (2 MiB
 * leaves where both addresses allow), or clear them when @bits is 0.
 */
static int pgt_set_range(struct pgtable *pt, vaddr_t va, paddr_t pa,
			 uint64_t size, uint64_t bits)
{
	while (size) {
		bool huge = IS_ALIGNED(va | pa, PGT_2M) && size >= PGT_2M;
		uint64_t step = huge ? PGT_2M : PAGE_SIZE;
		uint64_t *e;
		int ret = pgt_walk(pt, va, huge ? 2 : 1, &e);

		if (ret)
			return ret;
		*e = bits ? pa | bits | (huge ? PTE_PS : 0) : 0;
		va += step;
		pa += step;
		size -= step;
	}
	return 0;
}

int pgt_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
	    uint64_t flags, bool shared)
{
	uint64_t c = shared ? 0 : pt->cbit;

	flags = (flags & ~PTE_ADDR_MASK & ~PTE_PS) | PTE_P;
	if (!pgt_args_ok(pt, va, pa, size))
		return -MV_EINVAL;
	return pgt_set_range(pt, va, pa, size, c | flags);
}

int pgt_unmap(struct pgtable *pt, vaddr_t va, uint64_t size)
{
	if (!pgt_args_ok(pt, va, 0, size))
		return -MV_EINVAL;
	return pgt_set_range(pt, va, 0, size, 0);
}

int pgt_lookup(const struct pgtable *pt, vaddr_t va, paddr_t *pa,
	       uint64_t *leaf)
{
	const uint64_t *t = pt->root;

	if (!pgt_canonical(va))
		return -MV_ENOENT;
	for (int l = 4; l >= 1; l--) {
		uint64_t e = t[pgt_index(va, l)];
		uint64_t off_mask = (1ULL << (12 + 9 * (l - 1))) - 1;

		if (!(e & PTE_P))
			return -MV_ENOENT;
		if (l == 1 || (l == 2 && (e & PTE_PS))) {
			*pa = pte_addr(pt, e) + (va & off_mask);
			if (leaf)
				*leaf = e;
			return 0;
		}
		t = pgt_table(pt, e);
	}
	return -MV_ENOENT;
}

int pgt_set_shared(struct pgtable *pt, vaddr_t va, bool shared)
{
	paddr_t pa;
	uint64_t *e;
	int ret = pgt_lookup(pt, va, &pa, NULL);

	if (ret)
		return ret;
	ret = pgt_walk(pt, ALIGN_DOWN(va, PAGE_SIZE), 1, &e);
	if (ret)
		return ret;
	*e = shared ? *e & ~pt->cbit : *e | pt->cbit;
	return 0;
}
