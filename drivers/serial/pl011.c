// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM PL011 UART as the hypervisor console. Registers are mapped through
 * host aspace (device memory); transmit waits for FIFO room, receive is
 * polled. The baud rate is left as firmware (QEMU) set it.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <asm/io.h>
#include <minivisor/aspace.h>
#include <minivisor/console.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>

#define UART_DR 0x00
#define UART_RSR 0x04 /* write: clear receive errors */
#define UART_FR 0x18
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define UART_LCR_H 0x2c
#define UART_CR 0x30

#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)
#define LCR_H_FEN (1U << 4)
#define CR_UARTEN (1U << 0)
#define CR_TXE (1U << 8)
#define CR_RXE (1U << 9)
#define DR_ERRORS 0xf00U /* framing, parity, break, overrun */

/* A stuck transmitter must not hang the hypervisor. */
#define PL011_SPIN_LIMIT 1000000

static volatile uint8_t *pl011_base;

static void pl011_putc(char c)
{
	unsigned int spins = 0;

	while ((readl(pl011_base + UART_FR) & FR_TXFF) &&
	       spins++ < PL011_SPIN_LIMIT)
		arch_cpu_relax();
	writel((unsigned char)c, pl011_base + UART_DR);
}

static int pl011_getc(void)
{
	uint32_t dr;

	if (readl(pl011_base + UART_FR) & FR_RXFE)
		return -1;
	dr = readl(pl011_base + UART_DR);
	if (dr & DR_ERRORS)
		writel(0, pl011_base + UART_RSR); /* keep the byte anyway */
	return (int)(dr & 0xff);
}

static const struct console_ops pl011_console = {
	.name = "pl011",
	.putc = pl011_putc,
	.getc = pl011_getc,
};

static int pl011_probe(const struct devtree *dt, int node)
{
	struct dt_range reg;
	vaddr_t va;
	int ret;

	if (pl011_base)
		return 0; /* one console; further UARTs stay unused */
	ret = devtree_reg(dt, node, 0, &reg);
	if (ret)
		return ret;
	if (reg.size < PAGE_SIZE)
		reg.size = PAGE_SIZE;
	ret = aspace_map(reg.base, reg.size, MMU_ATTR_IO, &va);
	if (ret)
		return ret;
	pl011_base = (volatile uint8_t *)va;
	writel(0, pl011_base + UART_IMSC); /* polled: no interrupts */
	writel(0x7ff, pl011_base + UART_ICR);
	/* FIFOs on: with them off QEMU accepts one input byte at a time. */
	writel(readl(pl011_base + UART_LCR_H) | LCR_H_FEN,
	       pl011_base + UART_LCR_H);
	writel(readl(pl011_base + UART_CR) | CR_UARTEN | CR_TXE | CR_RXE,
	       pl011_base + UART_CR);
	console_register(&pl011_console);
	pr_info("console: pl011 at 0x%llx\n", (unsigned long long)reg.base);
	return 0;
}

static const char *const pl011_compat[] = { "arm,pl011", NULL };

static const struct init_driver pl011_driver = {
	.name = "pl011",
	.compatible = pl011_compat,
	.stage = INIT_STAGE_CONSOLE,
	.probe = pl011_probe,
};
INIT_DRIVER(pl011_driver);
