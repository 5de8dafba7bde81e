// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest exits: each synchronous exception from a guest is dispatched by
 * its exception class through a table. What the hypervisor emulates
 * (WFI/WFE, HVC/SMC calls, trapped system registers, MMIO on emulated
 * regions) is completed and the guest resumes after the instruction;
 * a bad access (unmapped IPA, write to ROM, MMIO the device refuses or
 * that cannot be decoded) gets a synchronous external abort injected
 * into the guest, as hardware would raise for a bus error; an unknown
 * system register gets an undefined-instruction exception; anything
 * else stops that vCPU with a message. The hypervisor itself never
 * stops for a guest's doing.
 */
#include <arch/cpu.h>
#include <arch/guest.h>
#include <asm/guest.h>
#include <minivisor/printk.h>
#include <minivisor/vdev.h>

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25

#define ISS_WFX_WFE BIT(0)
#define ISS_DABT_ISV BIT(24)
#define ISS_DABT_SAS_SHIFT 22
#define ISS_DABT_SSE BIT(21)
#define ISS_DABT_SRT_SHIFT 16
#define ISS_DABT_SF BIT(15)
#define ISS_DABT_S1PTW BIT(7)
#define ISS_DABT_WNR BIT(6)
#define ISS_FSC_MASK 0x3fUL
#define FSC_TYPE(fsc) ((fsc)&0x3c)
#define FSC_TRANSLATION 0x04
#define FSC_ACCESS 0x08
#define FSC_PERMISSION 0x0c
#define FSC_SEA 0x10 /* synchronous external abort, not on a walk */

/* SPSR/PSTATE fields used when entering the guest's EL1 vectors. */
#define PSR_MODE_MASK 0x1fUL
#define PSR_MODE_EL0T 0x0UL
#define PSR_MODE_EL1T 0x4UL
#define PSR_MODE_EL1H 0x5UL
#define PSR_AARCH32 BIT(4)
#define PSR_PAN BIT(22)
#define PSR_SSBS BIT(12)
#define SCTLR_EL1_SPAN BIT(23)
#define SCTLR_EL1_DSSBS BIT(44)

#define VEC_SYNC_CUR_SP0 0x000
#define VEC_SYNC_CUR_SPX 0x200
#define VEC_SYNC_LOW64 0x400
#define VEC_SYNC_LOW32 0x600

#define VEC_SERR_LOW64 11
#define VEC_SERR_LOW32 15

static unsigned int esr_class(uint64_t esr)
{
	return (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
}

void arm64_vcpu_skip_insn(struct vcpu *v)
{
	v->arch.regs.elr += (v->arch.regs.esr & ESR_IL) ? 4 : 2;
}

/* Offset in VBAR_EL1 of the synchronous vector for a fault at @spsr. */
static uint64_t inject_vector(uint64_t spsr)
{
	if (spsr & PSR_AARCH32)
		return VEC_SYNC_LOW32;
	switch (spsr & 0xf) {
	case PSR_MODE_EL0T:
		return VEC_SYNC_LOW64;
	case PSR_MODE_EL1T:
		return VEC_SYNC_CUR_SP0;
	default:
		return VEC_SYNC_CUR_SPX;
	}
}

/* PSTATE on entry to EL1h: interrupts masked, PAN/SSBS per SCTLR_EL1. */
static uint64_t inject_pstate(uint64_t old)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1);
	uint64_t ps = ARM64_PSTATE_EL1H_MASKED | (old & PSR_PAN);

	if (((mmfr1 >> 20) & 0xf) && !(sctlr & SCTLR_EL1_SPAN))
		ps |= PSR_PAN;
	if ((pfr1 & 0xf) && (sctlr & SCTLR_EL1_DSSBS))
		ps |= PSR_SSBS;
	return ps;
}

/* Take an exception to the guest's EL1 with syndrome @esr, at @far. */
static void inject_sync(struct vcpu *v, uint64_t esr, uint64_t far)
{
	struct arm64_regs *r = &v->arch.regs;
	bool from_el1 = !(r->spsr & PSR_AARCH32) &&
			(r->spsr & 0xf) != PSR_MODE_EL0T;

	/* A fault at EL1 is "current EL": EC 0x25/0x21, not 0x24/0x20. */
	if (from_el1 &&
	    (esr_class(esr) == EC_DABT_LOW || esr_class(esr) == EC_IABT_LOW))
		esr += 1ULL << ESR_EC_SHIFT;
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	r->elr = read_sysreg(vbar_el1) + inject_vector(r->spsr);
	r->spsr = inject_pstate(r->spsr);
}

void arm64_inject_abort(struct vcpu *v, bool iabt, uint64_t far)
{
	uint64_t ec = iabt ? EC_IABT_LOW : EC_DABT_LOW;
	uint64_t esr = ec << ESR_EC_SHIFT | ESR_IL | FSC_SEA;

	if (!iabt)
		esr |= v->arch.regs.esr & ISS_DABT_WNR;
	inject_sync(v, esr, far);
	v->stats.aborts_injected++;
}

void arm64_inject_undef(struct vcpu *v)
{
	inject_sync(v, (uint64_t)EC_UNKNOWN << ESR_EC_SHIFT | ESR_IL, 0);
	v->stats.undefs_injected++;
}

void arm64_vcpu_halt(struct vcpu *v, const char *why)
{
	const struct arm64_regs *r = &v->arch.regs;
	unsigned int ec = esr_class(r->esr);

	printk("%s/vcpu%u: %s: EC 0x%02x (%s) ESR 0x%llx FAR 0x%llx at PC "
	       "0x%llx: vCPU stopped\n",
	       v->guest->name, v->index, why, ec, arm64_esr_class_name(ec),
	       (unsigned long long)r->esr, (unsigned long long)r->far,
	       (unsigned long long)r->elr);
	vcpu_power_off(v);
}

static enum arm64_exit_action exit_wfx(struct vcpu *v, uint64_t esr)
{
	arm64_vcpu_skip_insn(v);
	if (esr & ISS_WFX_WFE) {
		/* A spinning guest: give the slice away if someone waits. */
		v->stats.wfe++;
		sched_tick(v->host_cpu);
		return EXIT_RESUME;
	}
	v->stats.wfi++;
	if (vgic_vcpu_pending(v))
		return EXIT_RESUME; /* an interrupt ends the WFI at once */
	if (!sched_vcpu_yield(v))
		return EXIT_RESUME; /* a wake-up was already pending */
	arm64_vcpu_sleep(v);
	return EXIT_LEAVE;
}

static enum arm64_exit_action exit_hvc(struct vcpu *v, uint64_t esr)
{
	/* The preferred return of HVC is the next instruction already. */
	v->stats.hvc++;
	return arm64_handle_smccc(v);
}

static enum arm64_exit_action exit_smc(struct vcpu *v, uint64_t esr)
{
	/* Trapped by HCR_EL2.TSC before executing: step over it. */
	v->stats.smc++;
	arm64_vcpu_skip_insn(v);
	return arm64_handle_smccc(v);
}

static enum arm64_exit_action exit_sysreg(struct vcpu *v, uint64_t esr)
{
	v->stats.sysreg++;
	return arm64_handle_sysreg(v, esr);
}

/* Sign- or zero-extend an MMIO read as the load instruction would. */
static uint64_t mmio_extend(uint64_t val, unsigned int size, uint64_t esr)
{
	unsigned int bits = size * 8;

	if (bits < 64)
		val &= (1ULL << bits) - 1;
	if ((esr & ISS_DABT_SSE) && bits < 64 && (val >> (bits - 1)) & 1)
		val |= ~0ULL << bits;
	if (!(esr & ISS_DABT_SF))
		val &= 0xffffffffULL;
	return val;
}

/* Emulate the access of a stage-2 fault on emulated region @r. */
static void exit_mmio(struct vcpu *v, struct guest_region *r, gpa_t ipa,
		      uint64_t esr)
{
	struct arm64_regs *regs = &v->arch.regs;
	unsigned int rt = (esr >> ISS_DABT_SRT_SHIFT) & 0x1f;
	struct vdev_access acc = {
		.offset = ipa - r->gpa,
		.size = 1U << ((esr >> ISS_DABT_SAS_SHIFT) & 3),
		.write = !!(esr & ISS_DABT_WNR),
		.vcpu = v->index,
	};

	/* No syndrome (e.g. LDP, post-index): the access cannot be done. */
	if (!(esr & ISS_DABT_ISV)) {
		arm64_inject_abort(v, false, regs->far);
		return;
	}
	if (acc.write)
		acc.value = rt == 31 ? 0 : regs->x[rt];
	if (acc.size < 8)
		acc.value &= (1ULL << (acc.size * 8)) - 1;
	if (vdev_mmio_dispatch(r->vdev, r->vdev_priv, &acc) != VDEV_OK) {
		arm64_inject_abort(v, false, regs->far);
		return;
	}
	if (acc.write) {
		v->stats.mmio_writes++;
	} else {
		v->stats.mmio_reads++;
		if (rt != 31)
			regs->x[rt] = mmio_extend(acc.value, acc.size, esr);
	}
	arm64_vcpu_skip_insn(v);
}

/* The faulting IPA: page from HPFAR_EL2 (kept for dumpreg), offset FAR. */
static gpa_t abort_ipa(struct vcpu *v)
{
	v->arch.hpfar = read_sysreg(hpfar_el2);
	return (v->arch.hpfar >> 4) << 12 | (v->arch.regs.far & 0xfff);
}

static enum arm64_exit_action exit_abort(struct vcpu *v, uint64_t esr)
{
	bool iabt = esr_class(esr) == EC_IABT_LOW;
	unsigned int fsc = esr & ISS_FSC_MASK;
	struct guest_region *r = NULL;
	gpa_t ipa = abort_ipa(v);

	/*
	 * Only a data access (not a table walk) that misses the stage-2
	 * map inside an emulated region is MMIO. Everything else that
	 * reaches here is the guest's fault: an IPA nothing backs, a
	 * write to a read-only region, a fetch from a device.
	 */
	if (!iabt && !(esr & ISS_DABT_S1PTW) &&
	    FSC_TYPE(fsc) == FSC_TRANSLATION)
		r = guest_region_find(v->guest, ipa);
	if (r && r->type == GUEST_REGION_EMULATED)
		exit_mmio(v, r, ipa, esr);
	else
		arm64_inject_abort(v, iabt, v->arch.regs.far);
	return EXIT_RESUME;
}

struct exit_handler {
	unsigned int ec;
	enum arm64_exit_action (*fn)(struct vcpu *v, uint64_t esr);
};

/* The exception classes the guests' HCR_EL2 lets through to EL2. */
static const struct exit_handler exit_handlers[] = {
	{ EC_WFX, exit_wfx },	     { EC_HVC64, exit_hvc },
	{ EC_SMC64, exit_smc },	     { EC_SYS64, exit_sysreg },
	{ EC_IABT_LOW, exit_abort }, { EC_DABT_LOW, exit_abort },
};

static enum arm64_exit_action exit_sync(struct vcpu *v)
{
	uint64_t esr = v->arch.regs.esr;
	unsigned int ec = esr_class(esr);

	for (unsigned int i = 0; i < ARRAY_SIZE(exit_handlers); i++) {
		if (exit_handlers[i].ec == ec)
			return exit_handlers[i].fn(v, esr);
	}
	arm64_vcpu_halt(v, "unhandled exit");
	return EXIT_LEAVE;
}

enum arm64_exit_action arm64_handle_exit(struct vcpu *v, unsigned long vec)
{
	if (arm64_exit_is_irq(vec)) {
		/* The run loop takes the interrupt once it unmasks them. */
		v->stats.irq_exits++;
		return EXIT_RESUME;
	}
	if (vec == VEC_SERR_LOW64 || vec == VEC_SERR_LOW32) {
		arm64_vcpu_halt(v, "SError from the guest");
		return EXIT_LEAVE;
	}
	return exit_sync(v);
}
