// SPDX-License-Identifier: GPL-2.0-only
/*
 * The early console: COM1 polled through the platform's port I/O (the
 * IN/OUT instructions natively, GHCB IOIO exits on SNP). Output before
 * the platform is known - or, on SNP, before the GHCB exists - is
 * dropped: an IN/OUT there would raise #VC.
 */
#include <arch/console.h>
#include <asm/platform.h>

#define COM1 0x3f8
#define UART_LSR 5
#define LSR_THRE 0x20

void arch_early_putc(char c)
{
	if (!x86_platform())
		return;
	for (unsigned int i = 0; i < 100000; i++)
		if (x86_io_read8(COM1 + UART_LSR) & LSR_THRE)
			break;
	x86_io_write8(COM1, (uint8_t)c);
}
