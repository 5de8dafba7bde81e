// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM GICv2: memory-mapped distributor and CPU interface (the banked
 * per-CPU view at the same address on every CPU). Everything starts
 * masked; the hypervisor unmasks only what it uses (its timer PPI).
 * QEMU's virt GICv2 has no security extensions: interrupts are Group 0
 * and reach the CPU as IRQ.
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

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ICPENDR 0x280
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

#define GIC_PRIO_DEFAULT 0xa0

struct gicv2 {
	volatile uint8_t *dist, *cpu;
	paddr_t dist_pa, cpu_pa;
	unsigned int nr_irqs;
};

static struct gicv2 gic;

static void gic_cpu_init(void)
{
	/* Banked SGI/PPI state of this CPU: all masked, default priority. */
	writel(~0U, gic.dist + GICD_ICENABLER);
	writel(~0U, gic.dist + GICD_ICPENDR);
	writel(~0U, gic.dist + GICD_ICACTIVER);
	for (unsigned int i = 0; i < 32; i += 4)
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       gic.dist + GICD_IPRIORITYR + i);
	writel(0xf0, gic.cpu + GICC_PMR);
	writel(0, gic.cpu + GICC_BPR);
	writel(1, gic.cpu + GICC_CTLR);
}

static uint32_t gic_ack(uint32_t *intid)
{
	uint32_t iar = readl(gic.cpu + GICC_IAR);

	*intid = iar & 0x3ff;
	return iar;
}

static void gic_eoi(uint32_t raw)
{
	writel(raw, gic.cpu + GICC_EOIR);
}

static void gic_set_enable(uint32_t intid, bool on)
{
	if (intid >= gic.nr_irqs)
		return;
	writel(1U << (intid % 32),
	       gic.dist + (on ? GICD_ISENABLER : GICD_ICENABLER) +
		       (intid / 32) * 4);
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
	printk("irqchip: GICv2, distributor 0x%llx, cpu interface 0x%llx, "
	       "%u interrupt lines\n",
	       (unsigned long long)gic.dist_pa, (unsigned long long)gic.cpu_pa,
	       gic.nr_irqs);
}

static const struct arm64_irqchip gicv2_chip = {
	.name = "GICv2",
	.cpu_init = gic_cpu_init,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.unmask = gic_unmask,
	.mask = gic_mask,
	.info = gic_info,
};

/* Every SPI: disabled, not pending, default priority, to CPU 0. */
static void gic_dist_init(void)
{
	writel(0, gic.dist + GICD_CTLR);
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i += 32) {
		writel(~0U, gic.dist + GICD_ICENABLER + i / 8);
		writel(~0U, gic.dist + GICD_ICPENDR + i / 8);
		writel(~0U, gic.dist + GICD_ICACTIVER + i / 8);
	}
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i += 4) {
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       gic.dist + GICD_IPRIORITYR + i);
		writel(0x01010101U, gic.dist + GICD_ITARGETSR + i);
	}
	writel(1, gic.dist + GICD_CTLR);
}

static int gic_map(const struct devtree *dt, int node, int idx,
		   volatile uint8_t **va, paddr_t *pa)
{
	struct dt_range r;
	vaddr_t v;
	int ret = devtree_reg(dt, node, idx, &r);

	if (!ret)
		ret = aspace_map(r.base, r.size, MMU_ATTR_IO, &v);
	if (ret)
		return ret;
	*va = (volatile uint8_t *)v;
	*pa = r.base;
	return 0;
}

static int gicv2_probe(const struct devtree *dt, int node)
{
	int ret;

	if (arm64_irqchip_get())
		return -MV_EBUSY;
	ret = gic_map(dt, node, 0, &gic.dist, &gic.dist_pa);
	if (!ret)
		ret = gic_map(dt, node, 1, &gic.cpu, &gic.cpu_pa);
	if (ret)
		return ret;
	gic.nr_irqs = MIN(32 * ((readl(gic.dist + GICD_TYPER) & 0x1f) + 1),
			  (uint32_t)IRQ_SPECIAL_START);
	gic_dist_init();
	ret = arm64_irqchip_register(&gicv2_chip);
	if (!ret)
		gic_info();
	return ret;
}

static const char *const gicv2_compat[] = { "arm,cortex-a15-gic", "arm,gic-400",
					    "arm,cortex-a9-gic", NULL };

static const struct init_driver gicv2_driver = {
	.name = "gic-v2",
	.compatible = gicv2_compat,
	.stage = INIT_STAGE_IRQCHIP,
	.probe = gicv2_probe,
};
INIT_DRIVER(gicv2_driver);
