/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatted output. Conversions: %d %i %u %x %X %o %c %s %p %%, with
 * flags '-' '0' ' ' '+' '#', width and precision (also '*'), and the
 * length modifiers hh h l ll z t j. Names carry an mv_ prefix so the
 * host build can link against libc at the same time.
 */
#ifndef MINIVISOR_PRINTK_H
#define MINIVISOR_PRINTK_H

#include <stdarg.h>
#include <minivisor/compiler.h>
#include <minivisor/types.h>

/**
 * Format into @buf (always NUL-terminated when @size > 0). Returns the
 * length the full output would have had, like C99 vsnprintf.
 */
int mv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/** mv_vsnprintf() with a variable argument list. */
int mv_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/** Format through a callback, one byte at a time; returns bytes emitted. */
int mv_vcbprintf(void (*out)(char c, void *arg), void *arg, const char *fmt,
		 va_list ap);

/** Print to the console. Returns the number of bytes written. */
int printk(const char *fmt, ...) __printf(1, 2);

/** printk() with a va_list. */
int vprintk(const char *fmt, va_list ap);

#define LOG_ERR 0
#define LOG_WARN 1
#define LOG_INFO 2
#define LOG_DEBUG 3

/** Print at @level when it is at or below the current log level. */
int printk_level(int level, const char *fmt, ...) __printf(2, 3);

/** Set the console log level (LOG_ERR..LOG_DEBUG). */
void printk_set_level(int level);

#define pr_err(...) printk_level(LOG_ERR, "error: " __VA_ARGS__)
#define pr_warn(...) printk_level(LOG_WARN, "warning: " __VA_ARGS__)
#define pr_info(...) printk_level(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk_level(LOG_DEBUG, __VA_ARGS__)

#endif
