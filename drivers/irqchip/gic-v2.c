// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM GICv2: memory-mapped distributor and CPU interface (the banked
 * per-CPU view at the same address on every CPU). Everything starts
 * masked; the hypervisor unmasks only what it uses (its timer PPI,
 * the kick SGI, the vGIC's maintenance interrupt). QEMU's virt GICv2
 * has no security extensions: interrupts are Group 0 and reach the CPU
 * as IRQ. With virtualization, the node's third and fourth `reg`
 * entries are the hypervisor interface (GICH) and the virtual CPU
 * interface (GICV) that guests get.
 */
#include <arch/cpu.h>
#include <asm/arm64.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>

#include "gic-common.h"

#define GICD_SGIR 0x0f00

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

struct gicv2 {
	struct gic_region dist, cpu, hyp, vcpu;
	bool has_virt;
	uint32_t maint_intid;
	unsigned int nr_irqs;
	/* CPU interface number of each CPU, as a GICD_SGIR target bit. */
	uint8_t cpu_mask[CONFIG_MAX_CPUS];
};

static struct gicv2 gic;

static void gic_cpu_init(void)
{
	unsigned int cpu = arch_cpu_id();
	/* The banked ITARGETSR0 reads as this CPU's own interface bit. */
	uint8_t mask = readb(gic.dist.va + GICD_ITARGETSR);

	if (cpu < CONFIG_MAX_CPUS)
		gic.cpu_mask[cpu] = mask ? mask : (uint8_t)(1U << (cpu & 7));
	/* Banked SGI/PPI state of this CPU: all masked, default priority. */
	gic_reset_block(gic.dist.va, 0, 32, false);
	writel(0xf0, gic.cpu.va + GICC_PMR);
	writel(0, gic.cpu.va + GICC_BPR);
	writel(1, gic.cpu.va + GICC_CTLR);
}

static uint32_t gic_ack(uint32_t *intid)
{
	uint32_t iar = readl(gic.cpu.va + GICC_IAR);

	*intid = iar & 0x3ff;
	return iar;
}

static void gic_eoi(uint32_t raw)
{
	writel(raw, gic.cpu.va + GICC_EOIR);
}

static void gic_unmask(uint32_t intid)
{
	if (intid < gic.nr_irqs)
		gic_write_enable(gic.dist.va, intid, true);
}

static void gic_mask(uint32_t intid)
{
	if (intid < gic.nr_irqs)
		gic_write_enable(gic.dist.va, intid, false);
}

static void gic_send_sgi(uint32_t sgi, unsigned int cpu)
{
	if (sgi >= 16 || cpu >= CONFIG_MAX_CPUS || !gic.cpu_mask[cpu])
		return;
	dsb(ishst); /* what the target is told about is visible first */
	writel((uint32_t)gic.cpu_mask[cpu] << 16 | sgi,
	       gic.dist.va + GICD_SGIR);
}

static int gic_virt(struct arm64_gic_virt *out)
{
	if (!gic.has_virt)
		return -MV_ENOTSUP;
	out->version = 2;
	out->maint_intid = gic.maint_intid;
	out->gich = gic.hyp.va;
	out->gicv_pa = gic.vcpu.pa;
	out->gicv_size = gic.vcpu.size;
	return 0;
}

static void gic_info(void)
{
	printk("irqchip: GICv2, distributor 0x%llx, cpu interface 0x%llx, "
	       "%u interrupt lines\n",
	       (unsigned long long)gic.dist.pa, (unsigned long long)gic.cpu.pa,
	       gic.nr_irqs);
	if (gic.has_virt)
		printk("irqchip: GICv2 virtualization: GICH 0x%llx, GICV "
		       "0x%llx, maintenance INTID %u\n",
		       (unsigned long long)gic.hyp.pa,
		       (unsigned long long)gic.vcpu.pa, gic.maint_intid);
}

static const struct arm64_irqchip gicv2_chip = {
	.name = "GICv2",
	.version = 2,
	.cpu_init = gic_cpu_init,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.unmask = gic_unmask,
	.mask = gic_mask,
	.info = gic_info,
	.send_sgi = gic_send_sgi,
	.virt = gic_virt,
};

/* Every SPI: disabled, not pending, default priority, to CPU 0. */
static void gic_dist_init(void)
{
	writel(0, gic.dist.va + GICD_CTLR);
	gic_reset_block(gic.dist.va, IRQ_SPI_BASE, gic.nr_irqs, false);
	for (unsigned int i = IRQ_SPI_BASE; i < gic.nr_irqs; i += 4)
		writel(0x01010101U, gic.dist.va + GICD_ITARGETSR + i);
	writel(1, gic.dist.va + GICD_CTLR);
}

/* GICH and GICV, when the node has them (virtualization=on). */
static void gic_probe_virt(const struct devtree *dt, int node)
{
	if (gic_map_region(dt, node, 2, &gic.hyp) ||
	    gic_map_region(dt, node, 3, &gic.vcpu))
		return;
	gic.maint_intid = gic_dt_maint_intid(dt, node);
	gic.has_virt = true;
}

static int gicv2_probe(const struct devtree *dt, int node)
{
	int ret;

	if (arm64_irqchip_get())
		return -MV_EBUSY;
	ret = gic_map_region(dt, node, 0, &gic.dist);
	if (!ret)
		ret = gic_map_region(dt, node, 1, &gic.cpu);
	if (ret)
		return ret;
	gic_probe_virt(dt, node);
	gic.nr_irqs = gic_dist_lines(gic.dist.va);
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
