// SPDX-License-Identifier: GPL-2.0-only
/*
 * Isolation checks for `ram` and `rom` regions, which name a host
 * range instead of taking frames from host_ram: the range must not be
 * host RAM (the hypervisor's own memory and frames it hands out), a
 * host device the hypervisor drives, or a range another region of any
 * guest already uses.
 */
#include <string.h>

#include <libfdt.h>

#include <minivisor/errno.h>
#include <minivisor/host_ram.h>

#include "guest_priv.h"

#define ULL(x) ((unsigned long long)(x))

static int check_error(const struct guest *g, const struct guest_region *r,
		       struct guest_err *e, const char *what)
{
	return guest_err_msg(e, -MV_EBUSY,
			     "/guests/%s/aspace/%s: host_physical_addr: "
			     "0x%llx-0x%llx overlaps %s",
			     g->name, r->name, ULL(r->hpa),
			     ULL(r->hpa + r->size - 1), what);
}

static int check_host_ram(const struct guest *g, const struct guest_region *r,
			  struct guest_err *e)
{
	struct host_ram_bank_info b;

	for (unsigned int i = 0; !host_ram_bank_info(i, &b); i++)
		if (ranges_overlap(r->hpa, r->size, b.start, b.size))
			return check_error(g, r, e, "host RAM");
	return 0;
}

/* True when @node is a RAM node (covered by the host RAM check). */
static bool check_is_memory(const struct devtree *dt, int node)
{
	const char *type;

	return !devtree_string(dt, node, "device_type", &type) &&
	       !strcmp(type, "memory");
}

static int check_host_devices(const struct guest *g,
			      const struct guest_region *r, struct guest_err *e)
{
	const struct devtree *dt = guest_config_host_tree();
	struct dt_range reg;
	int node;

	if (!dt)
		return 0;
	for (node = fdt_next_node(dt->fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(dt->fdt, node, NULL)) {
		if (!devtree_node_available(dt, node) ||
		    check_is_memory(dt, node))
			continue;
		for (int i = 0; !devtree_reg(dt, node, i, &reg); i++)
			if (ranges_overlap(r->hpa, r->size, reg.base, reg.size))
				return check_error(g, r, e,
						   fdt_get_name(dt->fdt, node,
								NULL));
	}
	return 0;
}

/* Against the ram/rom ranges of @other's regions (@other may be @g). */
static int check_guest(const struct guest *g, const struct guest_region *r,
		       const struct guest *other, struct guest_err *e)
{
	for (unsigned int i = 0; i < other->nregions; i++) {
		const struct guest_region *o = &other->regions[i];

		/* Alloced frames are host RAM, refused above already. */
		if (o->type != GUEST_REGION_RAM && o->type != GUEST_REGION_ROM)
			continue;
		/* Within @g, name the later region: compare with earlier. */
		if (other == g && o >= r)
			break;
		if (!ranges_overlap(r->hpa, r->size, o->hpa, o->size))
			continue;
		return guest_err_msg(
			e, -MV_EBUSY,
			"/guests/%s/aspace/%s: host_physical_addr: "
			"0x%llx-0x%llx overlaps guest '%s' "
			"region '%s'",
			g->name, r->name, ULL(r->hpa),
			ULL(r->hpa + r->size - 1), other->name, o->name);
	}
	return 0;
}

static int check_guests(const struct guest *g, const struct guest_region *r,
			struct guest_err *e)
{
	irqflags_t flags = guest_lock();
	int err = check_guest(g, r, g, e);

	for (unsigned int id = 0; !err && id < CONFIG_GUEST_MAX; id++) {
		struct guest *o = guest_by_id(id);

		if (o && o != g)
			err = check_guest(g, r, o, e);
	}
	guest_unlock(flags);
	return err;
}

int guest_check_host_ranges(const struct guest *g, struct guest_err *e)
{
	for (unsigned int i = 0; i < g->nregions; i++) {
		const struct guest_region *r = &g->regions[i];
		int err;

		if (r->type != GUEST_REGION_RAM && r->type != GUEST_REGION_ROM)
			continue;
		err = check_host_ram(g, r, e);
		if (!err)
			err = check_host_devices(g, r, e);
		if (!err)
			err = check_guests(g, r, e);
		if (err)
			return err;
	}
	return 0;
}
