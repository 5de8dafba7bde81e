// SPDX-License-Identifier: GPL-2.0-only
/*
 * NS16550A UART on an x86 I/O port range (COM1) as the hypervisor
 * console. Port accesses go through the x86 platform: IN/OUT natively,
 * GHCB IOIO exits under SEV-SNP (where IN/OUT would raise #VC). Polled;
 * the FIFOs are enabled so that QEMU can queue input while we print.
 */
#include <arch/cpu.h>
#include <asm/platform.h>
#include <minivisor/console.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>

#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1
#define UART_DLL 0 /* divisor latch, with LCR.DLAB */
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_DR 0x01
#define LSR_THRE 0x20

#define NS16550_BASE_CLOCK 1843200U
#define NS16550_DEFAULT_BAUD 115200U
#define NS16550_SPIN_LIMIT 1000000

static uint16_t ns_port;

static void ns16550_putc(char c)
{
	unsigned int spins = 0;

	while (!(x86_io_read8(ns_port + UART_LSR) & LSR_THRE) &&
	       spins++ < NS16550_SPIN_LIMIT)
		arch_cpu_relax();
	x86_io_write8(ns_port + UART_THR, (uint8_t)c);
}

static int ns16550_getc(void)
{
	if (!(x86_io_read8(ns_port + UART_LSR) & LSR_DR))
		return -1;
	return x86_io_read8(ns_port + UART_RBR);
}

static const struct console_ops ns16550_console = {
	.name = "ns16550",
	.putc = ns16550_putc,
	.getc = ns16550_getc,
};

static void ns16550_setup(uint32_t clock, uint32_t baud)
{
	uint32_t div = baud ? clock / (16 * baud) : 1;

	if (!div)
		div = 1;
	x86_io_write8(ns_port + UART_IER, 0); /* polled */
	x86_io_write8(ns_port + UART_LCR, LCR_DLAB);
	x86_io_write8(ns_port + UART_DLL, div & 0xff);
	x86_io_write8(ns_port + UART_DLM, (div >> 8) & 0xff);
	x86_io_write8(ns_port + UART_LCR, LCR_8N1);
	x86_io_write8(ns_port + UART_FCR, FCR_ENABLE_CLEAR);
	x86_io_write8(ns_port + UART_MCR, MCR_DTR_RTS);
}

static int ns16550_probe(const struct devtree *dt, int node)
{
	uint32_t clock = NS16550_BASE_CLOCK, baud = NS16550_DEFAULT_BAUD;
	struct dt_range reg;
	int ret;

	if (ns_port)
		return 0; /* one console; further UARTs stay unused */
	ret = devtree_reg(dt, node, 0, &reg);
	if (ret)
		return ret;
	/* Only port I/O ranges are supported (no MMIO 16550 here). */
	if (!reg.base || reg.base + reg.size > 0x10000 || reg.size < 8)
		return -MV_EINVAL;
	ns_port = (uint16_t)reg.base;
	devtree_u32(dt, node, "clock-frequency", &clock);
	devtree_u32(dt, node, "current-speed", &baud);
	ns16550_setup(clock, baud);
	console_register(&ns16550_console);
	pr_info("console: ns16550 at port 0x%x\n", ns_port);
	return 0;
}

static const char *const ns16550_compat[] = { "ns16550a", "ns16550", NULL };

static const struct init_driver ns16550_driver = {
	.name = "ns16550",
	.compatible = ns16550_compat,
	.stage = INIT_STAGE_CONSOLE,
	.probe = ns16550_probe,
};
INIT_DRIVER(ns16550_driver);
