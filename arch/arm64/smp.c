// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host SMP: every CPU under /cpus (by MPIDR in `reg`) gets a dense
 * index (the boot CPU is 0, the others follow in DT order), a per-CPU
 * block and a stack from the "cpu-stacks" mempool (RAM frames mapped in
 * vapool), and is started with PSCI CPU_ON. A secondary runs the
 * per-CPU hooks (interrupt controller, timer) and enters the vCPU run
 * loop (guest/run.c), which idles in WFI, waking for its timer tick,
 * kicks and requests (without CONFIG_GUEST: a plain WFI idle loop).
 */
#include <arch/cpu.h>
#include <arch/time.h>
#include <asm/arm64.h>
#include <asm/guest.h>
#include <asm/irq.h>
#include <libfdt.h>
#include <string.h>
#include <minivisor/errno.h>
#include <minivisor/mempool.h>
#include <minivisor/printk.h>

/*
 * How long the boot CPU waits for the secondaries to come online. Under
 * TCG on a loaded host a secondary's thread can be starved for a long
 * while; a healthy boot stops waiting as soon as none is pending.
 */
#define SMP_WAIT_NS 10000000000ULL

static unsigned int cpus_known = 1;
static struct mempool *stack_pool;

unsigned int arm64_cpu_known(void)
{
	return cpus_known;
}

/* Clean a range to the point of coherency: secondaries start uncached. */
static void dcache_clean(const void *p, size_t len)
{
	dcache_range(cvac, p, len);
	dsb(sy);
}

static bool node_is_cpu(const struct devtree *dt, int node)
{
	const char *type;

	return !devtree_string(dt, node, "device_type", &type) &&
	       !strcmp(type, "cpu") && devtree_node_available(dt, node);
}

/* Prepare CPU @id (its MPIDR is set) and issue CPU_ON. */
static void smp_boot_one(unsigned int id)
{
	struct arm64_percpu *cpu = &arm64_cpus[id];
	uint64_t mpidr = cpu->mpidr;
	char *stack = stack_pool ? mempool_alloc(stack_pool) : NULL;

	cpu->id = id;
	if (!stack) {
		cpu->state = CPU_FAILED;
		pr_warn("cpu%u: no stack\n", id);
		return;
	}
	/* The MMU is off until head.S enables it: nothing touches the
	 * stack before then, so a vapool address is fine here. */
	cpu->stack_top = (uint64_t)(uintptr_t)(stack + CONFIG_ARM64_STACK_SIZE);
	cpu->state = CPU_STARTING;
	dcache_clean(cpu, sizeof(*cpu));
	cpu->psci_err = arm64_psci_cpu_on(
		mpidr, (paddr_t)(uintptr_t)arm64_secondary_entry,
		(uint64_t)(uintptr_t)cpu);
	if (cpu->psci_err) {
		cpu->state = CPU_FAILED;
		pr_warn("cpu%u (mpidr 0x%llx): PSCI CPU_ON failed: %s\n", id,
			(unsigned long long)mpidr, mv_strerror(cpu->psci_err));
	}
}

/* Wait until no CPU is still starting; returns how many are online. */
static int smp_wait(void)
{
	uint64_t end = arch_time_ns() + SMP_WAIT_NS;
	int online;
	bool pending;

	do {
		online = 0;
		pending = false;
		for (unsigned int i = 0; i < cpus_known; i++) {
			online += READ_ONCE(arm64_cpus[i].state) == CPU_ONLINE;
			pending |= READ_ONCE(arm64_cpus[i].state) ==
				   CPU_STARTING;
		}
	} while (pending && arch_time_ns() < end);
	for (unsigned int i = 0; i < cpus_known; i++) {
		if (READ_ONCE(arm64_cpus[i].state) == CPU_STARTING) {
			arm64_cpus[i].state = CPU_FAILED;
			pr_warn("cpu%u did not come online\n", i);
		}
	}
	return online;
}

/* Record the MPIDR of every other CPU listed under /cpus. */
static void smp_find_cpus(const struct devtree *dt, int cpus)
{
	uint64_t self = arm64_cpus[0].mpidr;
	uint64_t mpidr;
	int node;

	fdt_for_each_subnode(node, dt->fdt, cpus) {
		if (!node_is_cpu(dt, node) ||
		    devtree_u64(dt, node, "reg", &mpidr))
			continue;
		mpidr &= MPIDR_AFF_MASK;
		if (mpidr == self)
			continue;
		if (cpus_known >= CONFIG_MAX_CPUS) {
			pr_warn("cpu mpidr 0x%llx ignored: CONFIG_MAX_CPUS=%d\n",
				(unsigned long long)mpidr, CONFIG_MAX_CPUS);
			continue;
		}
		arm64_cpus[cpus_known++].mpidr = mpidr;
	}
}

void arm64_smp_prepare(const struct devtree *dt)
{
	int cpus = dt ? devtree_path(dt, "/cpus") : -MV_ENOENT;

	if (cpus < 0)
		return; /* no /cpus: only the boot CPU */
	smp_find_cpus(dt, cpus);
	if (cpus_known > 1)
		stack_pool = mempool_create_ram(
			"cpu-stacks", CONFIG_ARM64_STACK_SIZE, cpus_known - 1);
	if (cpus_known > 1 && !stack_pool)
		pr_warn("cpus: no memory for %u stacks\n", cpus_known - 1);
}

int arm64_smp_start(const struct devtree *dt)
{
	for (unsigned int i = 1; i < cpus_known; i++)
		smp_boot_one(i);
	return smp_wait();
}

void arm64_secondary_main(struct arm64_percpu *cpu)
{
	cpu->midr = read_sysreg(midr_el1);
	arm64_cpu_hooks_run();
	__atomic_store_n(&cpu->state, CPU_ONLINE, __ATOMIC_RELEASE);
#ifdef CONFIG_GUEST
	arm64_guest_cpu_loop(); /* runs vCPUs; idles in WFI without */
#endif
	arch_irq_enable();
	for (;;) {
		arch_cpu_wait();
		if (READ_ONCE(cpu->request))
			arm64_cpu_do_request(cpu);
	}
}
