/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GIC of arm64 guests (arch/arm64/vgic, docs/arm64-guests.md):
 * an emulated distributor (and for GICv3 redistributors) per guest,
 * created from the guest description's GIC region like any emulated
 * device, and a CPU interface backed by the host GIC's list registers.
 * The interrupt state lives in a software model under one lock per
 * guest; the list registers hold a few of a vCPU's interrupts while it
 * runs and are folded back into the model when it leaves its CPU.
 *
 * The guest layer calls the vgic_* hooks below; a guest without a GIC
 * region has no vGIC and every hook does nothing for it.
 */
#ifndef ASM_ARM64_VGIC_H
#define ASM_ARM64_VGIC_H

#include <minivisor/types.h>

#define VGIC_NR_PRIVATE 32 /* SGIs and PPIs, per vCPU */
#define VGIC_NR_SPIS 64 /* SPIs per guest: INTIDs 32..95 */
#define VGIC_NR_IRQS (VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_VCPUS 8 /* redistributor frames / v2 target bits */
#define VGIC_MAX_LRS 16

#define VGIC_INTID_VTIMER 27 /* the guest's virtual timer (PPI 11) */

/** One virtual interrupt's state (per vCPU for INTIDs below 32). */
struct vgic_irq {
	uint8_t priority;
	uint8_t targets; /* v2 ITARGETSR: vCPU mask (SPIs) */
	uint8_t target; /* vCPU index an SPI is delivered to */
	uint8_t sgi_src; /* v2 SGIs: sending vCPUs not yet delivered */
	uint32_t route; /* v3 GICD_IROUTER affinity */
	bool enabled;
	bool latch; /* edge seen or ISPENDR write, not yet delivered */
	bool line; /* input level (level-sensitive sources) */
	bool active;
	bool group1;
	bool edge; /* ICFGR: edge-triggered */
	bool in_lr; /* in a list register of its vCPU now */
	bool lr_latch; /* the LR's pending state came from the latch */
};

/** Per-vCPU vGIC state (embedded in struct vcpu_arch). */
struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint16_t lr_intid[VGIC_MAX_LRS]; /* what each used LR holds */
	unsigned int used_lrs; /* LRs 0..used_lrs-1 are in use */
	uint64_t vmcr, ap0r, ap1r; /* saved while off its CPU */
	bool dirty; /* re-fill the list registers before entry */
	bool sleep; /* v3 GICR_WAKER.ProcessorSleep */
	bool timer_masked; /* host PPI 27 masked: timer IRQ in the guest */
};

struct guest;
struct vcpu;
struct devtree;

/** Per-CPU setup: learn the list registers, unmask maintenance. */
void vgic_cpu_setup(void);

/** Once at boot: host GIC virtualization interface and interrupts. */
int vgic_init(void);

/** The GIC version guests get (2 or 3), 0 without a usable GIC. */
unsigned int vgic_host_version(void);

/** True when @g has a vGIC of GIC version 3 (ID_AA64PFR0_EL1.GIC). */
bool vgic_guest_is_v3(const struct guest *g);

/** Set up @v's vGIC state (reset values); after the regions exist. */
void vgic_vcpu_init(struct vcpu *v);

/** Disconnect emulated devices' lines: a vCPU of the guest goes away. */
void vgic_vcpu_destroy(struct vcpu *v);

/** Put @v's interrupts back to their reset state (guest reset). */
void vgic_vcpu_reset(struct vcpu *v);

/** @v is being loaded on this CPU: restore its CPU interface. */
void vgic_load(struct vcpu *v);

/** @v leaves this CPU: fold its list registers back, save the rest. */
void vgic_put(struct vcpu *v);

/** Before each entry of loaded @v: fill the list registers if needed. */
void vgic_flush(struct vcpu *v);

/** True when the loaded @v has an interrupt that ends a WFI. */
bool vgic_vcpu_pending(struct vcpu *v);

/**
 * Register accesses of @g's guest that the vGIC ignored as invalid
 * (redistributor frames past the last vCPU, reserved SGIR filter).
 */
uint64_t vgic_ignored_accesses(const struct guest *g);

/** Trapped ICC_SGI1R_EL1 write of loaded @v (GICv3 guests). */
void vgic_v3_send_sgi(struct vcpu *v, uint64_t val);

/**
 * Wake-up deadline (physical counter) of sleeping @v's virtual timer
 * from its saved registers, or 0 when the timer cannot fire.
 */
uint64_t vgic_timer_deadline(const struct vcpu *v);

#endif
