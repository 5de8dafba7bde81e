// SPDX-License-Identifier: GPL-2.0-only
/* arm64: CPU identity, interrupt masking and spinlocks (arch/cpu.h). */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <asm/arm64.h>

struct arm64_percpu arm64_cpus[CONFIG_MAX_CPUS];
char arm64_boot_stack[CONFIG_ARM64_STACK_SIZE] __aligned(16);

unsigned int arch_cpu_id(void)
{
	return arm64_this_cpu()->id;
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

void arch_cpu_wait(void)
{
	/* WFI wakes on a pending interrupt even with PSTATE.I set. */
	arm64_this_cpu()->waits++;
	dsb(sy);
	wfi();
}

void arch_cpu_halt(void)
{
	arm64_park();
}

irqflags_t arch_irq_save(void)
{
	irqflags_t flags = read_sysreg(daif);

	__asm__ volatile("msr daifset, #2" : : : "memory");
	return flags;
}

void arch_irq_restore(irqflags_t flags)
{
	write_sysreg(daif, flags);
}

void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

void arch_spin_lock(arch_spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		/* Spin on a plain load so the line is not bounced. */
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
	}
}

bool arch_spin_trylock(arch_spinlock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}
