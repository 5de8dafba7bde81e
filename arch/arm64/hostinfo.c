// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64 lines of `host info` and `host cpu info` (arch/hostinfo.h), in
 * the shell's "key value" format.
 */
#include <arch/hostinfo.h>
#include <asm/arm64.h>
#include <asm/irq.h>
#include <minivisor/printk.h>

static const char *const cpu_state_names[] = {
	[CPU_OFF] = "off",	 [CPU_STARTING] = "starting",
	[CPU_ONLINE] = "online", [CPU_HALTED] = "halted",
	[CPU_FAILED] = "failed",
};

unsigned int arch_cpu_count(void)
{
	return arm64_cpu_known();
}

void arch_host_info_print(void)
{
	const struct arm64_irqchip *chip = arm64_irqchip_get();
	unsigned int pool_used, pool_size;
	uint64_t frames;

	printk("el %llu\n",
	       (unsigned long long)((read_sysreg(CurrentEL) >> 2) & 3));
	printk("midr 0x%llx\n", (unsigned long long)arm64_cpus[0].midr);
	printk("irqchip %s\n", chip ? chip->name : "none");
	printk("counter-hz %llu\n", (unsigned long long)arm64_timer_freq());
	printk("tick-hz %d\n", CONFIG_ARM64_TICK_HZ);
	arm64_mmu_table_stats(&pool_used, &pool_size, &frames);
	printk("pgtable-pool-used %u\n", pool_used);
	printk("pgtable-pool-size %u\n", pool_size);
	printk("pgtable-frames %llu\n", (unsigned long long)frames);
	printk("irq-unhandled %llu\n",
	       (unsigned long long)arm64_irq_unhandled());
	for (unsigned int i = 0; i < arm64_cpu_known(); i++)
		printk("cpu %u ticks %llu irqs %llu waits %llu\n", i,
		       (unsigned long long)arm64_cpus[i].ticks,
		       (unsigned long long)arm64_cpus[i].irqs,
		       (unsigned long long)arm64_cpus[i].waits);
}

void arch_cpu_info_print(void)
{
	for (unsigned int i = 0; i < arm64_cpu_known(); i++) {
		const struct arm64_percpu *c = &arm64_cpus[i];
		int st = READ_ONCE(c->state);

		printk("cpu %u online %s state %s mpidr 0x%llx midr 0x%llx "
		       "ticks %llu\n",
		       i, st == CPU_ONLINE ? "yes" : "no",
		       st >= 0 && st <= CPU_FAILED ? cpu_state_names[st] : "?",
		       (unsigned long long)c->mpidr,
		       (unsigned long long)c->midr,
		       (unsigned long long)c->ticks);
	}
}
