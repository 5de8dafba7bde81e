// SPDX-License-Identifier: GPL-2.0-only
/* arch/fake: CPU, interrupts, spinlocks, time and power on the host. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <arch/cpu.h>
#include <arch/power.h>
#include <arch/spinlock.h>
#include <arch/time.h>

static irqflags_t fake_irq_masked;

unsigned int arch_cpu_id(void)
{
	return 0;
}

void arch_cpu_relax(void)
{
}

void arch_cpu_wait(void)
{
}

void arch_cpu_halt(void)
{
	fflush(stdout);
	abort();
}

irqflags_t arch_irq_save(void)
{
	irqflags_t old = fake_irq_masked;

	fake_irq_masked = 1;
	return old;
}

void arch_irq_restore(irqflags_t flags)
{
	fake_irq_masked = flags;
}

void arch_irq_enable(void)
{
	fake_irq_masked = 0;
}

void arch_irq_disable(void)
{
	fake_irq_masked = 1;
}

void arch_spin_lock(arch_spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		;
}

bool arch_spin_trylock(arch_spinlock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

uint64_t arch_time_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void arch_delay_ns(uint64_t ns)
{
	uint64_t end = arch_time_ns() + ns;

	while (arch_time_ns() < end)
		;
}

int arch_system_poweroff(void)
{
	exit(0);
}

int arch_system_reset(void)
{
	exit(0);
}
