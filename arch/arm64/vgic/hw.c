// SPDX-License-Identifier: GPL-2.0-only
/*
 * List-register backends. GICv3: the ICH_* system registers of the
 * running CPU, with the guest using the ICC_* system registers (EL1
 * accesses go to the virtual interface while ICH_HCR_EL2.En is set).
 * GICv2: the banked GICH page of the running CPU, the guest using the
 * GICV page mapped at its CPU-interface address. The core works on
 * GICv3-layout LR images; the v2 backend converts them.
 */
#include <asm/arm64.h>
#include <asm/io.h>
#include <minivisor/errno.h>

#include "vgic.h"

#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_VMCR_EL2 S3_4_C12_C11_7

#define GICH_HCR 0x00
#define GICH_VTR 0x04
#define GICH_VMCR 0x08
#define GICH_APR 0xf0
#define GICH_LR0 0x100

/* GICv2 LR fields. */
#define V2_LR_ID_MASK 0x3ffU
#define V2_LR_SRC_SHIFT 10
#define V2_LR_EOI BIT(19)
#define V2_LR_PRIO_SHIFT 23 /* top 5 bits of the priority */
#define V2_LR_PENDING BIT(28)
#define V2_LR_ACTIVE BIT(29)
#define V2_LR_GROUP1 BIT(30)

const struct vgic_hw_ops *vgic_hw;
unsigned int vgic_nr_lrs;
static volatile uint8_t *gich;

/* ---- GICv3 ---- */

#define ICH_LR_CASE(n, crm, op2)                                     \
	case n:                                                      \
		if (write)                                           \
			write_sysreg_s(S3_4_C12_##crm##_##op2, val); \
		else                                                 \
			val = read_sysreg_s(S3_4_C12_##crm##_##op2); \
		break;

/* ICH_LR<n>_EL2 has one encoding per n: reach it through a switch. */
static uint64_t v3_lr_access(unsigned int i, bool write, uint64_t val)
{
	switch (i) {
		ICH_LR_CASE(0, C12, 0)
		ICH_LR_CASE(1, C12, 1)
		ICH_LR_CASE(2, C12, 2)
		ICH_LR_CASE(3, C12, 3)
		ICH_LR_CASE(4, C12, 4)
		ICH_LR_CASE(5, C12, 5)
		ICH_LR_CASE(6, C12, 6)
		ICH_LR_CASE(7, C12, 7)
		ICH_LR_CASE(8, C13, 0)
		ICH_LR_CASE(9, C13, 1)
		ICH_LR_CASE(10, C13, 2)
		ICH_LR_CASE(11, C13, 3)
		ICH_LR_CASE(12, C13, 4)
		ICH_LR_CASE(13, C13, 5)
		ICH_LR_CASE(14, C13, 6)
		ICH_LR_CASE(15, C13, 7)
	}
	return val;
}

static uint64_t v3_read_lr(unsigned int i)
{
	return v3_lr_access(i, false, 0);
}

static void v3_write_lr(unsigned int i, uint64_t lr)
{
	/* No physical interrupt is linked: bits 40:32 stay 0 but EOI. */
	v3_lr_access(i, true, lr & ~(0x1ffULL << LR_SRC_SHIFT));
}

static void v3_write_hcr(uint64_t hcr)
{
	write_sysreg_s(ICH_HCR_EL2, hcr);
	isb();
}

static void v3_save(struct vgic_cpu *c)
{
	c->vmcr = read_sysreg_s(ICH_VMCR_EL2);
	c->ap0r = read_sysreg_s(ICH_AP0R0_EL2);
	c->ap1r = read_sysreg_s(ICH_AP1R0_EL2);
}

static void v3_restore(const struct vgic_cpu *c)
{
	write_sysreg_s(ICH_VMCR_EL2, c->vmcr);
	write_sysreg_s(ICH_AP0R0_EL2, c->ap0r);
	write_sysreg_s(ICH_AP1R0_EL2, c->ap1r);
}

static const struct vgic_hw_ops vgic_v3_hw = {
	.read_lr = v3_read_lr,
	.write_lr = v3_write_lr,
	.write_hcr = v3_write_hcr,
	.save = v3_save,
	.restore = v3_restore,
};

/* ---- GICv2 ---- */

static uint64_t v2_read_lr(unsigned int i)
{
	uint32_t v = readl(gich + GICH_LR0 + 4 * i);
	uint64_t lr = v & V2_LR_ID_MASK;

	lr |= (uint64_t)((v >> V2_LR_SRC_SHIFT) & 7) << LR_SRC_SHIFT;
	lr |= (uint64_t)((v >> V2_LR_PRIO_SHIFT) & 0x1f) << (LR_PRIO_SHIFT + 3);
	if (v & V2_LR_EOI)
		lr |= LR_EOI;
	if (v & V2_LR_PENDING)
		lr |= LR_PENDING;
	if (v & V2_LR_ACTIVE)
		lr |= LR_ACTIVE;
	if (v & V2_LR_GROUP1)
		lr |= LR_GROUP1;
	return lr;
}

static void v2_write_lr(unsigned int i, uint64_t lr)
{
	uint32_t v = (uint32_t)(lr & V2_LR_ID_MASK);

	v |= (uint32_t)((lr >> LR_SRC_SHIFT) & 7) << V2_LR_SRC_SHIFT;
	v |= (uint32_t)((lr >> (LR_PRIO_SHIFT + 3)) & 0x1f) << V2_LR_PRIO_SHIFT;
	if (lr & LR_EOI)
		v |= V2_LR_EOI;
	if (lr & LR_PENDING)
		v |= V2_LR_PENDING;
	if (lr & LR_ACTIVE)
		v |= V2_LR_ACTIVE;
	if (lr & LR_GROUP1)
		v |= V2_LR_GROUP1;
	writel(v, gich + GICH_LR0 + 4 * i);
}

static void v2_write_hcr(uint64_t hcr)
{
	writel((uint32_t)hcr, gich + GICH_HCR);
}

static void v2_save(struct vgic_cpu *c)
{
	c->vmcr = readl(gich + GICH_VMCR);
	c->ap0r = readl(gich + GICH_APR);
}

static void v2_restore(const struct vgic_cpu *c)
{
	writel((uint32_t)c->vmcr, gich + GICH_VMCR);
	writel((uint32_t)c->ap0r, gich + GICH_APR);
}

static const struct vgic_hw_ops vgic_v2_hw = {
	.read_lr = v2_read_lr,
	.write_lr = v2_write_lr,
	.write_hcr = v2_write_hcr,
	.save = v2_save,
	.restore = v2_restore,
};

int vgic_hw_init(unsigned int version, volatile uint8_t *gich_va)
{
	unsigned int n;

	if (version == 3) {
		n = (read_sysreg_s(ICH_VTR_EL2) & 0x1f) + 1;
		vgic_hw = &vgic_v3_hw;
	} else if (version == 2 && gich_va) {
		gich = gich_va;
		n = (readl(gich + GICH_VTR) & 0x3f) + 1;
		vgic_hw = &vgic_v2_hw;
	} else {
		return -MV_ENOTSUP;
	}
	vgic_nr_lrs = MIN(n, (unsigned int)VGIC_MAX_LRS);
	return 0;
}
