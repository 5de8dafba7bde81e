/* SPDX-License-Identifier: GPL-2.0-only */
/* MMIO accessors: single, non-tearing accesses to device registers. */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <minivisor/types.h>

/** Read a 32-bit device register. */
static inline uint32_t readl(const volatile void *addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

/** Write a 32-bit device register. */
static inline void writel(uint32_t v, volatile void *addr)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

/** Read a 64-bit device register. */
static inline uint64_t readq(const volatile void *addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

/** Write a 64-bit device register. */
static inline void writeq(uint64_t v, volatile void *addr)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

/** Read an 8-bit device register. */
static inline uint8_t readb(const volatile void *addr)
{
	uint8_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

#endif
