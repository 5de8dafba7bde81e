// SPDX-License-Identifier: GPL-2.0-only
/*
 * The native platform: no SEV, so port I/O is the IN/OUT instructions
 * and termination leaves QEMU through isa-debug-exit (page state and
 * validation are SNP-only: setup.c converts RAM only on SNP).
 */
#include <arch/cpu.h>
#include <asm/io.h>
#include <asm/platform.h>

#define DEBUG_EXIT_PORT 0xf4

static int native_io_write8(uint16_t port, uint8_t val)
{
	outb(port, val);
	return 0;
}

static int native_io_read8(uint16_t port, uint8_t *val)
{
	*val = inb(port);
	return 0;
}

/* QEMU exits with status (v << 1) | 1; without the device, halt. */
static void __noreturn native_terminate(unsigned int set, unsigned int code)
{
	outl(DEBUG_EXIT_PORT, ((set & 0xf) << 8) | (code & 0xff) | 0x1000);
	arch_cpu_halt();
}

const struct x86_platform_ops x86_platform_native = {
	.name = "native",
	.kind = X86_PLATFORM_NATIVE,
	.io_write8 = native_io_write8,
	.io_read8 = native_io_read8,
	.terminate = native_terminate,
};
