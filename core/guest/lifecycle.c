// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest lifecycle: create -> kick -> pause/resume -> halt -> reset
 * -> destroy. State checks happen under the table lock; long work runs
 * with the guest marked busy. Transitions that do not apply return
 * -MV_EINVAL (wrong state) or -MV_EBUSY (running already, or another
 * operation under way), so the shell can say which.
 */
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/printk.h>

#include "guest_priv.h"

static int guest_create_err(const char *name, struct guest_err *e)
{
	if (strnlen(name, GUEST_NAME_MAX) >= GUEST_NAME_MAX)
		return guest_err_msg(e, -MV_ENOENT,
				     "/guests/%.40s...: name too long", name);
	return guest_err_msg(e, -MV_ENOENT,
			     "/guests/%s: no such guest "
			     "description",
			     name);
}

int guest_create(const char *name, struct guest **out, char *err_buf,
		 size_t err_size)
{
	struct guest_err e = { err_buf, err_size };
	const struct devtree *dt;
	struct guest *g;
	int node, err;

	if (err_buf && err_size)
		err_buf[0] = '\0';
	if (!name || strnlen(name, GUEST_NAME_MAX) >= GUEST_NAME_MAX ||
	    guest_config_find(name, &dt, &node))
		return guest_create_err(name ? name : "", &e);
	g = mv_zalloc(sizeof(*g));
	if (!g)
		return guest_err_msg(&e, -MV_ENOMEM, "%s: out of heap", name);
	strcpy(g->name, name);
	g->id = ~0u;
	err = guest_parse(g, dt, node, &e);
	if (!err)
		err = guest_table_add(g, &e);
	if (!err)
		err = guest_check_host_ranges(g, &e);
	if (!err)
		err = guest_build(g, dt, node, &e);
	if (err) {
		guest_teardown(g);
		return err;
	}
	guest_end(g, GUEST_STATE_RESET);
	if (out)
		*out = g;
	return 0;
}

/* Stop every vCPU of @g into @to; with @wait, until off their CPUs. */
static void guest_stop_vcpus(struct guest *g, enum vcpu_state to, bool wait)
{
	for (unsigned int i = 0; i < g->nvcpus; i++)
		sched_vcpu_stop(&g->vcpus[i], to);
	for (unsigned int i = 0; wait && i < g->nvcpus; i++)
		sched_vcpu_wait_off_cpu(&g->vcpus[i]);
}

int guest_destroy(struct guest *g)
{
	int err = guest_begin(g);

	if (err)
		return err;
	guest_stop_vcpus(g, VCPU_STATE_OFF, true);
	guest_teardown(g);
	return 0;
}

int guest_kick(struct guest *g)
{
	irqflags_t flags = guest_lock();
	int err = 0;

	if (g->busy || g->state == GUEST_STATE_RUNNING ||
	    g->state == GUEST_STATE_PAUSED)
		err = -MV_EBUSY;
	else if (g->state == GUEST_STATE_HALTED)
		err = -MV_EINVAL;
	if (!err) {
		g->state = GUEST_STATE_RUNNING;
		for (unsigned int i = 0; i < g->nvcpus; i++)
			if (!g->vcpus[i].tmpl.poweroff)
				sched_vcpu_start(&g->vcpus[i]);
	}
	guest_unlock(flags);
	return err;
}

int guest_pause(struct guest *g)
{
	irqflags_t flags = guest_lock();
	int err = g->busy ? -MV_EBUSY : 0;

	if (!err && g->state != GUEST_STATE_RUNNING)
		err = -MV_EINVAL;
	if (!err) {
		g->state = GUEST_STATE_PAUSED;
		guest_stop_vcpus(g, VCPU_STATE_PAUSED, false);
	}
	guest_unlock(flags);
	return err;
}

int guest_resume(struct guest *g)
{
	irqflags_t flags = guest_lock();
	int err = g->busy ? -MV_EBUSY : 0;

	if (!err && g->state != GUEST_STATE_PAUSED)
		err = -MV_EINVAL;
	for (unsigned int i = 0; !err && i < g->nvcpus; i++) {
		struct vcpu *v = &g->vcpus[i];

		if (v->state != VCPU_STATE_PAUSED)
			continue;
		if (v->resume_state == VCPU_STATE_READY)
			sched_vcpu_start(v);
		else
			sched_vcpu_stop(v, VCPU_STATE_OFF);
	}
	if (!err)
		g->state = GUEST_STATE_RUNNING;
	guest_unlock(flags);
	return err;
}

int guest_halt(struct guest *g, const char *reason)
{
	irqflags_t flags = guest_lock();
	int err = g->busy ? -MV_EBUSY : 0;

	if (!err && g->state != GUEST_STATE_RUNNING &&
	    g->state != GUEST_STATE_PAUSED)
		err = -MV_EINVAL;
	if (!err) {
		g->state = GUEST_STATE_HALTED;
		mv_snprintf(g->halt_reason, sizeof(g->halt_reason), "%s",
			    reason ? reason : "halted");
		guest_stop_vcpus(g, VCPU_STATE_OFF, false);
	}
	guest_unlock(flags);
	if (!err)
		printk("%s: halted (%s)\n", g->name, g->halt_reason);
	return err;
}

int guest_reset(struct guest *g)
{
	int err = guest_begin(g);

	if (err)
		return err;
	guest_stop_vcpus(g, VCPU_STATE_OFF, true);
	err = guest_regions_restore(g);
	vm_arch_reset(g);
	for (unsigned int i = 0; i < g->nvcpus; i++)
		vcpu_arch_reset(&g->vcpus[i]);
	g->halt_reason[0] = '\0';
	/*
	 * A restore that could not map memory leaves the guest halted:
	 * its RAM may hold stale data, so it must not run like this.
	 */
	if (err)
		mv_snprintf(g->halt_reason, sizeof(g->halt_reason),
			    "reset failed (%s)", mv_strerror(err));
	guest_end(g, err ? GUEST_STATE_HALTED : GUEST_STATE_RESET);
	return err;
}
