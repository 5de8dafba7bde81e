// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest descriptions, guest level: vcpu_count, vcpu_template, optional
 * per-vCPU overrides under `vcpus`, and the regions under `aspace`
 * (each parsed by parse_region.c), sorted and checked for overlaps.
 * Only libfdt's bounded readers and the devtree layer touch the blob.
 */
#include <string.h>

#include <libfdt.h>

#include <minivisor/errno.h>
#include <minivisor/heap.h>

#include "guest_priv.h"

/* Optional u32 @prop; -MV_ENOENT leaves *@out alone. */
static int parse_u32_opt(const struct devtree *dt, int node, const char *prop,
			 uint32_t *out, struct guest_err *e)
{
	int err = devtree_u32(dt, node, prop, out);

	if (err == -MV_EBADMSG)
		return guest_err_node(e, err, dt, node, prop,
				      "must be one cell");
	return err == -MV_ENOENT ? 0 : err;
}

static int parse_vcpu_count(struct guest *g, const struct devtree *dt, int node,
			    struct guest_err *e)
{
	uint32_t n = 1;
	int err = parse_u32_opt(dt, node, "vcpu_count", &n, e);

	if (err)
		return err;
	if (n == 0 || n > CONFIG_GUEST_MAX_VCPUS)
		return guest_err_node(
			e, -MV_EBADMSG, dt, node, "vcpu_count",
			"%u not in 1..%d (CONFIG_GUEST_MAX_VCPUS)", n,
			CONFIG_GUEST_MAX_VCPUS);
	g->nvcpus = n;
	return 0;
}

/* `boot_args`: up to GUEST_VCPU_ARGS 64-bit values (two cells each). */
static int parse_boot_args(struct vcpu_template *t, const struct devtree *dt,
			   int node, struct guest_err *e)
{
	int len;
	const fdt32_t *p = fdt_getprop(dt->fdt, node, "boot_args", &len);

	if (!p)
		return 0;
	if (len % 8 || len / 8 > GUEST_VCPU_ARGS)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "boot_args",
				      "needs 1..%d values of two cells",
				      GUEST_VCPU_ARGS);
	for (int i = 0; i < len / 8; i++)
		t->args[i] = (uint64_t)fdt32_to_cpu(p[2 * i]) << 32 |
			     fdt32_to_cpu(p[2 * i + 1]);
	return 0;
}

/*
 * Properties a template or a vcpuN node may set: start_pc, boot_args,
 * mpidr, host_cpu, poweroff.
 */
static int parse_vcpu_props(struct vcpu_template *t, const struct devtree *dt,
			    int node, struct guest_err *e)
{
	uint32_t cpu;
	int err;

	err = devtree_u64(dt, node, "start_pc", &t->start_pc);
	if (err == -MV_EBADMSG)
		return guest_err_node(e, err, dt, node, "start_pc",
				      "must be one or two cells");
	err = devtree_u64(dt, node, "mpidr", &t->mpidr);
	if (err == -MV_EBADMSG)
		return guest_err_node(e, err, dt, node, "mpidr",
				      "must be one or two cells");
	if (fdt_getprop(dt->fdt, node, "poweroff", NULL))
		t->poweroff = true;
	err = devtree_u32(dt, node, "host_cpu", &cpu);
	if (err == -MV_EBADMSG)
		return guest_err_node(e, err, dt, node, "host_cpu",
				      "must be one cell");
	if (!err && cpu >= sched_cpu_count())
		return guest_err_node(e, -MV_EBADMSG, dt, node, "host_cpu",
				      "%u but the host has %u CPUs", cpu,
				      sched_cpu_count());
	if (!err)
		t->host_cpu = (int)cpu;
	return parse_boot_args(t, dt, node, e);
}

/* vcpu_template: required, with a start_pc. */
static int parse_template(struct vcpu_template *t, const struct devtree *dt,
			  int node, struct guest_err *e)
{
	int tn = fdt_subnode_offset(dt->fdt, node, "vcpu_template");

	if (tn < 0)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "vcpu_template",
				      "missing");
	if (!fdt_getprop(dt->fdt, tn, "start_pc", NULL))
		return guest_err_node(e, -MV_EBADMSG, dt, tn, "start_pc",
				      "missing");
	if (fdt_getprop(dt->fdt, tn, "poweroff", NULL))
		return guest_err_node(
			e, -MV_EBADMSG, dt, tn, "poweroff",
			"only for vcpuN nodes (vCPU 0 must start)");
	if (fdt_getprop(dt->fdt, tn, "mpidr", NULL))
		return guest_err_node(e, -MV_EBADMSG, dt, tn, "mpidr",
				      "only for vcpuN nodes (one per vCPU)");
	return parse_vcpu_props(t, dt, tn, e);
}

/* vCPU index of a node called "vcpu<N>", or -1. */
static int parse_vcpu_index(const char *name)
{
	int n = 0;

	if (strncmp(name, "vcpu", 4) || !name[4] || strlen(name) > 6)
		return -1;
	for (name += 4; *name; name++) {
		if (*name < '0' || *name > '9')
			return -1;
		n = n * 10 + (*name - '0');
	}
	return n;
}

/* One override node under `vcpus`. */
static int parse_vcpu_override(struct guest *g, const struct devtree *dt,
			       int node, struct guest_err *e)
{
	const char *name = fdt_get_name(dt->fdt, node, NULL);
	int idx = name ? parse_vcpu_index(name) : -1;

	if (idx < 0 || (unsigned int)idx >= g->nvcpus)
		return guest_err_node(
			e, -MV_EBADMSG, dt, node, NULL,
			"not a vCPU of this guest (vcpu0..vcpu%u)",
			g->nvcpus - 1);
	if (idx == 0 && fdt_getprop(dt->fdt, node, "poweroff", NULL))
		return guest_err_node(e, -MV_EBADMSG, dt, node, "poweroff",
				      "vCPU 0 must start");
	return parse_vcpu_props(&g->vcpus[idx].tmpl, dt, node, e);
}

/* Two vCPUs with one MPIDR would make PSCI CPU_ON ambiguous. */
static int parse_check_mpidr(struct guest *g, const struct devtree *dt,
			     int vcpus, struct guest_err *e)
{
	for (unsigned int i = 0; i < g->nvcpus; i++)
		for (unsigned int j = 0; j < i; j++)
			if (g->vcpus[i].tmpl.mpidr == g->vcpus[j].tmpl.mpidr)
				return guest_err_node(
					e, -MV_EBADMSG, dt, vcpus, "mpidr",
					"vcpu%u and vcpu%u share 0x%llx", j, i,
					(unsigned long long)g->vcpus[i]
						.tmpl.mpidr);
	return 0;
}

/*
 * Fill every vCPU from the template, then the overrides. The default
 * MPIDR affinity is the index (Aff0), as on a small SMP machine.
 */
static int parse_vcpus(struct guest *g, const struct devtree *dt, int node,
		       struct guest_err *e)
{
	struct vcpu_template t = { .host_cpu = -1 };
	int err, vn, sub;

	err = parse_template(&t, dt, node, e);
	if (err)
		return err;
	g->vcpus = mv_zalloc(g->nvcpus * sizeof(*g->vcpus));
	if (!g->vcpus)
		return guest_err_msg(e, -MV_ENOMEM, "%s: out of heap", g->name);
	for (unsigned int i = 0; i < g->nvcpus; i++) {
		g->vcpus[i].tmpl = t;
		g->vcpus[i].tmpl.mpidr = i;
	}
	vn = fdt_subnode_offset(dt->fdt, node, "vcpus");
	if (vn >= 0)
		fdt_for_each_subnode(sub, dt->fdt, vn) {
			err = parse_vcpu_override(g, dt, sub, e);
			if (err)
				return err;
		}
	return parse_check_mpidr(g, dt, vn, e);
}

/* Count the region nodes under aspace. */
static int parse_count_regions(struct guest *g, const struct devtree *dt,
			       int node, int *aspace, struct guest_err *e)
{
	int sub, n = 0;

	*aspace = fdt_subnode_offset(dt->fdt, node, "aspace");
	if (*aspace < 0)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "aspace",
				      "missing");
	fdt_for_each_subnode(sub, dt->fdt, *aspace) {
		n++;
	}
	if (n == 0 || n > GUEST_MAX_REGIONS)
		return guest_err_node(e, -MV_EBADMSG, dt, *aspace, NULL,
				      "%d regions, need 1..%d", n,
				      GUEST_MAX_REGIONS);
	g->regions = mv_zalloc(n * sizeof(*g->regions));
	if (!g->regions)
		return guest_err_msg(e, -MV_ENOMEM, "%s: out of heap", g->name);
	g->nregions = n;
	return 0;
}

/* Insertion sort by gpa: a few dozen regions at most. */
static void parse_sort_regions(struct guest *g)
{
	for (unsigned int i = 1; i < g->nregions; i++) {
		struct guest_region r = g->regions[i];
		unsigned int j = i;

		for (; j && g->regions[j - 1].gpa > r.gpa; j--)
			g->regions[j] = g->regions[j - 1];
		g->regions[j] = r;
	}
}

/* After sorting, only neighbours can overlap. */
static int parse_check_overlap(struct guest *g, const struct devtree *dt,
			       int aspace, struct guest_err *e)
{
	for (unsigned int i = 1; i < g->nregions; i++) {
		const struct guest_region *a = &g->regions[i - 1];
		const struct guest_region *b = &g->regions[i];
		int node = fdt_subnode_offset(dt->fdt, aspace, b->name);

		if (b->gpa - a->gpa >= a->size)
			continue;
		return guest_err_node(
			e, -MV_EBADMSG, dt, node, "guest_physical_addr",
			"0x%llx overlaps region '%s' (0x%llx-0x%llx)",
			(unsigned long long)b->gpa, a->name,
			(unsigned long long)a->gpa,
			(unsigned long long)(a->gpa + a->size - 1));
	}
	return 0;
}

static int parse_regions(struct guest *g, const struct devtree *dt, int node,
			 struct guest_err *e)
{
	int aspace, sub, err;
	unsigned int i = 0;

	err = parse_count_regions(g, dt, node, &aspace, e);
	if (err)
		return err;
	fdt_for_each_subnode(sub, dt->fdt, aspace) {
		err = guest_parse_region(&g->regions[i++], dt, sub, e);
		if (err)
			return err;
	}
	parse_sort_regions(g);
	return parse_check_overlap(g, dt, aspace, e);
}

int guest_parse(struct guest *g, const struct devtree *dt, int node,
		struct guest_err *e)
{
	int err = parse_vcpu_count(g, dt, node, e);

	if (!err)
		err = parse_vcpus(g, dt, node, e);
	if (!err)
		err = parse_regions(g, dt, node, e);
	return err;
}
