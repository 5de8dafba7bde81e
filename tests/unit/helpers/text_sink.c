// SPDX-License-Identifier: GPL-2.0-only
/* A growing text buffer for printer output (see text_sink.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text_sink.h"

void text_sink_out(void *arg, const char *s, size_t len)
{
	struct text_sink *t = arg;

	if (t->len + len + 1 > t->cap) {
		/* Doubling keeps whole-tree prints to a few reallocations. */
		t->cap = 2 * (t->len + len + 1);
		t->buf = realloc(t->buf, t->cap);
		assert_non_null(t->buf);
	}
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len] = '\0';
	t->calls++;
}

void text_sink_free(struct text_sink *t)
{
	free(t->buf);
	*t = (struct text_sink){ 0 };
}
