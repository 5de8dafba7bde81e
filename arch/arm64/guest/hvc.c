// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMCCC calls from guests (HVC #0, or SMC trapped by HCR_EL2.TSC):
 * PSCI 1.0 for their vCPUs and the machine, and the minivisor
 * hypercalls of minivisor/hypercall.h, one table keyed by function ID.
 * An unknown function ID returns NOT_SUPPORTED (-1) in x0, as SMCCC
 * requires; nothing an unknown call does can hurt the hypervisor.
 */
#include <arch/guest.h>
#include <asm/guest.h>
#include <minivisor/guest.h>
#include <minivisor/hypercall.h>
#include <minivisor/printk.h>
#include <minivisor/vdev.h>
#include <stdlib.h>

#define PSCI_VERSION 0x84000000U
#define PSCI_CPU_SUSPEND 0x84000001U
#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON 0x84000003U
#define PSCI_AFFINITY_INFO 0x84000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF 0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U
#define PSCI_FEATURES 0x8400000aU
#define SMC64 0x40000000U /* the 64-bit calling convention bit */

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)

#define PSCI_VERSION_1_0 0x10000
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_MIGRATE_NONE 2 /* no Trusted OS to migrate */

struct smccc_call {
	uint32_t fid;
	uint64_t a[3]; /* x1..x3, truncated for 32-bit calls */
	int64_t ret; /* into x0 */
	enum arm64_exit_action action;
};

struct smccc_fn {
	uint32_t fid;
	bool psci;
	void (*fn)(struct vcpu *v, struct smccc_call *c);
};

static const struct smccc_fn *smccc_find(uint32_t fid);

static void psci_version(struct vcpu *v, struct smccc_call *c)
{
	c->ret = PSCI_VERSION_1_0;
}

/* CPU_SUSPEND (standby or powerdown): a WFI as far as we are concerned. */
static void psci_cpu_suspend(struct vcpu *v, struct smccc_call *c)
{
	c->ret = PSCI_RET_SUCCESS;
	if (sched_vcpu_yield(v)) {
		arm64_vcpu_sleep(v);
		c->action = EXIT_LEAVE;
	}
}

static void psci_cpu_off(struct vcpu *v, struct smccc_call *c)
{
	vcpu_power_off(v);
	c->action = EXIT_LEAVE;
}

/*
 * Start another vCPU at @entry with @ctx in x0. Its registers belong to
 * its own host CPU: the request is claimed (on_pending 0 -> 1), filled
 * in, published (2) and applied by that CPU when it next loads the vCPU.
 */
static void psci_cpu_on(struct vcpu *v, struct smccc_call *c)
{
	struct vcpu *t =
		guest_vcpu_by_mpidr(v->guest, c->a[0] & MPIDR_AFF_MASK);
	uint32_t idle = 0;

	if (!t) {
		c->ret = PSCI_RET_INVALID_PARAMS;
		return;
	}
	if (!__atomic_compare_exchange_n(&t->arch.on_pending, &idle, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		c->ret = PSCI_RET_ON_PENDING;
		return;
	}
	if (vcpu_state(t) != VCPU_STATE_OFF) {
		__atomic_store_n(&t->arch.on_pending, 0, __ATOMIC_RELEASE);
		c->ret = PSCI_RET_ALREADY_ON;
		return;
	}
	t->arch.on_pc = c->a[1];
	t->arch.on_ctx = c->a[2];
	__atomic_store_n(&t->arch.on_pending, 2, __ATOMIC_RELEASE);
	if (vcpu_power_on(t)) {
		uint32_t ready = 2;

		__atomic_compare_exchange_n(&t->arch.on_pending, &ready, 0,
					    false, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED);
		c->ret = PSCI_RET_ALREADY_ON;
		return;
	}
	c->ret = PSCI_RET_SUCCESS;
}

static void psci_affinity_info(struct vcpu *v, struct smccc_call *c)
{
	struct vcpu *t =
		guest_vcpu_by_mpidr(v->guest, c->a[0] & MPIDR_AFF_MASK);

	if (!t || c->a[1] != 0) /* only affinity level 0 */
		c->ret = PSCI_RET_INVALID_PARAMS;
	else
		c->ret = vcpu_state(t) == VCPU_STATE_OFF ? PSCI_AFF_OFF :
							   PSCI_AFF_ON;
}

static void psci_migrate_info_type(struct vcpu *v, struct smccc_call *c)
{
	c->ret = PSCI_MIGRATE_NONE;
}

static void psci_system_off(struct vcpu *v, struct smccc_call *c)
{
	guest_halt(v->guest, "PSCI SYSTEM_OFF: powered off");
	c->action = EXIT_LEAVE;
}

static void psci_system_reset(struct vcpu *v, struct smccc_call *c)
{
	/* Resetting waits for every vCPU: done by the run loop after put. */
	c->action = EXIT_RESET_GUEST;
}

static void psci_features(struct vcpu *v, struct smccc_call *c)
{
	const struct smccc_fn *f = smccc_find((uint32_t)c->a[0]);

	c->ret = f && f->psci ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
}

static void mv_hc_ping(struct vcpu *v, struct smccc_call *c)
{
	c->ret = MV_HC_MAGIC;
}

static void mv_hc_version(struct vcpu *v, struct smccc_call *c)
{
	const char *p = MV_VERSION;
	unsigned long part[3];
	char *end;

	/* "major.minor.patch": a missing or non-numeric part reads as 0. */
	for (unsigned int i = 0; i < 3; i++) {
		part[i] = strtoul(p, &end, 10);
		p = end + (*end == '.');
	}
	c->ret = (int64_t)(part[0] << 16 | part[1] << 8 | part[2]);
}

/* PUTC: the byte goes out as if written to the guest's first pl011. */
static void mv_hc_putc(struct vcpu *v, struct smccc_call *c)
{
	const struct guest_region *r;
	struct vdev_access acc = { .size = 4, .write = true };

	acc.value = c->a[0] & 0xff;
	acc.vcpu = v->index;
	c->ret = -1;
	for (unsigned int i = 0; (r = guest_region_at(v->guest, i)); i++) {
		if (r->type != GUEST_REGION_EMULATED ||
		    vdev_find("arm,pl011") != r->vdev)
			continue;
		if (vdev_mmio_dispatch(r->vdev, r->vdev_priv, &acc) == VDEV_OK)
			c->ret = 0;
		return;
	}
}

/* Every call the guests may make, sorted by function ID. */
static const struct smccc_fn smccc_fns[] = {
	{ PSCI_VERSION, true, psci_version },
	{ PSCI_CPU_SUSPEND, true, psci_cpu_suspend },
	{ PSCI_CPU_OFF, true, psci_cpu_off },
	{ PSCI_CPU_ON, true, psci_cpu_on },
	{ PSCI_AFFINITY_INFO, true, psci_affinity_info },
	{ PSCI_MIGRATE_INFO_TYPE, true, psci_migrate_info_type },
	{ PSCI_SYSTEM_OFF, true, psci_system_off },
	{ PSCI_SYSTEM_RESET, true, psci_system_reset },
	{ PSCI_FEATURES, true, psci_features },
	{ MV_HC_PING, false, mv_hc_ping },
	{ MV_HC_VERSION, false, mv_hc_version },
	{ MV_HC_PUTC, false, mv_hc_putc },
	{ PSCI_CPU_SUSPEND | SMC64, true, psci_cpu_suspend },
	{ PSCI_CPU_ON | SMC64, true, psci_cpu_on },
	{ PSCI_AFFINITY_INFO | SMC64, true, psci_affinity_info },
};

static const struct smccc_fn *smccc_find(uint32_t fid)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(smccc_fns);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (fid < smccc_fns[mid].fid)
			hi = mid;
		else if (fid > smccc_fns[mid].fid)
			lo = mid + 1;
		else
			return &smccc_fns[mid];
	}
	return NULL;
}

enum arm64_exit_action arm64_handle_smccc(struct vcpu *v)
{
	struct arm64_regs *r = &v->arch.regs;
	struct smccc_call c = { .ret = PSCI_RET_NOT_SUPPORTED,
				.action = EXIT_RESUME };
	const struct smccc_fn *f;
	bool is64;

	/* Bits 63:32 of x0 are ignored by SMCCC; only imm16 0 is a call. */
	c.fid = (uint32_t)r->x[0];
	is64 = c.fid & SMC64;
	for (unsigned int i = 0; i < 3; i++)
		c.a[i] = is64 ? r->x[i + 1] : (uint32_t)r->x[i + 1];
	f = (r->esr & 0xffff) ? NULL : smccc_find(c.fid);
	if (f) {
		if (f->psci)
			v->stats.psci++;
		f->fn(v, &c);
	}
	r->x[0] = (uint64_t)c.ret;
	return c.action;
}
