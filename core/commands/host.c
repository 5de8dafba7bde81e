// SPDX-License-Identifier: GPL-2.0-only
/*
 * `host`: the host machine and the hypervisor's memory managers -
 * CPUs, RAM banks and their frame bitmaps, the vapool window and the
 * host address space. Formats are documented in docs/shell.md.
 */
#include <arch/hostinfo.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <minivisor/printk.h>
#include <minivisor/vapool.h>

#include "commands.h"

static int host_info(int argc, char **argv)
{
	struct host_ram_info ram;

	(void)argc;
	(void)argv;
	host_ram_get_info(&ram);
	printk("arch %s\n", CONFIG_ARCH);
	printk("cpus %u\n", arch_cpu_count());
	printk("ram_banks %u\n", ram.nbanks);
	printk("ram_size 0x%llx\n", ULL(ram.frames * HOST_RAM_FRAME_SIZE));
	printk("ram_free 0x%llx\n", ULL(ram.free_frames * HOST_RAM_FRAME_SIZE));
	arch_host_info_print();
	return 0;
}

static int host_cpu_info(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("cpus %u\n", arch_cpu_count());
	arch_cpu_info_print();
	return 0;
}

static int host_ram_info(int argc, char **argv)
{
	struct host_ram_bank_info b;
	struct host_ram_info t;

	(void)argc;
	(void)argv;
	host_ram_get_info(&t);
	printk("banks %u frame_size %lu\n", t.nbanks, HOST_RAM_FRAME_SIZE);
	for (unsigned int i = 0; host_ram_bank_info(i, &b) == 0; i++)
		printk("bank %u start 0x%llx size 0x%llx frames %llu free %llu "
		       "reserved %llu meta %llu\n",
		       i, ULL(b.start), ULL(b.size), ULL(b.frames),
		       ULL(b.free_frames), ULL(b.reserved_frames),
		       ULL(b.meta_bytes));
	printk("total frames %llu free %llu reserved %llu meta %llu\n",
	       ULL(t.frames), ULL(t.free_frames), ULL(t.reserved_frames),
	       ULL(t.meta_bytes));
	printk("failures alloc %llu bad_free %llu bad_reserve %llu\n",
	       ULL(t.alloc_failures), ULL(t.bad_frees), ULL(t.bad_reserves));
	return 0;
}

static int host_vapool_info(int argc, char **argv)
{
	struct buddy_info v;

	(void)argc;
	(void)argv;
	vapool_get_info(&v);
	printk("base 0x%llx size 0x%llx min_order %u max_order %u\n",
	       ULL(v.base), ULL(v.size), v.min_order, v.max_order);
	printk("free 0x%llx used 0x%llx meta 0x%llx\n", ULL(v.free_bytes),
	       ULL(v.used_bytes), ULL(v.meta_bytes));
	printk("allocs %llu frees %llu alloc_failures %llu bad_frees %llu\n",
	       ULL(v.allocs), ULL(v.frees), ULL(v.alloc_failures),
	       ULL(v.bad_frees));
	return 0;
}

static int host_vapool_state(int argc, char **argv)
{
	struct buddy_info v;

	(void)argc;
	(void)argv;
	if (!vapool_buddy())
		return shell_error(-MV_ENODEV,
				   "host vapool state: vapool not set up");
	vapool_get_info(&v);
	for (unsigned int o = v.min_order;
	     o <= v.max_order && o < BUDDY_MAX_ORDERS; o++)
		printk("order %u block 0x%llx free %llu\n", o, ULL(1ULL << o),
		       ULL(v.nfree[o]));
	return 0;
}

static int host_aspace_info(int argc, char **argv)
{
	struct aspace_info a;

	(void)argc;
	(void)argv;
	aspace_get_info(&a);
	printk("mappings %llu mapped 0x%llx map_failures %llu "
	       "bad_unmaps %llu\n",
	       ULL(a.mappings), ULL(a.mapped_bytes), ULL(a.map_failures),
	       ULL(a.bad_unmaps));
	return 0;
}

static const struct shell_subcmd host_subcmds[] = {
	{ "info", 0, 0, host_info },
	{ "cpu info", 0, 0, host_cpu_info },
	{ "ram info", 0, 0, host_ram_info },
	{ "ram bitmap", 0, 3, host_cmd_ram_bitmap },
	{ "vapool info", 0, 0, host_vapool_info },
	{ "vapool state", 0, 0, host_vapool_state },
	{ "aspace info", 0, 0, host_aspace_info },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_host = {
	.name = "host",
	.desc = "host CPUs, RAM, vapool and address space",
	.usage = "host info\n"
		 "host cpu info\n"
		 "host ram info\n"
		 "host ram bitmap [bank] [first] [count]\n"
		 "host vapool info\n"
		 "host vapool state\n"
		 "host aspace info",
	.subcmds = host_subcmds,
};
