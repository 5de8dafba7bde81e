/* SPDX-License-Identifier: GPL-2.0-only */
/* The test guest's internal interfaces (no libc; everything is here). */
#ifndef TESTGUEST_TG_H
#define TESTGUEST_TG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

#define TG_VERSION "1"
#define TG_LINE_MAX 128

/** Registers saved by the vectors in start.S (this exact layout). */
struct tg_frame {
	uint64_t x[31];
	uint64_t elr, spsr, esr, far;
	uint64_t pad;
};

/* ---- lib.c: UART, output, strings, numbers ---- */

/** Write one byte to the UART ("\n" is sent as "\r\n"). */
void tg_putc(char c);
/** Write a NUL-terminated string. */
void tg_puts(const char *s);
/** Wait for and return one input byte. */
int tg_getc(void);
/** printf subset: %s %c %d %u %x %p, l/ll, width, '0' and '-' flags. */
int tg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Parse a decimal or 0x-hex number, nothing else; 0 or -1. */
int tg_parse_u64(const char *s, uint64_t *out);

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* ---- start.S ---- */

/** SMCCC call through HVC #0: returns x0. */
uint64_t tg_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/** The EL1 vector table. */
extern char tg_vectors[];

/* ---- main.c: shell and exceptions ---- */

/** Read lines and run commands, forever. */
void tg_shell(void) __attribute__((noreturn));
/** C part of every exception vector; @kind is the vector index 0..15. */
void tg_exception(struct tg_frame *f, unsigned long kind);

/*
 * Probing accesses that may trap: arm with tg_trap_arm(), do the access,
 * then tg_trap_taken() says whether an exception (data abort, or an
 * undefined instruction for HVC without EL2) was taken and skipped.
 */
struct tg_trap {
	bool taken;
	uint64_t esr, far, elr;
};
void tg_trap_arm(void);
bool tg_trap_taken(struct tg_trap *t);

/* ---- time ---- */
static inline uint64_t tg_ticks(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static inline uint64_t tg_tick_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* ---- MMIO ---- */
static inline uint32_t tg_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void tg_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

/* ---- commands: cmds.c (devices, hypercalls) and mem.c (RAM) ---- */
struct tg_cmd {
	const char *name;
	const char *help;
	void (*run)(int argc, char **argv);
};

void cmd_hi(int argc, char **argv);
void cmd_info(int argc, char **argv);
void cmd_hvc(int argc, char **argv);
void cmd_mmio(int argc, char **argv);
void cmd_fault(int argc, char **argv);
void cmd_romwrite(int argc, char **argv);
void cmd_undef(int argc, char **argv);
void cmd_poweroff(int argc, char **argv);
void cmd_reboot(int argc, char **argv);
void cmd_memtest(int argc, char **argv);
void cmd_secret(int argc, char **argv);
void cmd_scan(int argc, char **argv);
void cmd_timer(int argc, char **argv);
void cmd_sgi(int argc, char **argv);
void cmd_wfi(int argc, char **argv);
void cmd_gic(int argc, char **argv);
void cmd_poke(int argc, char **argv);
void cmd_sgiburst(int argc, char **argv);
void cmd_uartirq(int argc, char **argv);
void cmd_sgipp(int argc, char **argv);

/* ---- irq.c ---- */

/** Take every pending interrupt (from the IRQ vector). */
void tg_irq(void);

/** Print "<what>: <N> <unit> in <T> us, <R>/s" from a tick count. */
void tg_report_rate(const char *what, const char *unit, uint64_t n,
		    uint64_t ticks);

/** Wipe the input line buffer (so `scan` never finds its argument). */
void tg_wipe_line(void);

#endif
