/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw port I/O instructions. Only the native platform may use them
 * directly: under SEV-SNP an IN/OUT raises #VC, so everything else goes
 * through x86_io_read8/x86_io_write8 (asm/platform.h).
 */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <minivisor/types.h>

/** OUT byte. */
static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

/** IN byte. */
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/** OUT word. */
static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

/** OUT doubleword. */
static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

#endif
