/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt plumbing of the arm64 port, used by the irqchip and timer
 * drivers: one interrupt controller, a handler per INTID, and hooks run
 * on every CPU as it comes online.
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <minivisor/types.h>

struct devtree;

/** INTIDs at or above this are special (spurious, ...). */
#define IRQ_SPECIAL_START 1020
/** Handlers are kept for INTIDs below this. */
#define IRQ_MAX 1020
/** First shared peripheral interrupt. */
#define IRQ_SPI_BASE 32

/** What a virtual GIC needs from the host GIC (arm64_irqchip.virt). */
struct arm64_gic_virt {
	unsigned int version; /* 2 or 3: what guests must see too */
	uint32_t maint_intid; /* maintenance interrupt (PPI 9: INTID 25) */
	/* GICv2 only: the hypervisor control and virtual CPU interfaces. */
	volatile uint8_t *gich; /* banked: each CPU sees its own */
	paddr_t gicv_pa; /* mapped at a guest's CPU-interface address */
	uint64_t gicv_size;
};

/** An interrupt controller (GICv2, GICv3). */
struct arm64_irqchip {
	const char *name;
	unsigned int version; /* GIC architecture version: 2 or 3 */
	/** Set up this CPU's interface (and redistributor); all masked. */
	void (*cpu_init)(void);
	/**
	 * Acknowledge the highest pending interrupt: returns the raw
	 * acknowledge value (for eoi) and sets *@intid.
	 */
	uint32_t (*ack)(uint32_t *intid);
	/** End the interrupt whose raw acknowledge value ack() returned. */
	void (*eoi)(uint32_t raw);
	/** Unmask @intid (a PPI/SGI: on this CPU only). */
	void (*unmask)(uint32_t intid);
	/** Mask @intid (a PPI/SGI: on this CPU only). */
	void (*mask)(uint32_t intid);
	/** Print a few lines for `host info`. */
	void (*info)(void);
	/**
	 * Send software-generated interrupt @sgi (0..15) to host CPU
	 * @cpu (an index of arm64_cpus[]), after making prior writes
	 * visible to it. An unknown CPU or SGI is ignored.
	 */
	void (*send_sgi)(uint32_t sgi, unsigned int cpu);
	/**
	 * Fill *@out with the virtualization interface for guests.
	 * Returns 0, or -MV_ENOTSUP when the GIC has none (a v2 GIC
	 * without GICH/GICV in its node).
	 */
	int (*virt)(struct arm64_gic_virt *out);
};

/** Interrupt handler: @intid fired on this CPU. */
typedef void (*arm64_irq_handler_t)(uint32_t intid, void *arg);

/**
 * Make @chip the interrupt controller and run its cpu_init() on this
 * CPU. Returns 0 or -MV_EBUSY if one is registered already.
 */
int arm64_irqchip_register(const struct arm64_irqchip *chip);

/** The registered controller, or NULL. */
const struct arm64_irqchip *arm64_irqchip_get(void);

/**
 * Route @intid to @fn. Returns 0, -MV_EINVAL (bad INTID) or -MV_EBUSY
 * (already taken).
 */
int arm64_irq_request(uint32_t intid, arm64_irq_handler_t fn, void *arg);

/** Unmask @intid on this CPU through the controller (0 or -MV_ENODEV). */
int arm64_irq_unmask(uint32_t intid);

/** A function every CPU runs once when it comes online. */
typedef void (*arm64_cpu_hook_t)(void);

/**
 * Register @fn to run on each CPU as it comes online; it also runs at
 * once on the calling CPU. Returns 0 or -MV_ENOSPC.
 */
int arm64_cpu_hook_register(arm64_cpu_hook_t fn);

/** Run every registered hook on the calling CPU (secondary bring-up). */
void arm64_cpu_hooks_run(void);

/**
 * INTID of entry @index of @node's GIC `interrupts` (three cells: type
 * 0 = SPI or 1 = PPI, number, flags): 0 and *@intid, or -MV_ENOENT.
 */
int arm64_irq_dt_intid(const struct devtree *dt, int node, unsigned int index,
		       uint32_t *intid);

/** Total interrupts taken with no handler (for `host info`). */
uint64_t arm64_irq_unhandled(void);

#endif
