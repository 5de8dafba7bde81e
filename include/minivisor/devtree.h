/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device-tree access on top of libfdt. A blob is checked once when it
 * is opened (header, sizes, structure); every reader below returns a
 * negative MV_E* code instead of trusting the blob.
 */
#ifndef MINIVISOR_DEVTREE_H
#define MINIVISOR_DEVTREE_H

#include <minivisor/types.h>

/** An opened, validated blob. */
struct devtree {
	const void *fdt;
	size_t size; /* totalsize from the header */
	uint64_t phys; /* where the blob sits in RAM, for devtree_reserved() */
};

/** A physical range from `reg`, `/memreserve/`, `reserved-memory`... */
struct dt_range {
	uint64_t base;
	uint64_t size;
};

/**
 * Validate the blob at @blob, of at most @max_len readable bytes, and
 * fill @dt. Returns 0, or -MV_EBADMSG (-MV_EINVAL for NULL arguments)
 * with a reason available from devtree_last_error(). Truncated and
 * malformed blobs are refused. @dt->phys is set to the blob's address;
 * change it with devtree_set_phys() when that is not its physical one.
 */
int devtree_open(struct devtree *dt, const void *blob, size_t max_len);

/** Human-readable reason of the last devtree_open() failure. */
const char *devtree_last_error(void);

/**
 * Collect every `reg` range of every node with device_type "memory",
 * honouring the parent's #address-cells/#size-cells. Returns the number
 * of ranges written to @out (at most @max), -MV_ENOSPC if more exist,
 * or -MV_EBADMSG for malformed properties. Empty ranges are skipped.
 */
int devtree_memory(const struct devtree *dt, struct dt_range *out, int max);

/**
 * Collect the ranges that must not be handed out: /memreserve/ entries,
 * reserved-memory children with `reg`, the blob itself and the
 * /chosen initrd (linux,initrd-start/end). Same returns as above.
 */
int devtree_reserved(const struct devtree *dt, struct dt_range *out, int max);

/** /chosen/bootargs, or NULL when absent. */
const char *devtree_bootargs(const struct devtree *dt);

/**
 * Value of `key="..."` or `key=word` in bootargs copied to @buf (quotes
 * removed). Returns its length, -MV_ENOENT, or -MV_ENOSPC.
 */
int devtree_bootarg(const struct devtree *dt, const char *key, char *buf,
		    size_t size);

/** Node offset for @path, or -MV_ENOENT. */
int devtree_path(const struct devtree *dt, const char *path);

/**
 * True when @node's `compatible` list contains @compat (a last string
 * without its NUL matches nothing); `status` is not looked at.
 */
bool devtree_is_compatible(const struct devtree *dt, int node,
			   const char *compat);

/**
 * Next node after @from (-1 to start) whose `compatible` list contains
 * @compat and whose `status` is absent or "okay"; -MV_ENOENT at the end.
 */
int devtree_find_compatible(const struct devtree *dt, int from,
			    const char *compat);

/** Entry @idx of @node's `reg`, translated with its parent's cells. */
int devtree_reg(const struct devtree *dt, int node, int idx,
		struct dt_range *out);

/**
 * Read the u32 property @name of @node (exactly one cell). Returns 0,
 * -MV_ENOENT when absent, -MV_EBADMSG for another length.
 */
int devtree_u32(const struct devtree *dt, int node, const char *name,
		uint32_t *out);

/** Read a u64 property stored as one or two cells; returns as above. */
int devtree_u64(const struct devtree *dt, int node, const char *name,
		uint64_t *out);

/**
 * Point *@out at the (first) string of property @name, which must be
 * NUL-terminated inside the property. Returns 0, -MV_ENOENT, -MV_EBADMSG.
 */
int devtree_string(const struct devtree *dt, int node, const char *name,
		   const char **out);

/** Full path of @node into @buf; 0 or a negative error. */
int devtree_node_path(const struct devtree *dt, int node, char *buf,
		      size_t size);

/**
 * Record that the blob lives at physical address @phys (it is reported
 * by devtree_reserved()); needed when @dt->fdt is a virtual address.
 */
void devtree_set_phys(struct devtree *dt, uint64_t phys);

/** True when @node has no `status` or status "okay" (or "ok"). */
bool devtree_node_available(const struct devtree *dt, int node);

/** Output sink of devtree_print(): @len bytes at @s, not NUL-terminated. */
typedef void (*devtree_out_fn)(void *arg, const char *s, size_t len);

/**
 * Print the subtree at @node (0: the whole tree, with its /memreserve/
 * entries) in the dts-like format of docs/devtree.md through @out.
 * Returns 0, -MV_EINVAL for a bad node, -MV_EBADMSG for a broken blob.
 */
int devtree_print(const struct devtree *dt, int node, devtree_out_fn out,
		  void *arg);

/**
 * devtree_print() of the node at @path (NULL or "" for the whole tree).
 * Returns 0, -MV_ENOENT for an unknown path, or devtree_print()'s error.
 */
int devtree_print_path(const struct devtree *dt, const char *path,
		       devtree_out_fn out, void *arg);

/** Maximum RAM banks and reservations devtree_layout() reports. */
#define DT_LAYOUT_MAX_BANKS 16
#define DT_LAYOUT_MAX_RESV 32

/** The host RAM layout as the ports need it at boot. */
struct dt_layout {
	struct dt_range bank[DT_LAYOUT_MAX_BANKS]; /* sorted, disjoint */
	int nr_banks;
	struct dt_range resv[DT_LAYOUT_MAX_RESV]; /* sorted, merged */
	int nr_resv;
};

/**
 * Fill @l from devtree_memory() and devtree_reserved() in one call:
 * banks sorted by base (overlapping banks are -MV_EBADMSG), reservations
 * sorted with overlapping or adjacent ones merged. Returns 0 or the
 * first error of those calls (-MV_ENOSPC beyond the limits above).
 */
int devtree_layout(const struct devtree *dt, struct dt_layout *l);

#endif
