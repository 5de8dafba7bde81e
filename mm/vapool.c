// SPDX-License-Identifier: GPL-2.0-only
/*
 * vapool (include/minivisor/vapool.h): the hypervisor's virtual address
 * window, handed out in pages by a buddy allocator whose metadata lives
 * outside the window (the window is address space, not memory).
 * Exhaustion is an error for the caller, never a panic.
 */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/errno.h>
#include <minivisor/vapool.h>

/* The largest window one buddy block can cover (BUDDY_MAX_ORDERS). */
#define VAPOOL_MAX_SIZE (1ULL << (BUDDY_MAX_ORDERS - 1))

static struct buddy vp;
static bool vp_ready;
static arch_spinlock_t vp_lock = ARCH_SPINLOCK_INIT;

static irqflags_t vp_lock_take(void)
{
	return arch_spin_lock_irqsave(&vp_lock);
}

static void vp_lock_drop(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&vp_lock, flags);
}

/* Smallest power of two >= @x (x <= VAPOOL_MAX_SIZE). */
static uint64_t vp_pow2_up(uint64_t x)
{
	return x <= 1 ? 1 : 1ULL << (64 - __builtin_clzll(x - 1));
}

uint64_t vapool_size_for_ram(uint64_t ram_bytes)
{
	uint64_t size;

#ifdef CONFIG_VAPOOL_SIZE_FIXED
	(void)ram_bytes;
	size = MIB(CONFIG_VAPOOL_SIZE_MB);
#else
	size = ram_bytes > VAPOOL_MAX_SIZE / CONFIG_VAPOOL_RAM_FACTOR ?
		       VAPOOL_MAX_SIZE :
		       ram_bytes * CONFIG_VAPOOL_RAM_FACTOR;
#endif
	size = MAX(size, MIB(CONFIG_VAPOOL_MIN_MB));
	return vp_pow2_up(MIN(size, VAPOOL_MAX_SIZE));
}

size_t vapool_meta_size(uint64_t size)
{
	return buddy_meta_size(size, PAGE_SHIFT);
}

int vapool_init(vaddr_t base, uint64_t size, void *meta, size_t meta_size)
{
	irqflags_t flags = vp_lock_take();
	int ret = buddy_init(&vp, base, size, PAGE_SHIFT, meta, meta_size);

	vp_ready = !ret;
	vp_lock_drop(flags);
	return ret;
}

int vapool_alloc(uint64_t size, vaddr_t *va)
{
	irqflags_t flags;
	uint64_t addr = 0;
	int ret;

	flags = vp_lock_take();
	ret = vp_ready ? buddy_alloc(&vp, size, &addr) : -MV_ENOMEM;
	vp_lock_drop(flags);
	if (!ret)
		*va = (vaddr_t)addr;
	/* A size beyond the window is one more way of running out. */
	return ret == -MV_EINVAL && size ? -MV_ENOMEM : ret;
}

int vapool_free(vaddr_t va)
{
	irqflags_t flags = vp_lock_take();
	int ret = vp_ready ? buddy_free(&vp, va) : -MV_EINVAL;

	vp_lock_drop(flags);
	return ret;
}

int vapool_reserve(vaddr_t va, uint64_t size)
{
	uint64_t start = ALIGN_DOWN((uint64_t)va, PAGE_SIZE);
	uint64_t end = (uint64_t)va + size;
	irqflags_t flags;
	int ret = -MV_EINVAL;

	if (!size || end < (uint64_t)va || end > ~0ULL - PAGE_SIZE)
		return -MV_EINVAL;
	end = ALIGN_UP(end, PAGE_SIZE);
	flags = vp_lock_take();
	if (vp_ready)
		ret = buddy_reserve(&vp, start, end - start);
	vp_lock_drop(flags);
	return ret;
}

void vapool_get_info(struct buddy_info *info)
{
	irqflags_t flags = vp_lock_take();

	if (vp_ready)
		buddy_get_info(&vp, info);
	else
		*info = (struct buddy_info){ 0 };
	vp_lock_drop(flags);
}

const struct buddy *vapool_buddy(void)
{
	return vp_ready ? &vp : NULL;
}
