// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPUs of a guest: creation (arch state, registers at the template,
 * placement on a host CPU), teardown, and PSCI-style power control.
 */
#include <minivisor/errno.h>

#include "guest_priv.h"

static int vcpu_build(struct guest *g, struct vcpu *v, unsigned int index,
		      struct guest_err *e)
{
	int cpu = v->tmpl.host_cpu;
	int err;

	v->guest = g;
	v->index = index;
	v->state = VCPU_STATE_OFF;
	INIT_LIST_HEAD(&v->rq);
	err = vcpu_arch_init(v);
	if (err)
		return guest_err_msg(e, err,
				     "%s: vcpu%u: arch setup failed (%s)",
				     g->name, index, mv_strerror(err));
	v->arch_ready = true;
	vcpu_arch_reset(v);
	err = sched_vcpu_place(v, cpu);
	if (err)
		return guest_err_msg(e, err, "%s: vcpu%u: host_cpu %d unusable",
				     g->name, index, cpu);
	return 0;
}

int guest_vcpus_build(struct guest *g, struct guest_err *e)
{
	for (unsigned int i = 0; i < g->nvcpus; i++) {
		int err = vcpu_build(g, &g->vcpus[i], i, e);

		if (err)
			return err;
	}
	return 0;
}

void guest_vcpus_teardown(struct guest *g)
{
	for (unsigned int i = 0; g->vcpus && i < g->nvcpus; i++) {
		struct vcpu *v = &g->vcpus[i];

		if (v->placed)
			sched_vcpu_unplace(v);
		if (v->arch_ready)
			vcpu_arch_destroy(v);
		v->arch_ready = false;
	}
}

int vcpu_power_on(struct vcpu *v)
{
	irqflags_t flags = guest_lock();
	int err = 0;

	if (v->guest->state != GUEST_STATE_RUNNING || v->guest->busy)
		err = -MV_EINVAL;
	else if (vcpu_state(v) != VCPU_STATE_OFF)
		err = -MV_EALREADY;
	else
		sched_vcpu_start(v);
	guest_unlock(flags);
	return err;
}

void vcpu_power_off(struct vcpu *v)
{
	sched_vcpu_stop(v, VCPU_STATE_OFF);
}
