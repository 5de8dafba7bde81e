// SPDX-License-Identifier: GPL-2.0-only
/* Shell line checks for unit tests (see shell_expect.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <minivisor/shell.h>

#include "console_capture.h"
#include "shell_expect.h"

const char *expect_exec_status(const char *line, int ret)
{
	capcon_clear();
	assert_int_equal(shell_exec_line(line), ret);
	return capcon_output();
}

void expect_exec(const char *line, int ret, const char *out)
{
	assert_string_equal(expect_exec_status(line, ret), out);
}

void expect_exec_line(const char *line, int ret, const char *only)
{
	char buf[512];

	/* A line too long for buf would be compared cut short: refuse it. */
	assert_true((size_t)snprintf(buf, sizeof(buf), "%s\n", only) <
		    sizeof(buf));
	expect_exec(line, ret, buf);
}

void expect_exec_first(const char *line, int ret, const char *first)
{
	const char *out = expect_exec_status(line, ret);

	assert_memory_equal(out, first, strlen(first));
	assert_int_equal(out[strlen(first)], '\n');
}
