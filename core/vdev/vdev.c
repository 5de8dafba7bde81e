// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulated-device core: the table of built-in emulators, lookup by
 * compatible, and the MMIO dispatcher. The dispatcher is the only
 * place that validates a guest access (size, alignment, bounds), so
 * each emulator can trust what its register callbacks receive.
 */
#include <string.h>

#include <libfdt.h>

#include <arch/guest.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

#include "vdev_priv.h"

static const struct vdev_type *const vdev_builtins[] = {
	&vpl011_type,
	&vtestdev_type,
};

const struct vdev_type *vdev_find(const char *compatible)
{
	const struct vdev_type *arch;

	if (!compatible)
		return NULL;
	arch = vdev_arch_find(compatible);
	if (arch)
		return arch;
	for (size_t i = 0; i < ARRAY_SIZE(vdev_builtins); i++) {
		const char *const *c = vdev_builtins[i]->compatible;

		for (; *c; c++)
			if (!strcmp(*c, compatible))
				return vdev_builtins[i];
	}
	return NULL;
}

const struct vdev_type *vdev_type_at(unsigned int i)
{
	return i < ARRAY_SIZE(vdev_builtins) ? vdev_builtins[i] : NULL;
}

int vdev_irq_connect(const struct vdev_type *type, void *priv, vdev_irq_fn fn,
		     void *ctx)
{
	if (!type || !priv)
		return -MV_EINVAL;
	if (!type->irq_connect)
		return -MV_ENOTSUP;
	return type->irq_connect(priv, fn, ctx);
}

int vdev_check_type(const struct vdev_type *type)
{
	uint64_t end = 0;

	if (!type || !type->regs || !type->nregs || !type->compatible)
		return -MV_EINVAL;
	for (unsigned int i = 0; i < type->nregs; i++) {
		const struct vdev_reg *r = &type->regs[i];
		unsigned int smallest;

		if (!r->len || r->offset + r->len < r->offset)
			return -MV_EINVAL;
		if (i && r->offset < end) /* unsorted or overlapping */
			return -MV_EINVAL;
		if (!r->sizes || (r->sizes & ~0xfu))
			return -MV_EINVAL;
		smallest = 1u << __builtin_ctz(r->sizes);
		if (r->len < smallest || !IS_ALIGNED(r->offset, smallest))
			return -MV_EINVAL;
		end = r->offset + r->len;
	}
	return 0;
}

/* The register whose range contains @off: binary search by offset. */
static const struct vdev_reg *vdev_reg_lookup(const struct vdev_type *type,
					      uint64_t off)
{
	unsigned int lo = 0, hi = type->nregs;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct vdev_reg *r = &type->regs[mid];

		if (off < r->offset)
			hi = mid;
		else if (off - r->offset >= r->len)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

static uint64_t vdev_size_mask(unsigned int size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

enum vdev_result vdev_mmio_dispatch(const struct vdev_type *type, void *priv,
				    struct vdev_access *a)
{
	const struct vdev_reg *r;

	if (!type || !a)
		return VDEV_BAD_ACCESS;
	if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
		return VDEV_BAD_ACCESS;
	/* Natural alignment: no access straddles two registers' lanes. */
	if (!IS_ALIGNED(a->offset, (uint64_t)a->size))
		return VDEV_BAD_ACCESS;
	r = vdev_reg_lookup(type, a->offset);
	if (!r || !(r->sizes & a->size) ||
	    a->offset - r->offset + a->size > r->len)
		return VDEV_BAD_ACCESS;
	if (a->write) {
		a->value &= vdev_size_mask(a->size);
		if (r->write)
			r->write(priv, a);
	} else {
		a->value = r->read ?
				   r->read(priv, a) & vdev_size_mask(a->size) :
				   0;
	}
	return VDEV_OK;
}

/* Node name up to its unit address: "uart0@9000000" -> "uart0". */
int vdev_instance_name(const struct guest *guest, const struct devtree *dt,
		       int node, char *buf, size_t size)
{
	const char *gname, *leaf;
	size_t n;
	int ret;

	if (!guest || !dt || node < 0 || !buf || !size)
		return -MV_EINVAL;
	gname = guest_name(guest);
	if (!gname || !*gname)
		return -MV_EINVAL;
	leaf = fdt_get_name(dt->fdt, node, NULL);
	if (!leaf)
		return -MV_EINVAL;
	n = strcspn(leaf, "@");
	if (!n)
		return -MV_EINVAL;
	ret = mv_snprintf(buf, size, "%s/%.*s", gname, (int)n, leaf);
	return ret < 0 || (size_t)ret >= size ? -MV_ENAMETOOLONG : 0;
}
