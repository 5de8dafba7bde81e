/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interface between the files of arch/arm64/vgic. */
#ifndef ARM64_VGIC_VGIC_H
#define ARM64_VGIC_VGIC_H

#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/spinlock.h>
#include <asm/guest.h>
#include <asm/vgic.h>
#include <minivisor/vdev.h>

/* Layout of a guest GIC region (the QEMU virt machine's). */
#define VGIC_DIST_SIZE 0x10000
#define VGIC_V2_CPU_OFFSET 0x10000 /* the host GICV is mapped here */
#define VGIC_V2_CPU_SIZE 0x2000
#define VGIC_V3_RDIST_OFFSET 0xa0000
#define VGIC_V3_RDIST_STRIDE 0x20000 /* RD_base + SGI_base */
#define VGIC_V3_SGI_BASE 0x10000

/* List-register image, GICv3 layout (the v2 backend converts). */
#define LR_INTID_MASK 0xffffffffULL
#define LR_SRC_SHIFT 32 /* v2 SGI source CPU (bits 34:32, HW = 0) */
#define LR_EOI BIT(41) /* maintenance interrupt when deactivated */
#define LR_PRIO_SHIFT 48
#define LR_GROUP1 BIT(60)
#define LR_PENDING BIT(62)
#define LR_ACTIVE BIT(63)

/* ICH_HCR_EL2 / GICH_HCR bits (same in both). */
#define VGIC_HCR_EN BIT(0)
#define VGIC_HCR_UIE BIT(1) /* maintenance when at most one LR is used */

/* Up to this many emulated devices' lines wired to SPIs per guest. */
#define VGIC_MAX_WIRES 8

struct vgic;

/** A device interrupt line, connected after every region exists. */
struct vgic_wire {
	gpa_t gpa; /* the device region's address */
	uint32_t intid;
	const struct vdev_type *type; /* set once connected */
	void *priv;
	struct vgic *vg;
};

/** A guest's distributor and shared interrupt state. */
struct vgic {
	arch_spinlock_t lock;
	struct guest *guest;
	unsigned int version; /* 2 or 3 */
	gpa_t base; /* the GIC region's guest address */
	bool cpu_mapped; /* v2: host GICV mapped at base + 0x10000 */
	uint32_t ctlr; /* GICD_CTLR enable bits */
	struct vgic_irq spi[VGIC_NR_SPIS];
	struct vgic_wire wires[VGIC_MAX_WIRES];
	unsigned int nwires;
	uint64_t bad_accesses; /* refused or ignored register accesses */
};

/** List-register operations of one host GIC version (hw.c). */
struct vgic_hw_ops {
	uint64_t (*read_lr)(unsigned int i);
	void (*write_lr)(unsigned int i, uint64_t lr);
	void (*write_hcr)(uint64_t hcr);
	void (*save)(struct vgic_cpu *c); /* VMCR and APRs */
	void (*restore)(const struct vgic_cpu *c);
};

/** The backend for the host GIC, and its number of list registers. */
extern const struct vgic_hw_ops *vgic_hw;
extern unsigned int vgic_nr_lrs;

/** Pick the backend for GIC @version; 0 or -MV_ENOTSUP. */
int vgic_hw_init(unsigned int version, volatile uint8_t *gich);

/** Take / drop @vg's lock (interrupts masked meanwhile). */
irqflags_t vgic_lock(struct vgic *vg);
void vgic_unlock(struct vgic *vg, irqflags_t flags);

/** The state of @intid as seen by vCPU @vcpu of @vg (NULL: none). */
struct vgic_irq *vgic_get_irq(struct vgic *vg, unsigned int vcpu,
			      uint32_t intid);

/** Pending: latched, an SGI from someone, or a level input high. */
static inline bool vgic_irq_pending(const struct vgic_irq *irq)
{
	return irq->latch || irq->sgi_src || (!irq->edge && irq->line);
}

/**
 * Under the lock, from an MMIO handler: fold the list registers of the
 * vCPU loaded on this CPU (the accessing one) back into the model.
 */
void vgic_sync_current(struct vgic *vg);

/* vdev callbacks of both emulator types (vgic.c). */
int vgic_probe(struct guest *guest, struct guest_region *region,
	       const struct devtree *dt, int node, void **priv);
void vgic_remove(void *priv);
void vgic_reset(void *priv);

/**
 * Something about vCPU @vcpu's interrupts changed (under the lock):
 * re-fill its list registers before it next runs, and wake or kick
 * it when @wake.
 */
void vgic_kick(struct vgic *vg, unsigned int vcpu, bool wake);

/** Re-route SPI @irq after a target change (under the lock). */
void vgic_spi_retarget(struct vgic *vg, struct vgic_irq *irq);

/** Send SGI @sgi from vCPU @from to each vCPU in @mask (under lock). */
void vgic_sgi_send(struct vgic *vg, unsigned int from, uint32_t sgi,
		   uint32_t mask);

/** Reset @vg's distributor state (SPIs) to power-on values. */
void vgic_dist_reset(struct vgic *vg);

/** The vCPU @index of @vg's guest. */
static inline struct vcpu *vgic_vcpu(struct vgic *vg, unsigned int index)
{
	return &vg->guest->vcpus[index];
}

/** The vCPU loaded on this CPU (between vgic_load and vgic_put). */
struct vcpu *vgic_loaded_vcpu(void);

/** Check the emulators' register tables; 0 or -MV_EINVAL. */
int vgic_types_check(void);

/** Emulator types (regs.c). */
extern const struct vdev_type vgic_v2_type;
extern const struct vdev_type vgic_v3_type;

/* ---- vtimer.c ---- */

/** Host-side virtual timer interrupt handling; 0 or MV_E*. */
int vgic_timer_init(void);

/** Per-CPU part: unmask the virtual timer PPI. */
void vgic_timer_cpu_setup(void);

/** Mask (@mask) or unmask the host's virtual timer PPI on this CPU. */
void vgic_timer_host_mask(bool mask);

/** Loaded @v: re-sample its timer line (under @v's vGIC lock). */
void vgic_timer_sample(struct vcpu *v);

#endif
