// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console: one registered device, or arch_early_putc() before one
 * registers. A single lock with interrupts masked serialises output so
 * that lines (and whole printk calls) from several CPUs never
 * interleave; printk holds it across its whole output.
 */
#include <arch/console.h>
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/console.h>
#include <minivisor/console_lock.h>

static const struct console_ops *console_ops;
static arch_spinlock_t console_spin = ARCH_SPINLOCK_INIT;

irqflags_t console_lock(void)
{
	irqflags_t flags = arch_irq_save();

	arch_spin_lock(&console_spin);
	return flags;
}

void console_unlock(irqflags_t flags)
{
	arch_spin_unlock(&console_spin);
	arch_irq_restore(flags);
}

void console_register(const struct console_ops *ops)
{
	irqflags_t flags = console_lock();

	console_ops = ops;
	console_unlock(flags);
}

const struct console_ops *console_get(void)
{
	return READ_ONCE(console_ops);
}

static void console_raw_putc(char c)
{
	const struct console_ops *ops = console_ops;

	if (ops && ops->putc)
		ops->putc(c);
	else
		arch_early_putc(c);
}

void console_putc_locked(char c)
{
	if (c == '\n')
		console_raw_putc('\r');
	console_raw_putc(c);
}

void console_putc(char c)
{
	irqflags_t flags = console_lock();

	console_putc_locked(c);
	console_unlock(flags);
}

void console_write(const char *s, size_t len)
{
	irqflags_t flags = console_lock();

	while (len--)
		console_putc_locked(*s++);
	console_unlock(flags);
}

void console_puts(const char *s)
{
	irqflags_t flags = console_lock();

	while (*s)
		console_putc_locked(*s++);
	console_unlock(flags);
}

int console_getc(void)
{
	const struct console_ops *ops = console_get();

	if (!ops || !ops->getc)
		return -1;
	return ops->getc();
}
