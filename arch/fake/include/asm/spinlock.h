/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * This target's lock word is the generic test-and-set one; define
 * arch_spinlock_t here instead to override it.
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <asm-generic/spinlock.h>

#endif
