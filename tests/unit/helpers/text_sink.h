/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A growing text buffer that printer callbacks (devtree_print() and the
 * like) write into, so tests can compare what they printed.
 */
#ifndef TESTS_TEXT_SINK_H
#define TESTS_TEXT_SINK_H

#include <stddef.h>

/** Collected output; start from { 0 }, release with text_sink_free(). */
struct text_sink {
	char *buf; /* NUL-terminated once anything was written */
	size_t len, cap;
	int calls; /* text_sink_out() calls, to check nothing was printed */
};

/**
 * Output callback: append @len bytes of @s to the struct text_sink
 * @arg (a test failure if memory runs out).
 */
void text_sink_out(void *arg, const char *s, size_t len);

/** Free the buffer of @t and empty it. */
void text_sink_free(struct text_sink *t);

#endif
