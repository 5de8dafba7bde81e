// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated distributor (GICv2 and GICv3) and GICv3 redistributors:
 * register tables for the vdev dispatcher, one handler per kind of
 * register. The banks of one bit, two bits or one byte per interrupt
 * are laid out alike in the distributor and in a redistributor's SGI
 * frame, so one set of handlers serves both through a "view": which
 * vCPU's private interrupts an access sees and its offset in a
 * distributor-layout frame. On a GICv3 the distributor's SGI/PPI part
 * reads as zero (affinity routing is always on) and the redistributor
 * frames reach only their vCPU's private interrupts.
 *
 * Every handler syncs the accessing vCPU's list registers first, so
 * the guest reads and changes exact state; any change marks the vCPU
 * an interrupt goes to for a refill and wakes or kicks it.
 */
#include <arch/cpu.h>
#include <minivisor/errno.h>

#include "vgic.h"

#define SZ1 (1u << 0)
#define SZ4 (1u << 2)
#define SZ8 (1u << 3)

#define GICD_CTLR_ARE BIT(4)
#define GICD_CTLR_DS BIT(6)
#define GIC_IIDR 0x0000043bU /* implementer ARM, revision 0 */
#define IRQ_BANK_BYTES (VGIC_NR_IRQS / 8)
#define PRIO_MASK 0xf8 /* five priority bits, as the list registers */

enum bit_field { F_GROUP, F_ENABLE, F_PEND, F_ACTIVE };
enum bit_mode { M_RW, M_SET, M_CLEAR };

struct vgic_view {
	struct vgic *vg;
	unsigned int vcpu; /* whose private interrupts */
	uint64_t rel; /* offset in a distributor-layout frame */
	bool rdist; /* a GICv3 redistributor frame */
	bool valid;
};

static struct vgic_view view_of(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = { priv, a->vcpu, a->offset, false, true };

	if (w.vg->version == 3 && a->offset >= VGIC_V3_RDIST_OFFSET) {
		uint64_t off = a->offset - VGIC_V3_RDIST_OFFSET;

		w.vcpu = (unsigned int)(off / VGIC_V3_RDIST_STRIDE);
		w.rel = off % VGIC_V3_RDIST_STRIDE;
		if (w.rel >= VGIC_V3_SGI_BASE)
			w.rel -= VGIC_V3_SGI_BASE;
		w.rdist = true;
		w.valid = w.vcpu < w.vg->guest->nvcpus;
	}
	if (!w.valid)
		w.vg->bad_accesses++;
	return w;
}

static struct vgic_irq *view_irq(const struct vgic_view *w, uint32_t intid)
{
	if (!w->valid)
		return NULL;
	if (intid < VGIC_NR_PRIVATE ? w->vg->version == 3 && !w->rdist :
				      w->rdist)
		return NULL;
	return vgic_get_irq(w->vg, w->vcpu, intid);
}

/* The vCPU whose delivery @irq (INTID @intid) changes. */
static unsigned int irq_owner(const struct vgic_view *w,
			      const struct vgic_irq *irq, uint32_t intid)
{
	return intid < VGIC_NR_PRIVATE ? w->vcpu : irq->target;
}

static irqflags_t regs_lock(struct vgic *vg)
{
	irqflags_t flags = vgic_lock(vg);

	vgic_sync_current(vg);
	return flags;
}

/* ---- one bit per interrupt ---- */

static bool bit_get(const struct vgic_irq *irq, enum bit_field f)
{
	switch (f) {
	case F_GROUP:
		return irq->group1;
	case F_ENABLE:
		return irq->enabled;
	case F_PEND:
		return vgic_irq_pending(irq);
	default:
		return irq->active;
	}
}

static void bit_put(struct vgic *vg, struct vgic_irq *irq, uint32_t intid,
		    enum bit_field f, bool on)
{
	switch (f) {
	case F_GROUP:
		irq->group1 = on;
		break;
	case F_ENABLE:
		/* GICv2 SGIs are always enabled. */
		if (vg->version == 3 || intid >= 16)
			irq->enabled = on;
		break;
	case F_PEND:
		irq->latch = on;
		if (!on)
			irq->sgi_src = 0;
		break;
	default:
		irq->active = on;
	}
}

static uint64_t bits_read(void *priv, const struct vdev_access *a,
			  enum bit_field f)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel & 0x7f) * 8, val = 0;
	irqflags_t flags = regs_lock(w.vg);

	for (uint32_t i = 0; i < 32; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);

		if (irq && bit_get(irq, f))
			val |= BIT(i);
	}
	vgic_unlock(w.vg, flags);
	return val;
}

static void bits_write(void *priv, const struct vdev_access *a,
		       enum bit_field f, enum bit_mode m)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel & 0x7f) * 8;
	irqflags_t flags = regs_lock(w.vg);

	for (uint32_t i = 0; i < 32; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);
		bool bit = a->value & BIT(i);

		if (!irq || (m != M_RW && !bit))
			continue;
		bit_put(w.vg, irq, first + i, f, m == M_RW ? bit : m == M_SET);
		vgic_kick(w.vg, irq_owner(&w, irq, first + i),
			  f != F_GROUP && m == M_SET);
	}
	vgic_unlock(w.vg, flags);
}

#define BITS_REG(name, field, mode)                                       \
	static uint64_t name##_read(void *p, const struct vdev_access *a) \
	{                                                                 \
		return bits_read(p, a, field);                            \
	}                                                                 \
	static void name##_write(void *p, const struct vdev_access *a)    \
	{                                                                 \
		bits_write(p, a, field, mode);                            \
	}

BITS_REG(igroupr, F_GROUP, M_RW)
BITS_REG(isenabler, F_ENABLE, M_SET)
BITS_REG(icenabler, F_ENABLE, M_CLEAR)
BITS_REG(ispendr, F_PEND, M_SET)
BITS_REG(icpendr, F_PEND, M_CLEAR)
BITS_REG(isactiver, F_ACTIVE, M_SET)
BITS_REG(icactiver, F_ACTIVE, M_CLEAR)

/* ---- one byte per interrupt: priorities, v2 targets ---- */

static uint64_t prio_read(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel - 0x400);
	irqflags_t flags = regs_lock(w.vg);
	uint64_t val = 0;

	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);

		if (irq)
			val |= (uint64_t)irq->priority << (8 * i);
	}
	vgic_unlock(w.vg, flags);
	return val;
}

static void prio_write(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel - 0x400);
	irqflags_t flags = regs_lock(w.vg);

	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);

		if (!irq)
			continue;
		irq->priority = (uint8_t)(a->value >> (8 * i)) & PRIO_MASK;
		vgic_kick(w.vg, irq_owner(&w, irq, first + i), false);
	}
	vgic_unlock(w.vg, flags);
}

static uint64_t targets_read(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel - 0x800);
	irqflags_t flags = regs_lock(w.vg);
	uint64_t val = 0;

	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);
		/* SGIs and PPIs read as the accessing vCPU's own bit. */
		uint8_t t = first + i < VGIC_NR_PRIVATE ? BIT(w.vcpu) :
			    irq				? irq->targets :
							  0;

		val |= (uint64_t)t << (8 * i);
	}
	vgic_unlock(w.vg, flags);
	return val;
}

static void targets_write(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel - 0x800);
	uint8_t all = (uint8_t)(BIT(w.vg->guest->nvcpus) - 1);
	irqflags_t flags = regs_lock(w.vg);

	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);

		if (!irq || first + i < VGIC_NR_PRIVATE)
			continue;
		irq->targets = (uint8_t)(a->value >> (8 * i)) & all;
		vgic_spi_retarget(w.vg, irq);
	}
	vgic_unlock(w.vg, flags);
}

/* ---- two bits per interrupt: trigger mode ---- */

static uint64_t icfgr_read(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel - 0xc00) * 4, val = 0;
	irqflags_t flags = regs_lock(w.vg);

	for (uint32_t i = 0; i < 16; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);

		if (irq && irq->edge)
			val |= 2U << (2 * i);
	}
	vgic_unlock(w.vg, flags);
	return val;
}

static void icfgr_write(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint32_t first = (uint32_t)(w.rel - 0xc00) * 4;
	irqflags_t flags = regs_lock(w.vg);

	for (uint32_t i = 0; i < 16; i++) {
		struct vgic_irq *irq = view_irq(&w, first + i);

		/* SGIs are always edge-triggered. */
		if (irq && first + i >= 16)
			irq->edge = a->value & (2U << (2 * i));
	}
	vgic_unlock(w.vg, flags);
}

/* ---- distributor control and identification ---- */

static uint64_t ctlr_read(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;

	return vg->version == 3 ? vg->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS :
				  vg->ctlr;
}

static void ctlr_write(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;
	irqflags_t flags = regs_lock(vg);

	vg->ctlr = (uint32_t)a->value & (vg->version == 3 ? 3 : 1);
	for (unsigned int i = 0; i < vg->guest->nvcpus; i++)
		vgic_kick(vg, i, true);
	vgic_unlock(vg, flags);
}

static uint64_t typer_read(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;
	uint64_t val = (VGIC_NR_IRQS / 32 - 1) |
		       (uint64_t)(vg->guest->nvcpus - 1) << 5;

	if (vg->version == 3)
		val |= 9ULL << 19; /* IDbits: 10-bit INTIDs, no LPIs */
	return val;
}

static uint64_t iidr_read(void *priv, const struct vdev_access *a)
{
	return GIC_IIDR;
}

/* PIDR2.ArchRev (bits 7:4) tells guests the GIC version. */
static uint64_t id_read(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;

	if ((a->offset & 0xfff) == 0xfe8)
		return vg->version << 4 | 0xb;
	return 0;
}

/* ---- GICv2: software-generated interrupts ---- */

static void sgir_write(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;
	uint32_t all = BIT(vg->guest->nvcpus) - 1, mask;
	irqflags_t flags = regs_lock(vg);

	switch ((a->value >> 24) & 3) {
	case 0:
		mask = (a->value >> 16) & 0xff;
		break;
	case 1:
		mask = all & ~BIT(a->vcpu);
		break;
	case 2:
		mask = BIT(a->vcpu);
		break;
	default:
		mask = 0;
		vg->bad_accesses++;
	}
	vgic_sgi_send(vg, a->vcpu, a->value & 0xf, mask & all);
	vgic_unlock(vg, flags);
}

/* ---- GICv3: SPI routing ---- */

static uint64_t irouter_read(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;
	uint32_t intid = (uint32_t)((a->offset - 0x6000) / 8);
	struct vgic_irq *irq = &vg->spi[intid - VGIC_NR_PRIVATE];
	uint64_t route = irq->route;

	return (a->offset & 4) ? route >> 32 : route;
}

static void irouter_write(void *priv, const struct vdev_access *a)
{
	struct vgic *vg = priv;
	uint32_t intid = (uint32_t)((a->offset - 0x6000) / 8);
	struct vgic_irq *irq = &vg->spi[intid - VGIC_NR_PRIVATE];
	irqflags_t flags = regs_lock(vg);
	uint64_t route = irq->route;

	if (a->size == 8)
		route = a->value;
	else if (a->offset & 4)
		route = (route & 0xffffffffULL) | a->value << 32;
	else
		route = (route & ~0xffffffffULL) | a->value;
	irq->route = route & (MPIDR_AFF_MASK | BIT(31));
	vgic_spi_retarget(vg, irq);
	vgic_unlock(vg, flags);
}

#define BANK(off, name, len)                                 \
	{                                                    \
		(off), (len), SZ4, name##_read, name##_write \
	}
#define BIT_BANKS(base, len)                          \
	BANK((base) + 0x080, igroupr, len),           \
		BANK((base) + 0x100, isenabler, len), \
		BANK((base) + 0x180, icenabler, len), \
		BANK((base) + 0x200, ispendr, len),   \
		BANK((base) + 0x280, icpendr, len),   \
		BANK((base) + 0x300, isactiver, len), \
		BANK((base) + 0x380, icactiver, len)

static const struct vdev_reg vgic_v2_regs[] = {
	{ 0x000, 4, SZ4, ctlr_read, ctlr_write },
	{ 0x004, 4, SZ4, typer_read, NULL },
	{ 0x008, 4, SZ4, iidr_read, NULL },
	BIT_BANKS(0, IRQ_BANK_BYTES),
	{ 0x400, VGIC_NR_IRQS, SZ1 | SZ4, prio_read, prio_write },
	{ 0x800, VGIC_NR_IRQS, SZ1 | SZ4, targets_read, targets_write },
	{ 0xc00, VGIC_NR_IRQS / 4, SZ4, icfgr_read, icfgr_write },
	{ 0xf00, 4, SZ4, NULL, sgir_write },
	{ 0xf10, 0x20, SZ1 | SZ4, NULL, NULL }, /* C/SPENDSGIR: RAZ/WI */
	{ 0xfd0, 0x30, SZ4, id_read, NULL },
};

/* ---- GICv3 redistributor frames ---- */

static uint64_t rd_typer_read(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);
	uint64_t mpidr, val;

	if (!w.valid)
		return 0;
	mpidr = vgic_vcpu(w.vg, w.vcpu)->arch.vmpidr;
	/* Affinity Aff3.Aff2.Aff1.Aff0 in bits 63:32, then Last. */
	val = ((mpidr & 0xffffff) | (mpidr >> 32 & 0xff) << 24) << 32 |
	      (uint64_t)w.vcpu << 8;
	if (w.vcpu + 1 == w.vg->guest->nvcpus)
		val |= BIT(4);
	return (a->offset & 4) ? val >> 32 : val;
}

/* GICR_WAKER: ChildrenAsleep (bit 2) follows ProcessorSleep (bit 1). */
static uint64_t rd_waker_read(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);

	if (!w.valid || !vgic_vcpu(w.vg, w.vcpu)->arch.vgic.sleep)
		return 0;
	return BIT(1) | BIT(2);
}

static void rd_waker_write(void *priv, const struct vdev_access *a)
{
	struct vgic_view w = view_of(priv, a);

	if (w.valid)
		vgic_vcpu(w.vg, w.vcpu)->arch.vgic.sleep = a->value & BIT(1);
}

#define RD_FRAME(n)                                                       \
	{ VGIC_V3_RDIST_OFFSET + (n)*VGIC_V3_RDIST_STRIDE, 4, SZ4, NULL,  \
	  NULL },                                                         \
		{ RD(n, 0x4), 4, SZ4, iidr_read, NULL },                  \
		{ RD(n, 0x8), 8, SZ4 | SZ8, rd_typer_read, NULL },        \
		{ RD(n, 0x10), 4, SZ4, NULL, NULL },                      \
		{ RD(n, 0x14), 4, SZ4, rd_waker_read, rd_waker_write },   \
		{ RD(n, 0xffd0), 0x30, SZ4, id_read, NULL },              \
		BIT_BANKS(RD(n, VGIC_V3_SGI_BASE), 4),                    \
		{ RD(n, 0x10400), 32, SZ1 | SZ4, prio_read, prio_write }, \
		{ RD(n, 0x10c00), 8, SZ4, icfgr_read, icfgr_write },      \
		{ RD(n, 0x10d00), 4, SZ4, NULL, NULL },                   \
	{                                                                 \
		RD(n, 0x10e00), 4, SZ4, NULL, NULL                        \
	}
#define RD(n, off) (VGIC_V3_RDIST_OFFSET + (n)*VGIC_V3_RDIST_STRIDE + (off))

static const struct vdev_reg vgic_v3_regs[] = {
	{ 0x0000, 4, SZ4, ctlr_read, ctlr_write },
	{ 0x0004, 4, SZ4, typer_read, NULL },
	{ 0x0008, 4, SZ4, iidr_read, NULL },
	{ 0x000c, 8, SZ4, NULL, NULL }, /* TYPER2, STATUSR */
	BIT_BANKS(0, IRQ_BANK_BYTES),
	{ 0x0400, VGIC_NR_IRQS, SZ1 | SZ4, prio_read, prio_write },
	{ 0x0c00, VGIC_NR_IRQS / 4, SZ4, icfgr_read, icfgr_write },
	{ 0x0d00, IRQ_BANK_BYTES, SZ4, NULL, NULL }, /* IGRPMODR */
	{ 0x6000 + 8 * VGIC_NR_PRIVATE, 8 * VGIC_NR_SPIS, SZ4 | SZ8,
	  irouter_read, irouter_write },
	{ 0xffd0, 0x30, SZ4, id_read, NULL },
	RD_FRAME(0),
	RD_FRAME(1),
	RD_FRAME(2),
	RD_FRAME(3),
	RD_FRAME(4),
	RD_FRAME(5),
	RD_FRAME(6),
	RD_FRAME(7),
};

static const char *const vgic_v2_compat[] = { "arm,cortex-a15-gic",
					      "arm,gic-400", NULL };
static const char *const vgic_v3_compat[] = { "arm,gic-v3", NULL };

const struct vdev_type vgic_v2_type = {
	.name = "vgic-v2",
	.compatible = vgic_v2_compat,
	.probe = vgic_probe,
	.remove = vgic_remove,
	.reset = vgic_reset,
	.regs = vgic_v2_regs,
	.nregs = ARRAY_SIZE(vgic_v2_regs),
};

const struct vdev_type vgic_v3_type = {
	.name = "vgic-v3",
	.compatible = vgic_v3_compat,
	.probe = vgic_probe,
	.remove = vgic_remove,
	.reset = vgic_reset,
	.regs = vgic_v3_regs,
	.nregs = ARRAY_SIZE(vgic_v3_regs),
};

int vgic_types_check(void)
{
	if (vdev_check_type(&vgic_v2_type) || vdev_check_type(&vgic_v3_type))
		return -MV_EINVAL;
	return 0;
}
