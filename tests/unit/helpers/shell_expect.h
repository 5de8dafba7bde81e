/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run one shell line against the capture console (console_capture.h,
 * installed by the test) and check its exit status and output; a
 * mismatch fails the current cmocka test.
 */
#ifndef TESTS_SHELL_EXPECT_H
#define TESTS_SHELL_EXPECT_H

/**
 * Run @line with the captured output emptied first, expect status @ret;
 * returns the output (capcon_output()).
 */
const char *expect_exec_status(const char *line, int ret);

/** Run @line, expect status @ret and output @out exactly. */
void expect_exec(const char *line, int ret, const char *out);

/** Run @line, expect @ret and exactly one line of output, @only. */
void expect_exec_line(const char *line, int ret, const char *only);

/** Run @line, expect @ret and @first as the first of several lines. */
void expect_exec_first(const char *line, int ret, const char *first);

#endif
