/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host-only helpers of the fake arch, for tests and benchmarks.
 * "Physical" RAM is a memfd: arch_mmu_map() maps its pages at fixed
 * addresses inside a reserved host window, so aliasing works as on a
 * real MMU.
 */
#ifndef ASM_FAKE_H
#define ASM_FAKE_H

#include <minivisor/types.h>

/**
 * Create fake physical RAM [@base, @base + @size) backed by a memfd.
 * Replaces any previous fake RAM. Returns 0 or a negative MV_E* code.
 */
int fake_ram_setup(paddr_t base, size_t size);

/** Release fake RAM and every fake mapping. */
void fake_ram_teardown(void);

/**
 * Reserve a host virtual window of @size bytes (PROT_NONE) in which
 * arch_mmu_map() may place mappings; returns its base or 0.
 */
vaddr_t fake_va_window(size_t size);

/** Number of arch_mmu_map() calls that failed (for tests). */
unsigned long fake_mmu_failures(void);

/** Make the next @n arch_mmu_map() calls fail with -MV_ENOMEM. */
void fake_mmu_fail_next(unsigned int n);

/** Console input queued for arch/fake's console getc (tests). */
void fake_console_feed(const char *bytes, size_t len);

/** Characters written to the fake console since the last call. */
size_t fake_console_take(char *buf, size_t size);

/** When true (default), console output is also echoed to stdout. */
void fake_console_echo(bool on);

#endif
