// SPDX-License-Identifier: GPL-2.0-only
/*
 * The early console: the PL011 QEMU virt has at CONFIG_ARM64_EARLY_UART,
 * written directly (MMU off: physical; MMU on: the boot map keeps an
 * identity device mapping of it). Used until the pl011 driver registers
 * a console, and by the exception dump, which must not take locks.
 */
#include <arch/console.h>
#include <asm/arm64.h>
#include <asm/io.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_RXFE (1U << 4)
#define UART_FR_TXFF (1U << 5)

/* A stuck FIFO must not hang the boot: give up after this many polls. */
#define EARLY_SPIN_LIMIT 100000

void arch_early_putc(char c)
{
	volatile uint8_t *base = (volatile uint8_t *)CONFIG_ARM64_EARLY_UART;
	unsigned int spins = 0;

	while ((readl(base + UART_FR) & UART_FR_TXFF) &&
	       spins++ < EARLY_SPIN_LIMIT)
		;
	writel((unsigned char)c, base + UART_DR);
}

bool arm64_early_rx_pending(void)
{
	volatile uint8_t *base = (volatile uint8_t *)CONFIG_ARM64_EARLY_UART;

	/* Only looks: the byte stays for the console driver to read. */
	return !(readl(base + UART_FR) & UART_FR_RXFE);
}
