/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU part of the arch interface. Every target (and arch/fake)
 * implements each function declared here; core code uses nothing else.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

/** Saved interrupt state returned by arch_irq_save(). */
typedef unsigned long irqflags_t;

/** Index (0-based, dense) of the calling host CPU. */
unsigned int arch_cpu_id(void);

/** Hint that the caller is busy-waiting (YIELD, PAUSE). */
void arch_cpu_relax(void);

/** Wait for an interrupt or event; returns when one may have arrived. */
void arch_cpu_wait(void);

/** Stop the calling CPU for good, with interrupts masked. */
void __noreturn arch_cpu_halt(void);

/** Mask interrupts on this CPU and return the previous state. */
irqflags_t arch_irq_save(void);

/** Restore the interrupt state saved by arch_irq_save(). */
void arch_irq_restore(irqflags_t flags);

/** Unmask interrupts on this CPU. */
void arch_irq_enable(void);

/** Mask interrupts on this CPU. */
void arch_irq_disable(void);

#endif
