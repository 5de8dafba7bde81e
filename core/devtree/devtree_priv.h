/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the files of core/devtree; not a public API. */
#ifndef CORE_DEVTREE_PRIV_H
#define CORE_DEVTREE_PRIV_H

/*
 * libfdt_env.h includes <limits.h>; in a -nostdinc freestanding build
 * gcc's own limits.h would chain to a C library one that is not there.
 * Telling it that the C library part is done keeps only gcc's limits.
 * (A include/libc/limits.h would make this unnecessary.)
 */
#if !__STDC_HOSTED__ && !defined(_LIBC_LIMITS_H_)
#define _LIBC_LIMITS_H_
#endif
#include <libfdt.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>

/** Largest #address-cells / #size-cells the readers accept. */
#define DT_MAX_CELLS 2

/** An output array of ranges being filled. */
struct dt_ranges {
	struct dt_range *out;
	int max;
	int n;
	bool overflow;
};

/** A node's `reg` split into entries of its parent's cell counts. */
struct dt_reg {
	const fdt32_t *cells;
	int count; /* entries */
	int ac, sc; /* cells per address and per size */
};

/** Map a negative libfdt error to a negative MV_E* code. */
int dt_errno(int fdt_err);

/** True when @dt looks like the result of a successful devtree_open(). */
bool dt_valid(const struct devtree *dt);

/**
 * Read @node's `reg` with the cells of @parent. Returns 0 (count 0 when
 * there is no `reg`), or -MV_EBADMSG for bad cells or a bad length.
 */
int dt_reg_get(const struct devtree *dt, int parent, int node,
	       struct dt_reg *reg);

/** Big-endian value of @n (0..2) cells at @p; unaligned-safe. */
uint64_t dt_read_cells(const fdt32_t *p, int n);

/** Entry @idx of @reg (idx < reg->count); -MV_EBADMSG if it wraps. */
int dt_reg_entry(const struct dt_reg *reg, int idx, struct dt_range *out);

/** Append @r unless it is empty; remember an overflow. */
void dt_ranges_push(struct dt_ranges *rs, uint64_t base, uint64_t size);

/** Push every entry of @node's `reg` (parent @parent) into @rs. */
int dt_ranges_push_reg(const struct devtree *dt, int parent, int node,
		       struct dt_ranges *rs);

/** The count to return for @rs: n, or -MV_ENOSPC after an overflow. */
int dt_ranges_result(const struct dt_ranges *rs);

#endif
