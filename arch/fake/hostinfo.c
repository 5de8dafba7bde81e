// SPDX-License-Identifier: GPL-2.0-only
/* arch/fake: the host description for `host info` / `host cpu info`. */
#include <arch/hostinfo.h>
#include <minivisor/printk.h>

unsigned int arch_cpu_count(void)
{
	/* arch_cpu_id() is always 0 on the host: one CPU. */
	return 1;
}

void arch_host_info_print(void)
{
	printk("platform host\n");
}

void arch_cpu_info_print(void)
{
	printk("cpu 0 online yes model fake\n");
}
