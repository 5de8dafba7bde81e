// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's page tables: an identity map of the low 4 GiB
 * (2 MiB pages, C-bit on SNP) built in C once the platform is known,
 * plus arch_mmu_* for vapool mappings. Table pages come from host_ram
 * once it has RAM, before that from a small pool inside the image
 * (validated at launch on SNP).
 */
#include <arch/mmu.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <asm/pgtable.h>
#include <asm/x86.h>
#include <asm/x86_mmu.h>

#define POOL_PAGES 64
#define IDMAP_SIZE (4ULL << 30)

static uint8_t pool[POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned int pool_used;
static struct pgtable kpt;
static bool use_host_ram;
static uint64_t host_frames;

void x86_mmu_use_host_ram(void)
{
	use_host_ram = true;
}

static int mmu_alloc(paddr_t *pa)
{
	if (use_host_ram && !host_ram_alloc_frame(pa)) {
		host_frames++;
		return 0;
	}
	if (pool_used == POOL_PAGES)
		return -MV_ENOMEM;
	*pa = (paddr_t)(uintptr_t)pool[pool_used++];
	return 0;
}

static void *mmu_p2v(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

int x86_mmu_init(uint64_t cbit)
{
	int ret = pgt_init(&kpt, cbit, mmu_alloc, mmu_p2v);

	if (!ret)
		ret = pgt_map(&kpt, 0, 0, IDMAP_SIZE, PTE_RW, false);
	if (ret)
		return ret;
	x86_write_cr3(kpt.root_pa | cbit);
	return 0;
}

void x86_mmu_stats(unsigned int *pool_pages, unsigned int *pool_size,
		   uint64_t *frames)
{
	*pool_pages = pool_used;
	*pool_size = POOL_PAGES;
	*frames = host_frames;
}

int x86_mmu_map_ram(paddr_t pa, uint64_t size)
{
	/* The low 4 GiB are mapped already; RAM above is mapped 1:1 too. */
	if (pa + size <= IDMAP_SIZE)
		return 0;
	if (pa < IDMAP_SIZE) {
		size -= IDMAP_SIZE - pa;
		pa = IDMAP_SIZE;
	}
	return pgt_map(&kpt, pa, pa, size, PTE_RW, false);
}

int x86_mmu_set_shared(vaddr_t va)
{
	int ret = pgt_set_shared(&kpt, va, true);

	if (!ret)
		x86_invlpg(va);
	return ret;
}

static uint64_t mmu_flags(unsigned int attr)
{
	uint64_t f = 0;

	if (attr & MMU_ATTR_WRITE)
		f |= PTE_RW;
	if (attr & (MMU_ATTR_DEVICE | MMU_ATTR_UNCACHED))
		f |= PTE_PCD | PTE_PWT;
	return f;
}

static void mmu_flush(vaddr_t va, size_t size)
{
	if (size > 64 * PAGE_SIZE) {
		x86_write_cr3(x86_read_cr3());
		return;
	}
	for (size_t off = 0; off < size; off += PAGE_SIZE)
		x86_invlpg(va + off);
}

int arch_mmu_map(vaddr_t va, paddr_t pa, size_t size, unsigned int attr)
{
	/* Devices are never encrypted memory. */
	bool shared = attr & (MMU_ATTR_SHARED | MMU_ATTR_DEVICE);
	int ret;

	if (!size || !IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return -MV_EINVAL;
	ret = pgt_map(&kpt, va, pa, size, mmu_flags(attr), shared);
	mmu_flush(va, size);
	return ret;
}

int arch_mmu_unmap(vaddr_t va, size_t size)
{
	int ret = pgt_unmap(&kpt, va, size);

	mmu_flush(va, size);
	return ret;
}

int arch_mmu_va2pa(vaddr_t va, paddr_t *pa)
{
	return pgt_lookup(&kpt, va, pa, NULL);
}
