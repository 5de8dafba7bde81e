// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trapped system-register accesses (EC 0x18), table driven: each entry
 * covers a range of encodings (op0, op1, CRn, CRm, op2, sorted as one
 * key) with a read and a write handler; the table is searched by key.
 * An access no entry covers, or that its entry cannot do, gets an
 * undefined-instruction exception, as on a CPU without that register.
 *
 * What traps (HCR_EL2 in asm/guest.h, CNTHCTL_EL2 and MDCR_EL2 in
 * run.c): the ID registers (TID3) so features the hypervisor does not
 * virtualize are hidden, ACTLR_EL1 (TACR), IMPLEMENTATION DEFINED
 * registers (TIDCP), the EL1 physical timer (CNTHCTL_EL2.EL1PCEN = 0)
 * and the PMU (MDCR_EL2.TPM): the last three are not in the table.
 */
#include <arch/guest.h>
#include <asm/guest.h>
#include <minivisor/compiler.h>
#include <minivisor/printk.h>

#define ISS_SYS_OP0(iss) (((iss) >> 20) & 3)
#define ISS_SYS_OP2(iss) (((iss) >> 17) & 7)
#define ISS_SYS_OP1(iss) (((iss) >> 14) & 7)
#define ISS_SYS_CRN(iss) (((iss) >> 10) & 0xf)
#define ISS_SYS_RT(iss) (((iss) >> 5) & 0x1f)
#define ISS_SYS_CRM(iss) (((iss) >> 1) & 0xf)
#define ISS_SYS_READ BIT(0)

/* One sortable key per encoding, in op0, op1, CRn, CRm, op2 order. */
#define SYS_KEY(op0, op1, crn, crm, op2) \
	((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* The ID register space: op0 3, op1 0, CRn 0, CRm 1-7 (TID3). */
#define ID_KEY_FIRST SYS_KEY(3, 0, 0, 1, 0)
#define ID_KEY_LAST SYS_KEY(3, 0, 0, 7, 7)
#define ID_INDEX(key) ((key)-ID_KEY_FIRST)
#define ID_COUNT (ID_KEY_LAST - ID_KEY_FIRST + 1)

/* ID registers whose fields the guests must not see. */
#define ID_DFR0_EL1 SYS_KEY(3, 0, 0, 1, 2)
#define ID_AA64PFR0_EL1 SYS_KEY(3, 0, 0, 4, 0)
#define ID_AA64PFR1_EL1 SYS_KEY(3, 0, 0, 4, 1)
#define ID_AA64ZFR0_EL1 SYS_KEY(3, 0, 0, 4, 4)
#define ID_AA64SMFR0_EL1 SYS_KEY(3, 0, 0, 4, 5)
#define ID_AA64DFR0_EL1 SYS_KEY(3, 0, 0, 5, 0)
#define ID_AA64MMFR0_EL1 SYS_KEY(3, 0, 0, 7, 0)
#define ACTLR_EL1 SYS_KEY(3, 0, 1, 0, 1)
/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: trapped by HCR_EL2.IMO. */
#define ICC_SGI1R_EL1 SYS_KEY(3, 0, 12, 11, 5)
#define ICC_SGI0R_EL1 SYS_KEY(3, 0, 12, 11, 7)
#define PFR0_GIC_SYSREGS (1ULL << 24)

#define FIELD(shift) (0xfULL << (shift))

/** A decoded trapped access. */
struct sys_access {
	unsigned int key;
	unsigned int rt;
	bool read;
	uint64_t val; /* written value, or the value read */
};

struct sys_reg_desc {
	unsigned int first, last; /* key range covered */
	const char *name;
	/* Return false when the access cannot be done (-> UNDEF). */
	bool (*access)(struct vcpu *v, struct sys_access *a);
};

/* Host ID register values, sanitized for guests (one copy: QEMU's
 * CPUs are identical; a big.LITTLE host would need the intersection). */
static uint64_t id_values[ID_COUNT];

struct id_mask {
	unsigned int key;
	uint64_t hide; /* fields forced to 0 */
};

static const struct id_mask id_masks[] = {
	/* AArch32 PerfMonVer: no PMU (MDCR_EL2.TPM traps it). */
	{ ID_DFR0_EL1, FIELD(24) },
	/* SVE, no GICv3 system registers (no vGIC), AMU, MPAM, RME. */
	{ ID_AA64PFR0_EL1,
	  FIELD(32) | FIELD(24) | FIELD(44) | FIELD(40) | FIELD(52) },
	/* MTE, SME. */
	{ ID_AA64PFR1_EL1, FIELD(8) | FIELD(24) },
	{ ID_AA64ZFR0_EL1, ~0ULL },
	{ ID_AA64SMFR0_EL1, ~0ULL },
	/* PMU, SPE, trace filter, trace buffer, multi-threaded PMU. */
	{ ID_AA64DFR0_EL1,
	  FIELD(8) | FIELD(32) | FIELD(40) | FIELD(44) | FIELD(48) },
};

/* Read ID register @idx (CRm 1-7, op2 0-7) of the host. */
#define ID_CASE(crm, op2)         \
	case (crm - 1) * 8 + op2: \
		return read_sysreg(S3_0_C0_C##crm##_##op2);
#define ID_ROW(crm)     \
	ID_CASE(crm, 0) \
	ID_CASE(crm, 1) \
	ID_CASE(crm, 2) \
	ID_CASE(crm, 3) \
	ID_CASE(crm, 4) ID_CASE(crm, 5) ID_CASE(crm, 6) ID_CASE(crm, 7)

static uint64_t id_read_host(unsigned int idx)
{
	switch (idx) {
		ID_ROW(1)
		ID_ROW(2)
		ID_ROW(3)
		ID_ROW(4)
		ID_ROW(5)
		ID_ROW(6)
		ID_ROW(7)
	}
	return 0;
}

void arm64_sysreg_init(void)
{
	for (unsigned int i = 0; i < ID_COUNT; i++)
		id_values[i] = id_read_host(i);
	for (unsigned int i = 0; i < ARRAY_SIZE(id_masks); i++)
		id_values[ID_INDEX(id_masks[i].key)] &= ~id_masks[i].hide;
	/* Guests get a 40-bit IPA space: report at most 40-bit PAs. */
	if ((id_values[ID_INDEX(ID_AA64MMFR0_EL1)] & 0xf) > 2)
		id_values[ID_INDEX(ID_AA64MMFR0_EL1)] =
			(id_values[ID_INDEX(ID_AA64MMFR0_EL1)] & ~0xfULL) | 2;
}

static bool sys_id_access(struct vcpu *v, struct sys_access *a)
{
	if (!a->read)
		return false; /* read-only registers */
	a->val = id_values[ID_INDEX(a->key)];
	/* A GICv3 vGIC: the guest uses the ICC_* system registers. */
	if (a->key == ID_AA64PFR0_EL1 && vgic_guest_is_v3(v->guest))
		a->val |= PFR0_GIC_SYSREGS;
	return true;
}

/*
 * SGI generation of a GICv3 guest. Only Group 1 SGIs exist for the
 * guest (ICC_SGI0R_EL1 and the alias are ignored); without a GICv3
 * vGIC the registers do not exist.
 */
static bool sys_sgi_access(struct vcpu *v, struct sys_access *a)
{
	if (a->read || !vgic_guest_is_v3(v->guest))
		return false;
	if (a->key == ICC_SGI1R_EL1)
		vgic_v3_send_sgi(v, a->val);
	return true;
}

/* ACTLR_EL1 is IMPLEMENTATION DEFINED: the guest gets storage only. */
static bool sys_actlr_access(struct vcpu *v, struct sys_access *a)
{
	if (a->read)
		a->val = v->arch.actlr;
	else
		v->arch.actlr = a->val;
	return true;
}

/* Sorted by key; ranges do not overlap. */
static const struct sys_reg_desc sys_regs[] = {
	{ ID_KEY_FIRST, ID_KEY_LAST, "ID registers", sys_id_access },
	{ ACTLR_EL1, ACTLR_EL1, "ACTLR_EL1", sys_actlr_access },
	{ ICC_SGI1R_EL1, ICC_SGI0R_EL1, "ICC_SGI*R_EL1", sys_sgi_access },
};

static const struct sys_reg_desc *sys_reg_find(unsigned int key)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(sys_regs);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (key < sys_regs[mid].first)
			hi = mid;
		else if (key > sys_regs[mid].last)
			lo = mid + 1;
		else
			return &sys_regs[mid];
	}
	return NULL;
}

enum arm64_exit_action arm64_handle_sysreg(struct vcpu *v, uint64_t esr)
{
	struct arm64_regs *r = &v->arch.regs;
	struct sys_access a = {
		.key = SYS_KEY(ISS_SYS_OP0(esr), ISS_SYS_OP1(esr),
			       ISS_SYS_CRN(esr), ISS_SYS_CRM(esr),
			       ISS_SYS_OP2(esr)),
		.rt = ISS_SYS_RT(esr),
		.read = esr & ISS_SYS_READ,
	};
	const struct sys_reg_desc *d = sys_reg_find(a.key);

	if (!a.read)
		a.val = a.rt == 31 ? 0 : r->x[a.rt];
	if (!d || !d->access(v, &a)) {
		arm64_inject_undef(v);
		return EXIT_RESUME;
	}
	if (a.read && a.rt != 31)
		r->x[a.rt] = a.val;
	arm64_vcpu_skip_insn(v);
	return EXIT_RESUME;
}
