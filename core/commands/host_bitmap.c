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

/* Used bits of frames [@f, @f + 64) of bank @bank, bit 0 = frame @f. */
static int bitmap_read64(unsigned int bank, uint64_t f, uint64_t *used)
{
	uint64_t w[2] = { 0, 0 }, sh = f % 64;
	int n = host_ram_bank_bitmap(bank, f - sh, w, sh ? 2 : 1);

	if (n <= 0)
		return n < 0 ? n : -MV_EIO;
	*used = sh ? w[0] >> sh | w[1] << (64 - sh) : w[0];
	return 0;
}

static int bitmap_count_used(unsigned int bank, uint64_t first, uint64_t count,
			     uint64_t *used)
{
	*used = 0;
	for (uint64_t f = first; f < first + count; f += 64) {
		uint64_t n = MIN(64, first + count - f), w;
		int err = bitmap_read64(bank, f, &w);

		if (err)
			return err;
		if (n < 64)
			w &= (1ULL << n) - 1;
		*used += (uint64_t)__builtin_popcountll(w);
	}
	return 0;
}

static int bitmap_print_lines(unsigned int bank, paddr_t start, uint64_t first,
			      uint64_t count)
{
	char line[65];

	for (uint64_t f = first; f < first + count; f += 64) {
		unsigned int n = (unsigned int)MIN(64, first + count - f);
		uint64_t w;
		int err = bitmap_read64(bank, f, &w);

		if (err)
			return err;
		for (unsigned int i = 0; i < n; i++)
			line[i] = (w >> i) & 1 ? '1' : '0';
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
	struct host_ram_bank_info b;
	uint64_t v[3], used;
	unsigned int bank;
	int err = bitmap_parse_args(argc, argv, v);

	if (err)
		return err;
	bank = (unsigned int)v[0];
	if (host_ram_bank_info(bank, &b))
		return shell_error(-MV_ENOENT, "host ram bitmap: no bank %u",
				   bank);
	if (v[1] >= b.frames)
		return shell_error(-MV_ERANGE,
				   "host ram bitmap: first frame %llu out of "
				   "range (bank %u has %llu frames)",
				   ULL(v[1]), bank, ULL(b.frames));
	v[2] = MIN(v[2], b.frames - v[1]);
	err = bitmap_count_used(bank, v[1], v[2], &used);
	if (!err) {
		printk("bank %u first %llu count %llu used %llu\n", bank,
		       ULL(v[1]), ULL(v[2]), ULL(used));
		err = bitmap_print_lines(bank, b.start, v[1], v[2]);
	}
	if (err)
		return shell_error(err, "host ram bitmap: cannot read bank %u",
				   bank);
	return 0;
}
