// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest descriptions, region level: one node under /guests/<g>/aspace.
 * Each check names the node and the property at fault. Images named by
 * `load_images` are looked up here so that a missing or oversized one
 * refuses the guest before any host memory is taken.
 */
#include <string.h>

#include <libfdt.h>

#include <minivisor/errno.h>
#include <minivisor/string.h>
#include <minivisor/vdev.h>

#include "guest_priv.h"

#define RF_RWX \
	(GUEST_REGION_F_READ | GUEST_REGION_F_WRITE | GUEST_REGION_F_EXEC)
#define RF_RX (GUEST_REGION_F_READ | GUEST_REGION_F_EXEC)
/* Limits of align_order and map_order. */
#define ALIGN_ORDER_MIN PAGE_SHIFT
#define ALIGN_ORDER_MAX 30

static const struct {
	const char *name;
	enum guest_region_type type;
	unsigned int flags;
} region_kinds[] = {
	{ "alloced_ram", GUEST_REGION_ALLOCED_RAM,
	  RF_RWX | GUEST_REGION_F_ALLOCED },
	{ "alloced_rom", GUEST_REGION_ALLOCED_ROM,
	  RF_RX | GUEST_REGION_F_ALLOCED },
	{ "ram", GUEST_REGION_RAM, RF_RWX },
	{ "rom", GUEST_REGION_ROM, RF_RX },
};

static bool region_has_host(const struct guest_region *r)
{
	return r->type == GUEST_REGION_RAM || r->type == GUEST_REGION_ROM;
}

/* An emulated device: the first compatible string a vdev knows. */
static int region_parse_compatible(struct guest_region *r,
				   const struct devtree *dt, int node,
				   struct guest_err *e)
{
	int n = fdt_stringlist_count(dt->fdt, node, "compatible");
	const char *first = NULL;

	if (n <= 0)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "compatible",
				      "malformed string list");
	for (int i = 0; i < n && !r->vdev; i++) {
		const char *c = fdt_stringlist_get(dt->fdt, node, "compatible",
						   i, NULL);

		if (!c)
			break;
		first = first ? first : c;
		r->vdev = vdev_find(c);
	}
	if (!r->vdev)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "compatible",
				      "no emulated device for '%s'",
				      first ? first : "");
	r->type = GUEST_REGION_EMULATED;
	r->flags = GUEST_REGION_F_READ | GUEST_REGION_F_WRITE;
	return 0;
}

/* device_type (a memory kind) or compatible (a device), not both. */
static int region_parse_type(struct guest_region *r, const struct devtree *dt,
			     int node, struct guest_err *e)
{
	bool has_compat = fdt_getprop(dt->fdt, node, "compatible", NULL);
	int len;
	const char *type = fdt_getprop(dt->fdt, node, "device_type", &len);

	if (!type && has_compat)
		return region_parse_compatible(r, dt, node, e);
	if (!type)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "device_type",
				      "missing (alloced_ram, alloced_rom, ram, "
				      "rom, or a compatible)");
	/* Exactly one non-empty string: no cells, no string list. */
	if (len < 2 || type[len - 1] || strlen(type) != (size_t)len - 1)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "device_type",
				      "not a string");
	if (has_compat)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "device_type",
				      "not allowed with compatible");
	for (unsigned int i = 0; i < ARRAY_SIZE(region_kinds); i++) {
		if (strcmp(type, region_kinds[i].name))
			continue;
		r->type = region_kinds[i].type;
		r->flags = region_kinds[i].flags;
		return 0;
	}
	return guest_err_node(e, -MV_EBADMSG, dt, node, "device_type",
			      "unknown '%s'", type);
}

/* A required, page-aligned address or size property. */
static int region_parse_addr(uint64_t *out, const char *prop,
			     const struct devtree *dt, int node,
			     struct guest_err *e)
{
	int err = devtree_u64(dt, node, prop, out);

	if (err == -MV_ENOENT)
		return guest_err_node(e, -MV_EBADMSG, dt, node, prop,
				      "missing");
	if (err)
		return guest_err_node(e, -MV_EBADMSG, dt, node, prop,
				      "must be one or two cells");
	if (!IS_ALIGNED(*out, PAGE_SIZE))
		return guest_err_node(e, -MV_EBADMSG, dt, node, prop,
				      "0x%llx not 4 KiB aligned",
				      (unsigned long long)*out);
	return 0;
}

static int region_parse_range(struct guest_region *r, const struct devtree *dt,
			      int node, struct guest_err *e)
{
	const uint64_t ipa_end = 1ULL << ARCH_GUEST_IPA_BITS;
	int err;

	err = region_parse_addr(&r->gpa, "guest_physical_addr", dt, node, e);
	if (!err)
		err = region_parse_addr(&r->size, "physical_size", dt, node, e);
	if (err)
		return err;
	if (!r->size)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "physical_size",
				      "must not be 0");
	if (r->gpa >= ipa_end || r->size > ipa_end - r->gpa)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "physical_size",
				      "region ends beyond the %d-bit guest "
				      "address space",
				      ARCH_GUEST_IPA_BITS);
	return 0;
}

/* host_physical_addr: required for ram/rom, refused elsewhere. */
static int region_parse_host(struct guest_region *r, const struct devtree *dt,
			     int node, struct guest_err *e)
{
	bool has = fdt_getprop(dt->fdt, node, "host_physical_addr", NULL);
	int err;

	if (!region_has_host(r))
		return has ? guest_err_node(e, -MV_EBADMSG, dt, node,
					    "host_physical_addr",
					    "only for ram and rom regions") :
			     0;
	err = region_parse_addr(&r->hpa, "host_physical_addr", dt, node, e);
	if (err)
		return err;
	if (r->hpa + r->size < r->hpa)
		return guest_err_node(e, -MV_EBADMSG, dt, node,
				      "host_physical_addr",
				      "range wraps around");
	return 0;
}

/* align_order: host alignment of alloced frames, 2^12..2^30. */
static int region_parse_align(struct guest_region *r, const struct devtree *dt,
			      int node, struct guest_err *e)
{
	uint32_t order = ALIGN_ORDER_MIN;
	int err = devtree_u32(dt, node, "align_order", &order);

	r->align = PAGE_SIZE;
	if (err == -MV_ENOENT)
		return 0;
	if (!(r->flags & GUEST_REGION_F_ALLOCED))
		return guest_err_node(e, -MV_EBADMSG, dt, node, "align_order",
				      "only for alloced_ram and alloced_rom");
	if (err)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "align_order",
				      "must be one cell");
	if (order < ALIGN_ORDER_MIN || order > ALIGN_ORDER_MAX)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "align_order",
				      "%u not in %d..%d", order,
				      ALIGN_ORDER_MIN, ALIGN_ORDER_MAX);
	r->align = 1ULL << order;
	return 0;
}

/* The property whose value 2^@order does not divide, or NULL. */
static const char *region_order_misfit(const struct guest_region *r,
				       unsigned int order, uint64_t *val)
{
	uint64_t block = 1ULL << order;

	*val = r->gpa;
	if (!IS_ALIGNED(r->gpa, block))
		return "guest_physical_addr";
	*val = r->size;
	if (!IS_ALIGNED(r->size, block))
		return "physical_size";
	*val = r->hpa;
	if (region_has_host(r) && !IS_ALIGNED(r->hpa, block))
		return "host_physical_addr";
	return NULL;
}

/*
 * Blocks of 2^@order must be possible: guest and host addresses and
 * size multiples of the block, alloced frames aligned to it. A limit
 * the region could never reach is a mistake in the description.
 */
static int region_check_map_order(struct guest_region *r, unsigned int order,
				  const struct devtree *dt, int node,
				  struct guest_err *e)
{
	uint64_t val;
	const char *what = region_order_misfit(r, order, &val);

	if (what)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "map_order",
				      "%u: %s 0x%llx is not a multiple of "
				      "0x%llx",
				      order, what, (unsigned long long)val,
				      1ULL << order);
	if ((r->flags & GUEST_REGION_F_ALLOCED) && r->align < (1ULL << order))
		return guest_err_node(e, -MV_EBADMSG, dt, node, "map_order",
				      "%u needs align_order >= %u (frames "
				      "aligned to 0x%llx)",
				      order, order,
				      (unsigned long long)r->align);
	return 0;
}

/* map_order: the largest stage-2 block for the region, 2^12..2^30. */
static int region_parse_map_order(struct guest_region *r,
				  const struct devtree *dt, int node,
				  struct guest_err *e)
{
	uint32_t order = 0;
	int err = devtree_u32(dt, node, "map_order", &order);

	r->map_order = 0;
	if (err == -MV_ENOENT)
		return 0;
	if (r->type == GUEST_REGION_EMULATED)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "map_order",
				      "not for an emulated device");
	if (err)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "map_order",
				      "must be one cell");
	if (order < ALIGN_ORDER_MIN || order > ALIGN_ORDER_MAX)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "map_order",
				      "%u not in %d..%d", order,
				      ALIGN_ORDER_MIN, ALIGN_ORDER_MAX);
	err = region_check_map_order(r, order, dt, node, e);
	if (!err)
		r->map_order = order;
	return err;
}

/* Split "name@offset" into @l; the offset defaults to 0. */
static int region_split_load(struct guest_load *l, const char *s)
{
	const char *at = strrchr(s, '@');
	size_t n = at ? (size_t)(at - s) : strlen(s);

	if (!n || n >= sizeof(l->name))
		return -MV_EINVAL;
	memcpy(l->name, s, n);
	l->name[n] = '\0';
	l->offset = 0;
	return at ? str_parse_u64(at + 1, &l->offset) : 0;
}

/* One `load_images` entry: well formed, found, and fitting. */
static int region_parse_load(struct guest_region *r, struct guest_load *l,
			     const char *s, const struct devtree *dt, int node,
			     struct guest_err *e)
{
	if (region_split_load(l, s))
		return guest_err_node(e, -MV_EBADMSG, dt, node, "load_images",
				      "bad entry '%s' (name or name@offset)",
				      s);
	if (guest_image_find(l->name, &l->data, &l->size))
		return guest_err_node(e, -MV_EBADMSG, dt, node, "load_images",
				      "no image '%s' (embedded or in the boot "
				      "bundle)",
				      l->name);
	if (l->offset > r->size || l->size > r->size - l->offset)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "load_images",
				      "'%s' (%zu bytes at 0x%llx) does not fit "
				      "in 0x%llx bytes",
				      l->name, l->size,
				      (unsigned long long)l->offset,
				      (unsigned long long)r->size);
	return 0;
}

static int region_parse_loads(struct guest_region *r, const struct devtree *dt,
			      int node, struct guest_err *e)
{
	int n = fdt_stringlist_count(dt->fdt, node, "load_images");

	if (n == -FDT_ERR_NOTFOUND)
		return 0;
	if (r->type == GUEST_REGION_EMULATED)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "load_images",
				      "not for an emulated device");
	if (n <= 0 || n > GUEST_REGION_MAX_LOADS)
		return guest_err_node(e, -MV_EBADMSG, dt, node, "load_images",
				      "need 1..%d strings",
				      GUEST_REGION_MAX_LOADS);
	for (int i = 0; i < n; i++) {
		const char *s = fdt_stringlist_get(dt->fdt, node, "load_images",
						   i, NULL);
		int err =
			s ? region_parse_load(r, &r->loads[i], s, dt, node, e) :
			    -MV_EBADMSG;

		if (err)
			return err;
	}
	r->nloads = (unsigned int)n;
	return 0;
}

static int region_parse_name(struct guest_region *r, const struct devtree *dt,
			     int node, struct guest_err *e)
{
	int len;
	const char *name = fdt_get_name(dt->fdt, node, &len);

	if (!name || len <= 0 || len >= GUEST_NAME_MAX)
		return guest_err_node(e, -MV_EBADMSG, dt, node, NULL,
				      "region name longer than %d bytes",
				      GUEST_NAME_MAX - 1);
	memcpy(r->name, name, (size_t)len + 1);
	return 0;
}

int guest_parse_region(struct guest_region *r, const struct devtree *dt,
		       int node, struct guest_err *e)
{
	int err;

	err = region_parse_name(r, dt, node, e);
	if (!err)
		err = region_parse_type(r, dt, node, e);
	if (!err)
		err = region_parse_range(r, dt, node, e);
	if (!err)
		err = region_parse_host(r, dt, node, e);
	if (!err)
		err = region_parse_align(r, dt, node, e);
	if (!err)
		err = region_parse_map_order(r, dt, node, e);
	if (!err)
		err = region_parse_loads(r, dt, node, e);
	return err;
}
