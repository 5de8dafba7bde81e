// SPDX-License-Identifier: GPL-2.0-only
/*
 * Power off and reset. Natively: QEMU's isa-debug-exit (iobase 0xf4)
 * when present, else ACPI S5 through the PM1a control block that
 * SeaBIOS sets up at 0x604; on SNP: a GHCB termination request.
 */
#include <arch/cpu.h>
#include <arch/power.h>
#include <arch/time.h>
#include <minivisor/errno.h>
#include <asm/io.h>
#include <asm/platform.h>
#include <asm/snp.h>

#define DEBUG_EXIT_PORT 0xf4
#define ACPI_PM1A_CNT 0x604
#define ACPI_SLP_EN 0x2000
#define KBC_CMD 0x64

int arch_system_poweroff(void)
{
	const struct x86_platform_ops *p = x86_platform();

	if (p && p->kind == X86_PLATFORM_SNP)
		p->terminate(SNP_TERM_SET_GHCB, SNP_TERM_GENERAL);
	outl(DEBUG_EXIT_PORT, 0); /* QEMU exits with status 1 */
	outw(ACPI_PM1A_CNT, ACPI_SLP_EN);
	arch_delay_ns(100000000ULL);
	return -MV_ENODEV;
}

static const struct {
	uint16_t limit;
	uint64_t base;
} __packed empty_idt;

int arch_system_reset(void)
{
	const struct x86_platform_ops *p = x86_platform();

	if (p && p->kind == X86_PLATFORM_SNP)
		return -MV_ENOTSUP; /* only the host can reset an SNP guest */
	outb(KBC_CMD, 0xfe);
	arch_delay_ns(100000000ULL);
	/* Still here: a triple fault resets too. */
	asm volatile("lidt %0; int3" ::"m"(empty_idt));
	return -MV_EIO;
}
