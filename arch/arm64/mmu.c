// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2 stage-1 translation (arch/mmu.h): 4 KiB granule, 48-bit VA, four
 * levels, one table tree shared by every CPU (TTBR0_EL2).
 *
 * VA layout (docs/arm64.md): RAM is identity mapped (VA == PA) for the
 * hypervisor itself, with the image split by permission (text RX,
 * rodata R, data/bss RW+XN; SCTLR_EL2.WXN on); the vapool window for
 * `host aspace` mappings starts at ARM64_VAPOOL_BASE, above any RAM.
 *
 * Table pages come from a small pool in .bss until the frame allocator
 * exists, then from host_ram frames (which are identity mapped, so a
 * table's physical address is also its pointer).
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/spinlock.h>
#include <asm/arm64.h>
#include <asm/mmu.h>
#include <minivisor/errno.h>

#define PT_ENTRIES 512
#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1) /* levels 0-2: table; level 3: page */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_RES1 BIT(6) /* AP[1] is RES1 in the EL2 regime */
#define PTE_AP_RO BIT(7)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF BIT(10)
#define PTE_XN BIT(54)
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PTE_ATTR_MASK (~PTE_ADDR_MASK & ~3UL)

#define LEVEL_SHIFT(l) (39 - 9 * (l))
#define LEVEL_SIZE(l) (1UL << LEVEL_SHIFT(l))
#define PT_INDEX(va, l) (((va) >> LEVEL_SHIFT(l)) & (PT_ENTRIES - 1))

typedef uint64_t pte_t;

static pte_t pt_pool[CONFIG_ARM64_PGTABLE_POOL][PT_ENTRIES] __aligned(4096);
static uint64_t pool_used; /* bitmap over pt_pool */
static uint64_t frame_tables; /* tables taken from host_ram */
static int (*frame_alloc)(paddr_t *pa);
static void (*frame_free)(paddr_t pa);
static pte_t *pt_root;
static arch_spinlock_t mmu_lock = ARCH_SPINLOCK_INIT;

BUILD_BUG_ON(CONFIG_ARM64_PGTABLE_POOL > 64);

struct arm64_mmu_regs arm64_mmu_boot_regs;

static void pt_zero(pte_t *t)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
}

static pte_t *pt_alloc(void)
{
	paddr_t pa;

	for (unsigned int i = 0; i < CONFIG_ARM64_PGTABLE_POOL; i++) {
		if (!(pool_used & BIT(i))) {
			pool_used |= BIT(i);
			pt_zero(pt_pool[i]);
			return pt_pool[i];
		}
	}
	if (!frame_alloc || frame_alloc(&pa))
		return NULL;
	frame_tables++;
	pt_zero((pte_t *)pa);
	return (pte_t *)pa;
}

static void pt_free(pte_t *t)
{
	uintptr_t i = (uintptr_t)(t - pt_pool[0]) / PT_ENTRIES;

	if (t >= pt_pool[0] && i < CONFIG_ARM64_PGTABLE_POOL) {
		pool_used &= ~BIT(i);
	} else if (frame_free) {
		frame_tables--;
		frame_free((paddr_t)(uintptr_t)t);
	}
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

static void tlb_flush_va(vaddr_t va)
{
	dsb(ishst);
	__asm__ volatile("tlbi vae2is, %0"
			 :
			 : "r"(va >> PAGE_SHIFT)
			 : "memory");
	dsb(ish);
	isb();
}

/* Write @e to @p; a live entry is replaced break-before-make. */
static void pte_write(pte_t *p, pte_t e, vaddr_t va)
{
	pte_t old = *p;

	if (old == e)
		return;
	if (old & PTE_VALID) {
		WRITE_ONCE(*p, 0);
		tlb_flush_va(va);
	}
	dsb(ishst); /* a new table's contents before the pointer to it */
	WRITE_ONCE(*p, e);
}

/* Replace the block at *@p (level @lvl) by a table of the same mapping. */
static pte_t *pte_split(pte_t *p, unsigned int lvl, vaddr_t va)
{
	pte_t *t = pt_alloc();
	pte_t e = *p;
	uint64_t step = LEVEL_SIZE(lvl + 1);

	if (!t)
		return NULL;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = ((e & PTE_ADDR_MASK) + i * step) | (e & PTE_ATTR_MASK) |
		       (lvl + 1 == 3 ? PTE_TABLE : 0) | PTE_VALID;
	pte_write(p, (paddr_t)(uintptr_t)t | PTE_TABLE | PTE_VALID,
		  ALIGN_DOWN(va, LEVEL_SIZE(lvl)));
	return t;
}

/* The table *@p points to, creating or splitting as needed. */
static pte_t *pte_next(pte_t *p, unsigned int lvl, vaddr_t va)
{
	pte_t *t;

	if (pte_is_table(*p, lvl))
		return pte_table(*p);
	if (*p & PTE_VALID)
		return pte_split(p, lvl, va);
	t = pt_alloc();
	if (t)
		pte_write(p, (paddr_t)(uintptr_t)t | PTE_TABLE | PTE_VALID, va);
	return t;
}

/* Map the largest block that fits at @va; sets *@done to its size. */
static int mmu_map_chunk(vaddr_t va, paddr_t pa, uint64_t size, pte_t attrs,
			 uint64_t *done)
{
	pte_t *table = pt_root;

	for (unsigned int lvl = 0;; lvl++) {
		uint64_t bsize = LEVEL_SIZE(lvl);
		pte_t *p = &table[PT_INDEX(va, lvl)];

		if (lvl == 3 ||
		    (lvl >= 1 && size >= bsize && IS_ALIGNED(va | pa, bsize) &&
		     !pte_is_table(*p, lvl))) {
			pte_write(p,
				  pa | attrs | (lvl == 3 ? PTE_TABLE : 0) |
					  PTE_VALID,
				  va);
			*done = bsize;
			return 0;
		}
		table = pte_next(p, lvl, va);
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

/* Free tables left empty on the path to @va, from level @lvl upwards. */
static void mmu_prune(pte_t *const path[4], int lvl, vaddr_t va)
{
	for (; lvl >= 0; lvl--) {
		pte_t *child = pte_table(*path[lvl]);

		if (!table_empty(child))
			return;
		WRITE_ONCE(*path[lvl], 0);
		tlb_flush_va(va); /* drops walk-cache copies too */
		pt_free(child);
	}
}

/* Unmap what is mapped at @va (one entry's worth); *@done = bytes. */
static int mmu_unmap_chunk(vaddr_t va, uint64_t size, uint64_t *done)
{
	pte_t *path[4];
	pte_t *table = pt_root;

	for (unsigned int lvl = 0;; lvl++) {
		uint64_t bsize = LEVEL_SIZE(lvl);
		uint64_t off = va & (bsize - 1);
		pte_t *p = &table[PT_INDEX(va, lvl)];

		if (!(*p & PTE_VALID)) {
			*done = MIN(size, bsize - off);
			return 0;
		}
		if (!pte_is_table(*p, lvl)) {
			if (!off && size >= bsize) {
				WRITE_ONCE(*p, 0);
				tlb_flush_va(va);
				*done = bsize;
				if (lvl)
					mmu_prune(path, (int)lvl - 1, va);
				return 0;
			}
			table = pte_split(p, lvl, va);
			if (!table)
				return -MV_ENOMEM;
		} else {
			table = pte_table(*p);
		}
		path[lvl] = p;
	}
}

static pte_t mmu_attrs(unsigned int attr)
{
	pte_t e = PTE_AF | PTE_AP_RES1;

	if (attr & MMU_ATTR_DEVICE)
		e |= PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_XN;
	else if (attr & MMU_ATTR_UNCACHED)
		e |= PTE_ATTRIDX(MAIR_IDX_NC) | PTE_SH_INNER;
	else
		e |= PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(attr & MMU_ATTR_WRITE))
		e |= PTE_AP_RO;
	if (!(attr & MMU_ATTR_EXEC))
		e |= PTE_XN;
	return e;
}

static bool range_ok(vaddr_t va, uint64_t size)
{
	return size && IS_ALIGNED(va | size, PAGE_SIZE) &&
	       va < ARM64_VA_LIMIT && size <= ARM64_VA_LIMIT - va;
}

static bool overlaps_image(vaddr_t va, uint64_t size)
{
	return va < (vaddr_t)__image_end && va + size > (vaddr_t)__image_start;
}

static int mmu_map_locked(vaddr_t va, paddr_t pa, uint64_t size, pte_t attrs)
{
	uint64_t off = 0, done;
	int ret = 0;

	while (off < size) {
		ret = mmu_map_chunk(va + off, pa + off, size - off, attrs,
				    &done);
		if (ret)
			break;
		off += done;
	}
	/* Failed part way: undo what this call mapped. */
	for (uint64_t undo = 0; ret && undo < off; undo += done)
		if (mmu_unmap_chunk(va + undo, off - undo, &done))
			break;
	dsb(ishst);
	isb();
	return ret;
}

/* Map without the image check: the boot map builds the image itself. */
static int mmu_map(vaddr_t va, paddr_t pa, uint64_t size, unsigned int attr)
{
	irqflags_t flags;
	int ret;

	if (!range_ok(va, size) || !IS_ALIGNED(pa, PAGE_SIZE) ||
	    pa >= ARM64_PA_LIMIT || size > ARM64_PA_LIMIT - pa ||
	    !(attr & (MMU_ATTR_READ | MMU_ATTR_WRITE)) ||
	    (attr & (MMU_ATTR_WRITE | MMU_ATTR_EXEC)) ==
		    (MMU_ATTR_WRITE | MMU_ATTR_EXEC))
		return -MV_EINVAL;
	flags = arch_irq_save();
	arch_spin_lock(&mmu_lock);
	ret = pt_root ? mmu_map_locked(va, pa, size, mmu_attrs(attr)) :
			-MV_ENOMEM;
	arch_spin_unlock(&mmu_lock);
	arch_irq_restore(flags);
	return ret;
}

int arch_mmu_map(vaddr_t va, paddr_t pa, size_t size, unsigned int attr)
{
	if (overlaps_image(va, size))
		return -MV_EINVAL; /* never remap the running image */
	return mmu_map(va, pa, size, attr);
}

int arch_mmu_unmap(vaddr_t va, size_t size)
{
	irqflags_t flags;
	uint64_t off = 0, done;
	int ret = 0;

	if (!range_ok(va, size) || overlaps_image(va, size))
		return -MV_EINVAL;
	flags = arch_irq_save();
	arch_spin_lock(&mmu_lock);
	while (pt_root && off < size && !ret) {
		ret = mmu_unmap_chunk(va + off, size - off, &done);
		off += done;
	}
	arch_spin_unlock(&mmu_lock);
	arch_irq_restore(flags);
	return ret;
}

static int mmu_walk(vaddr_t va, paddr_t *pa)
{
	pte_t *table = pt_root;

	if (!table || va >= ARM64_VA_LIMIT)
		return -MV_ENOENT;
	for (unsigned int lvl = 0;; lvl++) {
		pte_t e = READ_ONCE(table[PT_INDEX(va, lvl)]);

		if (!(e & PTE_VALID))
			return -MV_ENOENT;
		if (!pte_is_table(e, lvl)) {
			*pa = (e & PTE_ADDR_MASK & ~(LEVEL_SIZE(lvl) - 1)) |
			      (va & (LEVEL_SIZE(lvl) - 1));
			return 0;
		}
		table = pte_table(e);
	}
}

int arch_mmu_va2pa(vaddr_t va, paddr_t *pa)
{
	irqflags_t flags;
	int ret;

	/* Under the lock: an unmap may free the tables being walked. */
	flags = arch_irq_save();
	arch_spin_lock(&mmu_lock);
	ret = mmu_walk(va, pa);
	arch_spin_unlock(&mmu_lock);
	arch_irq_restore(flags);
	return ret;
}

int arm64_mmu_map_ram(paddr_t pa, uint64_t size)
{
	paddr_t img0 = (paddr_t)(uintptr_t)__image_start;
	paddr_t img1 = (paddr_t)(uintptr_t)__image_end;
	paddr_t end = pa + size;
	int ret = 0;

	if (end > ARM64_VAPOOL_BASE || end < pa)
		return -MV_ERANGE; /* would collide with the vapool window */
	/* Everything but the image, whose pages keep their permissions. */
	if (pa < img0)
		ret = mmu_map(pa, pa, MIN(end, img0) - pa, MMU_ATTR_RW);
	if (!ret && end > img1)
		ret = mmu_map(MAX(pa, img1), MAX(pa, img1), end - MAX(pa, img1),
			      MMU_ATTR_RW);
	return ret;
}

void arm64_mmu_set_table_alloc(int (*alloc)(paddr_t *pa),
			       void (*free)(paddr_t pa))
{
	frame_alloc = alloc;
	frame_free = free;
}

void arm64_mmu_table_stats(unsigned int *pool_used_out, unsigned int *pool_size,
			   uint64_t *frames)
{
	*pool_used_out = (unsigned int)__builtin_popcountll(pool_used);
	*pool_size = CONFIG_ARM64_PGTABLE_POOL;
	*frames = frame_tables;
}

/* Map [@start, @end) of the image with @attr (page granular). */
static int map_image_part(const char *start, const char *end, unsigned int attr)
{
	vaddr_t s = ALIGN_DOWN((vaddr_t)start, PAGE_SIZE);
	vaddr_t e = ALIGN_UP((vaddr_t)end, PAGE_SIZE);

	return e > s ? mmu_map(s, s, e - s, attr) : 0;
}

int arm64_mmu_boot_map(paddr_t dtb, uint64_t dtb_size)
{
	paddr_t d0 = ALIGN_DOWN(dtb, PAGE_SIZE);
	paddr_t d1 = ALIGN_UP(dtb + dtb_size, PAGE_SIZE);
	int ret;

	pt_root = pt_alloc();
	ret = map_image_part(__text_start, __text_end,
			     MMU_ATTR_READ | MMU_ATTR_EXEC);
	if (!ret)
		ret = map_image_part(__rodata_start, __rodata_end,
				     MMU_ATTR_READ);
	if (!ret)
		ret = map_image_part(__data_start, __image_end, MMU_ATTR_RW);
	if (!ret)
		ret = mmu_map(d0, d0, d1 - d0, MMU_ATTR_RW);
	if (!ret)
		ret = mmu_map(CONFIG_ARM64_EARLY_UART, CONFIG_ARM64_EARLY_UART,
			      PAGE_SIZE, MMU_ATTR_IO);
	return ret;
}

/* Physical-address size for TCR_EL2.PS: what the CPU has, up to 48 bits. */
static uint64_t tcr_ps(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return MIN(parange, 5UL);
}

/* Invalidate the image's data cache lines: they were written uncached. */
static void dcache_inval_image(void)
{
	uint64_t line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);

	for (uintptr_t a = (uintptr_t)__data_start; a < (uintptr_t)__image_end;
	     a += line)
		__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

void arm64_mmu_enable(void)
{
	struct arm64_mmu_regs *r = &arm64_mmu_boot_regs;

	r->mair = MAIR_EL2_VALUE;
	r->tcr = TCR_EL2_RES1 | TCR_T0SZ(ARM64_VA_BITS) | TCR_IRGN0_WBWA |
		 TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
		 (tcr_ps() << TCR_PS_SHIFT);
	r->ttbr0 = (uint64_t)(uintptr_t)pt_root;
	r->sctlr = SCTLR_EL2_MMU_ON;
	dsb(sy);
	dcache_inval_image();
	arm64_mmu_on(r);
}
