/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console lock, for code that must emit several pieces as one
 * unit (printk, a multi-line report) without other CPUs' output
 * interleaving. Never call console_putc/console_write/printk while
 * holding it: they take it themselves and the lock does not nest.
 */
#ifndef MINIVISOR_CONSOLE_LOCK_H
#define MINIVISOR_CONSOLE_LOCK_H

#include <arch/cpu.h>

/**
 * Mask interrupts and take the console lock; returns the state to give
 * to console_unlock(). If the lock stays busy for very long (its holder
 * faulted and is printing, or is stuck), gives up and lets the caller
 * print unlocked rather than hang.
 */
irqflags_t console_lock(void);

/** Release the console lock (if taken) and restore the IRQ state. */
void console_unlock(irqflags_t flags);

/** console_putc() for a caller that holds the console lock. */
void console_putc_locked(char c);

#endif
