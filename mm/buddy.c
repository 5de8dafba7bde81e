// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic buddy allocator (include/minivisor/buddy.h).
 *
 * Everything lives in the caller's metadata buffer, sized for the whole
 * range at init, so nothing can run out later and merging always
 * happens:
 *  - one hierarchical bitmap of free blocks per order (bit i of order k
 *    = the block of 2^k min blocks at index i is free), so the lowest
 *    free block of an order is found in O(log64 n);
 *  - a mask of orders that have free blocks, so picking the order to
 *    split is one ctz;
 *  - one state byte per min block: the order of an allocated block on
 *    its head (free needs no size and double or foreign frees are
 *    caught), or a "reserved" mark on every reserved min block.
 * Orders below are relative to min_order unless named "absolute".
 * Positions ("pos") count min blocks from base.
 */
#include <minivisor/buddy.h>
#include <minivisor/errno.h>
#include <minivisor/hbitmap.h>

#define ST_HEAD 0x80 /* head of an allocated block; low bits: order */
#define ST_RESV 0x40 /* reserved min block */
#define ST_ORDER 0x3f

struct buddy_layout {
	unsigned int norders;
	uint64_t nonempty; /* bit k: order k has a free block */
	uint8_t *state; /* one byte per min block */
	struct hbitmap free[]; /* one per order */
};

static struct buddy_layout *bd_lay(const struct buddy *b)
{
	return b->priv;
}

/* Absolute max order for a range of @size bytes (largest block). */
static unsigned int bd_max_order(uint64_t size)
{
	unsigned int top = 63 - (unsigned int)__builtin_clzll(size);

	return MIN(top, BUDDY_MAX_ORDERS - 1);
}

static bool bd_args_ok(uint64_t size, unsigned int min_order)
{
	return min_order < BUDDY_MAX_ORDERS && size >> min_order &&
	       IS_ALIGNED(size, BIT_ULL(min_order)) &&
	       (size >> min_order) <= HBITMAP_MAX_BITS;
}

size_t buddy_meta_size(uint64_t size, unsigned int min_order)
{
	uint64_t nblocks, total;
	unsigned int k, norders;

	if (!bd_args_ok(size, min_order))
		return 0;
	nblocks = size >> min_order;
	norders = bd_max_order(size) - min_order + 1;
	total = sizeof(struct buddy_layout) + norders * sizeof(struct hbitmap);
	for (k = 0; k < norders; k++)
		total += hbitmap_meta_size(nblocks >> k);
	return (size_t)(total + nblocks);
}

static void bd_free_insert(struct buddy *b, unsigned int k, uint64_t idx)
{
	struct buddy_layout *L = bd_lay(b);

	hbitmap_set(&L->free[k], idx);
	b->stats.nfree[b->min_order + k]++;
	L->nonempty |= BIT_ULL(k);
}

static void bd_free_remove(struct buddy *b, unsigned int k, uint64_t idx)
{
	struct buddy_layout *L = bd_lay(b);

	hbitmap_clear(&L->free[k], idx);
	if (!--b->stats.nfree[b->min_order + k])
		L->nonempty &= ~BIT_ULL(k);
}

/* True when the order-@k block at index @idx exists and is free. */
static bool bd_is_free(const struct buddy *b, unsigned int k, uint64_t idx)
{
	const struct hbitmap *hb = &bd_lay(b)->free[k];

	return idx < hb->nbits && hbitmap_test(hb, idx);
}

/* Give back the order-@k block at @pos, merging with free buddies. */
static void bd_release(struct buddy *b, uint64_t pos, unsigned int k)
{
	struct buddy_layout *L = bd_lay(b);

	while (k + 1 < L->norders && bd_is_free(b, k, (pos >> k) ^ 1)) {
		bd_free_remove(b, k, (pos >> k) ^ 1);
		pos &= ~(BIT_ULL(k + 1) - 1);
		k++;
	}
	bd_free_insert(b, k, pos >> k);
}

/* Order of the free block that holds the order-@k block at @pos, or -1. */
static int bd_find_cover(const struct buddy *b, uint64_t pos, unsigned int k)
{
	unsigned int j;

	for (j = k; j < bd_lay(b)->norders; j++)
		if (bd_is_free(b, j, pos >> j))
			return (int)j;
	return -1;
}

/*
 * Take the order-@k block at @pos out of the free order-@j block that
 * holds it, putting the halves it does not need back as free blocks.
 */
static void bd_carve(struct buddy *b, uint64_t pos, unsigned int k,
		     unsigned int j)
{
	bd_free_remove(b, j, pos >> j);
	while (j > k) {
		j--;
		bd_free_insert(b, j, (pos >> j) ^ 1);
	}
}

/* Order of the largest aligned block that starts at @pos below @end. */
static unsigned int bd_piece(const struct buddy *b, uint64_t pos, uint64_t end)
{
	unsigned int k = bd_lay(b)->norders - 1;

	if (pos)
		k = MIN(k, (unsigned int)__builtin_ctzll(pos));
	while (pos + BIT_ULL(k) > end)
		k--;
	return k;
}

/* Lay out @meta and seed the free lists with the range's blocks. */
static void bd_setup(struct buddy *b, struct buddy_layout *L, uint8_t *words)
{
	uint64_t pos;
	unsigned int k;

	for (k = 0; k < L->norders; k++) {
		size_t sz = hbitmap_meta_size(b->nblocks >> k);

		hbitmap_init(&L->free[k], b->nblocks >> k, words, sz);
		words += sz;
	}
	L->state = words;
	for (pos = 0; pos < b->nblocks; pos++)
		L->state[pos] = 0;
	for (pos = 0; pos < b->nblocks; pos += BIT_ULL(k)) {
		k = bd_piece(b, pos, b->nblocks);
		bd_free_insert(b, k, pos >> k);
	}
}

int buddy_init(struct buddy *b, uint64_t base, uint64_t size,
	       unsigned int min_order, void *meta, size_t meta_size)
{
	struct buddy_layout *L = meta;
	unsigned int i;

	if (!b || !bd_args_ok(size, min_order) || base + size < base ||
	    !IS_ALIGNED(base, BIT_ULL(min_order)) || !meta ||
	    !IS_ALIGNED((uintptr_t)meta, sizeof(uint64_t)) ||
	    meta_size < buddy_meta_size(size, min_order))
		return -MV_EINVAL;
	*b = (struct buddy){ .base = base,
			     .size = size,
			     .min_order = min_order,
			     .max_order = bd_max_order(size),
			     .nblocks = size >> min_order,
			     .meta_size = buddy_meta_size(size, min_order),
			     .priv = meta };
	L->norders = b->max_order - min_order + 1;
	L->nonempty = 0;
	for (i = 0; i < BUDDY_MAX_ORDERS; i++)
		b->stats.nfree[i] = 0;
	bd_setup(b, L, (uint8_t *)&L->free[L->norders]);
	b->stats.free_bytes = size;
	return 0;
}

/* Relative order for @size bytes: 0 or more; -1 bad size, -2 too big. */
static int bd_order_for(const struct buddy *b, uint64_t size)
{
	unsigned int o;

	if (!size || size > b->size)
		return -1;
	o = size == 1 ? 0 : 64 - (unsigned int)__builtin_clzll(size - 1);
	if (o < b->min_order)
		o = b->min_order;
	return o > b->max_order ? -2 : (int)(o - b->min_order);
}

int buddy_alloc(struct buddy *b, uint64_t size, uint64_t *addr)
{
	struct buddy_layout *L = bd_lay(b);
	int k = bd_order_for(b, size);
	uint64_t avail, pos;
	unsigned int j;

	avail = k < 0 ? 0 : L->nonempty >> k;
	if (!avail) {
		b->stats.alloc_failures++;
		return k == -1 ? -MV_EINVAL : -MV_ENOMEM;
	}
	j = (unsigned int)k + (unsigned int)__builtin_ctzll(avail);
	pos = hbitmap_find_next(&L->free[j], 0) << j;
	bd_carve(b, pos, (unsigned int)k, j);
	L->state[pos] = ST_HEAD | (uint8_t)k;
	b->stats.free_bytes -= BIT_ULL(k + b->min_order);
	b->stats.allocs++;
	*addr = b->base + (pos << b->min_order);
	return 0;
}

/* Position of @addr, or -1 when outside or not min-block aligned. */
static int64_t bd_pos(const struct buddy *b, uint64_t addr)
{
	uint64_t off = addr - b->base;

	if (addr < b->base || off >= b->size ||
	    !IS_ALIGNED(off, BIT_ULL(b->min_order)))
		return -1;
	return (int64_t)(off >> b->min_order);
}

/* Why @pos cannot be freed: it lies in a free block, or is no head. */
static int bd_bad_free(struct buddy *b, int64_t pos)
{
	b->stats.bad_frees++;
	if (pos >= 0 && bd_find_cover(b, (uint64_t)pos, 0) >= 0)
		return -MV_EALREADY;
	return -MV_EINVAL;
}

int buddy_free(struct buddy *b, uint64_t addr)
{
	struct buddy_layout *L = bd_lay(b);
	int64_t pos = bd_pos(b, addr);
	unsigned int k;

	if (pos < 0 || !(L->state[pos] & ST_HEAD))
		return bd_bad_free(b, pos);
	k = L->state[pos] & ST_ORDER;
	L->state[pos] = 0;
	bd_release(b, (uint64_t)pos, k);
	b->stats.free_bytes += BIT_ULL(k + b->min_order);
	b->stats.frees++;
	return 0;
}

/* Positions [*s, *e) of a reserve range, or -MV_EINVAL. */
static int bd_range(const struct buddy *b, uint64_t addr, uint64_t size,
		    uint64_t *s, uint64_t *e)
{
	int64_t pos = bd_pos(b, addr);

	if (pos < 0 || !size || !IS_ALIGNED(size, BIT_ULL(b->min_order)) ||
	    size > b->size - (addr - b->base))
		return -MV_EINVAL;
	*s = (uint64_t)pos;
	*e = *s + (size >> b->min_order);
	return 0;
}

int buddy_reserve(struct buddy *b, uint64_t addr, uint64_t size)
{
	uint64_t s, e, pos;
	unsigned int k;

	if (bd_range(b, addr, size, &s, &e))
		return -MV_EINVAL;
	/* Check every piece first so that a refusal changes nothing. */
	for (pos = s; pos < e; pos += BIT_ULL(k)) {
		k = bd_piece(b, pos, e);
		if (bd_find_cover(b, pos, k) < 0)
			return -MV_EBUSY;
	}
	for (pos = s; pos < e; pos += BIT_ULL(k)) {
		k = bd_piece(b, pos, e);
		bd_carve(b, pos, k, (unsigned int)bd_find_cover(b, pos, k));
	}
	for (pos = s; pos < e; pos++)
		bd_lay(b)->state[pos] = ST_RESV;
	b->stats.free_bytes -= size;
	return 0;
}

int buddy_unreserve(struct buddy *b, uint64_t addr, uint64_t size)
{
	uint8_t *state = bd_lay(b)->state;
	uint64_t s, e, pos;
	unsigned int k;

	if (bd_range(b, addr, size, &s, &e))
		return -MV_EINVAL;
	for (pos = s; pos < e; pos++)
		if (state[pos] != ST_RESV)
			return -MV_EINVAL;
	for (pos = s; pos < e; pos++)
		state[pos] = 0;
	for (pos = s; pos < e; pos += BIT_ULL(k)) {
		k = bd_piece(b, pos, e);
		bd_release(b, pos, k);
	}
	b->stats.free_bytes += size;
	return 0;
}

uint64_t buddy_block_size(const struct buddy *b, uint64_t addr)
{
	int64_t pos = bd_pos(b, addr);
	uint8_t st;

	if (pos < 0)
		return 0;
	st = bd_lay(b)->state[pos];
	if (!(st & ST_HEAD))
		return 0;
	return BIT_ULL((st & ST_ORDER) + b->min_order);
}

void buddy_get_info(const struct buddy *b, struct buddy_info *info)
{
	*info = b->stats;
	info->used_bytes = b->size - b->stats.free_bytes;
	info->base = b->base;
	info->size = b->size;
	info->min_order = b->min_order;
	info->max_order = b->max_order;
	info->meta_bytes = b->meta_size;
}

/* Number of orders with a free block starting exactly at @pos. */
static unsigned int bd_free_starts(const struct buddy *b, uint64_t pos,
				   unsigned int *order)
{
	unsigned int j, n = 0;

	for (j = 0; j < bd_lay(b)->norders; j++) {
		if (pos & (BIT_ULL(j) - 1))
			break;
		if (bd_is_free(b, j, pos >> j)) {
			*order = j;
			n++;
		}
	}
	return n;
}

/* True when the state bytes of [@pos + 1, @pos + 2^@k) are all 0. */
static bool bd_interior_clear(const struct buddy *b, uint64_t pos,
			      unsigned int k)
{
	uint64_t i;

	for (i = 1; i < BIT_ULL(k); i++)
		if (bd_lay(b)->state[pos + i])
			return false;
	return true;
}

/*
 * Check the unit at @pos (allocated block, reserved min block or free
 * block) and return its length in min blocks, or 0 if it is broken.
 * Free blocks are counted in *@nfree.
 */
static uint64_t bd_check_unit(const struct buddy *b, uint64_t pos,
			      uint64_t *nfree)
{
	uint8_t st = bd_lay(b)->state[pos];
	unsigned int k = 0, n = bd_free_starts(b, pos, &k);

	if (st == ST_RESV)
		return n ? 0 : 1;
	if (st & ST_HEAD) {
		k = st & ST_ORDER;
		if (n || k >= bd_lay(b)->norders || pos & (BIT_ULL(k) - 1) ||
		    pos + BIT_ULL(k) > b->nblocks)
			return 0;
	} else if (st || n != 1 ||
		   (k + 1 < bd_lay(b)->norders &&
		    bd_is_free(b, k, (pos >> k) ^ 1))) {
		return 0; /* bad byte, no/ambiguous free block, or unmerged */
	} else {
		(*nfree)++;
	}
	return bd_interior_clear(b, pos, k) ? BIT_ULL(k) : 0;
}

/* Per-order bitmaps agree with their counters and summaries. */
static int bd_check_orders(const struct buddy *b, uint64_t *total)
{
	const struct buddy_layout *L = bd_lay(b);
	unsigned int k;

	*total = 0;
	for (k = 0; k < L->norders; k++) {
		uint64_t n = b->stats.nfree[b->min_order + k];

		if (hbitmap_check(&L->free[k]) ||
		    hbitmap_count(&L->free[k]) != n ||
		    !(L->nonempty & BIT_ULL(k)) != !n)
			return -MV_EIO;
		*total += n;
	}
	return 0;
}

int buddy_check(const struct buddy *b)
{
	uint64_t pos = 0, nfree = 0, total, len, free_min = 0;

	if (!b->priv || bd_check_orders(b, &total))
		return -MV_EIO;
	while (pos < b->nblocks) {
		uint64_t before = nfree;

		len = bd_check_unit(b, pos, &nfree);
		if (!len)
			return -MV_EIO;
		if (nfree != before)
			free_min += len;
		pos += len;
	}
	if (nfree != total || free_min << b->min_order != b->stats.free_bytes)
		return -MV_EIO;
	return 0;
}
