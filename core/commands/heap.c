// SPDX-License-Identifier: GPL-2.0-only
/* `heap info` / `heap state`: the hypervisor heap's figures. */
#include <minivisor/heap.h>
#include <minivisor/printk.h>

#include "commands.h"

static int heap_cmd_info(int argc, char **argv)
{
	struct heap_info h;

	(void)argc;
	(void)argv;
	heap_get_info(&h);
	printk("base 0x%llx size 0x%llx meta 0x%llx\n", ULL(h.base),
	       ULL(h.size), ULL(h.meta_bytes));
	printk("free 0x%llx used 0x%llx\n", ULL(h.free_bytes),
	       ULL(h.used_bytes));
	printk("allocs %llu frees %llu alloc_failures %llu bad_frees %llu "
	       "corruptions %llu\n",
	       ULL(h.allocs), ULL(h.frees), ULL(h.alloc_failures),
	       ULL(h.bad_frees), ULL(h.corruptions));
	return 0;
}

static int heap_cmd_state(int argc, char **argv)
{
	struct heap_class_info c;

	(void)argc;
	(void)argv;
	for (unsigned int i = 0; heap_class_info(i, &c) == 0; i++)
		printk("class %u size %u pages %llu objects %llu free %llu\n",
		       i, c.size, ULL(c.pages), ULL(c.objects),
		       ULL(c.free_objects));
	return 0;
}

static const struct shell_subcmd heap_subcmds[] = {
	{ "info", 0, 0, heap_cmd_info },
	{ "state", 0, 0, heap_cmd_state },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_heap = {
	.name = "heap",
	.desc = "hypervisor heap figures and size classes",
	.usage = "heap info\nheap state",
	.subcmds = heap_subcmds,
};
