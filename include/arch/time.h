/* SPDX-License-Identifier: GPL-2.0-only */
/* Time sources of the arch interface. */
#ifndef ARCH_TIME_H
#define ARCH_TIME_H

#include <minivisor/types.h>

/** Monotonic nanoseconds since an arbitrary point before boot. */
uint64_t arch_time_ns(void);

/** Busy-wait for at least @ns nanoseconds. */
void arch_delay_ns(uint64_t ns);

#endif
