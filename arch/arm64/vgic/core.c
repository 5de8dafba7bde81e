// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGIC's interrupt model and its list registers. Each interrupt's
 * state (enabled, pending latch, input level, active, priority, group,
 * target) lives in struct vgic_irq under the guest's vGIC lock; while a
 * vCPU runs, a few of its interrupts sit in the host's list registers.
 *
 * Before each guest entry a vCPU marked dirty has its list registers
 * read back into the model and refilled with its most urgent
 * deliverable interrupts: active ones first (the guest must be able to
 * end them), then by priority. When more are deliverable than there
 * are LRs, the underflow maintenance interrupt asks to be called back
 * when the guest has taken them; level-sensitive interrupts carry the
 * EOI bit so their input is sampled again when the guest ends them.
 * Leaving the CPU folds the LRs back into the model, so a vCPU's whole
 * interrupt state is in memory while it does not run.
 */
#include <arch/cpu.h>
#include <asm/irq.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

#include "vgic.h"

static struct vcpu *vgic_loaded[CONFIG_MAX_CPUS];
static unsigned int host_version;
static uint32_t maint_intid;

irqflags_t vgic_lock(struct vgic *vg)
{
	return arch_spin_lock_irqsave(&vg->lock);
}

void vgic_unlock(struct vgic *vg, irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&vg->lock, flags);
}

unsigned int vgic_host_version(void)
{
	return host_version;
}

bool vgic_guest_is_v3(const struct guest *g)
{
	return g->arch.vgic && g->arch.vgic->version == 3;
}

uint64_t vgic_ignored_accesses(const struct guest *g)
{
	return g->arch.vgic ? READ_ONCE(g->arch.vgic->bad_accesses) : 0;
}

struct vcpu *vgic_loaded_vcpu(void)
{
	unsigned int cpu = arch_cpu_id();

	return cpu < CONFIG_MAX_CPUS ? vgic_loaded[cpu] : NULL;
}

struct vgic_irq *vgic_get_irq(struct vgic *vg, unsigned int vcpu,
			      uint32_t intid)
{
	if (vcpu >= vg->guest->nvcpus || !vg->guest->vcpus)
		return NULL;
	if (intid < VGIC_NR_PRIVATE)
		return &vgic_vcpu(vg, vcpu)->arch.vgic.priv[intid];
	if (intid < VGIC_NR_IRQS)
		return &vg->spi[intid - VGIC_NR_PRIVATE];
	return NULL;
}

/* The distributor forwards @irq's group (v2: one enable for both). */
static bool irq_group_enabled(const struct vgic *vg, const struct vgic_irq *irq)
{
	if (vg->version == 2)
		return vg->ctlr & 1;
	return vg->ctlr & (irq->group1 ? 2 : 1);
}

/* Worth a list register: active, or pending, enabled and forwarded. */
static bool irq_deliverable(const struct vgic *vg, const struct vgic_irq *irq)
{
	if (irq->in_lr)
		return false;
	if (irq->active)
		return true;
	return vgic_irq_pending(irq) && irq->enabled &&
	       irq_group_enabled(vg, irq);
}

void vgic_kick(struct vgic *vg, unsigned int vcpu, bool wake)
{
	struct vcpu *v;

	if (vcpu >= vg->guest->nvcpus || !vg->guest->vcpus)
		return;
	v = vgic_vcpu(vg, vcpu);
	WRITE_ONCE(v->arch.vgic.dirty, true);
	/* The vCPU running here sees it at its next entry or WFI trap. */
	if (!wake || v == vgic_loaded_vcpu())
		return;
	/* Ordered after dirty: a vCPU loaded from now on refills anyway. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	arm64_vcpu_unsleep(v);
	sched_vcpu_wake(v);
	if (READ_ONCE(v->on_cpu) && v->host_cpu != arch_cpu_id())
		arch_cpu_kick(v->host_cpu);
}

void vgic_sgi_send(struct vgic *vg, unsigned int from, uint32_t sgi,
		   uint32_t mask)
{
	for (unsigned int i = 0; i < vg->guest->nvcpus && sgi < 16; i++) {
		struct vgic_irq *irq;

		if (!(mask & BIT(i)))
			continue;
		irq = vgic_get_irq(vg, i, sgi);
		if (!irq)
			continue;
		if (vg->version == 2)
			irq->sgi_src |= (uint8_t)BIT(from & 7);
		else
			irq->latch = true;
		vgic_kick(vg, i, irq->enabled);
	}
}

/* Read back the LRs of loaded @v into the model and empty them. */
static void vgic_sync_lrs(struct vgic *vg, struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;

	for (unsigned int i = 0; i < c->used_lrs; i++) {
		uint64_t lr = vgic_hw->read_lr(i);
		struct vgic_irq *irq =
			vgic_get_irq(vg, v->index, c->lr_intid[i]);

		vgic_hw->write_lr(i, 0);
		if (!irq)
			continue;
		irq->in_lr = false;
		irq->active = lr & LR_ACTIVE;
		if (!(lr & LR_PENDING))
			continue;
		/*
		 * Not taken yet: an edge or a latched (ISPENDR) one stays
		 * pending. A level one pending only because its line was
		 * high is not latched: the next fill looks at the line
		 * again, so a guest that dropped it (a timer reprogrammed
		 * before the interrupt was taken) gets no stale delivery.
		 */
		if (vg->version == 2 && c->lr_intid[i] < 16)
			irq->sgi_src |= (uint8_t)BIT((lr >> LR_SRC_SHIFT) & 7);
		else if (irq->edge || irq->lr_latch)
			irq->latch = true;
	}
	c->used_lrs = 0;
}

/* @a before @b in the list registers? Active first, then priority. */
static bool irq_before(const struct vgic_irq *a, uint32_t ia,
		       const struct vgic_irq *b, uint32_t ib)
{
	if (a->active != b->active)
		return a->active;
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return ia < ib;
}

/* Is @irq (INTID @intid) one of @v's to deliver? */
static bool irq_for_vcpu(const struct vgic *vg, const struct vgic_irq *irq,
			 uint32_t intid, const struct vcpu *v)
{
	if (intid >= VGIC_NR_PRIVATE && irq->target != v->index)
		return false;
	return irq_deliverable(vg, irq);
}

/* The most urgent interrupt of @v not in an LR yet, or NULL. */
static struct vgic_irq *vgic_next(struct vgic *vg, struct vcpu *v,
				  uint32_t *intid)
{
	struct vgic_irq *best = NULL;

	for (uint32_t i = 0; i < VGIC_NR_IRQS; i++) {
		struct vgic_irq *irq = vgic_get_irq(vg, v->index, i);

		if (!irq || !irq_for_vcpu(vg, irq, i, v))
			continue;
		if (!best || irq_before(irq, i, best, *intid)) {
			best = irq;
			*intid = i;
		}
	}
	return best;
}

/* The LR image delivering @irq; takes its pending state with it. */
static uint64_t vgic_make_lr(struct vgic *vg, struct vgic_irq *irq,
			     uint32_t intid)
{
	uint64_t lr = intid | (uint64_t)irq->priority << LR_PRIO_SHIFT;

	if (irq->group1)
		lr |= LR_GROUP1;
	if (irq->active)
		lr |= LR_ACTIVE;
	if (!irq->edge)
		lr |= LR_EOI;
	if (!vgic_irq_pending(irq) || !irq->enabled ||
	    !irq_group_enabled(vg, irq))
		return lr; /* only active */
	lr |= LR_PENDING;
	if (vg->version == 2 && intid < 16 && irq->sgi_src) {
		unsigned int src = (unsigned int)__builtin_ctz(irq->sgi_src);

		/* One source per LR; the others follow once it is taken. */
		irq->sgi_src &= (uint8_t)~BIT(src);
		lr |= (uint64_t)src << LR_SRC_SHIFT;
	}
	irq->lr_latch = irq->latch;
	irq->latch = false;
	return lr;
}

static void vgic_fill_lrs(struct vgic *vg, struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;
	uint64_t hcr = VGIC_HCR_EN;
	struct vgic_irq *irq;
	uint32_t intid = 0;

	while ((irq = vgic_next(vg, v, &intid))) {
		if (c->used_lrs >= vgic_nr_lrs) {
			hcr |= VGIC_HCR_UIE; /* call back when LRs drain */
			break;
		}
		vgic_hw->write_lr(c->used_lrs, vgic_make_lr(vg, irq, intid));
		c->lr_intid[c->used_lrs++] = (uint16_t)intid;
		irq->in_lr = true;
	}
	vgic_hw->write_hcr(hcr);
}

void vgic_sync_current(struct vgic *vg)
{
	struct vcpu *v = vgic_loaded_vcpu();

	if (v && v->guest->arch.vgic == vg) {
		vgic_sync_lrs(vg, v);
		WRITE_ONCE(v->arch.vgic.dirty, true);
	}
}

void vgic_flush(struct vcpu *v)
{
	struct vgic *vg = v->guest->arch.vgic;
	struct vgic_cpu *c = &v->arch.vgic;
	irqflags_t flags;

	if (!vg || !READ_ONCE(c->dirty))
		return;
	flags = vgic_lock(vg);
	WRITE_ONCE(c->dirty, false);
	vgic_sync_lrs(vg, v);
	vgic_timer_sample(v);
	vgic_fill_lrs(vg, v);
	vgic_unlock(vg, flags);
}

bool vgic_vcpu_pending(struct vcpu *v)
{
	struct vgic *vg = v->guest->arch.vgic;
	bool pending = false;
	irqflags_t flags;

	if (!vg)
		return false;
	flags = vgic_lock(vg);
	vgic_sync_lrs(vg, v);
	vgic_timer_sample(v);
	WRITE_ONCE(v->arch.vgic.dirty, true);
	for (uint32_t i = 0; i < VGIC_NR_IRQS && !pending; i++) {
		struct vgic_irq *irq = vgic_get_irq(vg, v->index, i);

		pending = irq && irq_for_vcpu(vg, irq, i, v) && !irq->active;
	}
	vgic_unlock(vg, flags);
	return pending;
}

/*
 * The maintenance interrupt (LRs drained, or a level interrupt ended)
 * arrives while its vCPU is still loaded, after the exit it caused:
 * emptying the LRs clears its cause; the next entry refills them.
 */
static void vgic_maint_handler(uint32_t intid, void *arg)
{
	struct vcpu *v = vgic_loaded_vcpu();
	struct vgic *vg = v ? v->guest->arch.vgic : NULL;
	irqflags_t flags;

	if (!vg) {
		vgic_hw->write_hcr(0);
		return;
	}
	flags = vgic_lock(vg);
	vgic_sync_lrs(vg, v);
	vgic_hw->write_hcr(VGIC_HCR_EN);
	WRITE_ONCE(v->arch.vgic.dirty, true);
	vgic_unlock(vg, flags);
}

void vgic_load(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;
	unsigned int cpu = arch_cpu_id();

	if (!vgic_hw || cpu >= CONFIG_MAX_CPUS)
		return;
	vgic_loaded[cpu] = v;
	c->used_lrs = 0;
	c->timer_masked = false;
	vgic_timer_host_mask(false);
	if (!v->guest->arch.vgic) {
		vgic_hw->write_hcr(0);
		return;
	}
	vgic_hw->restore(c);
	vgic_hw->write_hcr(VGIC_HCR_EN);
	WRITE_ONCE(c->dirty, true);
}

void vgic_put(struct vcpu *v)
{
	struct vgic *vg = v->guest->arch.vgic;
	struct vgic_cpu *c = &v->arch.vgic;
	unsigned int cpu = arch_cpu_id();
	irqflags_t flags;

	if (!vgic_hw || cpu >= CONFIG_MAX_CPUS)
		return;
	if (vg) {
		flags = vgic_lock(vg);
		vgic_sync_lrs(vg, v);
		vgic_timer_sample(v);
		vgic_unlock(vg, flags);
		vgic_hw->save(c);
	}
	vgic_hw->write_hcr(0);
	/* The idle wake-up timer of this CPU needs the PPI. */
	if (c->timer_masked)
		vgic_timer_host_mask(false);
	c->timer_masked = false;
	vgic_loaded[cpu] = NULL;
}

void vgic_vcpu_reset(struct vcpu *v)
{
	struct vgic *vg = v->guest->arch.vgic;
	struct vgic_cpu *c = &v->arch.vgic;
	bool v2 = vg && vg->version == 2;

	for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++) {
		struct vgic_irq *irq = &c->priv[i];

		*irq = (struct vgic_irq){ .target = (uint8_t)v->index };
		/* SGIs are edge-triggered and always enabled on a GICv2. */
		irq->edge = i < 16;
		irq->enabled = v2 && i < 16;
	}
	c->used_lrs = 0;
	c->vmcr = c->ap0r = c->ap1r = 0;
	c->sleep = true;
	c->dirty = true;
}

int vgic_init(void)
{
	const struct arm64_irqchip *chip = arm64_irqchip_get();
	struct arm64_gic_virt virt;
	int err;

	if (!chip || !chip->virt || chip->virt(&virt))
		return -MV_ENOTSUP;
	err = vgic_hw_init(virt.version, virt.gich);
	if (!err)
		err = arm64_irq_request(virt.maint_intid, vgic_maint_handler,
					NULL);
	if (!err)
		err = vgic_timer_init();
	if (!err)
		err = vgic_types_check();
	if (err)
		return err;
	maint_intid = virt.maint_intid;
	host_version = virt.version;
	printk("vgic: GICv%u guests, %u list registers, maintenance INTID "
	       "%u\n",
	       host_version, vgic_nr_lrs, maint_intid);
	return 0;
}

void vgic_cpu_setup(void)
{
	if (!host_version)
		return;
	vgic_hw->write_hcr(0);
	arm64_irq_unmask(maint_intid);
	vgic_timer_cpu_setup();
}
