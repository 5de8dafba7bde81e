// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-CPU vCPU run loop over the core scheduler (minivisor/guest.h).
 *
 * Secondary CPUs loop for ever: pick a vCPU, load it, enter it until an
 * exit asks to leave or the scheduler wants the CPU back, put it; with
 * nothing to run, WFI until an interrupt (the 100 Hz tick or a kick
 * SGI). The CPU running the shell does the same in slices from the
 * shell's idle hook, each ending at the next tick, so that one CPU can
 * run both guests and a responsive shell.
 *
 * The loop runs with interrupts masked: guest entry must not be
 * interrupted between the last check and the ERET. An interrupt that
 * arrives in the guest makes it exit (HCR_EL2.IMO); the loop then opens
 * a short window in which the host takes it (tick, kick, maintenance,
 * virtual timer). A vCPU blocked in WFI is woken by an interrupt the
 * vGIC gives it, by its own virtual timer (the CPU's idle timer, armed
 * for the earliest sleeper before the CPU waits), and by every tick,
 * which is legal for WFI (it may complete spuriously) and keeps guests
 * without a vGIC going.
 */
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/spinlock.h>
#include <arch/time.h>
#include <asm/guest.h>
#include <minivisor/console.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

/* After console input the shell CPU polls instead of sleeping. */
#define SHELL_ACTIVE_NS 50000000ULL
/* How often a guest slice on the shell CPU looks for console input. */
#define SHELL_INPUT_CHECK_NS 500000ULL

struct guest_cpu {
	arch_spinlock_t sleep_lock;
	struct list_head sleepers; /* vCPUs blocked in WFI, woken by ticks */
	uint64_t seen_ticks;
	bool ticked; /* a tick arrived since the flag was cleared */
	uint64_t input_check_ns; /* shell CPU: last look at the console */
};

static struct guest_cpu guest_cpus[CONFIG_MAX_CPUS];

/* The console, seen through a getc that notes when input arrives. */
static const struct console_ops *console_real;
static struct console_ops console_watched;
static uint64_t console_input_ns;

void arch_cpu_kick(unsigned int cpu)
{
	/* The calling CPU checks sched_need_switch() before re-entering. */
	if (cpu == arch_cpu_id() || cpu >= arm64_cpu_known())
		return;
	arm64_ipi_send(cpu);
}

void arm64_vcpu_sleep(struct vcpu *v)
{
	struct guest_cpu *gc = &guest_cpus[v->host_cpu];
	irqflags_t flags = arch_spin_lock_irqsave(&gc->sleep_lock);

	if (!v->arch.sleeping) {
		list_add_tail(&v->arch.sleep_link, &gc->sleepers);
		v->arch.sleeping = true;
	}
	arch_spin_unlock_irqrestore(&gc->sleep_lock, flags);
}

void arm64_vcpu_unsleep(struct vcpu *v)
{
	struct guest_cpu *gc;
	irqflags_t flags;

	/* Not placed yet (first reset): it cannot be in any list. */
	if (v->host_cpu >= CONFIG_MAX_CPUS)
		return;
	gc = &guest_cpus[v->host_cpu];
	flags = arch_spin_lock_irqsave(&gc->sleep_lock);

	if (v->arch.sleeping) {
		list_del(&v->arch.sleep_link);
		v->arch.sleeping = false;
	}
	arch_spin_unlock_irqrestore(&gc->sleep_lock, flags);
}

/*
 * Wake every vCPU sleeping on this CPU. The wake-up happens under the
 * sleep lock, so a vCPU being destroyed (which leaves the list under
 * the same lock first) is never touched after it is gone.
 */
static void guest_cpu_wake_sleepers(struct guest_cpu *gc)
{
	irqflags_t flags = arch_spin_lock_irqsave(&gc->sleep_lock);

	while (!list_empty(&gc->sleepers)) {
		struct vcpu *v = list_entry(gc->sleepers.next, struct vcpu,
					    arch.sleep_link);

		list_del(&v->arch.sleep_link);
		v->arch.sleeping = false;
		sched_vcpu_wake(v);
	}
	arch_spin_unlock_irqrestore(&gc->sleep_lock, flags);
}

/* The earliest virtual-timer deadline of @gc's sleepers (0: none). */
static uint64_t sleepers_deadline(struct guest_cpu *gc)
{
	uint64_t first = 0;
	struct vcpu *v;

	list_for_each_entry(v, &gc->sleepers, arch.sleep_link) {
		uint64_t d = vgic_timer_deadline(v);

		if (d && (!first || d < first))
			first = d;
	}
	return first;
}

/* Wake the sleepers of @gc whose virtual timer is due by @now. */
static void wake_due_sleepers(struct guest_cpu *gc, uint64_t now)
{
	irqflags_t flags = arch_spin_lock_irqsave(&gc->sleep_lock);
	struct vcpu *v, *n;

	list_for_each_entry_safe(v, n, &gc->sleepers, arch.sleep_link) {
		uint64_t d = vgic_timer_deadline(v);

		if (!d || d > now)
			continue;
		list_del(&v->arch.sleep_link);
		v->arch.sleeping = false;
		sched_vcpu_wake(v);
	}
	arch_spin_unlock_irqrestore(&gc->sleep_lock, flags);
}

void arm64_guest_idle_timer(void)
{
	struct guest_cpu *gc = &guest_cpus[arch_cpu_id()];
	irqflags_t flags = arch_spin_lock_irqsave(&gc->sleep_lock);
	uint64_t first = sleepers_deadline(gc);

	arch_spin_unlock_irqrestore(&gc->sleep_lock, flags);
	if (!first)
		return;
	if (first <= arm64_counter()) {
		wake_due_sleepers(gc, arm64_counter());
		return;
	}
	/* No vCPU is loaded: the virtual timer is free (CNTVOFF_EL2 = 0). */
	write_sysreg(cntv_cval_el0, first);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
}

void arm64_guest_idle_timer_fired(void)
{
	wake_due_sleepers(&guest_cpus[arch_cpu_id()], arm64_counter());
}

/* Let the host take pending interrupts; account for a tick. */
static void guest_cpu_irq_window(struct guest_cpu *gc, unsigned int cpu)
{
	uint64_t ticks;

	arch_irq_enable();
	isb();
	arch_irq_disable();
	ticks = READ_ONCE(arm64_this_cpu()->ticks);
	if (ticks == gc->seen_ticks)
		return;
	gc->seen_ticks = ticks;
	gc->ticked = true;
	guest_cpu_wake_sleepers(gc);
	sched_tick(cpu);
}

/* Shell CPU: should a guest slice end early for console input? */
static bool shell_input_waiting(struct guest_cpu *gc)
{
	uint64_t now = arch_time_ns();

	if (now - gc->input_check_ns < SHELL_INPUT_CHECK_NS)
		return false;
	gc->input_check_ns = now;
	return arm64_early_rx_pending();
}

/* What ends a slice on the shell CPU besides the scheduler. */
struct shell_slice {
	bool (*watch)(void *arg); /* true: stop now (NULL: no watch) */
	void *arg;
};

/*
 * Run @v until it must leave the CPU; on the shell CPU (@slice not
 * NULL) also until the next tick, console input or the slice's watch.
 */
static enum arm64_exit_action guest_cpu_run(struct guest_cpu *gc,
					    unsigned int cpu, struct vcpu *v,
					    const struct shell_slice *slice)
{
	enum arm64_exit_action act;

	arm64_vcpu_load(v);
	for (;;) {
		unsigned long vec;

		vgic_flush(v);
		vec = arm64_guest_enter(&v->arch.regs);

		v->stats.exits++;
		act = arm64_handle_exit(v, vec);
		if (arm64_exit_is_irq(vec))
			guest_cpu_irq_window(gc, cpu);
		if (act != EXIT_RESUME || sched_need_switch(cpu))
			break;
		if (slice && (gc->ticked || shell_input_waiting(gc) ||
			      (slice->watch && slice->watch(slice->arg))))
			break;
	}
	arm64_vcpu_put(v);
	return act;
}

/* Work an exit left for after the vCPU is off the CPU. */
static void guest_cpu_after(struct vcpu *v, enum arm64_exit_action act)
{
	struct guest *g = v->guest;
	int err;

	if (act != EXIT_RESET_GUEST)
		return;
	/* This CPU's current vCPU is detached by the reset's wait. */
	printk("%s: PSCI SYSTEM_RESET\n", g->name);
	err = guest_reset(g);
	if (!err)
		err = guest_kick(g);
	if (err)
		printk("%s: restart after SYSTEM_RESET failed (%s)\n", g->name,
		       mv_strerror(err));
}

void arm64_guest_cpu_loop(void)
{
	struct arm64_percpu *pc = arm64_this_cpu();
	unsigned int cpu = pc->id;
	struct guest_cpu *gc = &guest_cpus[cpu];

	arch_irq_disable();
	for (;;) {
		struct vcpu *v = sched_pick(cpu);

		if (v) {
			guest_cpu_after(v, guest_cpu_run(gc, cpu, v, NULL));
			continue;
		}
		if (READ_ONCE(pc->request))
			arm64_cpu_do_request(pc);
		arm64_guest_idle_timer();
		/* A kick or tick after sched_pick() is pending: WFI returns. */
		arch_cpu_wait();
		guest_cpu_irq_window(gc, cpu);
	}
}

static int console_watched_getc(void)
{
	int c = console_real->getc();

	if (c >= 0)
		WRITE_ONCE(console_input_ns, arch_time_ns());
	return c;
}

void arm64_guest_console_watch(void)
{
	const struct console_ops *ops = console_get();

	if (!ops || !ops->getc || ops == &console_watched)
		return;
	console_real = ops;
	console_watched = *ops;
	console_watched.getc = console_watched_getc;
	console_register(&console_watched);
}

/*
 * Shell CPU with nothing to run: poll while someone is typing (a pasted
 * line arrives a FIFO-full at a time), else sleep until the next tick.
 */
static void shell_idle_wait(struct guest_cpu *gc, unsigned int cpu)
{
	uint64_t now = arch_time_ns();

	arm64_guest_idle_timer();
	if (now - READ_ONCE(console_input_ns) < SHELL_ACTIVE_NS ||
	    arm64_early_rx_pending()) {
		arch_cpu_relax();
		guest_cpu_irq_window(gc, cpu);
		return;
	}
	/* Ticks wake it: console input waits at most one tick. */
	arch_cpu_wait();
	guest_cpu_irq_window(gc, cpu);
}

void arm64_guest_shell_slice(bool (*watch)(void *arg), void *arg,
			     bool may_sleep)
{
	const struct shell_slice slice = { watch, arg };
	unsigned int cpu = arch_cpu_id();
	struct guest_cpu *gc = &guest_cpus[cpu];
	irqflags_t flags = arch_irq_save();
	bool ran = false;
	struct vcpu *v;

	gc->ticked = false;
	while (!gc->ticked && (v = sched_pick(cpu))) {
		ran = true;
		guest_cpu_after(v, guest_cpu_run(gc, cpu, v, &slice));
		if (arm64_early_rx_pending() || (watch && watch(arg)))
			break;
	}
	if (!ran && may_sleep) {
		shell_idle_wait(gc, cpu);
	} else if (!ran) {
		arm64_guest_idle_timer();
		arch_cpu_relax();
		guest_cpu_irq_window(gc, cpu);
	}
	arch_irq_restore(flags);
}

void arm64_guest_shell_idle(void)
{
	arm64_guest_shell_slice(NULL, NULL, true);
}

void arm64_guest_cpu_setup(void)
{
	struct guest_cpu *gc = &guest_cpus[arch_cpu_id()];
	uint64_t hpmn = read_sysreg(mdcr_el2) & 0x1f;

	gc->sleep_lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;
	INIT_LIST_HEAD(&gc->sleepers);
	gc->seen_ticks = READ_ONCE(arm64_this_cpu()->ticks);
	arm64_stage2_cpu_init();
	/* EL1 may read the physical counter; its physical timer traps. */
	write_sysreg(cnthctl_el2, 1);
	/* The PMU is not virtualized: TPM and TPMCR trap it. */
	write_sysreg(mdcr_el2, hpmn | BIT(5) | BIT(6));
	isb();
	arm64_ipi_cpu_init();
	vgic_cpu_setup();
}
