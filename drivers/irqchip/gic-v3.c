// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM GICv3: distributor (affinity routing), one redistributor per CPU
 * found by MPIDR, and the system-register CPU interface used from EL2.
 * Everything starts masked; the hypervisor unmasks only what it uses
 * (its timer PPI). All interrupts are Group 1, delivered as IRQ.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <asm/arm64.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000

#define GICD_CTLR_G1 (1U << 0) /* EnableGrp1 (NS view) / Grp0 (DS=1) */
#define GICD_CTLR_G1A (1U << 1) /* EnableGrp1A (NS view) / Grp1 (DS=1) */
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_RWP (1U << 31)

#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_CTLR_RWP (1U << 3)
#define GICR_TYPER_VLPIS (1UL << 1)
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)
#define GICR_SGI_BASE 0x10000

#define GIC_PRIO_DEFAULT 0xa0
#define GIC_MAX_RDIST_REGIONS 8
#define GIC_SPIN_LIMIT 1000000

struct gicv3 {
	volatile uint8_t *dist;
	paddr_t dist_pa;
	unsigned int nr_irqs; /* SPIs + 32 */
	volatile uint8_t *rdist[GIC_MAX_RDIST_REGIONS];
	uint64_t rdist_size[GIC_MAX_RDIST_REGIONS];
	unsigned int nr_rdist;
	volatile uint8_t *cpu_rd[CONFIG_MAX_CPUS]; /* this CPU's frame */
};

static struct gicv3 gic;

static void gic_wait(volatile uint8_t *reg, uint32_t bit)
{
	for (unsigned int i = 0; (readl(reg) & bit) && i < GIC_SPIN_LIMIT; i++)
		arch_cpu_relax();
}

/* MPIDR affinity in the GICR_TYPER layout: Aff3.Aff2.Aff1.Aff0. */
static uint32_t gic_affinity(uint64_t mpidr)
{
	return (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24);
}

static volatile uint8_t *gic_find_rdist(uint64_t mpidr)
{
	uint32_t aff = gic_affinity(mpidr);

	for (unsigned int r = 0; r < gic.nr_rdist; r++) {
		for (uint64_t off = 0; off + 0x20000 <= gic.rdist_size[r];) {
			volatile uint8_t *rd = gic.rdist[r] + off;
			uint64_t typer = readq(rd + GICR_TYPER);

			if ((uint32_t)(typer >> 32) == aff)
				return rd;
			if (typer & GICR_TYPER_LAST)
				break;
			off += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
		}
	}
	return NULL;
}

static volatile uint8_t *gic_sgi_base(void)
{
	volatile uint8_t *rd = gic.cpu_rd[arch_cpu_id()];

	return rd ? rd + GICR_SGI_BASE : NULL;
}

static void gic_rdist_init(volatile uint8_t *rd)
{
	volatile uint8_t *sgi = rd + GICR_SGI_BASE;

	writel(readl(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP, rd + GICR_WAKER);
	gic_wait(rd + GICR_WAKER, GICR_WAKER_ASLEEP);
	writel(~0U, sgi + GICD_ICENABLER);
	gic_wait(rd + GICR_CTLR, GICR_CTLR_RWP);
	writel(~0U, sgi + GICD_ICPENDR);
	writel(~0U, sgi + GICD_ICACTIVER);
	writel(~0U, sgi + GICD_IGROUPR);
	for (unsigned int i = 0; i < 32; i += 4)
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       sgi + GICD_IPRIORITYR + i);
}

static void gic_cpu_init(void)
{
	struct arm64_percpu *cpu = arm64_this_cpu();
	volatile uint8_t *rd = gic_find_rdist(cpu->mpidr);

	gic.cpu_rd[cpu->id] = rd;
	if (rd)
		gic_rdist_init(rd);
	else
		pr_warn("gicv3: no redistributor for cpu%u\n", cpu->id);
	write_sysreg_s(ICC_SRE_EL2, read_sysreg_s(ICC_SRE_EL2) | ICC_SRE_SRE |
					    ICC_SRE_ENABLE);
	isb();
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_BPR1_EL1, 0);
	write_sysreg_s(ICC_CTLR_EL1,
		       0); /* EOI drops priority and deactivates */
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
}

static uint32_t gic_ack(uint32_t *intid)
{
	uint32_t iar = (uint32_t)read_sysreg_s(ICC_IAR1_EL1);

	*intid = iar & 0xffffff;
	return iar;
}

static void gic_eoi(uint32_t raw)
{
	write_sysreg_s(ICC_EOIR1_EL1, raw);
	isb();
}

static void gic_set_enable(uint32_t intid, bool on)
{
	uint32_t bit = 1U << (intid % 32);
	volatile uint8_t *base;

	if (intid < IRQ_SPI_BASE) {
		base = gic_sgi_base();
		if (!base)
			return;
		writel(bit, base + (on ? GICD_ISENABLER : GICD_ICENABLER));
		gic_wait(gic.cpu_rd[arch_cpu_id()] + GICR_CTLR, GICR_CTLR_RWP);
	} else if (intid < gic.nr_irqs) {
		writel(bit, gic.dist + (on ? GICD_ISENABLER : GICD_ICENABLER) +
				    (intid / 32) * 4);
		gic_wait(gic.dist + GICD_CTLR, GICD_CTLR_RWP);
	}
}

static void gic_unmask(uint32_t intid)
{
	gic_set_enable(intid, true);
}

static void gic_mask(uint32_t intid)
{
	gic_set_enable(intid, false);
}

static void gic_info(void)
{
	printk("irqchip: GICv3, distributor 0x%llx, %u interrupt lines, "
	       "%u redistributor region(s)\n",
	       (unsigned long long)gic.dist_pa, gic.nr_irqs, gic.nr_rdist);
}

static const struct arm64_irqchip gicv3_chip = {
	.name = "GICv3",
	.cpu_init = gic_cpu_init,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.unmask = gic_unmask,
	.mask = gic_mask,
	.info = gic_info,
};

/* Every SPI: disabled, not pending, Group 1, default priority, CPU 0. */
static void gic_dist_init(void)
{
	uint64_t route = gic_affinity(arm64_cpus[0].mpidr);

	writel(0, gic.dist + GICD_CTLR);
	gic_wait(gic.dist + GICD_CTLR, GICD_CTLR_RWP);
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i += 32) {
		writel(~0U, gic.dist + GICD_ICENABLER + i / 8);
		writel(~0U, gic.dist + GICD_ICPENDR + i / 8);
		writel(~0U, gic.dist + GICD_ICACTIVER + i / 8);
		writel(~0U, gic.dist + GICD_IGROUPR + i / 8);
	}
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i += 4)
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       gic.dist + GICD_IPRIORITYR + i);
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i++)
		writeq(route, gic.dist + GICD_IROUTER + i * 8);
	gic_wait(gic.dist + GICD_CTLR, GICD_CTLR_RWP);
	writel(GICD_CTLR_ARE | GICD_CTLR_G1A | GICD_CTLR_G1,
	       gic.dist + GICD_CTLR);
	gic_wait(gic.dist + GICD_CTLR, GICD_CTLR_RWP);
}

static int gic_map(const struct devtree *dt, int node, int idx,
		   volatile uint8_t **va, uint64_t *size, paddr_t *pa)
{
	struct dt_range r;
	vaddr_t v;
	int ret = devtree_reg(dt, node, idx, &r);

	if (!ret)
		ret = aspace_map(r.base, r.size, MMU_ATTR_IO, &v);
	if (ret)
		return ret;
	*va = (volatile uint8_t *)v;
	if (size)
		*size = r.size;
	if (pa)
		*pa = r.base;
	return 0;
}

static int gicv3_probe(const struct devtree *dt, int node)
{
	uint32_t nregions = 1;
	int ret;

	if (arm64_irqchip_get())
		return -MV_EBUSY;
	ret = gic_map(dt, node, 0, &gic.dist, NULL, &gic.dist_pa);
	if (ret)
		return ret;
	devtree_u32(dt, node, "#redistributor-regions", &nregions);
	nregions = MIN(nregions, (uint32_t)GIC_MAX_RDIST_REGIONS);
	for (uint32_t i = 0; i < nregions; i++, gic.nr_rdist++) {
		ret = gic_map(dt, node, (int)i + 1, &gic.rdist[i],
			      &gic.rdist_size[i], NULL);
		if (ret)
			return ret;
	}
	gic.nr_irqs = MIN(32 * ((readl(gic.dist + GICD_TYPER) & 0x1f) + 1),
			  (uint32_t)IRQ_SPECIAL_START);
	gic_dist_init();
	ret = arm64_irqchip_register(&gicv3_chip);
	if (!ret)
		gic_info();
	return ret;
}

static const char *const gicv3_compat[] = { "arm,gic-v3", NULL };

static const struct init_driver gicv3_driver = {
	.name = "gic-v3",
	.compatible = gicv3_compat,
	.stage = INIT_STAGE_IRQCHIP,
	.probe = gicv3_probe,
};
INIT_DRIVER(gicv3_driver);
