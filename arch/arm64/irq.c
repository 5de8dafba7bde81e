// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupt dispatch: the IRQ vector acknowledges through the registered
 * controller, runs the handler of the INTID and ends it. Also the list
 * of per-CPU hooks that every CPU runs as it comes online.
 */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <asm/arm64.h>
#include <asm/irq.h>
#include <libfdt.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>

#define CPU_HOOKS_MAX 8

struct irq_slot {
	arm64_irq_handler_t fn;
	void *arg;
};

static const struct arm64_irqchip *irqchip;
static struct irq_slot irq_slots[IRQ_MAX];
static arm64_cpu_hook_t cpu_hooks[CPU_HOOKS_MAX];
static unsigned int ncpu_hooks;
static uint64_t irq_unhandled;
static arch_spinlock_t irq_lock = ARCH_SPINLOCK_INIT;

int arm64_irqchip_register(const struct arm64_irqchip *chip)
{
	if (irqchip)
		return -MV_EBUSY;
	irqchip = chip;
	chip->cpu_init();
	return 0;
}

const struct arm64_irqchip *arm64_irqchip_get(void)
{
	return irqchip;
}

int arm64_irq_request(uint32_t intid, arm64_irq_handler_t fn, void *arg)
{
	irqflags_t flags;
	int ret = 0;

	if (intid >= IRQ_MAX || !fn)
		return -MV_EINVAL;
	flags = arch_spin_lock_irqsave(&irq_lock);
	if (irq_slots[intid].fn) {
		ret = -MV_EBUSY;
	} else {
		irq_slots[intid].arg = arg;
		WRITE_ONCE(irq_slots[intid].fn, fn);
	}
	arch_spin_unlock_irqrestore(&irq_lock, flags);
	return ret;
}

int arm64_irq_unmask(uint32_t intid)
{
	if (!irqchip)
		return -MV_ENODEV;
	if (intid >= IRQ_MAX)
		return -MV_EINVAL;
	irqchip->unmask(intid);
	return 0;
}

int arm64_cpu_hook_register(arm64_cpu_hook_t fn)
{
	if (ncpu_hooks >= CPU_HOOKS_MAX)
		return -MV_ENOSPC;
	cpu_hooks[ncpu_hooks++] = fn;
	fn();
	return 0;
}

void arm64_cpu_hooks_run(void)
{
	if (irqchip)
		irqchip->cpu_init();
	for (unsigned int i = 0; i < ncpu_hooks; i++)
		cpu_hooks[i]();
}

int arm64_irq_dt_intid(const struct devtree *dt, int node, unsigned int index,
		       uint32_t *intid)
{
	int len;
	const fdt32_t *cells = fdt_getprop(dt->fdt, node, "interrupts", &len);

	if (!cells || len < (int)(sizeof(*cells) * 3 * (index + 1)))
		return -MV_ENOENT;
	cells += 3 * index;
	*intid = fdt32_ld(&cells[1]) +
		 (fdt32_ld(&cells[0]) == 1 ? 16 : IRQ_SPI_BASE);
	return 0;
}

uint64_t arm64_irq_unhandled(void)
{
	return irq_unhandled;
}

/* Run the handler of @intid; an unowned interrupt is masked for good. */
static void irq_dispatch(struct arm64_percpu *cpu, uint32_t intid)
{
	arm64_irq_handler_t fn =
		intid < IRQ_MAX ? READ_ONCE(irq_slots[intid].fn) : NULL;

	cpu->irqs++;
	if (fn) {
		fn(intid, irq_slots[intid].arg);
		return;
	}
	__atomic_fetch_add(&irq_unhandled, 1, __ATOMIC_RELAXED);
	if (intid < IRQ_MAX)
		irqchip->mask(intid);
}

void arm64_handle_irq(struct arm64_regs *regs, unsigned long vec)
{
	struct arm64_percpu *cpu = arm64_this_cpu();
	uint32_t intid, raw;

	if (!irqchip)
		return; /* nothing can be pending without a controller */
	for (;;) {
		raw = irqchip->ack(&intid);
		if (intid >= IRQ_SPECIAL_START)
			break;
		irq_dispatch(cpu, intid);
		irqchip->eoi(raw);
	}
}
