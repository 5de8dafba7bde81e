// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/fake: an MMU on the host. Fake physical RAM is a memfd; a mapping
 * is an mmap(MAP_FIXED) of the memfd pages inside a reserved window.
 * Device mappings of addresses outside fake RAM get anonymous memory.
 */
#define _GNU_SOURCE
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
	return p == MAP_FAILED ? -MV_EINVAL : 0;
}

int arch_mmu_va2pa(vaddr_t va, paddr_t *pa)
{
	(void)va;
	(void)pa;
	return -MV_ENOENT;
}
