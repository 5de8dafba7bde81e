// SPDX-License-Identifier: GPL-2.0-only
/*
 * Translation-table building for the 4 KiB granule (asm/pgtable.h). Each
 * step maps or unmaps the largest entry that fits at the current VA,
 * walking from the root and creating or splitting tables on the way.
 */
#include <asm/pgtable.h>
#include <minivisor/compiler.h>
#include <minivisor/errno.h>

#define PT_INDEX(va, l) (((va) >> PT_LEVEL_SHIFT(l)) & (PT_ENTRIES - 1))

static pte_t *pt_new(struct pgtable *pt)
{
	pte_t *t = pt->alloc(pt->ctx);

	if (t)
		pt->tables++;
	return t;
}

static void pt_release(struct pgtable *pt, pte_t *t)
{
	pt->tables--;
	pt->free(t, pt->ctx);
}

static bool pte_is_table(pte_t e, unsigned int lvl)
{
	return lvl < 3 &&
	       (e & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static pte_t *pte_table(pte_t e)
{
	return (pte_t *)(uintptr_t)(e & PTE_ADDR_MASK);
}

static pte_t pte_of_table(const pte_t *t)
{
	return (pte_t)(uintptr_t)t | PTE_TABLE | PTE_VALID;
}

/* Write @e to @p; a live entry is replaced break-before-make. */
static void pte_write(struct pgtable *pt, pte_t *p, pte_t e, vaddr_t va)
{
	pte_t old = *p;

	if (old == e)
		return;
	if (old & PTE_VALID) {
		WRITE_ONCE(*p, 0);
		pt->flush_va(va, pt->ctx);
	}
	pt->sync(pt->ctx); /* a new table's contents before the pointer */
	WRITE_ONCE(*p, e);
}

/* Replace the block at *@p (level @lvl) by a table mapping the same. */
static pte_t *pte_split(struct pgtable *pt, pte_t *p, unsigned int lvl,
			vaddr_t va)
{
	pte_t *t = pt_new(pt);
	pte_t e = *p;
	uint64_t step = PT_LEVEL_SIZE(lvl + 1);

	if (!t)
		return NULL;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = ((e & PTE_ADDR_MASK) + i * step) | (e & PTE_ATTR_MASK) |
		       (lvl + 1 == 3 ? PTE_TABLE : 0) | PTE_VALID;
	pte_write(pt, p, pte_of_table(t), ALIGN_DOWN(va, PT_LEVEL_SIZE(lvl)));
	return t;
}

/* The table *@p points to, creating or splitting as needed. */
static pte_t *pte_next(struct pgtable *pt, pte_t *p, unsigned int lvl,
		       vaddr_t va)
{
	pte_t *t;

	if (pte_is_table(*p, lvl))
		return pte_table(*p);
	if (*p & PTE_VALID)
		return pte_split(pt, p, lvl, va);
	t = pt_new(pt);
	if (t)
		pte_write(pt, p, pte_of_table(t), va);
	return t;
}

/* Map the largest entry that fits at @va; *@done = its size. */
static int map_step(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
		    pte_t attrs, uint64_t *done)
{
	pte_t *table = pt->root;

	for (unsigned int lvl = 0;; lvl++) {
		uint64_t bsize = PT_LEVEL_SIZE(lvl);
		pte_t *p = &table[PT_INDEX(va, lvl)];

		if (lvl == 3 ||
		    (lvl >= 1 && size >= bsize && IS_ALIGNED(va | pa, bsize) &&
		     !pte_is_table(*p, lvl))) {
			pte_write(pt, p,
				  pa | attrs | (lvl == 3 ? PTE_TABLE : 0) |
					  PTE_VALID,
				  va);
			*done = bsize;
			return 0;
		}
		table = pte_next(pt, p, lvl, va);
		if (!table)
			return -MV_ENOMEM;
	}
}

static bool table_empty(const pte_t *t)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

/* Free tables left empty on the path to @va, from level @lvl up. */
static void prune(struct pgtable *pt, pte_t *const path[4], int lvl, vaddr_t va)
{
	for (; lvl >= 0; lvl--) {
		pte_t *child = pte_table(*path[lvl]);

		if (!table_empty(child))
			return;
		WRITE_ONCE(*path[lvl], 0);
		pt->flush_va(va, pt->ctx); /* walk caches hold the pointer */
		pt_release(pt, child);
	}
}

/* Free the tables on the way to @va that hold nothing (failed map). */
static void prune_path(struct pgtable *pt, vaddr_t va)
{
	pte_t *path[4];
	pte_t *table = pt->root;
	int depth = 0;

	for (unsigned int lvl = 0; lvl < 3; lvl++) {
		pte_t *p = &table[PT_INDEX(va, lvl)];

		if (!pte_is_table(*p, lvl))
			break;
		path[depth++] = p;
		table = pte_table(*p);
	}
	if (depth)
		prune(pt, path, depth - 1, va);
}

/* Unmap one entry's worth at @va; *@done = bytes covered. */
static int unmap_step(struct pgtable *pt, vaddr_t va, uint64_t size,
		      uint64_t *done)
{
	pte_t *path[4];
	pte_t *table = pt->root;

	for (unsigned int lvl = 0;; lvl++) {
		uint64_t bsize = PT_LEVEL_SIZE(lvl);
		uint64_t off = va & (bsize - 1);
		pte_t *p = &table[PT_INDEX(va, lvl)];

		if (!(*p & PTE_VALID)) {
			*done = MIN(size, bsize - off);
			return 0;
		}
		if (pte_is_table(*p, lvl)) {
			table = pte_table(*p);
		} else if (!off && size >= bsize) {
			WRITE_ONCE(*p, 0);
			pt->flush_va(va, pt->ctx);
			*done = bsize;
			if (lvl)
				prune(pt, path, (int)lvl - 1, va);
			return 0;
		} else {
			table = pte_split(pt, p, lvl, va);
			if (!table)
				return -MV_ENOMEM;
		}
		path[lvl] = p;
	}
}

static bool range_ok(vaddr_t va, uint64_t size)
{
	return size && IS_ALIGNED(va | size, PAGE_SIZE) && va < PT_VA_LIMIT &&
	       size <= PT_VA_LIMIT - va;
}

int pgtable_unmap(struct pgtable *pt, vaddr_t va, uint64_t size)
{
	uint64_t off = 0, done;
	int ret = 0;

	if (!pt->root || !range_ok(va, size))
		return -MV_EINVAL;
	while (off < size && !ret) {
		ret = unmap_step(pt, va + off, size - off, &done);
		off += done;
	}
	return ret;
}

int pgtable_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
		pte_t attrs)
{
	uint64_t off = 0, done;
	int ret = 0;

	if (!pt->root || !range_ok(va, size) || !IS_ALIGNED(pa, PAGE_SIZE) ||
	    pa >= PT_VA_LIMIT || size > PT_VA_LIMIT - pa ||
	    (attrs & (PTE_ADDR_MASK | PTE_VALID | PTE_TABLE)))
		return -MV_EINVAL;
	while (off < size) {
		ret = map_step(pt, va + off, pa + off, size - off, attrs,
			       &done);
		if (ret)
			break;
		off += done;
	}
	if (ret) { /* leave nothing behind: tables made for the failed step */
		prune_path(pt, va + off);
		if (off) /* and what this call mapped before it */
			pgtable_unmap(pt, va, off);
	}
	pt->sync(pt->ctx);
	return ret;
}

int pgtable_walk(const struct pgtable *pt, vaddr_t va, paddr_t *pa, pte_t *leaf)
{
	const pte_t *table = pt->root;

	if (!table || va >= PT_VA_LIMIT)
		return -MV_ENOENT;
	for (unsigned int lvl = 0;; lvl++) {
		pte_t e = READ_ONCE(table[PT_INDEX(va, lvl)]);

		if (!(e & PTE_VALID))
			return -MV_ENOENT;
		if (!pte_is_table(e, lvl)) {
			*pa = (e & PTE_ADDR_MASK & ~(PT_LEVEL_SIZE(lvl) - 1)) |
			      (va & (PT_LEVEL_SIZE(lvl) - 1));
			if (leaf)
				*leaf = e;
			return 0;
		}
		table = pte_table(e);
	}
}
