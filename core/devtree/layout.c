// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host RAM layout in one call, for the ports' init code: banks
 * sorted and checked for overlaps, reservations sorted and merged.
 */
#include "devtree_priv.h"

/* Insertion sort by base: a few dozen ranges at most, once at boot. */
static void devtree_sort_ranges(struct dt_range *r, int n)
{
	for (int i = 1; i < n; i++) {
		struct dt_range cur = r[i];
		int j = i;

		for (; j > 0 && r[j - 1].base > cur.base; j--)
			r[j] = r[j - 1];
		r[j] = cur;
	}
}

/* Last byte of @r; ranges never wrap (checked when they are read). */
static uint64_t devtree_range_last(const struct dt_range *r)
{
	return r->base + r->size - 1;
}

/* Merge overlapping or touching neighbours of a sorted array. */
static int devtree_merge_ranges(struct dt_range *r, int n)
{
	int out = 0;

	for (int i = 0; i < n; i++) {
		uint64_t last = out ? devtree_range_last(&r[out - 1]) : 0;

		if (out && (r[i].base <= last || r[i].base - 1 == last)) {
			last = MAX(last, devtree_range_last(&r[i]));
			/* [0, 2^64) does not fit in a size: keep one byte less */
			r[out - 1].size = MAX(last - r[out - 1].base + 1,
					      last - r[out - 1].base);
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

static bool devtree_ranges_overlap(const struct dt_range *r, int n)
{
	for (int i = 1; i < n; i++)
		if (r[i].base <= devtree_range_last(&r[i - 1]))
			return true;
	return false;
}

int devtree_layout(const struct devtree *dt, struct dt_layout *l)
{
	int n;

	if (!dt_valid(dt) || !l)
		return -MV_EINVAL;
	l->nr_banks = l->nr_resv = 0;
	n = devtree_memory(dt, l->bank, DT_LAYOUT_MAX_BANKS);
	if (n < 0)
		return n;
	devtree_sort_ranges(l->bank, n);
	if (devtree_ranges_overlap(l->bank, n))
		return -MV_EBADMSG;
	l->nr_banks = n;
	n = devtree_reserved(dt, l->resv, DT_LAYOUT_MAX_RESV);
	if (n < 0)
		return n;
	devtree_sort_ranges(l->resv, n);
	l->nr_resv = devtree_merge_ranges(l->resv, n);
	return 0;
}
