// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vCPU scheduler core: per-host-CPU run queues, round robin, one
 * lock for all of them (a handful of CPUs; every critical section is a
 * few list operations). CPUs are kicked only after the lock is dropped,
 * because a kick may make the target (or, on the fake arch, the caller
 * itself) come back into the scheduler at once.
 */
#include <arch/spinlock.h>
#include <minivisor/errno.h>

#include "guest_priv.h"

struct sched_cpu {
	struct list_head rq; /* READY vCPUs, first to run at the front */
	struct vcpu *current;
	bool resched; /* the loop must call sched_pick() */
	unsigned int load; /* vCPUs placed here */
};

static struct sched_cpu sched_cpus[SCHED_MAX_CPUS];
static unsigned int sched_ncpus;
static unsigned int sched_nvcpus;
static arch_spinlock_t sched_lock_ = ARCH_SPINLOCK_INIT;

static irqflags_t sched_lock(void)
{
	return arch_spin_lock_irqsave(&sched_lock_);
}

static void sched_unlock(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&sched_lock_, flags);
}

int sched_init(unsigned int ncpus)
{
	irqflags_t flags;
	int err = 0;

	if (ncpus == 0 || ncpus > SCHED_MAX_CPUS)
		return -MV_EINVAL;
	flags = sched_lock();
	if (sched_nvcpus) {
		err = -MV_EBUSY;
	} else {
		for (unsigned int i = 0; i < SCHED_MAX_CPUS; i++) {
			INIT_LIST_HEAD(&sched_cpus[i].rq);
			sched_cpus[i].current = NULL;
			sched_cpus[i].resched = false;
			sched_cpus[i].load = 0;
		}
		sched_ncpus = ncpus;
	}
	sched_unlock(flags);
	return err;
}

unsigned int sched_cpu_count(void)
{
	return sched_ncpus ? sched_ncpus : 1;
}

/*
 * The CPU with the fewest vCPUs; on ties the lowest index other than
 * CPU 0, which also runs the shell: a vCPU there shares it with the
 * console. CPU 0 gets a vCPU only when strictly less loaded. Lock held.
 */
static unsigned int sched_least_loaded(void)
{
	unsigned int best = sched_ncpus > 1 ? 1 : 0;

	for (unsigned int i = best + 1; i < sched_ncpus; i++)
		if (sched_cpus[i].load < sched_cpus[best].load)
			best = i;
	if (sched_cpus[0].load < sched_cpus[best].load)
		best = 0;
	return best;
}

int sched_vcpu_place(struct vcpu *v, int cpu)
{
	irqflags_t flags;

	if (!sched_ncpus && sched_init(1))
		return -MV_EINVAL;
	if (cpu >= (int)sched_ncpus)
		return -MV_EINVAL;
	flags = sched_lock();
	v->host_cpu = cpu < 0 ? sched_least_loaded() : (unsigned int)cpu;
	sched_cpus[v->host_cpu].load++;
	sched_nvcpus++;
	v->placed = true;
	sched_unlock(flags);
	return 0;
}

void sched_vcpu_unplace(struct vcpu *v)
{
	irqflags_t flags = sched_lock();

	sched_cpus[v->host_cpu].load--;
	sched_nvcpus--;
	v->placed = false;
	sched_unlock(flags);
}

/* Queue @v as READY; true when its CPU is idle and must be kicked. */
static bool sched_enqueue(struct vcpu *v)
{
	struct sched_cpu *c = &sched_cpus[v->host_cpu];

	v->state = VCPU_STATE_READY;
	list_add_tail(&v->rq, &c->rq);
	/* A busy CPU finds it at its next switch; one kick per idle spell. */
	if (c->current || c->resched)
		return false;
	c->resched = true;
	return true;
}

void sched_vcpu_start(struct vcpu *v)
{
	irqflags_t flags = sched_lock();
	bool kick = false;

	if (v->state == VCPU_STATE_OFF || v->state == VCPU_STATE_PAUSED)
		kick = sched_enqueue(v);
	sched_unlock(flags);
	if (kick)
		arch_cpu_kick(v->host_cpu);
}

void sched_vcpu_stop(struct vcpu *v, enum vcpu_state to)
{
	irqflags_t flags = sched_lock();
	enum vcpu_state from = v->state;
	bool kick = false;

	if (from == VCPU_STATE_READY)
		list_del(&v->rq);
	if (to == VCPU_STATE_PAUSED && from != VCPU_STATE_PAUSED)
		v->resume_state = from == VCPU_STATE_OFF ? VCPU_STATE_OFF :
							   VCPU_STATE_READY;
	v->state = to;
	v->wake_pending = false;
	if (v->on_cpu) {
		sched_cpus[v->host_cpu].resched = true;
		kick = true;
	}
	sched_unlock(flags);
	if (kick)
		arch_cpu_kick(v->host_cpu);
}

void sched_vcpu_wait_off_cpu(struct vcpu *v)
{
	for (;;) {
		irqflags_t flags = sched_lock();
		struct sched_cpu *c = &sched_cpus[v->host_cpu];
		bool on = v->on_cpu;

		/*
		 * A vCPU current on the calling CPU is not executing: this
		 * code runs there instead. Detach it directly.
		 */
		if (on && v->host_cpu == arch_cpu_id()) {
			c->current = NULL;
			c->resched = true;
			v->on_cpu = on = false;
		}
		sched_unlock(flags);
		if (!on)
			return;
		arch_cpu_relax();
	}
}

/* Take @c's current vCPU off the CPU; requeue it if still runnable. */
static void sched_put_current(struct sched_cpu *c)
{
	struct vcpu *prev = c->current;

	if (!prev)
		return;
	prev->on_cpu = false;
	c->current = NULL;
	if (prev->state != VCPU_STATE_RUNNING)
		return;
	if (!list_empty(&c->rq))
		prev->stats.preemptions++;
	prev->state = VCPU_STATE_READY;
	list_add_tail(&prev->rq, &c->rq);
}

struct vcpu *sched_pick(unsigned int cpu)
{
	struct sched_cpu *c;
	struct vcpu *v = NULL;
	irqflags_t flags;

	if (cpu >= sched_ncpus)
		return NULL;
	c = &sched_cpus[cpu];
	flags = sched_lock();
	sched_put_current(c);
	c->resched = false;
	if (!list_empty(&c->rq)) {
		v = list_entry(c->rq.next, struct vcpu, rq);
		list_del(&v->rq);
		v->state = VCPU_STATE_RUNNING;
		v->on_cpu = true;
		v->stats.runs++;
		c->current = v;
	}
	sched_unlock(flags);
	return v;
}

static bool sched_need_switch_locked(const struct sched_cpu *c)
{
	return c->resched || !c->current ||
	       c->current->state != VCPU_STATE_RUNNING;
}

bool sched_need_switch(unsigned int cpu)
{
	irqflags_t flags;
	bool ret;

	if (cpu >= sched_ncpus)
		return false;
	flags = sched_lock();
	ret = sched_need_switch_locked(&sched_cpus[cpu]);
	sched_unlock(flags);
	return ret;
}

bool sched_tick(unsigned int cpu)
{
	struct sched_cpu *c;
	irqflags_t flags;
	bool ret;

	if (cpu >= sched_ncpus)
		return false;
	c = &sched_cpus[cpu];
	flags = sched_lock();
	if (c->current && !list_empty(&c->rq))
		c->resched = true;
	ret = sched_need_switch_locked(c);
	sched_unlock(flags);
	return ret;
}

bool sched_vcpu_yield(struct vcpu *v)
{
	irqflags_t flags = sched_lock();
	bool leave = true;

	if (v->state == VCPU_STATE_RUNNING && v->wake_pending) {
		v->wake_pending = false;
		leave = false;
	} else if (v->state == VCPU_STATE_RUNNING) {
		v->state = VCPU_STATE_BLOCKED;
		v->stats.blocks++;
		sched_cpus[v->host_cpu].resched = true;
	}
	sched_unlock(flags);
	return leave;
}

void sched_vcpu_wake(struct vcpu *v)
{
	irqflags_t flags = sched_lock();
	bool kick = false;

	if (v->state == VCPU_STATE_BLOCKED)
		kick = sched_enqueue(v);
	else if (v->state == VCPU_STATE_RUNNING || v->state == VCPU_STATE_READY)
		v->wake_pending = true;
	sched_unlock(flags);
	if (kick)
		arch_cpu_kick(v->host_cpu);
}

struct vcpu *sched_current(unsigned int cpu)
{
	irqflags_t flags;
	struct vcpu *v;

	if (cpu >= sched_ncpus)
		return NULL;
	flags = sched_lock();
	v = sched_cpus[cpu].current;
	sched_unlock(flags);
	return v;
}

unsigned int sched_cpu_load(unsigned int cpu)
{
	return cpu < sched_ncpus ? sched_cpus[cpu].load : 0;
}
