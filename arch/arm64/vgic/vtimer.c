// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual timer. A vCPU's CNTV_* registers are loaded while it
 * runs, so its timer raises the host's PPI 27 on that CPU: the handler
 * turns it into the vCPU's virtual INTID 27 (level) and masks the host
 * PPI until the guest has dealt with it (the condition stays true
 * until the guest reprograms or masks its timer). The line is sampled
 * again from CNTV_CTL_EL0 before each refill of the list registers.
 *
 * On a CPU with no vCPU loaded, the same timer wakes vCPUs blocked in
 * WFI at their compare value: the run loop arms it for the earliest
 * sleeper (arm64_guest_idle_timer) and the handler wakes them.
 */
#include <arch/cpu.h>
#include <asm/irq.h>
#include <minivisor/errno.h>

#include "vgic.h"

/* Host PPI 27 masked on this CPU: GIC writes only on a change. */
static bool vtimer_masked[CONFIG_MAX_CPUS];

void vgic_timer_host_mask(bool mask)
{
	const struct arm64_irqchip *chip = arm64_irqchip_get();
	unsigned int cpu = arch_cpu_id();

	if (!chip || cpu >= CONFIG_MAX_CPUS || vtimer_masked[cpu] == mask)
		return;
	vtimer_masked[cpu] = mask;
	if (mask)
		chip->mask(VGIC_INTID_VTIMER);
	else
		chip->unmask(VGIC_INTID_VTIMER);
}

static void vtimer_handler(uint32_t intid, void *arg)
{
	struct vcpu *v = vgic_loaded_vcpu();
	struct vgic *vg;
	irqflags_t flags;

	if (!v) {
		/* The idle wake-up timer: stop it, wake who is due. */
		write_sysreg(cntv_ctl_el0, 0);
		isb();
		arm64_guest_idle_timer_fired();
		return;
	}
	vgic_timer_host_mask(true);
	v->arch.vgic.timer_masked = true;
	vg = v->guest->arch.vgic;
	if (!vg)
		return; /* no interrupt controller: the guest polls */
	flags = vgic_lock(vg);
	v->arch.vgic.priv[VGIC_INTID_VTIMER].line = true;
	WRITE_ONCE(v->arch.vgic.dirty, true);
	vgic_unlock(vg, flags);
	v->arch.timer_irqs++;
}

void vgic_timer_sample(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;
	struct vgic_irq *irq = &c->priv[VGIC_INTID_VTIMER];
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	irq->line =
		(ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
		(CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	if (c->timer_masked && !irq->line && !irq->active && !irq->in_lr) {
		c->timer_masked = false;
		vgic_timer_host_mask(false);
	}
}

uint64_t vgic_timer_deadline(const struct vcpu *v)
{
	uint64_t ctl = v->arch.sys[VCPU_CNTV_CTL_EL0];
	uint64_t when;

	if (!v->guest->arch.vgic ||
	    (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
		return 0;
	/* CNTVOFF_EL2 is 0 on every CPU (head.S): virtual = physical. */
	when = v->arch.sys[VCPU_CNTV_CVAL_EL0];
	return when ? when : 1;
}

int vgic_timer_init(void)
{
	return arm64_irq_request(VGIC_INTID_VTIMER, vtimer_handler, NULL);
}

void vgic_timer_cpu_setup(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	vtimer_masked[arch_cpu_id()] = true; /* as the GIC driver left it */
	vgic_timer_host_mask(false);
}
