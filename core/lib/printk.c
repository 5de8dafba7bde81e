// SPDX-License-Identifier: GPL-2.0-only
/* printk: formatted console output, one locked unit per call. */
#include <stdarg.h>

#include <minivisor/console.h>
#include <minivisor/console_lock.h>
#include <minivisor/printk.h>

#ifndef CONFIG_LOG_LEVEL
#define CONFIG_LOG_LEVEL LOG_INFO
#endif

static int printk_level_now = CONFIG_LOG_LEVEL;

static void printk_out(char c, void *arg)
{
	(void)arg;
	console_putc_locked(c);
}

int vprintk(const char *fmt, va_list ap)
{
	irqflags_t flags = console_lock();
	int n = mv_vcbprintf(printk_out, NULL, fmt, ap);

	console_unlock(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int printk_level(int level, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (level > READ_ONCE(printk_level_now))
		return 0;
	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void printk_set_level(int level)
{
	if (level < LOG_ERR)
		level = LOG_ERR;
	if (level > LOG_DEBUG)
		level = LOG_DEBUG;
	WRITE_ONCE(printk_level_now, level);
}
