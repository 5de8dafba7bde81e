// SPDX-License-Identifier: GPL-2.0-only
/*
 * The native platform: no SEV, so page state and validation are no-ops,
 * port I/O is the IN/OUT instructions, and termination leaves QEMU
 * through isa-debug-exit.
 */
#include <arch/cpu.h>
#include <asm/io.h>
#include <asm/platform.h>

#define DEBUG_EXIT_PORT 0xf4

static int native_mem_noop(paddr_t pa, uint64_t size)
{
	(void)pa;
	(void)size;
	return 0;
}

static int native_mem_validate(paddr_t pa, uint64_t size, bool validate)
{
	(void)validate;
	return native_mem_noop(pa, size);
}

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
	.mem_make_private = native_mem_noop,
	.mem_make_shared = native_mem_noop,
	.mem_validate = native_mem_validate,
	.io_write8 = native_io_write8,
	.io_read8 = native_io_read8,
	.terminate = native_terminate,
};
