// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stack-protector support for Debian's libfdt.a, built for user space
 * with -fstack-protector: its canary is read from %fs:0x28 (the TLS
 * layout of x86_64 glibc), so FS.base points at a block holding one.
 * Our own code is built without the protector.
 */
#include <arch/console.h>
#include <arch/cpu.h>
#include <asm/snp_hw.h>
#include <asm/x86.h>

static uint64_t tls_block[8] __aligned(64);

/* For code that uses the global-guard ABI instead of TLS. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766UL;

void x86_stackprot_init(void)
{
	uint64_t canary = x86_rdtsc() * 0x9e3779b97f4a7c15ULL;

	canary &= ~0xffULL; /* a NUL byte stops string overflows */
	tls_block[0x28 / 8] = canary;
	__stack_chk_guard = canary;
	snp_hw_wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)tls_block);
}

void __noreturn __stack_chk_fail(void);

void __noreturn __stack_chk_fail(void)
{
	const char *msg = "\r\n*** minivisor: stack smashing detected "
			  "(libfdt); CPU stopped\r\n";

	while (*msg)
		arch_early_putc(*msg++);
	arch_cpu_halt();
}
