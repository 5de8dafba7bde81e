/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A console for unit tests: output is captured in memory (with the
 * console's "\r\n" turned back into "\n" by capcon_output()), input is
 * a queue the test fills.
 */
#ifndef TESTS_CONSOLE_CAPTURE_H
#define TESTS_CONSOLE_CAPTURE_H

#include <stddef.h>

/** Register the capture console and empty both queues. */
void capcon_install(void);

/** Queue @len input bytes. */
void capcon_feed_bytes(const char *bytes, size_t len);

/** Queue a NUL-terminated string as input. */
void capcon_feed(const char *s);

/** Number of input bytes not read yet. */
size_t capcon_pending(void);

/** Output since the last clear, "\r\n" folded to "\n", NUL-terminated. */
const char *capcon_output(void);

/** Output since the last clear exactly as written (raw bytes). */
const char *capcon_raw(size_t *len);

/** Forget the captured output. */
void capcon_clear(void);

#endif
