/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest part of the arch interface: the hooks the portable guest
 * manager (core/guest) calls, and the full struct guest / struct vcpu
 * that embed the per-arch state. Each target defines struct vm_arch
 * and struct vcpu_arch in <asm/guest.h>, and ARCH_GUEST_IPA_BITS.
 *
 * Only the guest manager and arch code include this header; everything
 * else uses the accessors of <minivisor/guest.h>.
 *
 * Calling context: the vm_arch_* and vcpu_arch_* hooks are called by the
 * guest manager on the CPU running the shell or boot code, never while
 * one of the guest's vCPUs is on a host CPU (its vCPUs are OFF or not
 * yet scheduled), except vm_arch_map()/vm_arch_unmap(), which are only
 * called while the guest is being created or destroyed. No guest-manager
 * lock is held, so hooks may allocate (heap, host_ram) and may sleep by
 * spinning. arch_cpu_kick() may be called with interrupts masked.
 */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <minivisor/guest.h>
#include <minivisor/list.h>
#include <minivisor/types.h>
#include <asm/guest.h>

/* Stage-2 mapping attributes for vm_arch_map(). */
#define VM_MAP_READ BIT(0) /* the guest may read */
#define VM_MAP_WRITE BIT(1) /* the guest may write */
#define VM_MAP_EXEC BIT(2) /* the guest may execute */
#define VM_MAP_RWX (VM_MAP_READ | VM_MAP_WRITE | VM_MAP_EXEC)
/* Device memory (e.g. a host interrupt-controller page), not RAM. */
#define VM_MAP_DEVICE BIT(3)

/*
 * The largest block the stage-2 may use for a mapping, as a power of
 * two (a region's `map_order`, 12..63), in bits 8..13 of the attribute:
 * VM_MAP_ORDER(21) lets the arch use 2 MiB blocks but no 1 GiB ones.
 * 0 (the field left out) means no limit: the largest block the
 * alignment of the guest and host addresses and the size allow.
 */
#define VM_MAP_ORDER_SHIFT 8
#define VM_MAP_ORDER_MASK (0x3fU << VM_MAP_ORDER_SHIFT)
#define VM_MAP_ORDER(order) \
	(((unsigned int)(order) << VM_MAP_ORDER_SHIFT) & VM_MAP_ORDER_MASK)

/** The block-size limit in @attr: an order, or 0 for none. */
static inline unsigned int vm_map_order(unsigned int attr)
{
	return (attr & VM_MAP_ORDER_MASK) >> VM_MAP_ORDER_SHIFT;
}

/**
 * True when a block of 2^@order bytes may map @attr's range: no limit,
 * or @order within it. Ports call it for each block size they have.
 */
static inline bool vm_map_block_allowed(unsigned int attr, unsigned int order)
{
	unsigned int max = vm_map_order(attr);

	return !max || order <= max;
}

/** What a vCPU starts with, from the description's vcpu_template. */
struct vcpu_template {
	gpa_t start_pc; /* entry point */
	uint64_t args[GUEST_VCPU_ARGS]; /* argument registers (x0..x3) */
	uint64_t mpidr; /* MPIDR affinity fields (Aff3..Aff0) */
	bool poweroff; /* stays OFF at kick until vcpu_power_on() */
	int host_cpu; /* host CPU to place it on; -1: the least loaded */
};

/** A virtual CPU. Fields above @arch belong to the guest manager. */
struct vcpu {
	struct guest *guest;
	unsigned int index; /* in its guest */
	struct vcpu_template tmpl;
	/* Scheduler state, under the scheduler's lock. */
	enum vcpu_state state;
	enum vcpu_state resume_state; /* what guest_resume() restores */
	unsigned int host_cpu; /* placement, fixed at creation */
	bool on_cpu; /* current vCPU of host_cpu (maybe in the guest) */
	bool wake_pending; /* sched_vcpu_wake() while RUNNING */
	bool placed; /* counted in its CPU's load */
	struct list_head rq; /* link in host_cpu's run queue */
	struct vcpu_stats stats;
	bool arch_ready; /* vcpu_arch_init() succeeded */
	struct vcpu_arch arch;
};

/** A guest. Fields above @arch belong to the guest manager. */
struct guest {
	char name[GUEST_NAME_MAX];
	unsigned int id; /* slot in the guest table */
	unsigned int vmid; /* >= 1, unique among live guests */
	enum guest_state state;
	bool busy; /* create, reset or destroy under way */
	char halt_reason[48];
	struct guest_region *regions; /* sorted by gpa */
	unsigned int nregions;
	struct vcpu *vcpus;
	unsigned int nvcpus;
	bool arch_ready; /* vm_arch_init() succeeded */
	struct vm_arch arch;
};

/**
 * Number of VMIDs the hardware offers (e.g. 256 for 8-bit VMIDs). The
 * core hands out 1..count-1 (0 is left to the host) and never more
 * than it tracks (256).
 */
unsigned int vm_arch_vmid_count(void);

/**
 * Set up @g's arch state before any region is mapped: empty stage-2
 * tables for @g->vmid (arm64: allocate the root, build VTTBR), vGIC and
 * timer state. Returns 0 or a negative MV_E* code (-MV_ENOMEM) with
 * nothing allocated.
 */
int vm_arch_init(struct guest *g);

/**
 * Map guest range [@gpa, @gpa + @size) to host physical [@hpa, ...) in
 * @g's stage-2 tables with VM_MAP_* @attr, as normal cacheable memory
 * (device memory with VM_MAP_DEVICE).
 * All three are page aligned and the range does not overlap a range
 * mapped before. The arch may use block mappings where alignment
 * allows, but none larger than VM_MAP_ORDER() in @attr says (the
 * largest block the stage-2 may use; page mappings are always
 * allowed). Returns 0, or -MV_ENOMEM (table memory) with nothing of
 * this range mapped.
 */
int vm_arch_map(struct guest *g, gpa_t gpa, paddr_t hpa, uint64_t size,
		unsigned int attr);

/**
 * Remove the mapping of [@gpa, @gpa + @size) (exactly a range given to
 * vm_arch_map()) and invalidate the TLBs for @g's VMID, so the host may
 * reuse the frames at once.
 */
void vm_arch_unmap(struct guest *g, gpa_t gpa, uint64_t size);

/**
 * Return @g's arch state to power-on values at guest reset (vGIC
 * distributor, pending virtual interrupts); mappings are kept.
 */
void vm_arch_reset(struct guest *g);

/**
 * Free everything vm_arch_init() and vm_arch_map() allocated (tables)
 * and invalidate the TLBs for @g->vmid, which may be reused right
 * after. Called once every region is unmapped, with no vCPU on a CPU.
 */
void vm_arch_destroy(struct guest *g);

/**
 * Make the @size bytes at hypervisor address @va, just written for a
 * guest (zeroing, image loads, guest_mem_write()), visible to a guest
 * that runs with its MMU and caches off, and to its instruction
 * fetches: arm64 cleans the data cache to the point of coherency and
 * invalidates the instruction cache for the range.
 */
void vm_arch_sync_mem(vaddr_t va, size_t size);

/**
 * Make the @size bytes at hypervisor address @va, about to be read by
 * the hypervisor (guest_mem_read(), `guest dumpmem`), show what a
 * guest running with its MMU and caches off wrote straight to memory:
 * no stale line of an earlier access or a speculative fill may shadow
 * it. arm64 cleans and invalidates the data cache to the point of
 * coherency for the range (clean too, so that nothing the hypervisor
 * wrote and has not synced is lost). Called right before the read.
 */
void vm_arch_sync_mem_for_read(vaddr_t va, size_t size);

/**
 * Set up @v's arch state (register file, trap configuration, virtual
 * timer); @v->guest, @v->index and @v->tmpl are filled in. The core
 * calls vcpu_arch_reset() right after. Returns 0 or a negative MV_E*
 * code with nothing allocated.
 */
int vcpu_arch_init(struct vcpu *v);

/**
 * Put @v's registers back to its template: PC = tmpl.start_pc, the
 * argument registers from tmpl.args, other general registers 0, MPIDR
 * from tmpl.mpidr, the guest's boot mode (arm64: EL1h, DAIF masked,
 * MMU off), timer stopped. Called at creation and at guest reset,
 * with @v off every CPU.
 */
void vcpu_arch_reset(struct vcpu *v);

/** Free what vcpu_arch_init() allocated; @v is off every CPU. */
void vcpu_arch_destroy(struct vcpu *v);

/**
 * Print @v's registers for `vcpu dumpreg` with printk(), one
 * "name value" pair per line or a few per line, values in 0x hex.
 * The vCPU may be running elsewhere: the values may be stale.
 */
void vcpu_arch_dump_regs(const struct vcpu *v);

/**
 * Make host CPU @cpu leave its guest and call sched_pick() soon (an
 * IPI, e.g. an SGI on arm64); wakes it from arch_cpu_wait(). May be
 * called for the calling CPU (then it only has to make its loop see
 * sched_need_switch()) and with interrupts masked; must not take the
 * scheduler's locks.
 */
void arch_cpu_kick(unsigned int cpu);

struct vdev_type;

/**
 * The arch's own emulators (e.g. the arm64 vGIC), asked by vdev_find()
 * before the built-in table: the type whose compatible list holds
 * @compatible (never NULL), or NULL if the arch has none for it.
 */
const struct vdev_type *vdev_arch_find(const char *compatible);

#endif
