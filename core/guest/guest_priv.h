/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals shared by the files of core/guest: the guest table and its
 * lock, description parsing, host memory access, and the scheduler
 * calls the lifecycle code makes.
 */
#ifndef CORE_GUEST_PRIV_H
#define CORE_GUEST_PRIV_H

#include <arch/cpu.h>
#include <arch/guest.h>
#include <minivisor/compiler.h>
#include <minivisor/devtree.h>
#include <minivisor/guest.h>

#ifndef CONFIG_GUEST_MAX
#define CONFIG_GUEST_MAX 8
#endif
#ifndef CONFIG_GUEST_MAX_VCPUS
#define CONFIG_GUEST_MAX_VCPUS 4
#endif

/* Private region flags (above the public GUEST_REGION_F_* bits). */
#define GUEST_REGION_F_HELD BIT(8) /* host frames held now */
#define GUEST_REGION_F_PROBED BIT(9) /* vdev probed, remove() due */

/** Most VMIDs the core tracks, whatever the hardware offers. */
#define GUEST_VMID_TRACKED 256

/** Where a create error message goes. */
struct guest_err {
	char *buf;
	size_t size;
};

/**
 * Write "<path of @node>: <@prop>: <message>" to @e (@prop may be NULL,
 * then "<path>: <message>"). Returns @err.
 */
int guest_err_node(struct guest_err *e, int err, const struct devtree *dt,
		   int node, const char *prop, const char *fmt, ...)
	__printf(6, 7);

/** Write a message without a node to @e. Returns @err. */
int guest_err_msg(struct guest_err *e, int err, const char *fmt, ...)
	__printf(3, 4);

/* table.c: the guest table, VMIDs and the manager's lock. */

/** Take the guest-table lock (interrupts masked). */
irqflags_t guest_lock(void);

/** Release it. */
void guest_unlock(irqflags_t flags);

/**
 * Book a slot and a VMID for @g (sets @g->id, @g->vmid and marks it
 * busy in the table). -MV_EEXIST (name taken), -MV_ENOSPC (no slot or
 * VMID), with @e written.
 */
int guest_table_add(struct guest *g, struct guest_err *e);

/** Give back @g's slot and VMID. */
void guest_table_remove(struct guest *g);

/** Mark @g busy for a long operation; -MV_EBUSY if it already is. */
int guest_begin(struct guest *g);

/** End a long operation, leaving @g in @state. */
void guest_end(struct guest *g, enum guest_state state);

/* config.c */

/**
 * Find the description of @name: newest tree first. Returns 0 with
 * *@dt and *@node, or -MV_ENOENT.
 */
int guest_config_find(const char *name, const struct devtree **dt, int *node);

/** The host tree given by guest_config_set_host_tree(), or NULL. */
const struct devtree *guest_config_host_tree(void);

/* parse.c, parse_region.c */

/**
 * Fill @g (name set, everything else zero) from its description @node:
 * vCPUs and their templates, regions sorted by address, loads. Only
 * heap memory is allocated (regions and vCPU arrays); no host frame.
 * Returns 0 or -MV_EBADMSG / -MV_ENOMEM with @e written.
 */
int guest_parse(struct guest *g, const struct devtree *dt, int node,
		struct guest_err *e);

/**
 * Parse region @node into @r. Returns 0 or -MV_EBADMSG with @e
 * written.
 */
int guest_parse_region(struct guest_region *r, const struct devtree *dt,
		       int node, struct guest_err *e);

/* check.c */

/**
 * Refuse RAM/ROM host ranges that overlap host RAM, a host device, or
 * a range another region (of any guest) uses. -MV_EBUSY with @e.
 */
int guest_check_host_ranges(const struct guest *g, struct guest_err *e);

/* build.c */

/** Allocate, zero, map, load and probe everything @g describes. */
int guest_build(struct guest *g, const struct devtree *dt, int node,
		struct guest_err *e);

/** Undo guest_build(), also a partial one, and free @g. */
void guest_teardown(struct guest *g);

/** Re-zero ALLOCED_* regions and reload every region's images. */
int guest_regions_restore(struct guest *g);

/* mem.c: host memory through temporary hypervisor mappings. */

/** Zero host range [@pa, @pa + @size). 0 or -MV_ENOMEM. */
int guest_host_zero(paddr_t pa, uint64_t size);

/** Copy @len bytes from @src to host address @pa. 0 or -MV_ENOMEM. */
int guest_host_write(paddr_t pa, const void *src, uint64_t len);

/* vcpu.c */

/** Create @g's vCPUs (arch state, placement) after its regions. */
int guest_vcpus_build(struct guest *g, struct guest_err *e);

/** Undo guest_vcpus_build(), also a partial one. */
void guest_vcpus_teardown(struct guest *g);

/* sched.c: calls made by the lifecycle code. */

/**
 * Place @v on host CPU @cpu, or on the least loaded CPU when @cpu is
 * negative. -MV_EINVAL when @cpu is not a scheduler CPU.
 */
int sched_vcpu_place(struct vcpu *v, int cpu);

/** Forget @v's placement; @v must be OFF and off its CPU. */
void sched_vcpu_unplace(struct vcpu *v);

/** Make an OFF or PAUSED @v READY and kick its CPU if idle. */
void sched_vcpu_start(struct vcpu *v);

/**
 * Take @v off the run queues into @to (OFF or PAUSED), asking its CPU
 * to switch if it is running there. Does not wait.
 */
void sched_vcpu_stop(struct vcpu *v, enum vcpu_state to);

/** Wait until @v is not the current vCPU of any host CPU. */
void sched_vcpu_wait_off_cpu(struct vcpu *v);

#endif
