/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: one registered device (pl011, 16550, the fake
 * console) behind putc/getc. Before a device registers, output goes to
 * arch_early_putc().
 */
#ifndef MINIVISOR_CONSOLE_H
#define MINIVISOR_CONSOLE_H

#include <minivisor/types.h>

/** A console device. */
struct console_ops {
	const char *name;
	/** Write one byte, waiting for room. */
	void (*putc)(char c);
	/** Read one byte: 0..255, or -1 when nothing is pending. */
	int (*getc)(void);
};

/** Make @ops the console (replaces the early console). */
void console_register(const struct console_ops *ops);

/** The registered console, or NULL while only the early one exists. */
const struct console_ops *console_get(void);

/** Write one byte ("\n" becomes "\r\n"). */
void console_putc(char c);

/** Write @len bytes. */
void console_write(const char *s, size_t len);

/**
 * Write @len bytes exactly as given (no "\n" -> "\r\n"), under the
 * console lock: for guest output that carries its own line endings.
 */
void console_write_raw(const char *s, size_t len);

/** Write a NUL-terminated string. */
void console_puts(const char *s);

/** Read one byte without waiting: 0..255, or -1 if none. */
int console_getc(void);

#endif
