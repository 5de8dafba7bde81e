// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the GICv2 and GICv3 drivers (gic-common.h): the two
 * distributors lay out their enable, pending, active, group and
 * priority banks the same way, and so does the v3 SGI frame.
 */
#include <arch/mmu.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>

#include "gic-common.h"

int gic_map_region(const struct devtree *dt, int node, int idx,
		   struct gic_region *out)
{
	struct dt_range r;
	vaddr_t va;
	int ret = devtree_reg(dt, node, idx, &r);

	if (!ret)
		ret = aspace_map(r.base, r.size, MMU_ATTR_IO, &va);
	if (ret)
		return ret;
	out->va = (volatile uint8_t *)va;
	out->pa = r.base;
	out->size = r.size;
	return 0;
}

unsigned int gic_dist_lines(volatile uint8_t *dist)
{
	return MIN(32 * ((readl(dist + GICD_TYPER) & 0x1f) + 1),
		   (uint32_t)IRQ_SPECIAL_START);
}

void gic_reset_block(volatile uint8_t *base, unsigned int first,
		     unsigned int end, bool group1)
{
	for (unsigned int i = first; i < end; i += 32) {
		writel(~0U, base + GICD_ICENABLER + i / 8);
		writel(~0U, base + GICD_ICPENDR + i / 8);
		writel(~0U, base + GICD_ICACTIVER + i / 8);
		if (group1)
			writel(~0U, base + GICD_IGROUPR + i / 8);
	}
	for (unsigned int i = first; i < end; i += 4)
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       base + GICD_IPRIORITYR + i);
}

void gic_write_enable(volatile uint8_t *base, uint32_t intid, bool on)
{
	writel(1U << (intid % 32),
	       base + (on ? GICD_ISENABLER : GICD_ICENABLER) +
		       (intid / 32) * 4);
}

uint32_t gic_dt_maint_intid(const struct devtree *dt, int node)
{
	uint32_t intid;

	if (arm64_irq_dt_intid(dt, node, 0, &intid))
		return GIC_MAINT_INTID_DEFAULT;
	return intid;
}
