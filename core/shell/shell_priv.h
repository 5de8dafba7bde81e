/* SPDX-License-Identifier: GPL-2.0-only */
/* Internals shared by the shell core's files. */
#ifndef CORE_SHELL_PRIV_H
#define CORE_SHELL_PRIV_H

#include <stdarg.h>

#include <minivisor/shell.h>

/** Print "error: <fmt...>" and mark the running command as reported. */
void shell_report_v(const char *fmt, va_list ap);

/**
 * Print the lines of @cmd's usage that begin with the words @prefix
 * ("host ram"), or all of them when @prefix is NULL or none matches.
 */
void shell_print_usage_prefix(const struct shell_cmd *cmd, const char *prefix);

#endif
