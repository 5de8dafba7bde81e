// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM generic timer: the EL2 physical timer (CNTHP) gives every CPU a
 * periodic hypervisor tick of CONFIG_ARM64_TICK_HZ. The tick is counted
 * per CPU (shown by `host info`); the compare value advances by whole
 * periods so the rate does not drift with interrupt latency.
 */
#include <arch/cpu.h>
#include <asm/arm64.h>
#include <asm/irq.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>

/* The hypervisor timer is the 4th `interrupts` entry (PPI 10, INTID 26). */
#define TIMER_HYP_INDEX 3
#define TIMER_HYP_DEFAULT_INTID 26

static uint64_t timer_period; /* counts per tick */
static uint32_t timer_intid;

static void timer_program(uint64_t cval)
{
	write_sysreg(cnthp_cval_el2, cval);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

static void timer_tick(uint32_t intid, void *arg)
{
	uint64_t next = read_sysreg(cnthp_cval_el2) + timer_period;
	uint64_t now = arm64_counter();

	arm64_this_cpu()->ticks++;
	/* Fell behind (CPU stalled, e.g. host preemption): restart. */
	if (next <= now)
		next = now + timer_period;
	timer_program(next);
}

/* Runs on every CPU as it comes online. */
static void timer_cpu_start(void)
{
	timer_program(arm64_counter() + timer_period);
	arm64_irq_unmask(timer_intid);
}

/* INTID of the hypervisor timer from `interrupts`, or the default. */
static uint32_t timer_dt_intid(const struct devtree *dt, int node)
{
	uint32_t intid;

	if (arm64_irq_dt_intid(dt, node, TIMER_HYP_INDEX, &intid))
		return TIMER_HYP_DEFAULT_INTID;
	return intid;
}

static int timer_probe(const struct devtree *dt, int node)
{
	int ret;

	if (timer_period)
		return -MV_EBUSY;
	if (!arm64_irqchip_get())
		return -MV_ENODEV;
	timer_intid = timer_dt_intid(dt, node);
	timer_period = arm64_timer_freq() / CONFIG_ARM64_TICK_HZ;
	ret = arm64_irq_request(timer_intid, timer_tick, NULL);
	if (!ret)
		ret = arm64_cpu_hook_register(timer_cpu_start);
	if (ret) {
		timer_period = 0;
		return ret;
	}
	pr_info("timer: EL2 physical timer, INTID %u, %llu Hz counter, "
		"%d Hz tick\n",
		timer_intid, (unsigned long long)arm64_timer_freq(),
		CONFIG_ARM64_TICK_HZ);
	return 0;
}

static const char *const timer_compat[] = { "arm,armv8-timer",
					    "arm,armv7-timer", NULL };

static const struct init_driver timer_driver = {
	.name = "arm-timer",
	.compatible = timer_compat,
	.stage = INIT_STAGE_TIMER,
	.probe = timer_probe,
};
INIT_DRIVER(timer_driver);
