// SPDX-License-Identifier: GPL-2.0-only
/*
 * `host ram bitmap [bank] [first] [count]`: a bank's frame bitmap,
 * 64 frames per line as '1' (used) / '0' (free), each line led by the
 * physical address of its first frame. Part of the `host` command.
 */
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <minivisor/printk.h>

#include "commands.h"

#define BITMAP_DEFAULT_COUNT 1024
#define BITMAP_CACHE_WORDS 8

/* A window of a bank's bitmap words, refilled as frames move on. */
struct bitmap_cache {
	unsigned int bank;
	uint64_t base; /* frame of bit 0 of w[0], a multiple of 64 */
	int nwords;
	uint64_t w[BITMAP_CACHE_WORDS];
};

/* 1 if frame @f is used, 0 if free, or a negative error. */
static int bitmap_frame_used(struct bitmap_cache *c, uint64_t f)
{
	if (c->nwords <= 0 || f < c->base ||
	    f - c->base >= 64 * (uint64_t)c->nwords) {
		c->base = f & ~63ULL;
		c->nwords = host_ram_bank_bitmap(c->bank, c->base, c->w,
						 BITMAP_CACHE_WORDS);
		if (c->nwords <= 0)
			return c->nwords < 0 ? c->nwords : -MV_EIO;
	}
	f -= c->base;
	return (int)((c->w[f / 64] >> (f % 64)) & 1);
}

static int bitmap_count_used(struct bitmap_cache *c, uint64_t first,
			     uint64_t count, uint64_t *used)
{
	*used = 0;
	for (uint64_t f = first; f < first + count; f++) {
		int u = bitmap_frame_used(c, f);

		if (u < 0)
			return u;
		*used += (uint64_t)u;
	}
	return 0;
}

static int bitmap_print_lines(struct bitmap_cache *c, paddr_t start,
			      uint64_t first, uint64_t count)
{
	char line[65];

	for (uint64_t f = first; f < first + count; f += 64) {
		unsigned int n = (unsigned int)MIN(64, first + count - f);

		for (unsigned int i = 0; i < n; i++) {
			int u = bitmap_frame_used(c, f + i);

			if (u < 0)
				return u;
			line[i] = u ? '1' : '0';
		}
		line[n] = '\0';
		printk("0x%016llx %s\n", ULL(start + f * HOST_RAM_FRAME_SIZE),
		       line);
	}
	return 0;
}

/* Parse [bank] [first] [count]; defaults 0, 0, BITMAP_DEFAULT_COUNT. */
static int bitmap_parse_args(int argc, char **argv, uint64_t v[3])
{
	static const char *const what[] = { "bank", "first frame", "count" };
	int err;

	v[0] = 0;
	v[1] = 0;
	v[2] = BITMAP_DEFAULT_COUNT;
	for (int i = 0; i < argc && i < 3; i++) {
		err = cmd_parse_u64("host ram bitmap", what[i], argv[i],
				    i ? UINT64_MAX : 0xffffffffu, &v[i]);
		if (err)
			return err;
	}
	if (v[2] == 0)
		return shell_error(-MV_EINVAL,
				   "host ram bitmap: count must be at least 1");
	return 0;
}

int host_cmd_ram_bitmap(int argc, char **argv)
{
	struct bitmap_cache c = { 0 };
	struct host_ram_bank_info b;
	uint64_t v[3], used;
	int err = bitmap_parse_args(argc, argv, v);

	if (err)
		return err;
	c.bank = (unsigned int)v[0];
	if (host_ram_bank_info(c.bank, &b))
		return shell_error(-MV_ENOENT, "host ram bitmap: no bank %u",
				   c.bank);
	if (v[1] >= b.frames)
		return shell_error(-MV_ERANGE,
				   "host ram bitmap: first frame %llu out of "
				   "range (bank %u has %llu frames)",
				   ULL(v[1]), c.bank, ULL(b.frames));
	v[2] = MIN(v[2], b.frames - v[1]);
	err = bitmap_count_used(&c, v[1], v[2], &used);
	if (!err) {
		printk("bank %u first %llu count %llu used %llu\n", c.bank,
		       ULL(v[1]), ULL(v[2]), ULL(used));
		err = bitmap_print_lines(&c, b.start, v[1], v[2]);
	}
	if (err)
		return shell_error(err, "host ram bitmap: cannot read bank %u",
				   c.bank);
	return 0;
}
