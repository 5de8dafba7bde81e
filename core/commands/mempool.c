// SPDX-License-Identifier: GPL-2.0-only
/* `mempool list`: every live object pool with its figures. */
#include <minivisor/mempool.h>
#include <minivisor/printk.h>

#include "commands.h"

static void mempool_cmd_count(const struct mempool *pool, void *arg)
{
	(void)pool;
	(*(unsigned int *)arg)++;
}

static void mempool_cmd_line(const struct mempool *pool, void *arg)
{
	struct mempool_info i;

	(void)arg;
	mempool_get_info(pool, &i);
	printk("pool %s backing %s obj_size %zu capacity %u free %u "
	       "meta %llu alloc_failures %llu bad_frees %llu\n",
	       i.name, mempool_backing_name(i.backing), i.obj_size, i.capacity,
	       i.free, ULL(i.meta_bytes), ULL(i.alloc_failures),
	       ULL(i.bad_frees));
}

static int mempool_cmd_list(int argc, char **argv)
{
	unsigned int n = 0;

	(void)argc;
	(void)argv;
	mempool_for_each(mempool_cmd_count, &n);
	printk("pools %u\n", n);
	mempool_for_each(mempool_cmd_line, NULL);
	return 0;
}

static const struct shell_subcmd mempool_subcmds[] = {
	{ "list", 0, 0, mempool_cmd_list },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_mempool = {
	.name = "mempool",
	.desc = "fixed-size object pools",
	.usage = "mempool list",
	.subcmds = mempool_subcmds,
};
