// SPDX-License-Identifier: GPL-2.0-only
/*
 * Property and node readers. libfdt bound-checks offsets against the
 * structure block; these add the length and type checks on values so
 * that a malformed property is an error, never a read past its end.
 */
#include "devtree_priv.h"

/* Property @name of @node and its length, or a negative MV_E* code. */
static int devtree_prop(const struct devtree *dt, int node, const char *name,
			const void **val)
{
	int len;

	if (!dt_valid(dt) || !name || node < 0)
		return -MV_EINVAL;
	*val = fdt_getprop(dt->fdt, node, name, &len);
	if (!*val)
		return dt_errno(len);
	return len;
}

int devtree_u32(const struct devtree *dt, int node, const char *name,
		uint32_t *out)
{
	const void *val;
	int len = devtree_prop(dt, node, name, &val);

	if (len < 0)
		return len;
	if (len != sizeof(fdt32_t))
		return -MV_EBADMSG;
	*out = fdt32_ld(val);
	return 0;
}

int devtree_u64(const struct devtree *dt, int node, const char *name,
		uint64_t *out)
{
	const fdt32_t *val;
	int len = devtree_prop(dt, node, name, (const void **)&val);

	if (len < 0)
		return len;
	if (len != sizeof(fdt32_t) && len != 2 * sizeof(fdt32_t))
		return -MV_EBADMSG;
	*out = dt_read_cells(val, len / (int)sizeof(fdt32_t));
	return 0;
}

int devtree_string(const struct devtree *dt, int node, const char *name,
		   const char **out)
{
	const void *val;
	int len = devtree_prop(dt, node, name, &val);

	if (len < 0)
		return len;
	if (len == 0 || !memchr(val, '\0', len))
		return -MV_EBADMSG;
	*out = val;
	return 0;
}

bool devtree_node_available(const struct devtree *dt, int node)
{
	const char *status;
	int err = devtree_string(dt, node, "status", &status);

	if (err == -MV_ENOENT)
		return true;
	if (err)
		return false;
	return !strcmp(status, "okay") || !strcmp(status, "ok");
}

int devtree_path(const struct devtree *dt, const char *path)
{
	int node;

	if (!dt_valid(dt) || !path)
		return -MV_EINVAL;
	node = fdt_path_offset(dt->fdt, path);
	if (node == -FDT_ERR_BADPATH)
		return -MV_ENOENT;
	return node < 0 ? dt_errno(node) : node;
}

/*
 * fdt_stringlist_search() rather than fdt_node_offset_by_compatible():
 * it refuses a list whose last string lacks its NUL instead of letting
 * the byte after the property complete the match.
 */
bool devtree_is_compatible(const struct devtree *dt, int node,
			   const char *compat)
{
	return dt_valid(dt) && node >= 0 && compat &&
	       fdt_stringlist_search(dt->fdt, node, "compatible", compat) >= 0;
}

int devtree_find_compatible(const struct devtree *dt, int from,
			    const char *compat)
{
	int node = from;

	if (!dt_valid(dt) || !compat || from < -1)
		return -MV_EINVAL;
	for (;;) {
		node = fdt_next_node(dt->fdt, node, NULL);
		if (node < 0)
			return dt_errno(node);
		if (devtree_is_compatible(dt, node, compat) &&
		    devtree_node_available(dt, node))
			return node;
	}
}

int devtree_node_path(const struct devtree *dt, int node, char *buf,
		      size_t size)
{
	int err;

	if (!dt_valid(dt) || !buf || node < 0)
		return -MV_EINVAL;
	if (size == 0)
		return -MV_ENOSPC;
	err = fdt_get_path(dt->fdt, node, buf, (int)MIN(size, INT32_MAX));
	return dt_errno(err);
}
