// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/fake: an MMU on the host. Fake physical RAM is a memfd; a mapping
 * is an mmap(MAP_FIXED) of the memfd pages inside a reserved window.
 * Device mappings of addresses outside fake RAM get anonymous memory.
 * Every live mapping is also kept in a list (va, pa, size) so that
 * arch_mmu_va2pa() answers like a page-table walk would.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <arch/mmu.h>
#include <asm/fake.h>
#include <minivisor/errno.h>

static int ram_fd = -1;
static paddr_t ram_base;
static size_t ram_size;
static unsigned long map_failures;
static unsigned int fail_next;

/* Live mappings, unordered; split and trimmed by unmaps. */
struct fake_map {
	vaddr_t va;
	paddr_t pa;
	size_t size;
};

static struct fake_map *maps;
static size_t nmaps, maps_cap;

static int fake_map_add(vaddr_t va, paddr_t pa, size_t size)
{
	if (nmaps == maps_cap) {
		size_t cap = maps_cap ? maps_cap * 2 : 64;
		struct fake_map *m = realloc(maps, cap * sizeof(*m));

		if (!m)
			return -MV_ENOMEM;
		maps = m;
		maps_cap = cap;
	}
	maps[nmaps++] = (struct fake_map){ va, pa, size };
	return 0;
}

/* Keep the part of maps[i] outside [@va, @end); may append a piece. */
static void fake_map_cut(size_t i, vaddr_t va, vaddr_t end)
{
	struct fake_map m = maps[i];
	vaddr_t m_end = m.va + m.size;

	if (m.va < va && m_end > end) {
		maps[i].size = va - m.va;
		/* The tail keeps its translation; on ENOMEM it is forgotten. */
		fake_map_add(end, m.pa + (end - m.va), m_end - end);
	} else if (m.va < va) {
		maps[i].size = va - m.va;
	} else {
		maps[i].pa += end - m.va;
		maps[i].size = m_end - end;
		maps[i].va = end;
	}
}

/* Forget translations of [@va, @va + @size). */
static void fake_map_remove(vaddr_t va, size_t size)
{
	vaddr_t end = va + size;
	size_t i = 0;

	while (i < nmaps) {
		struct fake_map *m = &maps[i];

		if (m->va >= end || m->va + m->size <= va) {
			i++;
		} else if (m->va >= va && m->va + m->size <= end) {
			*m = maps[--nmaps];
		} else {
			fake_map_cut(i, va, end);
			i++;
		}
	}
}

int fake_ram_setup(paddr_t base, size_t size)
{
	fake_ram_teardown();
	ram_fd = memfd_create("minivisor-ram", 0);
	if (ram_fd < 0)
		return -MV_ENOMEM;
	if (ftruncate(ram_fd, (off_t)size) < 0) {
		fake_ram_teardown();
		return -MV_ENOMEM;
	}
	ram_base = base;
	ram_size = size;
	return 0;
}

void fake_ram_teardown(void)
{
	if (ram_fd >= 0)
		close(ram_fd);
	ram_fd = -1;
	ram_size = 0;
	nmaps = 0;
}

vaddr_t fake_va_window(size_t size)
{
	void *p = mmap(NULL, size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? 0 : (vaddr_t)p;
}

unsigned long fake_mmu_failures(void)
{
	return map_failures;
}

void fake_mmu_fail_next(unsigned int n)
{
	fail_next = n;
}

static int prot_of(unsigned int attr)
{
	int prot = 0;

	if (attr & MMU_ATTR_READ)
		prot |= PROT_READ;
	if (attr & MMU_ATTR_WRITE)
		prot |= PROT_WRITE;
	return prot;
}

static bool in_ram(paddr_t pa, size_t size)
{
	return ram_fd >= 0 && pa >= ram_base && size <= ram_size &&
	       pa - ram_base <= ram_size - size;
}

int arch_mmu_map(vaddr_t va, paddr_t pa, size_t size, unsigned int attr)
{
	void *p;

	if (!size || !IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return -MV_EINVAL;
	if (fail_next) {
		fail_next--;
		map_failures++;
		return -MV_ENOMEM;
	}
	if (in_ram(pa, size))
		p = mmap((void *)va, size, prot_of(attr),
			 MAP_SHARED | MAP_FIXED, ram_fd,
			 (off_t)(pa - ram_base));
	else if (attr & MMU_ATTR_DEVICE)
		p = mmap((void *)va, size, prot_of(attr),
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	else
		return -MV_EINVAL;
	if (p == MAP_FAILED) {
		map_failures++;
		return -MV_ENOMEM;
	}
	fake_map_remove(va, size);
	if (fake_map_add(va, pa, size)) {
		arch_mmu_unmap(va, size);
		map_failures++;
		return -MV_ENOMEM;
	}
	return 0;
}

int arch_mmu_unmap(vaddr_t va, size_t size)
{
	void *p;

	if (!size || !IS_ALIGNED(va | size, PAGE_SIZE))
		return -MV_EINVAL;
	p = mmap((void *)va, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
		 0);
	if (p == MAP_FAILED)
		return -MV_EINVAL;
	fake_map_remove(va, size);
	return 0;
}

int arch_mmu_va2pa(vaddr_t va, paddr_t *pa)
{
	size_t i;

	for (i = 0; i < nmaps; i++)
		if (va >= maps[i].va && va - maps[i].va < maps[i].size) {
			*pa = maps[i].pa + (va - maps[i].va);
			return 0;
		}
	return -MV_ENOENT;
}
