// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console: one registered device, or arch_early_putc() before one
 * registers. A single lock with interrupts masked serialises output so
 * that lines (and whole printk calls) from several CPUs never
 * interleave; printk holds it across its whole output.
 */
#include <string.h>

#include <arch/console.h>
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/console.h>
#include <minivisor/console_lock.h>

/*
 * Tries before console_lock() gives up waiting. A fault taken while
 * this CPU holds the lock, whose handler prints, or a CPU stuck with
 * it, must not silence every CPU for good: after this many tries the
 * output goes ahead unlocked and may interleave. Taking the lock
 * normally needs a handful of tries; this many last from a fraction of
 * a second to a few seconds. A count rather than arch_time_ns(): the
 * clock may not be set up when a fault handler prints.
 */
#define CONSOLE_LOCK_TRIES (1UL << 26)

/*
 * Marks, in the value console_lock() returns, that the lock was not
 * taken. No port keeps anything in this bit of its saved IRQ state.
 */
#define CONSOLE_NOT_HELD (1UL << (8 * sizeof(irqflags_t) - 1))

static const struct console_ops *console_ops;
static arch_spinlock_t console_spin = ARCH_SPINLOCK_INIT;

irqflags_t console_lock(void)
{
	irqflags_t flags = arch_irq_save();

	for (unsigned long i = 0; i < CONSOLE_LOCK_TRIES; i++) {
		if (arch_spin_trylock(&console_spin))
			return flags;
		arch_cpu_relax();
	}
	return flags | CONSOLE_NOT_HELD;
}

void console_unlock(irqflags_t flags)
{
	if (!(flags & CONSOLE_NOT_HELD))
		arch_spin_unlock(&console_spin);
	arch_irq_restore(flags & ~CONSOLE_NOT_HELD);
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

void console_write_raw(const char *s, size_t len)
{
	irqflags_t flags = console_lock();

	while (len--)
		console_raw_putc(*s++);
	console_unlock(flags);
}

void console_puts(const char *s)
{
	console_write(s, strlen(s));
}

int console_getc(void)
{
	const struct console_ops *ops = console_get();

	if (!ops || !ops->getc)
		return -1;
	return ops->getc();
}
