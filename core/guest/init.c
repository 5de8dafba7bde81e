// SPDX-License-Identifier: GPL-2.0-only
/* Starting the guest manager. */
#include <arch/hostinfo.h>

#include "guest_priv.h"

int guest_init(void)
{
	unsigned int n = arch_cpu_count();

	return sched_init(n < SCHED_MAX_CPUS ? n : SCHED_MAX_CPUS);
}
