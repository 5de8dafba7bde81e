/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 guest state (struct vm_arch, struct vcpu_arch) and the internal
 * interface between the files of arch/arm64/guest: stage-2 tables, the
 * vCPU context and its switch, exit handling, the per-CPU run loop and
 * the kick IPI. docs/arm64-guests.md describes the design.
 *
 * A vCPU's EL1 system registers, FP/SIMD and timer state are "loaded"
 * into its host CPU for a whole scheduling slice (vcpu load ... put):
 * exit handlers work on the live registers; the copies in struct
 * vcpu_arch are only current while the vCPU is off its CPU.
 */
#ifndef ASM_ARM64_GUEST_H
#define ASM_ARM64_GUEST_H

#include <asm/arm64.h>
#include <asm/vgic.h>
#include <minivisor/list.h>
#include <minivisor/types.h>

/** Guest physical address width: VTCR_EL2.T0SZ = 24. */
#define ARCH_GUEST_IPA_BITS 40

/** The SGI that makes another CPU re-check its run queue. */
#define ARM64_SGI_KICK 1

/*
 * EL1/EL0 registers switched with the vCPU, as X(index name, register).
 * CNTV_CTL comes last so the timer is re-armed after its compare value.
 */
#define ARM64_VCPU_SYSREGS(X)             \
	X(SCTLR_EL1, sctlr_el1)           \
	X(CPACR_EL1, cpacr_el1)           \
	X(TTBR0_EL1, ttbr0_el1)           \
	X(TTBR1_EL1, ttbr1_el1)           \
	X(TCR_EL1, tcr_el1)               \
	X(ESR_EL1, esr_el1)               \
	X(AFSR0_EL1, afsr0_el1)           \
	X(AFSR1_EL1, afsr1_el1)           \
	X(FAR_EL1, far_el1)               \
	X(MAIR_EL1, mair_el1)             \
	X(AMAIR_EL1, amair_el1)           \
	X(VBAR_EL1, vbar_el1)             \
	X(CONTEXTIDR_EL1, contextidr_el1) \
	X(CNTKCTL_EL1, cntkctl_el1)       \
	X(PAR_EL1, par_el1)               \
	X(TPIDR_EL1, tpidr_el1)           \
	X(TPIDR_EL0, tpidr_el0)           \
	X(TPIDRRO_EL0, tpidrro_el0)       \
	X(CSSELR_EL1, csselr_el1)         \
	X(MDSCR_EL1, mdscr_el1)           \
	X(SP_EL0, sp_el0)                 \
	X(SP_EL1, sp_el1)                 \
	X(ELR_EL1, elr_el1)               \
	X(SPSR_EL1, spsr_el1)             \
	X(CNTV_CVAL_EL0, cntv_cval_el0)   \
	X(CNTV_CTL_EL0, cntv_ctl_el0)

/* Pointer-authentication keys (only on CPUs that have them). */
#define ARM64_VCPU_PAUTH_KEYS(X)       \
	X(APIAKEYLO_EL1, S3_0_C2_C1_0) \
	X(APIAKEYHI_EL1, S3_0_C2_C1_1) \
	X(APIBKEYLO_EL1, S3_0_C2_C1_2) \
	X(APIBKEYHI_EL1, S3_0_C2_C1_3) \
	X(APDAKEYLO_EL1, S3_0_C2_C2_0) \
	X(APDAKEYHI_EL1, S3_0_C2_C2_1) \
	X(APDBKEYLO_EL1, S3_0_C2_C2_2) \
	X(APDBKEYHI_EL1, S3_0_C2_C2_3) \
	X(APGAKEYLO_EL1, S3_0_C2_C3_0) \
	X(APGAKEYHI_EL1, S3_0_C2_C3_1)

#define ARM64_SYS_ENUM(name, reg) VCPU_##name,
enum arm64_vcpu_sysreg {
	ARM64_VCPU_SYSREGS(ARM64_SYS_ENUM) ARM64_VCPU_PAUTH_KEYS(ARM64_SYS_ENUM)
		VCPU_NR_SYSREGS
};
#undef ARM64_SYS_ENUM

/* HCR_EL2 bits of a guest, beyond asm/sysreg.h. */
#define HCR_PTW _B(2)
#define HCR_FB _B(9)
#define HCR_BSU_IS (1UL << 10)
#define HCR_TWI _B(13)
#define HCR_TWE _B(14)
#define HCR_TID3 _B(18)
#define HCR_TSC _B(19)
#define HCR_TIDCP _B(20)
#define HCR_TACR _B(21)
#define HCR_APK _B(40)
#define HCR_API _B(41)

/** The HCR_EL2 value every guest runs with (docs/arm64-guests.md). */
#define HCR_EL2_GUEST                                                      \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB |        \
	 HCR_BSU_IS | HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | HCR_TIDCP | \
	 HCR_TACR | HCR_RW)

/** PSTATE of a vCPU at reset and on exception entry: EL1h, DAIF set. */
#define ARM64_PSTATE_EL1H_MASKED 0x3c5UL

/** SCTLR_EL1 at reset: RES1 bits only (MMU and caches off). */
#define ARM64_SCTLR_EL1_RESET 0x30d00800UL

/** FP/SIMD registers (saved by arm64_fp_save(), asm/guest.S). */
struct arm64_fpregs {
	uint64_t q[64]; /* V0..V31, 128 bits each */
	uint64_t fpsr, fpcr;
} __aligned(16);

/** Per-guest arm64 state. */
struct vm_arch {
	paddr_t s2_root; /* two concatenated level-1 tables, 8 KiB */
	uint64_t vttbr; /* VMID << 48 | root */
	uint64_t s2_tables; /* table frames in use, the root's two included */
	struct vgic *vgic; /* its GIC region's emulator, or NULL */
};

/** Per-vCPU arm64 state. */
struct vcpu_arch {
	/* x0-x30, the PC in elr, PSTATE in spsr; esr/far of the last exit. */
	struct arm64_regs regs;
	uint64_t sys[VCPU_NR_SYSREGS]; /* while off its CPU */
	struct arm64_fpregs fp; /* while off its CPU */
	uint64_t hcr;
	uint64_t vmpidr, vpidr;
	uint64_t actlr; /* ACTLR_EL1 as the guest sees it (trapped, TACR) */
	uint64_t hpfar; /* HPFAR_EL2 of the last stage-2 abort */
	/* PSCI CPU_ON: claimed by the caller, applied at the next load. */
	uint32_t on_pending;
	uint64_t on_pc, on_ctx;
	/* In its host CPU's list of vCPUs waiting in WFI (woken by ticks). */
	bool sleeping;
	struct list_head sleep_link;
	bool loaded; /* its state is in the CPU registers now */
	struct vgic_cpu vgic; /* virtual CPU interface and SGIs/PPIs */
	uint64_t timer_irqs; /* virtual timer interrupts taken for it */
};

struct guest;
struct vcpu;
struct guest_region;

/* ---- stage2.c --------------------------------------------------- */

/** Check the CPU can run guests (40-bit IPA); 0 or -MV_ENOTSUP. */
int arm64_stage2_probe(void);

/** Load this CPU's VTCR_EL2 (the same for every guest). */
void arm64_stage2_cpu_init(void);

/**
 * Invalidate every stage-1 and stage-2 TLB entry of @vttbr's VMID on
 * all CPUs (TLBI VMALLS12E1IS with that VMID loaded for the call).
 */
void arm64_stage2_flush_vmid(uint64_t vttbr);

/* ---- vcpu.c ----------------------------------------------------- */

/** Load @v's state into this CPU's registers before it runs. */
void arm64_vcpu_load(struct vcpu *v);

/** Save @v's state from the registers after its slice; host HCR back. */
void arm64_vcpu_put(struct vcpu *v);

/**
 * Reset @v's register file to its boot state with PC @pc and x0..x3 =
 * @args (NULL: zeros). Only while @v is off every CPU or from its own
 * CPU before it is loaded.
 */
void arm64_vcpu_boot_state(struct vcpu *v, uint64_t pc, const uint64_t *args);

/** True when the CPU implements pointer authentication. */
bool arm64_cpu_has_pauth(void);

/* ---- guest.S ---------------------------------------------------- */

/**
 * Enter the guest with @regs (x0-x30, PC, PSTATE) and the EL1 state
 * loaded; returns the vector index (8-15) of the exception that left
 * it, with @regs updated. Interrupts must be masked.
 */
unsigned long arm64_guest_enter(struct arm64_regs *regs);

/** An exit through a lower-EL IRQ or FIQ vector (entry.S: 9, 10, 13, 14). */
static inline bool arm64_exit_is_irq(unsigned long vec)
{
	return vec == 9 || vec == 10 || vec == 13 || vec == 14;
}

/** Save / restore the FP/SIMD registers. */
void arm64_fp_save(struct arm64_fpregs *fp);
void arm64_fp_restore(const struct arm64_fpregs *fp);

/* ---- exit.c ----------------------------------------------------- */

/** What the run loop does after an exit was handled. */
enum arm64_exit_action {
	EXIT_RESUME, /* re-enter the vCPU unless the scheduler says no */
	EXIT_LEAVE, /* leave the vCPU (it blocked, stopped or halted) */
	EXIT_RESET_GUEST, /* leave it, then reset and restart its guest */
};

/** Handle the exit through vector @vec of the loaded vCPU @v. */
enum arm64_exit_action arm64_handle_exit(struct vcpu *v, unsigned long vec);

/** Advance @v's PC past the trapped instruction (ESR.IL). */
void arm64_vcpu_skip_insn(struct vcpu *v);

/**
 * Inject a synchronous external abort into the loaded @v: a data
 * abort (@iabt false; WnR from the trap's ESR) or an instruction abort
 * at guest VA @far. Counted in aborts_injected.
 */
void arm64_inject_abort(struct vcpu *v, bool iabt, uint64_t far);

/** Inject an undefined-instruction exception into the loaded @v. */
void arm64_inject_undef(struct vcpu *v);

/**
 * Stop @v for good (until reset) after an exit the hypervisor cannot
 * handle, printing @why with the exit details.
 */
void arm64_vcpu_halt(struct vcpu *v, const char *why);

/* ---- sysreg.c --------------------------------------------------- */

/** Read the host ID registers the guests see (once, on the boot CPU). */
void arm64_sysreg_init(void);

/** Handle a trapped MSR/MRS (EC 0x18); EXIT_RESUME after any outcome. */
enum arm64_exit_action arm64_handle_sysreg(struct vcpu *v, uint64_t esr);

/* ---- hvc.c ------------------------------------------------------ */

/**
 * Handle an SMCCC call (HVC or SMC) of the loaded @v: x0 = function ID,
 * results in x0..x3. PSCI and the minivisor hypercalls.
 */
enum arm64_exit_action arm64_handle_smccc(struct vcpu *v);

/* ---- run.c ------------------------------------------------------ */

/** The run loop of a secondary CPU: never returns. */
void __noreturn arm64_guest_cpu_loop(void);

/**
 * The shell's idle hook on the CPU running it: run vCPUs placed there
 * until the next tick, or idle until then.
 */
void arm64_guest_shell_idle(void);

/**
 * One slice of the shell CPU: run the vCPUs placed there until the next
 * tick, console input, or @watch(@arg) returning true (checked after
 * each exit; NULL: none). With nothing to run, wait for an interrupt
 * (@may_sleep, after a quiet console) or only take pending ones.
 */
void arm64_guest_shell_slice(bool (*watch)(void *arg), void *arg,
			     bool may_sleep);

/**
 * Interpose on the console's getc to note when input arrives, so the
 * shell CPU polls (rather than sleeps) while someone types.
 */
void arm64_guest_console_watch(void);

/** Put the loaded @v, about to block in WFI, in its CPU's sleep list. */
void arm64_vcpu_sleep(struct vcpu *v);

/** Take @v off its CPU's sleep list (reset, destroy). */
void arm64_vcpu_unsleep(struct vcpu *v);

/**
 * This CPU has no vCPU loaded and is about to wait: arm its virtual
 * timer for the earliest compare value of the vCPUs sleeping on it (or
 * wake those already due), so a guest's timer ends its WFI on time.
 */
void arm64_guest_idle_timer(void);

/** The idle timer armed by arm64_guest_idle_timer() fired. */
void arm64_guest_idle_timer_fired(void);

/** Per-CPU guest setup (VTCR_EL2, CNTHCTL_EL2, MDCR_EL2, kick SGI). */
void arm64_guest_cpu_setup(void);

/* ---- ipi.c ------------------------------------------------------ */

/** Set up the kick SGI on the interrupt controller; 0 or MV_E*. */
int arm64_ipi_init(const struct devtree *dt);

/** This CPU's part of the kick SGI: unmask it. */
void arm64_ipi_cpu_init(void);

/** Send the kick SGI to host CPU @cpu. */
void arm64_ipi_send(unsigned int cpu);

/* ---- cmd_time.c ------------------------------------------------- */

/** Register the `time` shell command. */
void arm64_time_cmd_register(void);

/* ---- setup.c ---------------------------------------------------- */

/** Start the guest layer once the CPUs are up and the shell exists. */
void arm64_guest_setup(void);

/** Bring up the other CPUs with the guest layer's per-CPU setup. */
int arm64_guest_start_cpus(const struct devtree *dt);

#endif
