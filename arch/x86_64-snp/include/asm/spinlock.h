/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <stdint.h>

/** A test-and-set lock word: 0 free, 1 taken. */
typedef struct {
	volatile uint32_t locked;
} arch_spinlock_t;

#define ARCH_SPINLOCK_INIT \
	{                  \
		0          \
	}

#endif
