// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM GICv3: distributor (affinity routing), one redistributor per CPU
 * found by MPIDR, and the system-register CPU interface used from EL2.
 * Everything starts masked; the hypervisor unmasks only what it uses
 * (its timer PPI). All interrupts are Group 1, delivered as IRQ.
 */
#include <arch/cpu.h>
#include <asm/arm64.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>

#include "gic-common.h"

#define GICD_IROUTER 0x6000
#define ICC_SGI1R_EL1 S3_0_C12_C11_5

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

#define GIC_MAX_RDIST_REGIONS 8
#define GIC_SPIN_LIMIT 1000000

struct gicv3 {
	struct gic_region dist;
	unsigned int nr_irqs; /* SPIs + 32 */
	uint32_t maint_intid;
	struct gic_region rdist[GIC_MAX_RDIST_REGIONS];
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
		for (uint64_t off = 0; off + 0x20000 <= gic.rdist[r].size;) {
			volatile uint8_t *rd = gic.rdist[r].va + off;
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
	gic_reset_block(sgi, 0, 32, true);
	gic_wait(rd + GICR_CTLR, GICR_CTLR_RWP);
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
	volatile uint8_t *base;

	if (intid < IRQ_SPI_BASE) {
		base = gic_sgi_base();
		if (!base)
			return;
		gic_write_enable(base, intid, on);
		gic_wait(gic.cpu_rd[arch_cpu_id()] + GICR_CTLR, GICR_CTLR_RWP);
	} else if (intid < gic.nr_irqs) {
		gic_write_enable(gic.dist.va, intid, on);
		gic_wait(gic.dist.va + GICD_CTLR, GICD_CTLR_RWP);
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

/* SGI by affinity: Aff3.Aff2.Aff1 plus a target-list bit for Aff0. */
static void gic_send_sgi(uint32_t sgi, unsigned int cpu)
{
	uint64_t mpidr, aff0;

	if (sgi >= 16 || cpu >= arm64_cpu_known())
		return;
	mpidr = arm64_cpus[cpu].mpidr;
	aff0 = mpidr & 0xff;
	dsb(ishst); /* what the target is told about is visible first */
	write_sysreg_s(ICC_SGI1R_EL1,
		       (mpidr >> 32 & 0xff) << 48 | (aff0 >> 4) << 44 |
			       (mpidr >> 16 & 0xff) << 32 |
			       (uint64_t)sgi << 24 | (mpidr >> 8 & 0xff) << 16 |
			       1ULL << (aff0 & 0xf));
	isb();
}

static int gic_virt(struct arm64_gic_virt *out)
{
	out->version = 3;
	out->maint_intid = gic.maint_intid;
	out->gich = NULL;
	out->gicv_pa = 0;
	out->gicv_size = 0;
	return 0;
}

static void gic_info(void)
{
	printk("irqchip: GICv3, distributor 0x%llx, %u interrupt lines, "
	       "%u redistributor region(s)\n",
	       (unsigned long long)gic.dist.pa, gic.nr_irqs, gic.nr_rdist);
}

static const struct arm64_irqchip gicv3_chip = {
	.name = "GICv3",
	.version = 3,
	.send_sgi = gic_send_sgi,
	.virt = gic_virt,
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

	writel(0, gic.dist.va + GICD_CTLR);
	gic_wait(gic.dist.va + GICD_CTLR, GICD_CTLR_RWP);
	gic_reset_block(gic.dist.va, IRQ_SPI_BASE, gic.nr_irqs, true);
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i++)
		writeq(route, gic.dist.va + GICD_IROUTER + i * 8);
	gic_wait(gic.dist.va + GICD_CTLR, GICD_CTLR_RWP);
	writel(GICD_CTLR_ARE | GICD_CTLR_G1A | GICD_CTLR_G1,
	       gic.dist.va + GICD_CTLR);
	gic_wait(gic.dist.va + GICD_CTLR, GICD_CTLR_RWP);
}

static int gicv3_probe(const struct devtree *dt, int node)
{
	uint32_t nregions = 1;
	int ret;

	if (arm64_irqchip_get())
		return -MV_EBUSY;
	ret = gic_map_region(dt, node, 0, &gic.dist);
	if (ret)
		return ret;
	gic.maint_intid = gic_dt_maint_intid(dt, node);
	devtree_u32(dt, node, "#redistributor-regions", &nregions);
	nregions = MIN(nregions, (uint32_t)GIC_MAX_RDIST_REGIONS);
	for (uint32_t i = 0; i < nregions; i++, gic.nr_rdist++) {
		ret = gic_map_region(dt, node, (int)i + 1, &gic.rdist[i]);
		if (ret)
			return ret;
	}
	gic.nr_irqs = gic_dist_lines(gic.dist.va);
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
