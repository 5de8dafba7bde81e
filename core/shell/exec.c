// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running lines and commands, and the one-line error convention: a
 * failing command reports itself through shell_error() or
 * shell_usage_error(); when it did not, the shell reports for it.
 */
#include <stdarg.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>

#include "shell_priv.h"

/* Whether the running command has printed its error line. */
static bool shell_reported;

void shell_report_v(const char *fmt, va_list ap)
{
	printk("error: ");
	vprintk(fmt, ap);
	printk("\n");
	shell_reported = true;
}

int shell_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shell_report_v(fmt, ap);
	va_end(ap);
	return err;
}

int shell_usage_error(const struct shell_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shell_report_v(fmt, ap);
	va_end(ap);
	shell_print_usage(cmd);
	return -MV_EINVAL;
}

int shell_exec_argv(int argc, char **argv)
{
	const struct shell_cmd *cmd;
	bool outer = shell_reported;
	int ret;

	if (argc <= 0 || !argv[0])
		return 0;
	cmd = shell_find(argv[0]);
	if (!cmd)
		return shell_error(-MV_ENOENT,
				   "unknown command '%s' (try 'help')",
				   argv[0]);
	shell_reported = false;
	if (cmd->exec)
		ret = cmd->exec(argc, argv);
	else
		ret = shell_subcmd_dispatch(cmd, argc, argv);
	if (ret < 0 && !shell_reported)
		shell_error(ret, "%s: %s", argv[0], mv_strerror(ret));
	shell_reported = outer;
	return ret;
}

/* Report a tokenizer failure the way the shell words it. */
static int shell_syntax_error(int err, const struct shell_args *args)
{
	if (err == -MV_E2BIG)
		return shell_error(err, "too many arguments (max %d)",
				   SHELL_MAX_ARGS);
	return shell_error(err, "%s", args->error);
}

int shell_exec_line(const char *line)
{
	char buf[CONFIG_SHELL_LINE_MAX + 1];
	struct shell_args args;
	size_t pos;
	int n, ret = 0;

	if (strnlen(line, CONFIG_SHELL_LINE_MAX + 1) > CONFIG_SHELL_LINE_MAX)
		return shell_error(-MV_ENAMETOOLONG, "line too long (max %d)",
				   CONFIG_SHELL_LINE_MAX);
	/* Check the whole line first: a syntax error anywhere runs nothing. */
	for (pos = 0; line[pos]; pos += (size_t)n) {
		n = shell_tokenize(line + pos, &args, buf, sizeof(buf));
		if (n < 0)
			return shell_syntax_error(n, &args);
	}
	for (pos = 0; line[pos]; pos += (size_t)n) {
		n = shell_tokenize(line + pos, &args, buf, sizeof(buf));
		if (args.argc)
			ret = shell_exec_argv(args.argc, args.argv);
	}
	return ret;
}
