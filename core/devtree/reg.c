// SPDX-License-Identifier: GPL-2.0-only
/*
 * `reg` decoding: entries of #address-cells + #size-cells cells taken
 * from the parent node, limited to two cells each because every range
 * here is a 64-bit physical address and size.
 */
#include "devtree_priv.h"

/* #address-cells or #size-cells of @node, @def when absent. */
static int devtree_cells(const struct devtree *dt, int node, const char *name,
			 uint32_t def, uint32_t min)
{
	uint32_t val;
	int err = devtree_u32(dt, node, name, &val);

	if (err == -MV_ENOENT)
		return def;
	if (err)
		return err;
	if (val < min || val > DT_MAX_CELLS)
		return -MV_EBADMSG;
	return val;
}

int dt_reg_get(const struct devtree *dt, int parent, int node,
	       struct dt_reg *reg)
{
	int len, entry;

	reg->count = 0;
	reg->cells = fdt_getprop(dt->fdt, node, "reg", &len);
	if (!reg->cells)
		return len == -FDT_ERR_NOTFOUND ? 0 : dt_errno(len);
	reg->ac = devtree_cells(dt, parent, "#address-cells", 2, 1);
	if (reg->ac < 0)
		return reg->ac;
	reg->sc = devtree_cells(dt, parent, "#size-cells", 1, 0);
	if (reg->sc < 0)
		return reg->sc;
	entry = (reg->ac + reg->sc) * (int)sizeof(fdt32_t);
	if (len % entry)
		return -MV_EBADMSG;
	reg->count = len / entry;
	return 0;
}

uint64_t dt_read_cells(const fdt32_t *p, int n)
{
	uint64_t val = 0;

	for (int i = 0; i < n; i++)
		val = val << 32 | fdt32_ld(p + i);
	return val;
}

int dt_reg_entry(const struct dt_reg *reg, int idx, struct dt_range *out)
{
	const fdt32_t *p = reg->cells + idx * (reg->ac + reg->sc);

	out->base = dt_read_cells(p, reg->ac);
	out->size = dt_read_cells(p + reg->ac, reg->sc);
	if (out->size && out->base + out->size - 1 < out->base)
		return -MV_EBADMSG; /* wraps past the top of the space */
	return 0;
}

int devtree_reg(const struct devtree *dt, int node, int idx,
		struct dt_range *out)
{
	struct dt_reg reg;
	int parent, err;

	if (!dt_valid(dt) || node < 0 || idx < 0 || !out)
		return -MV_EINVAL;
	parent = fdt_parent_offset(dt->fdt, node);
	if (parent < 0)
		return parent == -FDT_ERR_NOTFOUND ? -MV_ENOENT :
						     dt_errno(parent);
	err = dt_reg_get(dt, parent, node, &reg);
	if (err)
		return err;
	if (idx >= reg.count)
		return -MV_ENOENT;
	return dt_reg_entry(&reg, idx, out);
}

void dt_ranges_push(struct dt_ranges *rs, uint64_t base, uint64_t size)
{
	if (!size)
		return;
	if (rs->n >= rs->max) {
		rs->overflow = true;
		return;
	}
	rs->out[rs->n].base = base;
	rs->out[rs->n].size = size;
	rs->n++;
}

int dt_ranges_push_reg(const struct devtree *dt, int parent, int node,
		       struct dt_ranges *rs)
{
	struct dt_reg reg;
	struct dt_range r;
	int err = dt_reg_get(dt, parent, node, &reg);

	for (int i = 0; !err && i < reg.count; i++) {
		err = dt_reg_entry(&reg, i, &r);
		if (!err)
			dt_ranges_push(rs, r.base, r.size);
	}
	return err;
}

int dt_ranges_result(const struct dt_ranges *rs)
{
	return rs->overflow ? -MV_ENOSPC : rs->n;
}
