// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building a parsed guest and taking it apart. Every resource taken is
 * recorded in the region or guest (GUEST_REGION_F_HELD/MAPPED/PROBED,
 * arch_ready) so that guest_teardown() undoes exactly what was done,
 * for a failed create as for a destroy.
 */
#include <libfdt.h>

#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/host_ram.h>
#include <minivisor/vdev.h>

#include "guest_priv.h"

static unsigned int region_map_attr(const struct guest_region *r)
{
	return (r->flags & GUEST_REGION_F_READ ? VM_MAP_READ : 0) |
	       (r->flags & GUEST_REGION_F_WRITE ? VM_MAP_WRITE : 0) |
	       (r->flags & GUEST_REGION_F_EXEC ? VM_MAP_EXEC : 0) |
	       VM_MAP_ORDER(r->map_order);
}

/* Copy the region's images in (at create and at every reset). */
static int region_load(struct guest_region *r)
{
	for (unsigned int i = 0; i < r->nloads; i++) {
		const struct guest_load *l = &r->loads[i];
		int err =
			guest_host_write(r->hpa + l->offset, l->data, l->size);

		if (err)
			return err;
	}
	return 0;
}

/* Frames for an alloced region, zeroed before the guest can see them. */
static int region_alloc(struct guest *g, struct guest_region *r,
			struct guest_err *e)
{
	int err = host_ram_alloc(r->size / PAGE_SIZE, r->align, &r->hpa);

	if (err)
		return guest_err_msg(e, -MV_ENOMEM,
				     "/guests/%s/aspace/%s: no 0x%llx bytes "
				     "of host RAM aligned to 0x%llx",
				     g->name, r->name,
				     (unsigned long long)r->size,
				     (unsigned long long)r->align);
	r->flags |= GUEST_REGION_F_HELD;
	err = guest_host_zero(r->hpa, r->size);
	if (err)
		return guest_err_msg(e, err,
				     "/guests/%s/aspace/%s: cannot map host "
				     "RAM to zero it",
				     g->name, r->name);
	return 0;
}

static int region_probe(struct guest *g, struct guest_region *r,
			const struct devtree *dt, int aspace,
			struct guest_err *e)
{
	int node = fdt_subnode_offset(dt->fdt, aspace, r->name);
	int err = r->vdev->probe(g, r, dt, node, &r->vdev_priv);

	if (err)
		return guest_err_node(e, err, dt, node, "compatible",
				      "%s emulator refused it (%s)",
				      r->vdev->name, mv_strerror(err));
	r->flags |= GUEST_REGION_F_PROBED;
	return 0;
}

static int region_build(struct guest *g, struct guest_region *r,
			const struct devtree *dt, int aspace,
			struct guest_err *e)
{
	int err;

	if (r->type == GUEST_REGION_EMULATED)
		return region_probe(g, r, dt, aspace, e);
	if (r->flags & GUEST_REGION_F_ALLOCED) {
		err = region_alloc(g, r, e);
		if (err)
			return err;
	}
	err = region_load(r);
	if (err)
		return guest_err_msg(e, err,
				     "/guests/%s/aspace/%s: cannot "
				     "map host memory to load images",
				     g->name, r->name);
	err = vm_arch_map(g, r->gpa, r->hpa, r->size, region_map_attr(r));
	if (err)
		return guest_err_msg(e, err,
				     "/guests/%s/aspace/%s: stage-2 "
				     "map failed (%s)",
				     g->name, r->name, mv_strerror(err));
	r->flags |= GUEST_REGION_F_MAPPED;
	return 0;
}

int guest_build(struct guest *g, const struct devtree *dt, int node,
		struct guest_err *e)
{
	int aspace = fdt_subnode_offset(dt->fdt, node, "aspace");
	int err = vm_arch_init(g);

	if (err)
		return guest_err_msg(e, err, "%s: arch setup failed (%s)",
				     g->name, mv_strerror(err));
	g->arch_ready = true;
	for (unsigned int i = 0; i < g->nregions; i++) {
		err = region_build(g, &g->regions[i], dt, aspace, e);
		if (err)
			return err;
	}
	return guest_vcpus_build(g, e);
}

static void region_teardown(struct guest *g, struct guest_region *r)
{
	if (r->flags & GUEST_REGION_F_PROBED)
		r->vdev->remove(r->vdev_priv);
	if (r->flags & GUEST_REGION_F_MAPPED)
		vm_arch_unmap(g, r->gpa, r->size);
	if (r->flags & GUEST_REGION_F_HELD)
		host_ram_free(r->hpa, r->size / PAGE_SIZE);
	r->flags &= ~(GUEST_REGION_F_PROBED | GUEST_REGION_F_MAPPED |
		      GUEST_REGION_F_HELD);
}

void guest_teardown(struct guest *g)
{
	guest_vcpus_teardown(g);
	for (unsigned int i = g->nregions; i-- > 0;)
		region_teardown(g, &g->regions[i]);
	if (g->arch_ready)
		vm_arch_destroy(g);
	g->arch_ready = false;
	guest_table_remove(g);
	mv_free(g->regions);
	mv_free(g->vcpus);
	mv_free(g);
}

int guest_regions_restore(struct guest *g)
{
	for (unsigned int i = 0; i < g->nregions; i++) {
		struct guest_region *r = &g->regions[i];
		int err = 0;

		if (r->type == GUEST_REGION_EMULATED) {
			if (r->vdev->reset)
				r->vdev->reset(r->vdev_priv);
			continue;
		}
		if (r->flags & GUEST_REGION_F_ALLOCED)
			err = guest_host_zero(r->hpa, r->size);
		if (!err)
			err = region_load(r);
		if (err)
			return err;
	}
	return 0;
}
