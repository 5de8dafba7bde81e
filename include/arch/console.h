/* SPDX-License-Identifier: GPL-2.0-only */
/* The early console: usable from the first instruction of C code. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H

/** Write one byte to the early console (busy-waits). */
void arch_early_putc(char c);

#endif
