/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The built-in shell: a line editor over the console, a tokenizer and a
 * command registry. Commands return 0 or a negative MV_E* code; the
 * shell prints one line for errors and keeps running.
 */
#ifndef MINIVISOR_SHELL_H
#define MINIVISOR_SHELL_H

#include <minivisor/types.h>

#define SHELL_MAX_ARGS 16

/** A top-level command ("host", "heap", "guest"...). */
struct shell_cmd {
	const char *name;
	const char *desc; /* one line for `help` */
	const char *usage; /* lines printed for `help <name>` and on misuse */
	int (*exec)(int argc, char **argv);
};

/**
 * Register a command (built-in table entries are registered by
 * shell_init()). Returns 0, -MV_EEXIST, or -MV_ENOSPC.
 */
int shell_register(const struct shell_cmd *cmd);

/** Register the built-in commands; call once the console works. */
void shell_init(void);

/**
 * Run one line: `;`-separated commands with quotes and escapes. Returns
 * the status of the last command run.
 */
int shell_exec_line(const char *line);

/** The interactive loop: prompt, edit, run. Returns only on `exit`. */
void shell_run(void);

/** Print a command's usage with an "error: " line first. */
int shell_usage_error(const struct shell_cmd *cmd, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));

#endif
