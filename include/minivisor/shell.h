/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The built-in shell: a line editor over the console, a tokenizer and a
 * command registry. Commands return 0 or a negative MV_E* code; the
 * shell prints one line for errors and keeps running.
 *
 * Output conventions (docs/shell.md): a failing command prints exactly
 * one "error: ..." line (through shell_error() or shell_usage_error(),
 * which may add usage lines after it); if it returns an error without
 * having done so, the shell prints "error: <name>: <ENAME>" for it.
 */
#ifndef MINIVISOR_SHELL_H
#define MINIVISOR_SHELL_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

#define SHELL_MAX_ARGS 16
#define SHELL_MAX_CMDS 64

#ifndef CONFIG_SHELL_LINE_MAX
#define CONFIG_SHELL_LINE_MAX 512
#endif

/**
 * A subcommand of a command: @path is one or more words after the
 * command name ("info", "ram bitmap"). @exec gets only the arguments
 * after the path (argv[argc] is NULL); the dispatcher has checked that
 * there are between @min_args and @max_args of them.
 */
struct shell_subcmd {
	const char *path;
	int min_args, max_args;
	int (*exec)(int argc, char **argv);
};

/** A top-level command ("host", "heap", "guest"...). */
struct shell_cmd {
	const char *name;
	const char *desc; /* one line for `help` */
	const char *usage; /* lines printed for `help <name>` and on misuse */
	int (*exec)(int argc, char **argv);
	/*
	 * Optional table ending with a NULL path. With @exec NULL the
	 * shell dispatches to it; tab completion offers its paths' words
	 * after the command name.
	 */
	const struct shell_subcmd *subcmds;
};

/**
 * Register a command (built-in table entries are registered by
 * shell_init()). Returns 0, -MV_EEXIST, or -MV_ENOSPC; -MV_EINVAL for
 * a missing or malformed name (empty, spaces, quotes, ';'), or for
 * neither exec nor subcmds.
 */
int shell_register(const struct shell_cmd *cmd);

/** Remove the command called @name; 0 or -MV_ENOENT. */
int shell_unregister(const char *name);

/** The registered command called @name, or NULL. */
const struct shell_cmd *shell_find(const char *name);

/** The @i-th registered command in name order, or NULL past the end. */
const struct shell_cmd *shell_cmd_at(unsigned int i);

/** Register the built-in commands; call once the console works. */
void shell_init(void);

/**
 * Run one line: `;`-separated commands with quotes and escapes. Returns
 * the status of the last command run.
 */
int shell_exec_line(const char *line);

/** Run one already split command (@argv[0] is its name). */
int shell_exec_argv(int argc, char **argv);

/** The interactive loop: prompt, edit, run. Returns only on `exit`. */
void shell_run(void);

/**
 * Make shell_run() return once the current line is done (the `exit`
 * command, or an idle hook of a test harness).
 */
void shell_stop(void);

/**
 * Call @fn whenever shell_run() finds no console input pending (NULL
 * restores the default, arch_cpu_relax()).
 */
void shell_set_idle(void (*fn)(void));

/** Print a command's usage with an "error: " line first. */
int shell_usage_error(const struct shell_cmd *cmd, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));

/**
 * Print "error: <message>" as the failing command's one error line
 * and return @err (a negative MV_E* code) for the command to return.
 */
int shell_error(int err, const char *fmt, ...) __printf(2, 3);

/** Print @cmd's usage lines ("usage: ..." then aligned lines). */
void shell_print_usage(const struct shell_cmd *cmd);

/**
 * Run the subcommand of @cmd named by @argv[1..] (longest matching
 * path), after checking its argument count; prints usage errors.
 * Returns the subcommand's status or -MV_EINVAL.
 */
int shell_subcmd_dispatch(const struct shell_cmd *cmd, int argc, char **argv);

/** One command split into words by shell_tokenize(). */
struct shell_args {
	int argc;
	char *argv[SHELL_MAX_ARGS + 1]; /* argv[argc] is NULL */
	const char *error; /* why shell_tokenize() failed */
};

/**
 * Split the first command of @line - up to an unquoted ';' or the end -
 * into words stored in @buf (@size bytes; strlen(@line) + 1 always
 * suffices). Words are separated by blanks; '...' is literal, "..."
 * honours \" and \\, a backslash outside quotes escapes any byte, and
 * an unquoted '#' at the start of a word comments out the rest of the
 * line. Returns the number of bytes of @line used (';' included) with
 * @args filled (argc 0 for an empty command), or -MV_EINVAL
 * (unterminated quote, trailing backslash), -MV_E2BIG (more than
 * SHELL_MAX_ARGS words) or -MV_ENAMETOOLONG (@buf too small), with
 * @args->error saying which.
 */
int shell_tokenize(const char *line, struct shell_args *args, char *buf,
		   size_t size);

#endif
