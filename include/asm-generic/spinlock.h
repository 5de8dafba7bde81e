/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generic spinlock type, shared by every target whose lock is a plain
 * test-and-set word (arch_spin_lock() and friends, declared in
 * <arch/spinlock.h>, work on it). A target's <asm/spinlock.h> includes
 * this header; a target that needs another layout (a ticket lock, say)
 * defines arch_spinlock_t and ARCH_SPINLOCK_INIT itself instead.
 */
#ifndef ASM_GENERIC_SPINLOCK_H
#define ASM_GENERIC_SPINLOCK_H

#include <stdint.h>

/** A test-and-set lock word: 0 free, 1 taken. */
typedef struct {
	volatile uint32_t locked;
} arch_spinlock_t;

/** Static initializer of an unlocked arch_spinlock_t. */
#define ARCH_SPINLOCK_INIT \
	{                  \
		0          \
	}

#endif
