// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2 stage-1 translation (arch/mmu.h): 4 KiB granule, 48-bit VA, four
 * levels, one table tree shared by every CPU (TTBR0_EL2). The table
 * logic is in pgtable.c; this file adds the table-page sources, the TLB
 * maintenance, the lock and the boot map.
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
#include <asm/pgtable.h>
#include <minivisor/errno.h>

static pte_t pt_pool[CONFIG_ARM64_PGTABLE_POOL][PT_ENTRIES] __aligned(4096);
static uint64_t pool_used; /* bitmap over pt_pool */
static uint64_t frame_tables; /* tables taken from host_ram */
static int (*frame_alloc)(paddr_t *pa);
static void (*frame_free)(paddr_t pa);
static arch_spinlock_t mmu_lock = ARCH_SPINLOCK_INIT;

BUILD_BUG_ON(CONFIG_ARM64_PGTABLE_POOL > 64);

struct arm64_mmu_regs arm64_mmu_boot_regs;

static void pt_zero(pte_t *t)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
}

static pte_t *mmu_table_alloc(void *ctx)
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

static void mmu_table_free(pte_t *t, void *ctx)
{
	uintptr_t i = (uintptr_t)(t - pt_pool[0]) / PT_ENTRIES;

	if (t >= pt_pool[0] && i < CONFIG_ARM64_PGTABLE_POOL) {
		pool_used &= ~BIT(i);
	} else if (frame_free) {
		frame_tables--;
		frame_free((paddr_t)(uintptr_t)t);
	}
}

static void mmu_flush_va(vaddr_t va, void *ctx)
{
	dsb(ishst);
	__asm__ volatile("tlbi vae2is, %0"
			 :
			 : "r"(va >> PAGE_SHIFT)
			 : "memory");
	dsb(ish);
	isb();
}

static void mmu_sync(void *ctx)
{
	dsb(ishst);
	isb();
}

static struct pgtable hyp_pt = {
	.alloc = mmu_table_alloc,
	.free = mmu_table_free,
	.flush_va = mmu_flush_va,
	.sync = mmu_sync,
};

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

static bool overlaps_image(vaddr_t va, uint64_t size)
{
	return va < (vaddr_t)__image_end && va + size > (vaddr_t)__image_start;
}

static bool attr_ok(unsigned int attr)
{
	return (attr & (MMU_ATTR_READ | MMU_ATTR_WRITE)) &&
	       (attr & (MMU_ATTR_WRITE | MMU_ATTR_EXEC)) !=
		       (MMU_ATTR_WRITE | MMU_ATTR_EXEC);
}

/* Map without the image check (the RAM map goes around the image). */
static int mmu_map(vaddr_t va, paddr_t pa, uint64_t size, unsigned int attr)
{
	irqflags_t flags;
	int ret;

	if (!attr_ok(attr))
		return -MV_EINVAL;
	flags = arch_spin_lock_irqsave(&mmu_lock);
	ret = pgtable_map(&hyp_pt, va, pa, size, mmu_attrs(attr));
	arch_spin_unlock_irqrestore(&mmu_lock, flags);
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
	int ret;

	if (overlaps_image(va, size))
		return -MV_EINVAL;
	flags = arch_spin_lock_irqsave(&mmu_lock);
	ret = pgtable_unmap(&hyp_pt, va, size);
	arch_spin_unlock_irqrestore(&mmu_lock, flags);
	return ret;
}

int arch_mmu_va2pa(vaddr_t va, paddr_t *pa)
{
	irqflags_t flags;
	int ret;

	/* Under the lock: an unmap may free the tables being walked. */
	flags = arch_spin_lock_irqsave(&mmu_lock);
	ret = pgtable_walk(&hyp_pt, va, pa, NULL);
	arch_spin_unlock_irqrestore(&mmu_lock, flags);
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

/*
 * Boot map, MMU off: one CPU and no lock (exclusive loads and stores on
 * the Device memory that everything is with the MMU off may not work).
 */
static int boot_map(paddr_t pa, uint64_t size, unsigned int attr)
{
	return pgtable_map(&hyp_pt, pa, pa, size, mmu_attrs(attr));
}

/* Map [@start, @end) of the image with @attr (page granular). */
static int map_image_part(const char *start, const char *end, unsigned int attr)
{
	vaddr_t s = ALIGN_DOWN((vaddr_t)start, PAGE_SIZE);
	vaddr_t e = ALIGN_UP((vaddr_t)end, PAGE_SIZE);

	return e > s ? boot_map(s, e - s, attr) : 0;
}

int arm64_mmu_boot_map(paddr_t dtb, uint64_t dtb_size)
{
	paddr_t d0 = ALIGN_DOWN(dtb, PAGE_SIZE);
	paddr_t d1 = ALIGN_UP(dtb + dtb_size, PAGE_SIZE);
	int ret;

	hyp_pt.root = mmu_table_alloc(NULL);
	hyp_pt.tables = 1;
	ret = map_image_part(__text_start, __text_end,
			     MMU_ATTR_READ | MMU_ATTR_EXEC);
	if (!ret)
		ret = map_image_part(__rodata_start, __rodata_end,
				     MMU_ATTR_READ);
	if (!ret)
		ret = map_image_part(__data_start, __image_end, MMU_ATTR_RW);
	if (!ret)
		ret = boot_map(d0, d1 - d0, MMU_ATTR_RW);
	if (!ret)
		ret = boot_map(CONFIG_ARM64_EARLY_UART, PAGE_SIZE, MMU_ATTR_IO);
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
	dcache_range(ivac, __data_start, __image_end - __data_start);
	dsb(sy);
}

void arm64_mmu_enable(void)
{
	struct arm64_mmu_regs *r = &arm64_mmu_boot_regs;

	r->mair = MAIR_EL2_VALUE;
	r->tcr = TCR_EL2_RES1 | TCR_T0SZ(ARM64_VA_BITS) | TCR_IRGN0_WBWA |
		 TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
		 (tcr_ps() << TCR_PS_SHIFT);
	r->ttbr0 = (uint64_t)(uintptr_t)hyp_pt.root;
	r->sctlr = SCTLR_EL2_MMU_ON;
	dsb(sy);
	dcache_inval_image();
	arm64_mmu_on(r);
}
