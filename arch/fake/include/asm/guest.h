/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch/fake's guest state: a "stage-2" that records mappings in a table
 * (so tests can assert what the real tables would contain), vCPU
 * registers as plain fields, and helpers for tests: failure injection,
 * guest-side memory access through the recorded stage-2, kick records.
 */
#ifndef ASM_FAKE_GUEST_H
#define ASM_FAKE_GUEST_H

#include <minivisor/types.h>

/** Guest physical address width (the arm64 port uses 40 bits too). */
#define ARCH_GUEST_IPA_BITS 40

/** Most stage-2 mappings one fake guest records. */
#define FAKE_S2_MAX 64

/**
 * One recorded stage-2 mapping, with the leaves a 4 KiB-granule
 * stage-2 (4 KiB pages, 2 MiB and 1 GiB blocks, as on arm64) would
 * write for it under the VM_MAP_ORDER() limit: tests check the
 * granularity the core asked for.
 */
struct fake_s2_map {
	gpa_t gpa;
	paddr_t hpa;
	uint64_t size;
	unsigned int attr; /* VM_MAP_READ/WRITE/EXEC */
	unsigned int max_order; /* VM_MAP_ORDER() given, 0 = none */
	uint64_t block; /* largest leaf used, bytes */
	uint64_t leaves; /* leaf entries written */
};

/** Per-guest fake arch state. */
struct vm_arch {
	struct fake_s2_map *maps; /* FAKE_S2_MAX entries, from the heap */
	unsigned int nmaps;
	unsigned int resets; /* vm_arch_reset() calls */
};

/** Per-vCPU fake arch state: the registers a real port would keep. */
struct vcpu_arch {
	uint64_t pc;
	uint64_t x[31];
	uint64_t mpidr; /* affinity | bit 31, as arm64 reports it */
	uint64_t pstate;
	unsigned int resets; /* vcpu_arch_reset() calls */
};

struct guest;

/** Hooks whose failure tests can inject. */
enum fake_guest_op {
	FAKE_GUEST_VM_INIT,
	FAKE_GUEST_VM_MAP,
	FAKE_GUEST_VCPU_INIT,
	FAKE_GUEST_NR_OPS
};

/** Make the next @n calls of @op fail (-MV_ENOMEM). */
void fake_guest_fail_next(enum fake_guest_op op, unsigned int n);

/** Let @k calls of @op succeed, then make one fail (-MV_ENOMEM). */
void fake_guest_fail_after(enum fake_guest_op op, unsigned int k);

/** Set the VMID count vm_arch_vmid_count() reports (default 256). */
void fake_guest_set_vmid_count(unsigned int count);

/**
 * Translate @gpa through @g's recorded stage-2: 0 with *@hpa and
 * *@attr, or -MV_EFAULT when unmapped.
 */
int fake_guest_s2_lookup(const struct guest *g, gpa_t gpa, paddr_t *hpa,
			 unsigned int *attr);

/**
 * Access guest memory as the guest would: through the recorded stage-2
 * (permissions checked), then the fake host RAM. Returns 0, -MV_EFAULT
 * (unmapped), -MV_EPERM (write to a read-only mapping) or -MV_ENOMEM.
 */
int fake_guest_access(const struct guest *g, gpa_t gpa, void *buf, size_t len,
		      bool write);

/**
 * Bytes passed to vm_arch_sync_mem_for_read() so far: tests check that
 * every read of guest memory by the hypervisor syncs what it reads.
 */
uint64_t fake_guest_read_synced(void);

/** Live vm_arch / vcpu_arch instances (init minus destroy). */
int fake_guest_live_vms(void);
int fake_guest_live_vcpus(void);

/** arch_cpu_kick() calls for @cpu since the last fake_guest_reset_kicks(). */
unsigned int fake_guest_kicks(unsigned int cpu);
void fake_guest_reset_kicks(void);

/**
 * When @on (default), a kicked CPU "responds" at once, as a real CPU's
 * loop would: arch_cpu_kick(cpu) runs sched_pick(cpu) when the CPU's
 * current vCPU must leave it or the CPU is idle. Off: kicks are only
 * counted.
 */
void fake_guest_kick_respond(bool on);

#endif
