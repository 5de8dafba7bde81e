// SPDX-License-Identifier: GPL-2.0-only
/* A capture console for unit tests (see console_capture.h). */
#include <string.h>

#include <minivisor/console.h>

#include "console_capture.h"

#define CAPCON_SIZE (1 << 20)

static char out_raw[CAPCON_SIZE];
static size_t out_len;
static char out_text[CAPCON_SIZE];
static char in_buf[CAPCON_SIZE];
static size_t in_head, in_tail;

static void capcon_putc(char c)
{
	if (out_len < sizeof(out_raw) - 1)
		out_raw[out_len++] = c;
}

static int capcon_getc(void)
{
	if (in_head == in_tail)
		return -1;
	return (unsigned char)in_buf[in_head++];
}

static const struct console_ops capcon_ops = {
	.name = "capture",
	.putc = capcon_putc,
	.getc = capcon_getc,
};

void capcon_install(void)
{
	console_register(&capcon_ops);
	in_head = in_tail = 0;
	capcon_clear();
}

void capcon_feed_bytes(const char *bytes, size_t len)
{
	if (in_head == in_tail)
		in_head = in_tail = 0;
	for (size_t i = 0; i < len && in_tail < sizeof(in_buf); i++)
		in_buf[in_tail++] = bytes[i];
}

void capcon_feed(const char *s)
{
	capcon_feed_bytes(s, strlen(s));
}

size_t capcon_pending(void)
{
	return in_tail - in_head;
}

const char *capcon_output(void)
{
	size_t j = 0;

	for (size_t i = 0; i < out_len; i++) {
		if (out_raw[i] == '\r' && i + 1 < out_len &&
		    out_raw[i + 1] == '\n')
			continue;
		out_text[j++] = out_raw[i];
	}
	out_text[j] = '\0';
	return out_text;
}

const char *capcon_raw(size_t *len)
{
	out_raw[out_len] = '\0';
	if (len)
		*len = out_len;
	return out_raw;
}

void capcon_clear(void)
{
	out_len = 0;
	out_raw[0] = '\0';
}
