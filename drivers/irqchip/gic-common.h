/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the GICv2 and GICv3 drivers share: the distributor's register
 * layout (the v3 redistributor's SGI frame repeats its first part for
 * SGIs and PPIs), mapping a `reg` entry of the GIC node, and the
 * masked, inactive, default-priority reset of a block of interrupts.
 */
#ifndef DRIVERS_IRQCHIP_GIC_COMMON_H
#define DRIVERS_IRQCHIP_GIC_COMMON_H

#include <minivisor/devtree.h>
#include <minivisor/types.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800

/** Priority of every interrupt the hypervisor uses. */
#define GIC_PRIO_DEFAULT 0xa0

/** A mapped `reg` entry of a GIC node. */
struct gic_region {
	volatile uint8_t *va;
	paddr_t pa;
	uint64_t size;
};

/**
 * Map entry @idx of @node's `reg` as device memory into @out.
 * Returns 0 or a negative MV_E* code (missing entry, no vapool room).
 */
int gic_map_region(const struct devtree *dt, int node, int idx,
		   struct gic_region *out);

/**
 * Number of interrupt lines the distributor at @dist implements
 * (GICD_TYPER.ITLinesNumber), capped below the special INTIDs.
 */
unsigned int gic_dist_lines(volatile uint8_t *dist);

/**
 * Disable, clear pending and active state, and set the default
 * priority of INTIDs [@first, @end) in the distributor-layout frame
 * @base (a distributor, or a v3 SGI frame for 0..31). @first and @end
 * are multiples of 32. With @group1 every one is made Group 1 too.
 */
void gic_reset_block(volatile uint8_t *base, unsigned int first,
		     unsigned int end, bool group1);

/**
 * Enable (@on) or disable @intid through the ISENABLER/ICENABLER bit
 * of the distributor-layout frame @base.
 */
void gic_write_enable(volatile uint8_t *base, uint32_t intid, bool on);

/** Default maintenance interrupt: PPI 9. */
#define GIC_MAINT_INTID_DEFAULT 25

/**
 * INTID of the maintenance interrupt named by @node's `interrupts`
 * (three cells: type, number, flags), or GIC_MAINT_INTID_DEFAULT.
 */
uint32_t gic_dt_maint_intid(const struct devtree *dt, int node);

#endif
