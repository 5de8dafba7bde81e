/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks. asm/spinlock.h defines arch_spinlock_t and
 * ARCH_SPINLOCK_INIT; the functions below are implemented per target.
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <minivisor/types.h>
#include <asm/spinlock.h>

/** Take the lock, spinning until it is free. */
void arch_spin_lock(arch_spinlock_t *lock);

/** Try once to take the lock; true when taken. */
bool arch_spin_trylock(arch_spinlock_t *lock);

/** Release a lock taken by this CPU. */
void arch_spin_unlock(arch_spinlock_t *lock);

#endif
