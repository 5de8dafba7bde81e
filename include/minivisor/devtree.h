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
};

/** A physical range from `reg`, `/memreserve/`, `reserved-memory`... */
struct dt_range {
	uint64_t base;
	uint64_t size;
};

/**
 * Validate the blob at @blob, of at most @max_len readable bytes, and
 * fill @dt. Returns 0, or -MV_EBADMSG with a reason available from
 * devtree_strerror(). Truncated and malformed blobs are refused.
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
 * Next node after @from (-1 to start) whose `compatible` list contains
 * @compat and whose `status` is absent or "okay"; -MV_ENOENT at the end.
 */
int devtree_find_compatible(const struct devtree *dt, int from,
			    const char *compat);

/** Entry @idx of @node's `reg`, translated with its parent's cells. */
int devtree_reg(const struct devtree *dt, int node, int idx,
		struct dt_range *out);

/** Read a u32 / u64 (1 or 2 cells) / string property of @node. */
int devtree_u32(const struct devtree *dt, int node, const char *name,
		uint32_t *out);
int devtree_u64(const struct devtree *dt, int node, const char *name,
		uint64_t *out);
int devtree_string(const struct devtree *dt, int node, const char *name,
		   const char **out);

/** Full path of @node into @buf; 0 or a negative error. */
int devtree_node_path(const struct devtree *dt, int node, char *buf,
		      size_t size);

#endif
