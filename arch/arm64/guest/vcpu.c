// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU context: the register file a vCPU boots with, and loading and
 * saving its EL1 state around a scheduling slice. The host runs at EL2
 * only and never touches the EL1 registers, so they stay loaded across
 * exits: a trap costs the general registers only (guest.S), and the
 * system registers, FP/SIMD state and virtual timer move once per
 * slice. The EL1 registers switched are listed once, in
 * ARM64_VCPU_SYSREGS (asm/guest.h).
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/guest.h>
#include <asm/guest.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

/* Per host CPU and VMID: 1 + index of the vCPU that last ran there. */
static uint8_t vcpu_last_ran[CONFIG_MAX_CPUS][256];
static int cpu_pauth = -1; /* unknown until first asked */

#define SYS_SAVE(name, reg) s[VCPU_##name] = read_sysreg(reg);
#define SYS_LOAD(name, reg) write_sysreg(reg, s[VCPU_##name]);
#define SYS_NAME(name, reg) #reg,

static const char *const vcpu_sys_names[] = { ARM64_VCPU_SYSREGS(SYS_NAME) };

static void vcpu_sys_save(uint64_t *s)
{
	ARM64_VCPU_SYSREGS(SYS_SAVE)
}

static void vcpu_sys_load(const uint64_t *s)
{
	ARM64_VCPU_SYSREGS(SYS_LOAD)
}

static void vcpu_keys_save(uint64_t *s)
{
	ARM64_VCPU_PAUTH_KEYS(SYS_SAVE)
}

static void vcpu_keys_load(const uint64_t *s)
{
	ARM64_VCPU_PAUTH_KEYS(SYS_LOAD)
}

bool arm64_cpu_has_pauth(void)
{
	if (cpu_pauth < 0) {
		uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
		uint64_t isar2 = read_sysreg(S3_0_C0_C6_2); /* ID_AA64ISAR2 */

		/* APA/API (ISAR1 7:4, 11:8), GPA/GPI (31:24), APA3/GPA3. */
		cpu_pauth = ((isar1 >> 4) & 0xff) || ((isar1 >> 24) & 0xff) ||
			    ((isar2 >> 8) & 0xff);
	}
	return cpu_pauth;
}

void arm64_vcpu_boot_state(struct vcpu *v, uint64_t pc, const uint64_t *args)
{
	struct vcpu_arch *a = &v->arch;

	memset(&a->regs, 0, sizeof(a->regs));
	memset(a->sys, 0, sizeof(a->sys));
	memset(&a->fp, 0, sizeof(a->fp));
	a->regs.elr = pc;
	a->regs.spsr = ARM64_PSTATE_EL1H_MASKED;
	for (unsigned int i = 0; args && i < GUEST_VCPU_ARGS; i++)
		a->regs.x[i] = args[i];
	a->sys[VCPU_SCTLR_EL1] = ARM64_SCTLR_EL1_RESET;
	a->actlr = 0;
	a->hpfar = 0;
}

int vcpu_arch_init(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;

	memset(a, 0, sizeof(*a));
	INIT_LIST_HEAD(&a->sleep_link);
	a->hcr = HCR_EL2_GUEST;
	/* Pointer-auth keys are switched with the vCPU: no need to trap. */
	if (arm64_cpu_has_pauth())
		a->hcr |= HCR_API | HCR_APK;
	a->vpidr = read_sysreg(midr_el1);
	vgic_vcpu_init(v);
	return 0;
}

void vcpu_arch_reset(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;

	arm64_vcpu_unsleep(v);
	__atomic_store_n(&a->on_pending, 0, __ATOMIC_RELEASE);
	arm64_vcpu_boot_state(v, v->tmpl.start_pc, v->tmpl.args);
	/* Bit 31 is RES1; U (bit 30) = 0: part of a multiprocessor. */
	a->vmpidr = BIT(31) | (v->tmpl.mpidr & MPIDR_AFF_MASK);
	vgic_vcpu_reset(v);
}

void vcpu_arch_destroy(struct vcpu *v)
{
	arm64_vcpu_unsleep(v);
	vgic_vcpu_destroy(v);
}

/* A PSCI CPU_ON for @v is claimed and complete: boot from its entry. */
static void vcpu_take_cpu_on(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;
	uint64_t args[GUEST_VCPU_ARGS] = { a->on_ctx };

	if (__atomic_load_n(&a->on_pending, __ATOMIC_ACQUIRE) != 2)
		return;
	arm64_vcpu_boot_state(v, a->on_pc, args);
	__atomic_store_n(&a->on_pending, 0, __ATOMIC_RELEASE);
}

/*
 * Another vCPU of the same guest last ran on this CPU: its stage-1
 * TLB entries carry the same VMID and could be hit by this one, whose
 * guest OS only invalidates what it knows of (KVM does the same).
 */
static void vcpu_local_tlb_check(struct vcpu *v)
{
	uint8_t *last = &vcpu_last_ran[arch_cpu_id()][v->guest->vmid & 0xff];

	if (*last == v->index + 1)
		return;
	__asm__ volatile("tlbi vmalle1" : : : "memory");
	dsb(nsh);
	isb();
	*last = (uint8_t)(v->index + 1);
}

void arm64_vcpu_load(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;
	struct guest *g = v->guest;

	vcpu_take_cpu_on(v);
	write_sysreg(vttbr_el2, g->arch.vttbr);
	write_sysreg(vmpidr_el2, a->vmpidr);
	write_sysreg(vpidr_el2, a->vpidr);
	vcpu_sys_load(a->sys);
	if (arm64_cpu_has_pauth())
		vcpu_keys_load(a->sys);
	arm64_fp_restore(&a->fp);
	write_sysreg(hcr_el2, a->hcr);
	isb();
	vcpu_local_tlb_check(v);
	vgic_load(v);
	a->loaded = true;
}

void arm64_vcpu_put(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;

	vgic_put(v); /* samples the timer line: before CNTV is saved */
	vcpu_sys_save(a->sys);
	if (arm64_cpu_has_pauth())
		vcpu_keys_save(a->sys);
	arm64_fp_save(&a->fp);
	/* Its timer must not fire for the next vCPU or the host. */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(hcr_el2, HCR_EL2_HOST);
	isb();
	a->loaded = false;
}

static void vcpu_dump_pair(const char *n1, uint64_t v1, const char *n2,
			   uint64_t v2)
{
	printk("%-14s 0x%016llx", n1, (unsigned long long)v1);
	if (n2)
		printk("  %-14s 0x%016llx", n2, (unsigned long long)v2);
	printk("\n");
}

void vcpu_arch_dump_regs(const struct vcpu *v)
{
	const struct vcpu_arch *a = &v->arch;
	char n1[8], n2[8];

	printk("pc 0x%016llx pstate 0x%llx loaded %s\n",
	       (unsigned long long)a->regs.elr,
	       (unsigned long long)a->regs.spsr, a->loaded ? "yes" : "no");
	for (unsigned int i = 0; i < 31; i += 2) {
		mv_snprintf(n1, sizeof(n1), "x%u", i);
		mv_snprintf(n2, sizeof(n2), "x%u", i + 1);
		vcpu_dump_pair(n1, a->regs.x[i], i < 30 ? n2 : NULL,
			       i < 30 ? a->regs.x[i + 1] : 0);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(vcpu_sys_names); i += 2)
		vcpu_dump_pair(
			vcpu_sys_names[i], a->sys[i],
			i + 1 < ARRAY_SIZE(vcpu_sys_names) ?
				vcpu_sys_names[i + 1] :
				NULL,
			i + 1 < ARRAY_SIZE(vcpu_sys_names) ? a->sys[i + 1] : 0);
	vcpu_dump_pair("hcr_el2", a->hcr, "vmpidr_el2", a->vmpidr);
	vcpu_dump_pair("vpidr_el2", a->vpidr, "actlr_el1", a->actlr);
	vcpu_dump_pair("esr_el2", a->regs.esr, "far_el2", a->regs.far);
	vcpu_dump_pair("hpfar_el2", a->hpfar, "vttbr_el2",
		       v->guest->arch.vttbr);
	vcpu_dump_pair("ich_vmcr", a->vgic.vmcr, "timer_irqs", a->timer_irqs);
	vcpu_dump_pair("vgic_ignored", vgic_ignored_accesses(v->guest), NULL,
		       0);
}
