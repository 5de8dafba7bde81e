/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks. asm/spinlock.h defines arch_spinlock_t and
 * ARCH_SPINLOCK_INIT; the functions below are implemented per target.
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <arch/cpu.h>
#include <minivisor/types.h>
#include <asm/spinlock.h>

/** Take the lock, spinning until it is free. */
void arch_spin_lock(arch_spinlock_t *lock);

/** Try once to take the lock; true when taken. */
bool arch_spin_trylock(arch_spinlock_t *lock);

/** Release a lock taken by this CPU. */
void arch_spin_unlock(arch_spinlock_t *lock);

/**
 * Mask interrupts on this CPU, then take @lock: for state that an
 * interrupt or trap handler on the same CPU also takes. Returns the
 * interrupt state for arch_spin_unlock_irqrestore().
 */
static inline irqflags_t arch_spin_lock_irqsave(arch_spinlock_t *lock)
{
	irqflags_t flags = arch_irq_save();

	arch_spin_lock(lock);
	return flags;
}

/** Release @lock and restore the interrupt state saved with it. */
static inline void arch_spin_unlock_irqrestore(arch_spinlock_t *lock,
					       irqflags_t flags)
{
	arch_spin_unlock(lock);
	arch_irq_restore(flags);
}

#endif
