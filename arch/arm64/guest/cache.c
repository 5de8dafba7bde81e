// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cache maintenance for guest memory the hypervisor touches. Guests
 * start with their MMU off, so their accesses are non-cacheable and go
 * straight to memory, while the hypervisor reaches the same frames
 * through a cacheable mapping: without maintenance each side can miss
 * the other's data (a dirty line not yet written back, or a stale line
 * - possibly a speculative fill - hiding what the guest wrote).
 */
#include <arch/guest.h>
#include <asm/sysreg.h>

void vm_arch_sync_mem(vaddr_t va, size_t size)
{
	/*
	 * What the hypervisor wrote through its cacheable map must reach
	 * memory, and no line may stay to shadow what the guest writes;
	 * the guest may execute it, so its instruction caches go too.
	 */
	dcache_range(civac, va, size);
	dsb(ish);
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
}

void vm_arch_sync_mem_for_read(vaddr_t va, size_t size)
{
	/*
	 * Drop any line that holds an older copy, so the loads that
	 * follow fetch what the guest wrote to memory. Clean as well as
	 * invalidate: a plain invalidate would discard a dirty line, and
	 * with it bytes the hypervisor wrote.
	 */
	dcache_range(civac, va, size);
	dsb(ish);
}
