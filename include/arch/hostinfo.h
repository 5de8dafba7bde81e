/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host description for the shell's `host info` and `host cpu info`.
 * Each port prints its own facts; the lines follow the shell's output
 * convention (docs/shell.md): lower-case "key value" pairs separated
 * by single spaces, one fact or one CPU per line, numbers in decimal
 * or 0x-prefixed hex, no trailing spaces.
 */
#ifndef ARCH_HOSTINFO_H
#define ARCH_HOSTINFO_H

/** Number of host CPUs the hypervisor knows of (at least 1). */
unsigned int arch_cpu_count(void);

/**
 * Print the port's facts for `host info` after the generic lines, e.g.
 * "platform native", "el 2", "gic v3" (through printk).
 */
void arch_host_info_print(void);

/**
 * Print one line per host CPU for `host cpu info`, each beginning
 * "cpu <index> " followed by key value pairs (e.g. "online yes",
 * "midr 0x410fd083").
 */
void arch_cpu_info_print(void);

#endif
