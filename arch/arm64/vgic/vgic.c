// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGIC instances: created from a guest description's GIC region (an
 * emulated region whose compatible is a GIC's, docs/arm64-guests.md),
 * one per guest, of the host GIC's version. The region spans the
 * distributor at its start and, for GICv3, one redistributor frame
 * pair per vCPU from +0xa0000; for GICv2 the host's virtual CPU
 * interface (GICV) is mapped at +0x10000, where the guest expects its
 * GICC. The `interrupts` properties (SPIs) of the guest's other
 * emulated regions wire their devices' lines to the vGIC once the
 * vCPUs exist. Also: SPI routing, GICv3 SGIs from ICC_SGI1R_EL1, and
 * the vCPU hooks of the guest layer.
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/guest.h>
#include <asm/irq.h>
#include <libfdt.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/printk.h>

#include "vgic.h"

/* ---- the description's GIC and device lines ---- */

/* Note the SPI of each sibling region that has `interrupts`. */
static void vgic_find_wires(struct vgic *vg, const struct devtree *dt, int node)
{
	int parent = fdt_parent_offset(dt->fdt, node), child;

	if (parent < 0)
		return;
	fdt_for_each_subnode(child, dt->fdt, parent) {
		uint64_t gpa;
		uint32_t intid;

		/* Only SPIs: a PPI's INTID is below IRQ_SPI_BASE. */
		if (arm64_irq_dt_intid(dt, child, 0, &intid) ||
		    intid < IRQ_SPI_BASE ||
		    devtree_u64(dt, child, "guest_physical_addr", &gpa))
			continue;
		if (intid >= VGIC_NR_IRQS || vg->nwires >= VGIC_MAX_WIRES) {
			printk("%s: interrupt of region 0x%llx not wired\n",
			       vg->guest->name, (unsigned long long)gpa);
			continue;
		}
		vg->wires[vg->nwires++] = (struct vgic_wire){ .gpa = gpa,
							      .intid = intid,
							      .vg = vg };
	}
}

static uint64_t vgic_region_need(unsigned int version, unsigned int nvcpus)
{
	if (version == 2)
		return VGIC_V2_CPU_OFFSET + VGIC_V2_CPU_SIZE;
	return VGIC_V3_RDIST_OFFSET + (uint64_t)nvcpus * VGIC_V3_RDIST_STRIDE;
}

static int vgic_map_cpu_if(struct vgic *vg)
{
	const struct arm64_irqchip *chip = arm64_irqchip_get();
	struct arm64_gic_virt virt;
	int err;

	if (!chip || !chip->virt || chip->virt(&virt) ||
	    virt.gicv_size < VGIC_V2_CPU_SIZE)
		return -MV_ENOTSUP;
	err = vm_arch_map(vg->guest, vg->base + VGIC_V2_CPU_OFFSET,
			  virt.gicv_pa, VGIC_V2_CPU_SIZE,
			  VM_MAP_READ | VM_MAP_WRITE | VM_MAP_DEVICE);
	if (!err)
		vg->cpu_mapped = true;
	return err;
}

int vgic_probe(struct guest *guest, struct guest_region *region,
	       const struct devtree *dt, int node, void **priv)
{
	unsigned int version = region->vdev == &vgic_v3_type ? 3 : 2;
	struct vgic *vg;
	int err;

	if (version != vgic_host_version())
		return -MV_ENOTSUP; /* guests see the host's GIC version */
	if (guest->arch.vgic)
		return -MV_EBUSY;
	if (guest->nvcpus > VGIC_MAX_VCPUS ||
	    region->size < vgic_region_need(version, guest->nvcpus))
		return -MV_EINVAL;
	vg = mv_zalloc(sizeof(*vg));
	if (!vg)
		return -MV_ENOMEM;
	vg->lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;
	vg->guest = guest;
	vg->version = version;
	vg->base = region->gpa;
	vgic_dist_reset(vg);
	vgic_find_wires(vg, dt, node);
	err = version == 2 ? vgic_map_cpu_if(vg) : 0;
	if (err) {
		mv_free(vg);
		return err;
	}
	guest->arch.vgic = vg;
	*priv = vg;
	return 0;
}

void vgic_remove(void *priv)
{
	struct vgic *vg = priv;

	if (vg->cpu_mapped)
		vm_arch_unmap(vg->guest, vg->base + VGIC_V2_CPU_OFFSET,
			      VGIC_V2_CPU_SIZE);
	vg->guest->arch.vgic = NULL;
	mv_free(vg);
}

void vgic_dist_reset(struct vgic *vg)
{
	vg->ctlr = 0;
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++) {
		struct vgic_irq *irq = &vg->spi[i];
		bool line = irq->line; /* an input, not distributor state */

		*irq = (struct vgic_irq){ .line = line, .targets = 1 };
	}
}

void vgic_reset(void *priv)
{
	struct vgic *vg = priv;
	irqflags_t flags = vgic_lock(vg);

	vgic_dist_reset(vg);
	vgic_unlock(vg, flags);
}

/* ---- routing ---- */

/* The vCPU whose MPIDR affinity is @aff, or the vCPU count. */
static unsigned int vgic_vcpu_by_aff(struct vgic *vg, uint64_t aff)
{
	for (unsigned int i = 0; i < vg->guest->nvcpus; i++)
		if ((vgic_vcpu(vg, i)->arch.vmpidr & MPIDR_AFF_MASK) == aff)
			return i;
	return vg->guest->nvcpus;
}

void vgic_spi_retarget(struct vgic *vg, struct vgic_irq *irq)
{
	unsigned int old = irq->target, t;

	if (vg->version == 2)
		t = irq->targets ? (unsigned int)__builtin_ctz(irq->targets) :
				   vg->guest->nvcpus;
	else if (irq->route & BIT(31)) /* any vCPU: take the first */
		t = 0;
	else
		t = vgic_vcpu_by_aff(vg, irq->route & MPIDR_AFF_MASK);
	/* No valid target: it stays pending until it gets one. */
	irq->target = (uint8_t)MIN(t, 0xffU);
	vgic_kick(vg, old, false);
	vgic_kick(vg, irq->target, vgic_irq_pending(irq));
}

void vgic_v3_send_sgi(struct vcpu *v, uint64_t val)
{
	struct vgic *vg = v->guest->arch.vgic;
	uint64_t aff = (val >> 48 & 0xff) << 32 | (val >> 32 & 0xff) << 16 |
		       (val >> 16 & 0xff) << 8;
	unsigned int rs = (val >> 44) & 0xf;
	uint32_t mask = 0;
	irqflags_t flags;

	if (!vg)
		return;
	for (unsigned int i = 0; i < v->guest->nvcpus; i++) {
		uint64_t m = vgic_vcpu(vg, i)->arch.vmpidr & MPIDR_AFF_MASK;
		unsigned int aff0 = m & 0xff;

		if (val & BIT(40)) { /* IRM: everyone but the sender */
			if (i != v->index)
				mask |= BIT(i);
		} else if ((m & ~0xffULL) == aff && aff0 / 16 == rs &&
			   (val & BIT(aff0 % 16))) {
			mask |= BIT(i);
		}
	}
	flags = vgic_lock(vg);
	vgic_sync_current(vg);
	vgic_sgi_send(vg, v->index, (val >> 24) & 0xf, mask);
	vgic_unlock(vg, flags);
}

/* ---- device lines ---- */

static void vgic_wire_set(void *ctx, bool level)
{
	struct vgic_wire *w = ctx;
	struct vgic *vg = w->vg;
	struct vgic_irq *irq = &vg->spi[w->intid - VGIC_NR_PRIVATE];
	irqflags_t flags = vgic_lock(vg);

	if (irq->line != level) {
		irq->line = level;
		vgic_kick(vg, irq->target, level && irq->enabled);
	}
	vgic_unlock(vg, flags);
}

static void vgic_wires_connect(struct vgic *vg)
{
	for (unsigned int i = 0; i < vg->nwires; i++) {
		struct vgic_wire *w = &vg->wires[i];
		struct guest_region *r = guest_region_find(vg->guest, w->gpa);

		if (!r || r->type != GUEST_REGION_EMULATED || !r->vdev_priv ||
		    r->vdev_priv == vg)
			continue;
		if (vdev_irq_connect(r->vdev, r->vdev_priv, vgic_wire_set, w))
			continue; /* a device without an interrupt output */
		w->type = r->vdev;
		w->priv = r->vdev_priv;
	}
}

static void vgic_wires_disconnect(struct vgic *vg)
{
	for (unsigned int i = 0; i < vg->nwires; i++) {
		struct vgic_wire *w = &vg->wires[i];

		if (w->type)
			vdev_irq_connect(w->type, w->priv, NULL, NULL);
		w->type = NULL;
	}
}

/* ---- vCPU hooks ---- */

void vgic_vcpu_init(struct vcpu *v)
{
	struct vgic *vg = v->guest->arch.vgic;

	vgic_vcpu_reset(v);
	/* The last vCPU: every vCPU (and every region) exists now. */
	if (vg && v->index + 1 == v->guest->nvcpus)
		vgic_wires_connect(vg);
}

void vgic_vcpu_destroy(struct vcpu *v)
{
	struct vgic *vg = v->guest->arch.vgic;

	/* With the first vCPU to go: no line may reach a freed vCPU. */
	if (vg)
		vgic_wires_disconnect(vg);
}

/* ---- the emulators in the vdev table ---- */

static const struct vdev_type *const vgic_types[] = { &vgic_v2_type,
						      &vgic_v3_type };

/*
 * The GIC emulators for vdev_find() (include/arch/guest.h).
 * "minivisor,gic" is the host's GIC version, for descriptions that must
 * work on both kinds of host.
 */
const struct vdev_type *vdev_arch_find(const char *compatible)
{
	if (!strcmp(compatible, "minivisor,gic")) {
		unsigned int version = vgic_host_version();

		return version == 3 ? &vgic_v3_type :
		       version == 2 ? &vgic_v2_type :
				      NULL;
	}
	for (unsigned int t = 0; t < ARRAY_SIZE(vgic_types); t++)
		for (const char *const *c = vgic_types[t]->compatible; *c; c++)
			if (!strcmp(*c, compatible))
				return vgic_types[t];
	return NULL;
}
