/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 port internals shared by arch/arm64 and the arm64-only drivers:
 * the exception frame, per-CPU data and the port's internal entry points.
 */
#ifndef ASM_ARM64_H
#define ASM_ARM64_H

#include <asm/asm.h>
#include <asm/sysreg.h>
#include <minivisor/compiler.h>
#include <minivisor/devtree.h>
#include <minivisor/types.h>

/** Registers saved on exception entry (layout fixed by asm/asm.h). */
struct arm64_regs {
	uint64_t x[31];
	uint64_t sp; /* SP before the exception */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

/** Life cycle of a host CPU. */
enum arm64_cpu_state {
	CPU_OFF, /* absent or not started */
	CPU_STARTING, /* CPU_ON issued */
	CPU_ONLINE, /* running its idle loop */
	CPU_HALTED, /* stopped after an unexpected exception */
	CPU_FAILED, /* PSCI refused or it never came up */
};

/** Requests the idle loop of a secondary CPU acts on. */
enum arm64_cpu_request {
	CPU_REQ_NONE,
	CPU_REQ_FAULT_DATA, /* read an unmapped address */
	CPU_REQ_FAULT_UNDEF, /* execute an undefined instruction */
	CPU_REQ_FAULT_BRK, /* execute BRK */
	CPU_REQ_FAULT_WRITE_TEXT, /* store to the hypervisor's code */
	CPU_REQ_FAULT_WRITE_RODATA, /* store to read-only data */
	CPU_REQ_FAULT_EXEC_DATA, /* branch to a writable page */
};

/** Per-CPU data; TPIDR_EL2 points at the running CPU's block. */
struct arm64_percpu {
	uint64_t stack_top; /* first: read by head.S */
	uint64_t mpidr;
	uint64_t midr; /* read by the CPU itself */
	unsigned int id; /* dense index, 0 = boot CPU */
	volatile int state; /* enum arm64_cpu_state */
	volatile int request; /* enum arm64_cpu_request */
	int psci_err; /* CPU_ON result when it failed */
	volatile uint64_t ticks; /* hypervisor timer ticks */
	volatile uint64_t irqs; /* interrupts taken */
	uint64_t waits; /* idle WFIs (arch_cpu_wait()) */
	int in_fault; /* nesting guard of the exception dump */
} __aligned(64);

/** Values arm64_mmu_on() loads; identical on every CPU. */
struct arm64_mmu_regs {
	uint64_t mair, tcr, ttbr0, sctlr;
};

extern struct arm64_percpu arm64_cpus[CONFIG_MAX_CPUS];
extern struct arm64_mmu_regs arm64_mmu_boot_regs;
/* The boot CPU's stack; secondaries get theirs from a RAM mempool. */
extern char arm64_boot_stack[CONFIG_ARM64_STACK_SIZE];

/* Linker-script symbols (arch/arm64/boot/minivisor.lds.S). */
extern char __image_start[], __image_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[];
extern char __bss_start[], __bss_end[];

/** The running CPU's per-CPU block. */
static inline struct arm64_percpu *arm64_this_cpu(void)
{
	return (struct arm64_percpu *)read_sysreg(tpidr_el2);
}

/* boot/head.S */
void arm64_secondary_entry(void);
void arm64_mmu_on(const struct arm64_mmu_regs *regs);
void __noreturn arm64_park(void);

/* setup.c: C entry of the boot CPU (MMU off), or the wrong-EL report. */
void __noreturn arm64_boot_main(uint64_t x0);
void __noreturn arm64_boot_wrong_el(uint64_t el);

/* smp.c: C entry of a secondary CPU (MMU on). */
void __noreturn arm64_secondary_main(struct arm64_percpu *cpu);

/**
 * Find the CPUs listed under /cpus and take their stacks from a new RAM
 * mempool ("cpu-stacks"); call once host_ram, vapool and heap exist.
 */
void arm64_smp_prepare(const struct devtree *dt);

/** Start the CPUs arm64_smp_prepare() found; how many are online. */
int arm64_smp_start(const struct devtree *dt);

/** Number of CPUs known (listed and within CONFIG_MAX_CPUS). */
unsigned int arm64_cpu_known(void);

/* traps.c: C side of the vectors (entry.S). */
void arm64_handle_sync(struct arm64_regs *regs, unsigned long vec);
void arm64_handle_unexpected(struct arm64_regs *regs, unsigned long vec);

/** Name of exception class @ec ("Data Abort (same EL)"...). */
const char *arm64_esr_class_name(unsigned int ec);

/* irq.c */
void arm64_handle_irq(struct arm64_regs *regs, unsigned long vec);

/* psci.c: SMC calls into the PSCI firmware (QEMU). */
long arm64_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/** PSCI CPU_ON for @mpidr at physical @entry with @ctx in x0. */
int arm64_psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t ctx);

/* mmu.c */
/** Build the boot map (image, DTB, early UART); run with the MMU off. */
int arm64_mmu_boot_map(paddr_t dtb, uint64_t dtb_size);
/** Enable the boot map on this CPU and publish it for secondaries. */
void arm64_mmu_enable(void);
/** Table-page source once the frame allocator exists. */
void arm64_mmu_set_table_alloc(int (*alloc)(paddr_t *pa),
			       void (*free)(paddr_t pa));
/** Page-table pages in use (boot pool and frames). */
void arm64_mmu_table_stats(unsigned int *pool_used, unsigned int *pool_size,
			   uint64_t *frames);
/** Identity-map RAM [@pa, @pa + @size) read-write, execute-never. */
int arm64_mmu_map_ram(paddr_t pa, uint64_t size);

/* time.c */
/** Counter frequency in Hz (CNTFRQ_EL0). */
uint64_t arm64_timer_freq(void);
/** Read the physical counter (CNTPCT_EL0). */
uint64_t arm64_counter(void);
/** Set up the counter-to-ns conversion; call once on the boot CPU. */
void arm64_time_init(void);

/* early_con.c */
/** True when the early UART (the console's pl011) has input waiting. */
bool arm64_early_rx_pending(void);

/* cmd_fault.c: the `fault` shell command (tests the exception dump). */
void arm64_fault_cmd_register(void);

/** Act on a request posted to this CPU (idle loop). */
void arm64_cpu_do_request(struct arm64_percpu *cpu);

#endif
