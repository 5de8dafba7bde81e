// SPDX-License-Identifier: GPL-2.0-only
/*
 * RAM banks and reservations, as the boot code needs them to build the
 * host_ram banks. Disabled nodes are skipped, as Linux does, so that a
 * tree means the same to us as to a Linux guest given the same tree.
 */
#include "devtree_priv.h"

static bool devtree_is_memory(const struct devtree *dt, int node)
{
	const char *type;

	if (devtree_string(dt, node, "device_type", &type))
		return false;
	return !strcmp(type, "memory") && devtree_node_available(dt, node);
}

/* Parent of a node found at @depth; depth 1 (the common case) is cheap. */
static int devtree_parent_at(const struct devtree *dt, int node, int depth)
{
	if (depth == 1)
		return 0;
	return fdt_parent_offset(dt->fdt, node);
}

int devtree_memory(const struct devtree *dt, struct dt_range *out, int max)
{
	struct dt_ranges rs = { .out = out, .max = max };
	int node = 0, depth = 0, parent, err;

	if (!dt_valid(dt) || (!out && max > 0) || max < 0)
		return -MV_EINVAL;
	for (;;) {
		node = fdt_next_node(dt->fdt, node, &depth);
		if (node < 0 || depth < 1)
			break; /* end of the blob, or past the root's end */
		if (!devtree_is_memory(dt, node))
			continue;
		parent = devtree_parent_at(dt, node, depth);
		if (parent < 0)
			return dt_errno(parent);
		err = dt_ranges_push_reg(dt, parent, node, &rs);
		if (err)
			return err;
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return dt_errno(node);
	return dt_ranges_result(&rs);
}

/* The /memreserve/ block of the header. */
static int devtree_memreserve(const struct devtree *dt, struct dt_ranges *rs)
{
	int n = fdt_num_mem_rsv(dt->fdt);
	uint64_t base, size;

	if (n < 0)
		return dt_errno(n);
	for (int i = 0; i < n; i++) {
		int err = fdt_get_mem_rsv(dt->fdt, i, &base, &size);

		if (err)
			return dt_errno(err);
		if (size && base + size - 1 < base)
			return -MV_EBADMSG;
		dt_ranges_push(rs, base, size);
	}
	return 0;
}

/* Children of /reserved-memory that have a `reg` (static reservations). */
static int devtree_resv_nodes(const struct devtree *dt, struct dt_ranges *rs)
{
	int parent = fdt_path_offset(dt->fdt, "/reserved-memory");
	int node, err;

	if (parent < 0)
		return parent == -FDT_ERR_NOTFOUND ? 0 : dt_errno(parent);
	fdt_for_each_subnode(node, dt->fdt, parent) {
		if (!devtree_node_available(dt, node))
			continue;
		err = dt_ranges_push_reg(dt, parent, node, rs);
		if (err)
			return err;
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : dt_errno(node);
}

/* /chosen linux,initrd-start and -end, each of one or two cells. */
static int devtree_initrd(const struct devtree *dt, struct dt_ranges *rs)
{
	int chosen = fdt_path_offset(dt->fdt, "/chosen");
	uint64_t start, end;
	int err;

	if (chosen < 0)
		return chosen == -FDT_ERR_NOTFOUND ? 0 : dt_errno(chosen);
	err = devtree_u64(dt, chosen, "linux,initrd-start", &start);
	if (!err)
		err = devtree_u64(dt, chosen, "linux,initrd-end", &end);
	if (err)
		return err == -MV_ENOENT ? 0 : err;
	if (end < start)
		return -MV_EBADMSG;
	dt_ranges_push(rs, start, end - start);
	return 0;
}

int devtree_reserved(const struct devtree *dt, struct dt_range *out, int max)
{
	struct dt_ranges rs = { .out = out, .max = max };
	int err;

	if (!dt_valid(dt) || (!out && max > 0) || max < 0)
		return -MV_EINVAL;
	err = devtree_memreserve(dt, &rs);
	if (!err)
		err = devtree_resv_nodes(dt, &rs);
	if (err)
		return err;
	dt_ranges_push(&rs, dt->phys, dt->size);
	err = devtree_initrd(dt, &rs);
	return err ? err : dt_ranges_result(&rs);
}
