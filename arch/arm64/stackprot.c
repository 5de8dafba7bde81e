// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stack-protector support for Debian's libfdt.a, which is built with
 * -fstack-protector: the canary and the handler it calls on a smashed
 * stack. Our own code is built without the protector.
 */
#include <arch/console.h>
#include <arch/cpu.h>
#include <asm/arm64.h>

/* Reseeded from the counter at boot, before libfdt first runs. */
uintptr_t __stack_chk_guard = 0x2c1b3c6d5e4f7a89UL;

void __noreturn __stack_chk_fail(void);

void __noreturn __stack_chk_fail(void)
{
	const char *msg =
		"\r\n*** minivisor: stack smashing detected (libfdt); "
		"CPU stopped\r\n";

	while (*msg)
		arch_early_putc(*msg++);
	arch_cpu_halt();
}
