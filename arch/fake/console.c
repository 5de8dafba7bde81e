// SPDX-License-Identifier: GPL-2.0-only
/* arch/fake: a console backed by in-memory queues (and stdout). */
#include <stdio.h>
#include <string.h>

#include <arch/console.h>
#include <asm/fake.h>

#define FAKE_CON_SIZE 65536

static char out_buf[FAKE_CON_SIZE];
static size_t out_len;
static char in_buf[FAKE_CON_SIZE];
static size_t in_head, in_tail;
static bool echo = true;

void fake_console_echo(bool on)
{
	echo = on;
}

void arch_early_putc(char c)
{
	if (out_len < sizeof(out_buf))
		out_buf[out_len++] = c;
	if (echo)
		putchar(c);
}

size_t fake_console_take(char *buf, size_t size)
{
	size_t n = out_len < size ? out_len : size;

	memcpy(buf, out_buf, n);
	memmove(out_buf, out_buf + n, out_len - n);
	out_len -= n;
	return n;
}

void fake_console_feed(const char *bytes, size_t len)
{
	for (size_t i = 0; i < len && in_tail < sizeof(in_buf); i++)
		in_buf[in_tail++] = bytes[i];
}

/** Next queued input byte, or -1 when the queue is empty. */
int fake_console_getc(void);
int fake_console_getc(void)
{
	if (in_head == in_tail) {
		in_head = in_tail = 0;
		return -1;
	}
	return (unsigned char)in_buf[in_head++];
}
