/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The portable guest manager: guest descriptions (device trees, see
 * docs/guest-dt.md), the guest lifecycle, guest memory regions, vCPUs
 * and the vCPU scheduler core.
 *
 * struct guest and struct vcpu are opaque here: core code outside the
 * guest manager (shell commands, emulated devices, vserial) uses the
 * accessors below. Their full definitions, which embed the per-arch
 * state (struct vm_arch, struct vcpu_arch), are in <arch/guest.h> for
 * the guest manager and the arch code only.
 *
 * Locking: every function may be called from any CPU. The lifecycle
 * functions (create, destroy, kick, ...) are meant for the shell and
 * boot code; the scheduler functions and guest_halt() for the arch's
 * per-CPU loop and trap handlers. Functions that wait for a vCPU to
 * leave its host CPU (destroy, reset) must not be called from that
 * vCPU's own trap handlers.
 */
#ifndef MINIVISOR_GUEST_H
#define MINIVISOR_GUEST_H

#include <minivisor/types.h>

struct guest;
struct vcpu;
struct vdev_type;
struct bundle;
struct devtree;

/** Longest guest, region or image name, terminating NUL included. */
#define GUEST_NAME_MAX 32
/** Most regions one guest may describe. */
#define GUEST_MAX_REGIONS 32
/** Most images loaded into one region (`load_images` entries). */
#define GUEST_REGION_MAX_LOADS 4
/** Argument registers a vCPU template may preset (x0..x3 on arm64). */
#define GUEST_VCPU_ARGS 4
/** Buffer size that always holds a guest_create() error message. */
#define GUEST_ERR_MAX 192
/** Most host CPUs the scheduler handles. */
#define SCHED_MAX_CPUS 16

/** Guest states; see docs/guests.md for the transitions. */
enum guest_state {
	GUEST_STATE_RESET, /* created or reset: vCPUs at their template */
	GUEST_STATE_RUNNING, /* kicked: its vCPUs may run */
	GUEST_STATE_PAUSED, /* stopped by guest_pause(), resumable */
	GUEST_STATE_HALTED, /* stopped for good until guest_reset() */
};

/** vCPU states, as the scheduler sees them. */
enum vcpu_state {
	VCPU_STATE_OFF, /* not started, powered off, or its guest stopped */
	VCPU_STATE_READY, /* runnable, on its host CPU's run queue */
	VCPU_STATE_RUNNING, /* the current vCPU of its host CPU */
	VCPU_STATE_BLOCKED, /* waiting in WFI for sched_vcpu_wake() */
	VCPU_STATE_PAUSED, /* its guest is paused */
};

/** What backs a guest region. */
enum guest_region_type {
	GUEST_REGION_ALLOCED_RAM, /* host frames, zeroed, read-write */
	GUEST_REGION_ALLOCED_ROM, /* host frames, zeroed, read-only */
	GUEST_REGION_RAM, /* a given host range, read-write */
	GUEST_REGION_ROM, /* a given host range, read-only */
	GUEST_REGION_EMULATED, /* unmapped: accesses go to a vdev */
};

/* Region flags. */
#define GUEST_REGION_F_READ BIT(0) /* the guest may read */
#define GUEST_REGION_F_WRITE BIT(1) /* the guest may write */
#define GUEST_REGION_F_EXEC BIT(2) /* the guest may execute */
#define GUEST_REGION_F_ALLOCED BIT(3) /* frames from host_ram, freed */
#define GUEST_REGION_F_MAPPED BIT(4) /* in the stage-2 tables now */

/** An image to copy into a region at create and at every reset. */
struct guest_load {
	char name[GUEST_NAME_MAX * 2];
	uint64_t offset; /* from the region's start */
	const void *data; /* the bundle file or registered blob */
	size_t size;
};

/**
 * One region of a guest's physical address space, from one node under
 * /guests/<name>/aspace. Read-only for everyone but the guest manager.
 */
struct guest_region {
	char name[GUEST_NAME_MAX]; /* the node's name */
	enum guest_region_type type;
	gpa_t gpa; /* guest physical base, page aligned */
	uint64_t size; /* bytes, page aligned, > 0 */
	paddr_t hpa; /* host physical base (not for EMULATED) */
	uint64_t align; /* host alignment of ALLOCED_* frames, bytes */
	unsigned int map_order; /* largest stage-2 block: 2^map_order, 0 = any */
	unsigned int flags; /* GUEST_REGION_F_* */
	const struct vdev_type *vdev; /* EMULATED: the emulator */
	void *vdev_priv; /* EMULATED: what vdev->probe() returned */
	struct guest_load loads[GUEST_REGION_MAX_LOADS];
	unsigned int nloads;
};

/**
 * Exit counters of one vCPU. The arch increments them from its trap
 * handlers (plain increments: only the vCPU's current host CPU writes
 * them); the scheduler counts runs, preemptions and blocks.
 */
struct vcpu_stats {
	uint64_t exits; /* every exit from the guest, all kinds */
	uint64_t irq_exits; /* host interrupts taken while in the guest */
	uint64_t hvc; /* hypercalls, PSCI included */
	uint64_t psci; /* PSCI calls among them */
	uint64_t smc; /* SMC instructions trapped */
	uint64_t mmio_reads; /* emulated-device reads */
	uint64_t mmio_writes; /* emulated-device writes */
	uint64_t wfi; /* WFI trapped */
	uint64_t wfe; /* WFE trapped */
	uint64_t sysreg; /* trapped system-register accesses */
	uint64_t aborts_injected; /* data/prefetch aborts sent to the guest */
	uint64_t undefs_injected; /* undefined-instruction exceptions sent */
	uint64_t runs; /* times the scheduler picked this vCPU */
	uint64_t preemptions; /* times taken off its CPU while runnable */
	uint64_t blocks; /* times blocked by sched_vcpu_yield() */
};

/* ------------------------------------------------------------------ */
/* Setup and descriptions                                             */
/* ------------------------------------------------------------------ */

/**
 * Start the guest manager: the scheduler over arch_cpu_count() host
 * CPUs (at most SCHED_MAX_CPUS). Call once after the heap exists and
 * before any guest is created. Returns 0 or a negative MV_E* code.
 * (The `guest` and `vcpu` shell commands are in the shell's table.)
 */
int guest_init(void);

/**
 * Add a blob of guest descriptions (nodes under /guests). Trees added
 * later take precedence: a guest described in several trees comes from
 * the newest one (the boot bundle's guests.dtb overrides the embedded
 * tree). The blob must stay readable and unchanged for as long as the
 * manager runs. Returns 0, -MV_EBADMSG (not a valid FDT, or no /guests
 * node), -MV_ENOSPC (too many trees).
 */
int guest_config_add_tree(const void *blob, size_t size);

/**
 * Add the file `guests.dtb` of bundle @b, if it has one, with
 * guest_config_add_tree(). Returns 0, -MV_ENOENT when absent, or that
 * function's error.
 */
int guest_config_add_bundle(const struct bundle *b);

/**
 * Tell the manager the host's device tree (or NULL), so that `ram` and
 * `rom` regions overlapping a host device are refused. @dt must stay
 * valid while the manager runs.
 */
void guest_config_set_host_tree(const struct devtree *dt);

/** Forget every description tree and the host tree (tests). */
void guest_config_clear(void);

/**
 * Name of the @i-th described guest in order of first appearance
 * (newest tree first, duplicates skipped), or NULL past the end.
 */
const char *guest_config_name_at(unsigned int i);

/**
 * Make blob @data (@size bytes) loadable by guests as image @name. The
 * data must stay valid and unchanged while any guest may use it (an
 * image embedded in the hypervisor). Returns 0, -MV_EINVAL (empty or
 * too long name, NULL data), -MV_EEXIST, -MV_ENOSPC (table full).
 */
int guest_image_register(const char *name, const void *data, size_t size);

/** Forget every registered image (tests). */
void guest_image_clear(void);

/**
 * Find image @name: first as a file of the boot bundle (so a bundle
 * can replace a built-in payload), then among registered images.
 * Returns 0 with *@data and *@size set, or -MV_ENOENT.
 */
int guest_image_find(const char *name, const void **data, size_t *size);

/* ------------------------------------------------------------------ */
/* Lifecycle                                                          */
/* ------------------------------------------------------------------ */

/**
 * Create guest @name from its description /guests/@name. The whole
 * description is checked before any host frame, VMID or mapping is
 * taken (only its bookkeeping is on the heap by then); then regions are allocated
 * (ALLOCED_* frames zeroed before they are mapped), mapped, images
 * loaded, devices probed and vCPUs created at their template. The
 * guest starts in GUEST_STATE_RESET. On failure nothing is left
 * allocated and, when @err is not NULL, @err (@err_size bytes, see
 * GUEST_ERR_MAX) holds one line naming the node and property, e.g.
 * "/guests/bad/aspace/mem: physical_size: missing".
 *
 * Returns 0 and *@out (when @out is not NULL), or -MV_ENOENT (no such
 * description), -MV_EEXIST (a guest of that name exists), -MV_EBADMSG
 * (malformed description), -MV_EBUSY (host range in use), -MV_ENOMEM
 * (host RAM, heap or vapool exhausted), -MV_ENOSPC (CONFIG_GUEST_MAX
 * guests exist, or VMIDs exhausted), or an arch/vdev error.
 */
int guest_create(const char *name, struct guest **out, char *err,
		 size_t err_size);

/**
 * Create every described guest that does not exist yet, printing one
 * "error: ..." line per failure. Returns the number created.
 */
int guest_create_all(void);

/**
 * Stop @g's vCPUs (waiting until none is on a host CPU), remove its
 * devices, unmap and free its regions, VMID and every byte it took.
 * Any state. Returns 0 or -MV_EBUSY (another operation is under way).
 */
int guest_destroy(struct guest *g);

/**
 * Start a guest in GUEST_STATE_RESET: its vCPUs that do not start
 * powered off become runnable. -MV_EBUSY when running or paused,
 * -MV_EINVAL when halted (reset it first).
 */
int guest_kick(struct guest *g);

/** Stop a running guest's vCPUs, resumable. -MV_EINVAL if not running. */
int guest_pause(struct guest *g);

/** Let a paused guest run again. -MV_EINVAL if not paused. */
int guest_resume(struct guest *g);

/**
 * Put @g back in GUEST_STATE_RESET from any state: vCPUs stopped and
 * back at their template, ALLOCED_* memory re-zeroed, images reloaded,
 * emulated devices reset. Returns 0 or -MV_EBUSY.
 */
int guest_reset(struct guest *g);

/**
 * Stop a running or paused guest for good (until reset), e.g. on its
 * PSCI SYSTEM_OFF: every vCPU is powered off and the CPUs running them
 * are kicked. Safe from the guest's own vCPU trap handler (it does not
 * wait). @reason (may be NULL) is logged and kept for `guest list`.
 * Returns 0, -MV_EINVAL when not running or paused, -MV_EBUSY.
 */
int guest_halt(struct guest *g, const char *reason);

/* ------------------------------------------------------------------ */
/* Lookup and accessors                                               */
/* ------------------------------------------------------------------ */

/** The guest called @name, or NULL. */
struct guest *guest_find(const char *name);

/** The guest with id @id (0..CONFIG_GUEST_MAX-1), or NULL. */
struct guest *guest_by_id(unsigned int id);

/** Number of guests that exist. */
unsigned int guest_count(void);

/** The guest's name (its node name under /guests). */
const char *guest_name(const struct guest *g);

/** The guest's id: its slot, stable for its lifetime. */
unsigned int guest_id(const struct guest *g);

/** The guest's VMID (>= 1; 0 is never handed out). */
unsigned int guest_vmid(const struct guest *g);

/** The guest's state. */
enum guest_state guest_state(const struct guest *g);

/** "reset", "running", "paused", "halted" (or "?"). */
const char *guest_state_name(enum guest_state s);

/** Why the guest was last halted ("" when it never was). */
const char *guest_halt_reason(const struct guest *g);

/** Number of vCPUs of @g. */
unsigned int guest_vcpu_count(const struct guest *g);

/** vCPU @i of @g, or NULL. */
struct vcpu *guest_vcpu(const struct guest *g, unsigned int i);

/** The vCPU of @g whose MPIDR affinity is @mpidr, or NULL (PSCI). */
struct vcpu *guest_vcpu_by_mpidr(const struct guest *g, uint64_t mpidr);

/** Bytes of RAM (ALLOCED_RAM and RAM regions) of @g. */
uint64_t guest_ram_size(const struct guest *g);

/** Number of regions of @g. */
unsigned int guest_region_count(const struct guest *g);

/** Region @i of @g (sorted by guest address), or NULL. */
const struct guest_region *guest_region_at(const struct guest *g,
					   unsigned int i);

/**
 * The region of @g containing guest address @gpa, or NULL. The arch
 * calls it on a stage-2 abort to find an emulated device.
 */
struct guest_region *guest_region_find(const struct guest *g, gpa_t gpa);

/** "alloced_ram", "alloced_rom", "ram", "rom", "emulated" (or "?"). */
const char *guest_region_type_name(enum guest_region_type t);

/**
 * Copy @len bytes of @g's memory at @gpa into @buf through the region
 * mappings (several adjacent regions may be crossed). Returns 0, or
 * -MV_EFAULT when part of the range is unmapped or emulated (nothing
 * meaningful in @buf then), -MV_ENOMEM (no vapool for a mapping).
 */
int guest_mem_read(const struct guest *g, gpa_t gpa, void *buf, size_t len);

/**
 * Copy @len bytes from @buf into @g's memory at @gpa, ROM regions
 * included (the hypervisor loads them). Returns as guest_mem_read().
 */
int guest_mem_write(const struct guest *g, gpa_t gpa, const void *buf,
		    size_t len);

/* vCPUs */

/** The guest of @v. */
struct guest *vcpu_guest(const struct vcpu *v);

/** The index of @v in its guest (0-based). */
unsigned int vcpu_index(const struct vcpu *v);

/** @v's scheduler state. */
enum vcpu_state vcpu_state(const struct vcpu *v);

/** "off", "ready", "running", "blocked", "paused" (or "?"). */
const char *vcpu_state_name(enum vcpu_state s);

/** The host CPU @v is placed on. */
unsigned int vcpu_host_cpu(const struct vcpu *v);

/** @v's MPIDR affinity value (Aff fields; the arch adds RES1 bits). */
uint64_t vcpu_mpidr(const struct vcpu *v);

/** @v's exit counters (the arch increments them). */
struct vcpu_stats *vcpu_stats(struct vcpu *v);

/** Print @v's registers through the arch (`vcpu dumpreg`). */
void vcpu_dump_regs(const struct vcpu *v);

/**
 * Power on an OFF vCPU of a running guest (PSCI CPU_ON): it becomes
 * runnable with the registers the caller (the arch) has set. Returns 0,
 * -MV_EALREADY when it is not off, -MV_EINVAL when its guest is not
 * running.
 */
int vcpu_power_on(struct vcpu *v);

/**
 * Power off @v (PSCI CPU_OFF from @v itself): it stops being scheduled
 * until vcpu_power_on() or a guest reset.
 */
void vcpu_power_off(struct vcpu *v);

/* ------------------------------------------------------------------ */
/* Scheduler core                                                     */
/* ------------------------------------------------------------------ */
/*
 * Each host CPU has a run queue of READY vCPUs (round robin) and at
 * most one current vCPU. A vCPU is placed on one host CPU when it is
 * created (its `host_cpu`, or the CPU with the fewest vCPUs) and stays
 * there. The arch's per-CPU loop is:
 *
 *	for (;;) {
 *		struct vcpu *v = sched_pick(cpu);
 *		if (!v) {
 *			arch_cpu_wait();	// until an interrupt or kick
 *			continue;
 *		}
 *		enter v; after each exit, handle it, then go back to the
 *		loop if sched_need_switch(cpu), else re-enter v
 *	}
 *
 * A timer tick calls sched_tick(cpu); a trapped WFI calls
 * sched_vcpu_yield(v); injecting an interrupt into a vCPU calls
 * sched_vcpu_wake(v). The core kicks a CPU (arch_cpu_kick()) whenever that
 * CPU must come back to sched_pick().
 */

/**
 * Use @ncpus host CPUs (1..SCHED_MAX_CPUS). Only while no vCPU exists.
 * Returns 0, -MV_EINVAL, or -MV_EBUSY.
 */
int sched_init(unsigned int ncpus);

/** Number of host CPUs the scheduler uses. */
unsigned int sched_cpu_count(void);

/**
 * Choose what host CPU @cpu runs next: its current vCPU, if still
 * RUNNING, goes to the back of its queue; the first READY vCPU becomes
 * RUNNING and current. Returns it, or NULL when nothing is runnable
 * (the CPU idles). Must be called only by @cpu's own loop.
 */
struct vcpu *sched_pick(unsigned int cpu);

/**
 * True when @cpu's loop must call sched_pick() before re-entering its
 * vCPU: it is no longer RUNNING (blocked, paused, off) or another vCPU
 * should get the CPU (tick, wake).
 */
bool sched_need_switch(unsigned int cpu);

/**
 * A timer tick on @cpu: asks for a switch when another vCPU waits in
 * @cpu's queue (round robin with one tick per slice). Returns
 * sched_need_switch(@cpu).
 */
bool sched_tick(unsigned int cpu);

/*
 * (Not called sched_yield(): that is a C library function on the host
 * build, which the sanitizers call.)
 */

/**
 * The running vCPU @v executed WFI: it blocks until sched_vcpu_wake(),
 * unless a wake-up arrived since it last entered the guest. Returns
 * true when the loop must leave @v and call sched_pick() (it blocked,
 * or it was stopped meanwhile), false to re-enter it at once.
 */
bool sched_vcpu_yield(struct vcpu *v);

/**
 * Something for @v arrived (virtual interrupt, timer): a BLOCKED vCPU
 * becomes READY (its CPU is kicked when idle); a RUNNING one will not
 * block at its next WFI. Other states: nothing.
 */
void sched_vcpu_wake(struct vcpu *v);

/** The current vCPU of @cpu, or NULL. */
struct vcpu *sched_current(unsigned int cpu);

/** Number of vCPUs placed on @cpu. */
unsigned int sched_cpu_load(unsigned int cpu);

#endif
