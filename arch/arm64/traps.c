// SPDX-License-Identifier: GPL-2.0-only
/*
 * Synchronous exceptions and the unexpected-exception report. Nothing
 * the hypervisor does on purpose traps to itself yet, so every EL2
 * synchronous exception is a bug: print what happened (decoded ESR,
 * FAR, ELR, SPSR, registers) and stop this CPU only; the others keep
 * running. The report bypasses the console lock (the CPU may have
 * faulted while holding it).
 */
#include <arch/cpu.h>
#include <asm/arm64.h>
#include <minivisor/console_lock.h>
#include <minivisor/printk.h>

_Static_assert(__builtin_offsetof(struct arm64_regs, sp) == REGS_SP, "REGS_SP");
_Static_assert(__builtin_offsetof(struct arm64_regs, elr) == REGS_ELR,
	       "REGS_ELR");
_Static_assert(__builtin_offsetof(struct arm64_regs, far) == REGS_FAR,
	       "REGS_FAR");
_Static_assert(sizeof(struct arm64_regs) == REGS_SIZE, "REGS_SIZE");
_Static_assert(__builtin_offsetof(struct arm64_percpu, stack_top) ==
		       PERCPU_STACK_TOP,
	       "PERCPU_STACK_TOP");

struct ec_name {
	uint8_t ec;
	const char *name;
};

static const struct ec_name ec_names[] = {
	{ 0x00, "Unknown reason" },
	{ 0x01, "WFI/WFE" },
	{ 0x03, "MCR/MRC (CP15)" },
	{ 0x04, "MCRR/MRRC (CP15)" },
	{ 0x05, "MCR/MRC (CP14)" },
	{ 0x06, "LDC/STC (CP14)" },
	{ 0x07, "SVE/SIMD/FP access" },
	{ 0x0c, "MRRC (CP14)" },
	{ 0x0d, "Branch target" },
	{ 0x0e, "Illegal execution state" },
	{ 0x11, "SVC (AArch32)" },
	{ 0x12, "HVC (AArch32)" },
	{ 0x13, "SMC (AArch32)" },
	{ 0x15, "SVC (AArch64)" },
	{ 0x16, "HVC (AArch64)" },
	{ 0x17, "SMC (AArch64)" },
	{ 0x18, "MSR/MRS/system instruction" },
	{ 0x19, "SVE access" },
	{ 0x1c, "Pointer authentication failure" },
	{ 0x20, "Instruction Abort (lower EL)" },
	{ 0x21, "Instruction Abort (same EL)" },
	{ 0x22, "PC alignment fault" },
	{ 0x24, "Data Abort (lower EL)" },
	{ 0x25, "Data Abort (same EL)" },
	{ 0x26, "SP alignment fault" },
	{ 0x28, "FP exception (AArch32)" },
	{ 0x2c, "FP exception (AArch64)" },
	{ 0x2f, "SError" },
	{ 0x30, "Breakpoint (lower EL)" },
	{ 0x31, "Breakpoint (same EL)" },
	{ 0x32, "Software step (lower EL)" },
	{ 0x33, "Software step (same EL)" },
	{ 0x34, "Watchpoint (lower EL)" },
	{ 0x35, "Watchpoint (same EL)" },
	{ 0x38, "BKPT (AArch32)" },
	{ 0x3c, "BRK (AArch64)" },
};

static const char *const vector_names[16] = {
	"Sync from EL2t",      "IRQ from EL2t",	    "FIQ from EL2t",
	"SError from EL2t",    "Sync from EL2h",    "IRQ from EL2h",
	"FIQ from EL2h",       "SError from EL2h",  "Sync from lower EL",
	"IRQ from lower EL",   "FIQ from lower EL", "SError from lower EL",
	"Sync from AArch32",   "IRQ from AArch32",  "FIQ from AArch32",
	"SError from AArch32",
};

const char *arm64_esr_class_name(unsigned int ec)
{
	for (size_t i = 0; i < ARRAY_SIZE(ec_names); i++)
		if (ec_names[i].ec == ec)
			return ec_names[i].name;
	return "Reserved/unknown class";
}

/* Abort fault-status code (DFSC/IFSC) to a short description. */
static const char *fault_status_name(unsigned int fsc)
{
	static const char *const group[] = { "address size fault",
					     "translation fault",
					     "access flag fault",
					     "permission fault" };

	if (fsc < 0x10)
		return group[fsc >> 2];
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc == 0x30)
		return "TLB conflict abort";
	return "other fault";
}

static void __printf(1, 2) fault_print(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	mv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/*
	 * Without taking the console lock (this CPU may hold it): the
	 * console's putc or the early UART, "\n" as "\r\n".
	 */
	for (const char *p = buf; *p; p++)
		console_putc_locked(*p);
}

static void dump_esr(uint64_t esr, uint64_t far)
{
	unsigned int ec = (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	unsigned int iss = esr & ESR_ISS_MASK;

	fault_print("ESR_EL2 0x%08llx: EC 0x%02x %s, IL %u, ISS 0x%07x\n",
		    (unsigned long long)esr, ec, arm64_esr_class_name(ec),
		    (unsigned int)!!(esr & ESR_IL), iss);
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		unsigned int fsc = iss & 0x3f;

		fault_print("  %s at level %u%s\n", fault_status_name(fsc),
			    fsc < 0x10 ? fsc & 3 : 0,
			    (ec >= 0x24 && (iss & (1U << 6))) ? ", on a write" :
								"");
	}
	fault_print("FAR_EL2 0x%016llx\n", (unsigned long long)far);
}

static void dump_regs(const struct arm64_regs *regs)
{
	fault_print("ELR_EL2 0x%016llx  SPSR_EL2 0x%08llx  SP 0x%016llx\n",
		    (unsigned long long)regs->elr,
		    (unsigned long long)regs->spsr,
		    (unsigned long long)regs->sp);
	for (int i = 0; i < 31; i += 2) {
		if (i == 30) {
			fault_print("x30 0x%016llx\n",
				    (unsigned long long)regs->x[30]);
			break;
		}
		fault_print("x%-2d 0x%016llx  x%-2d 0x%016llx\n", i,
			    (unsigned long long)regs->x[i], i + 1,
			    (unsigned long long)regs->x[i + 1]);
	}
}

/* Report the exception in @regs and stop this CPU for good. */
static void __noreturn fault_stop(struct arm64_regs *regs, unsigned long vec)
{
	struct arm64_percpu *cpu = arm64_this_cpu();

	if (cpu->in_fault++) /* the report itself faulted: just stop */
		arm64_park();
	fault_print("\n*** minivisor: unexpected exception on CPU %u: %s\n",
		    cpu->id, vector_names[vec & 15]);
	dump_esr(regs->esr, regs->far);
	dump_regs(regs);
	fault_print("*** CPU %u stopped\n", cpu->id);
	cpu->state = CPU_HALTED;
	dsb(sy);
	arm64_park();
}

void arm64_handle_sync(struct arm64_regs *regs, unsigned long vec)
{
	fault_stop(regs, vec);
}

void arm64_handle_unexpected(struct arm64_regs *regs, unsigned long vec)
{
	fault_stop(regs, vec);
}
