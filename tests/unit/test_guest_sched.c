// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler core, driven deterministically: the tests play the
 * part of each host CPU's loop (sched_pick, sched_tick, WFI exits) and
 * of the arch (fake kicks), checking placement, round robin, blocking
 * and waking, and how pause, halt and destroy take running vCPUs off
 * their CPUs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_guest_util.h"

/* Kicks only counted: the tests call sched_pick() themselves. */
static int setup_manual(void **state)
{
	tg_setup(state);
	fake_guest_kick_respond(false);
	return 0;
}

static void test_init_limits(void **state)
{
	(void)state;
	assert_int_equal(sched_init(0), -MV_EINVAL);
	assert_int_equal(sched_init(SCHED_MAX_CPUS + 1), -MV_EINVAL);
	assert_int_equal(sched_init(SCHED_MAX_CPUS), 0);
	assert_int_equal(sched_cpu_count(), SCHED_MAX_CPUS);
	assert_int_equal(sched_init(TG_CPUS), 0);
	tg_create("g1");
	assert_int_equal(sched_init(2), -MV_EBUSY);
	assert_int_equal(sched_cpu_count(), TG_CPUS);
	/* Out-of-range CPUs are harmless. */
	assert_null(sched_pick(TG_CPUS));
	assert_null(sched_current(99));
	assert_false(sched_tick(99));
	assert_false(sched_need_switch(99));
	assert_int_equal(sched_cpu_load(99), 0);
}

static void test_placement(void **state)
{
	struct guest *a, *g2;

	(void)state;
	/* g1: all CPUs tie; CPU 0 runs the shell, so vcpu0 -> CPU 1. */
	assert_int_equal(vcpu_host_cpu(guest_vcpu(tg_create("g1"), 0)), 1);
	/* adj: the least loaded; CPU 0 only when strictly less loaded. */
	a = tg_create("adj");
	assert_int_equal(vcpu_host_cpu(guest_vcpu(a, 0)), 2);
	assert_int_equal(vcpu_host_cpu(guest_vcpu(a, 1)), 3);
	assert_int_equal(vcpu_host_cpu(guest_vcpu(a, 2)), 0);
	assert_int_equal(vcpu_host_cpu(guest_vcpu(a, 3)), 1);
	for (unsigned int c = 0; c < TG_CPUS; c++)
		assert_int_equal(sched_cpu_load(c), c == 1 ? 2 : 1);
	/* host_cpu = <1> is honoured even where the load is not least. */
	g2 = tg_create("g2");
	assert_int_equal(vcpu_host_cpu(guest_vcpu(g2, 0)), 2);
	assert_int_equal(vcpu_host_cpu(guest_vcpu(g2, 1)), 1);
	assert_int_equal(vcpu_host_cpu(guest_vcpu(g2, 2)), 3);
	assert_int_equal(sched_cpu_load(1), 3);
	assert_int_equal(guest_destroy(a), 0);
	assert_int_equal(sched_cpu_load(0), 0);
	assert_int_equal(sched_cpu_load(1), 2);
	assert_int_equal(sched_cpu_load(3), 1);
}

/* Four vCPUs of adj all on CPU 0 (one host CPU). */
static struct guest *one_cpu_adj(void)
{
	struct guest *g;

	assert_int_equal(sched_init(1), 0);
	g = tg_create("adj");
	assert_int_equal(guest_kick(g), 0);
	return g;
}

static void test_round_robin(void **state)
{
	struct guest *g;

	(void)state;
	g = one_cpu_adj();
	/* The idle CPU was kicked once, for the first runnable vCPU. */
	assert_int_equal(fake_guest_kicks(0), 1);
	assert_true(sched_need_switch(0));
	for (int round = 0; round < 3; round++)
		for (unsigned int i = 0; i < 4; i++) {
			struct vcpu *v = sched_pick(0);

			assert_ptr_equal(v, guest_vcpu(g, i));
			assert_int_equal(vcpu_state(v), VCPU_STATE_RUNNING);
			assert_ptr_equal(sched_current(0), v);
			assert_false(sched_need_switch(0));
			/* A tick preempts: three others wait. */
			assert_true(sched_tick(0));
		}
	for (unsigned int i = 0; i < 4; i++) {
		struct vcpu_stats *s = vcpu_stats(guest_vcpu(g, i));

		assert_int_equal(s->runs, 3);
		assert_int_equal(s->preemptions, i == 3 ? 2 : 3);
	}
}

static void test_single_not_preempted(void **state)
{
	struct guest *g;
	struct vcpu *v;

	(void)state;
	assert_int_equal(sched_init(1), 0);
	g = tg_create("g1");
	assert_null(sched_pick(0));
	assert_int_equal(guest_kick(g), 0);
	v = sched_pick(0);
	assert_ptr_equal(v, guest_vcpu(g, 0));
	assert_false(sched_tick(0));
	assert_false(sched_need_switch(0));
	/* Picked again after a forced switch; no preemption counted. */
	assert_ptr_equal(sched_pick(0), v);
	assert_int_equal(vcpu_stats(v)->preemptions, 0);
	assert_int_equal(vcpu_stats(v)->runs, 2);
}

static void test_block_wake(void **state)
{
	struct guest *g = one_cpu_adj();
	struct vcpu *v0 = guest_vcpu(g, 0), *v1 = guest_vcpu(g, 1);

	(void)state;
	assert_ptr_equal(sched_pick(0), v0);
	/* WFI with nothing pending: blocked, the CPU must switch. */
	assert_true(sched_vcpu_yield(v0));
	assert_int_equal(vcpu_state(v0), VCPU_STATE_BLOCKED);
	assert_true(sched_need_switch(0));
	assert_ptr_equal(sched_pick(0), v1);
	assert_ptr_equal(sched_pick(0), guest_vcpu(g, 2));
	/* Woken: back in the queue, behind the others. */
	sched_vcpu_wake(v0);
	assert_int_equal(vcpu_state(v0), VCPU_STATE_READY);
	assert_ptr_equal(sched_pick(0), guest_vcpu(g, 3));
	assert_ptr_equal(sched_pick(0), v1);
	assert_ptr_equal(sched_pick(0), v0);
	/* A wake-up while running: the next WFI does not block. */
	sched_vcpu_wake(v0);
	assert_false(sched_vcpu_yield(v0));
	assert_int_equal(vcpu_state(v0), VCPU_STATE_RUNNING);
	assert_true(sched_vcpu_yield(v0));
	assert_int_equal(vcpu_stats(v0)->blocks, 2);
	/* Waking an OFF vCPU does nothing. */
	vcpu_power_off(v1);
	sched_vcpu_wake(v1);
	assert_int_equal(vcpu_state(v1), VCPU_STATE_OFF);
}

static void test_all_blocked_idle(void **state)
{
	struct guest *g;
	struct vcpu *v;

	(void)state;
	assert_int_equal(sched_init(2), 0);
	g = tg_create("g1");
	assert_int_equal(guest_kick(g), 0);
	v = sched_pick(1); /* placed on CPU 1: CPU 0 runs the shell */
	assert_true(sched_vcpu_yield(v));
	assert_null(sched_pick(1));
	assert_null(sched_current(1));
	/* The wake kicks the idle CPU, and only that one. */
	fake_guest_reset_kicks();
	sched_vcpu_wake(v);
	assert_int_equal(fake_guest_kicks(1), 1);
	assert_int_equal(fake_guest_kicks(0), 0);
	assert_ptr_equal(sched_pick(1), v);
}

static void test_pause_running(void **state)
{
	struct guest *g = one_cpu_adj();
	struct vcpu *v0 = guest_vcpu(g, 0);

	(void)state;
	assert_ptr_equal(sched_pick(0), v0);
	fake_guest_reset_kicks();
	assert_int_equal(guest_pause(g), 0);
	/* The running vCPU is asked to leave; the others left the queue. */
	assert_int_equal(fake_guest_kicks(0), 1);
	assert_true(sched_need_switch(0));
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(vcpu_state(guest_vcpu(g, i)),
				 VCPU_STATE_PAUSED);
	assert_null(sched_pick(0));
	assert_int_equal(guest_resume(g), 0);
	for (unsigned int i = 0; i < 4; i++)
		assert_ptr_equal(sched_pick(0), guest_vcpu(g, i));
	/*
	 * Destroyed while current on CPU 0, the calling CPU (kicks are
	 * not answered here): detached directly, not waited for.
	 */
	assert_ptr_equal(sched_current(0), guest_vcpu(g, 3));
	assert_int_equal(guest_destroy(g), 0);
	assert_null(sched_current(0));
	assert_null(sched_pick(0));
}

static void test_halt_running(void **state)
{
	struct guest *g = one_cpu_adj();
	struct vcpu *v0 = guest_vcpu(g, 0);

	(void)state;
	assert_ptr_equal(sched_pick(0), v0);
	/* The vCPU's own trap handler halts its guest (SYSTEM_OFF). */
	assert_int_equal(guest_halt(g, "PSCI SYSTEM_OFF"), 0);
	assert_true(sched_need_switch(0));
	assert_null(sched_pick(0));
	assert_int_equal(guest_state(g), GUEST_STATE_HALTED);
}

/* Destroy and reset wait until a vCPU is off its CPU. */
static void test_destroy_running_elsewhere(void **state)
{
	struct guest *g, *h;
	struct tg_snap before;

	(void)state;
	fake_guest_kick_respond(true); /* remote CPUs answer kicks */
	tg_snap(&before);
	g = tg_create("adj");
	h = tg_create("g1");
	assert_int_equal(guest_kick(g), 0);
	assert_int_equal(guest_kick(h), 0);
	/* Each idle CPU took its vCPU at the kick. */
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(vcpu_state(guest_vcpu(g, i)),
				 VCPU_STATE_RUNNING);
	/* adj's vCPUs went to CPUs 1, 2, 3 and then 0; g1's to CPU 1. */
	assert_ptr_equal(sched_current(2), guest_vcpu(g, 1));
	assert_ptr_equal(sched_current(0), guest_vcpu(g, 3));
	assert_int_equal(vcpu_state(guest_vcpu(h, 0)), VCPU_STATE_READY);
	assert_int_equal(guest_reset(g), 0);
	for (unsigned int c = 0; c < TG_CPUS; c++)
		if (c != 1)
			assert_null(sched_current(c));
	/* CPU 1 left adj's vCPU for g1's, which was waiting. */
	assert_ptr_equal(sched_current(1), guest_vcpu(h, 0));
	assert_int_equal(guest_kick(g), 0);
	assert_int_equal(guest_destroy(g), 0);
	assert_ptr_equal(sched_pick(1), guest_vcpu(h, 0));
	assert_int_equal(guest_destroy(h), 0);
	for (unsigned int c = 0; c < TG_CPUS; c++)
		assert_null(sched_current(c));
	assert_true(tg_same(&before));
}

static void test_power_on_kicks(void **state)
{
	struct guest *g = tg_create("g2");
	struct vcpu *v2 = guest_vcpu(g, 2);

	(void)state;
	assert_int_equal(guest_kick(g), 0);
	fake_guest_reset_kicks();
	assert_int_equal(vcpu_power_on(v2), 0);
	assert_int_equal(fake_guest_kicks(vcpu_host_cpu(v2)), 1);
	assert_ptr_equal(sched_pick(vcpu_host_cpu(v2)), v2);
	vcpu_power_off(v2);
	assert_true(sched_need_switch(vcpu_host_cpu(v2)));
	assert_null(sched_pick(vcpu_host_cpu(v2)));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_manual, tg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_limits),
		T(test_placement),
		T(test_round_robin),
		T(test_single_not_preempted),
		T(test_block_wake),
		T(test_all_blocked_idle),
		T(test_pause_running),
		T(test_halt_running),
		T(test_destroy_running_elsewhere),
		T(test_power_on_kicks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
