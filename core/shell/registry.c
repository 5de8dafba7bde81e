// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command registry, kept sorted by name so that `help` and tab
 * completion list commands in a stable order; usage printing and the
 * subcommand dispatcher.
 */
#include <stdarg.h>
#include <string.h>

#include <minivisor/ctype.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>

#include "shell_priv.h"

static const struct shell_cmd *shell_cmds[SHELL_MAX_CMDS];
static unsigned int shell_ncmds;

/* Names must survive the tokenizer unquoted: no blanks or specials. */
static bool shell_name_ok(const char *name)
{
	if (!name || !*name)
		return false;
	for (; *name; name++)
		if (!mv_isprint(*name) || *name == ' ' ||
		    strchr("'\"\\;#", *name))
			return false;
	return true;
}

int shell_register(const struct shell_cmd *cmd)
{
	unsigned int i;

	if (!cmd || !shell_name_ok(cmd->name) || (!cmd->exec && !cmd->subcmds))
		return -MV_EINVAL;
	if (shell_find(cmd->name))
		return -MV_EEXIST;
	if (shell_ncmds == SHELL_MAX_CMDS)
		return -MV_ENOSPC;
	for (i = shell_ncmds;
	     i && strcmp(shell_cmds[i - 1]->name, cmd->name) > 0; i--)
		shell_cmds[i] = shell_cmds[i - 1];
	shell_cmds[i] = cmd;
	shell_ncmds++;
	return 0;
}

int shell_unregister(const char *name)
{
	for (unsigned int i = 0; i < shell_ncmds; i++) {
		if (strcmp(shell_cmds[i]->name, name))
			continue;
		shell_ncmds--;
		memmove(&shell_cmds[i], &shell_cmds[i + 1],
			(shell_ncmds - i) * sizeof(shell_cmds[0]));
		return 0;
	}
	return -MV_ENOENT;
}

const struct shell_cmd *shell_find(const char *name)
{
	for (unsigned int i = 0; i < shell_ncmds; i++)
		if (!strcmp(shell_cmds[i]->name, name))
			return shell_cmds[i];
	return NULL;
}

const struct shell_cmd *shell_cmd_at(unsigned int i)
{
	return i < shell_ncmds ? shell_cmds[i] : NULL;
}

/* True when usage line @line (@n bytes) begins with the words @prefix. */
static bool shell_usage_line_matches(const char *line, size_t n,
				     const char *prefix)
{
	size_t len = strlen(prefix);

	return n >= len && !strncmp(line, prefix, len) &&
	       (n == len || line[len] == ' ');
}

/* Print the usage lines matching @prefix (all if NULL); how many. */
static int shell_usage_lines(const struct shell_cmd *cmd, const char *prefix,
			     bool print)
{
	const char *p = cmd->usage ? cmd->usage : cmd->name;
	const char *lead = "usage: ";
	int count = 0;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (!prefix || shell_usage_line_matches(p, n, prefix)) {
			if (print)
				printk("%s%.*s\n", lead, (int)n, p);
			lead = "       ";
			count++;
		}
		p += n + (p[n] == '\n');
	}
	return count;
}

void shell_print_usage_prefix(const struct shell_cmd *cmd, const char *prefix)
{
	if (prefix && !shell_usage_lines(cmd, prefix, false))
		prefix = NULL;
	shell_usage_lines(cmd, prefix, true);
}

void shell_print_usage(const struct shell_cmd *cmd)
{
	shell_print_usage_prefix(cmd, NULL);
}

/*
 * A misuse of a subcommand: the error line, then the usage lines for
 * the words @path after the command name (all lines if @path is NULL).
 */
static int shell_subcmd_error(const struct shell_cmd *cmd, const char *path,
			      const char *fmt, ...) __printf(3, 4);

static int shell_subcmd_error(const struct shell_cmd *cmd, const char *path,
			      const char *fmt, ...)
{
	char prefix[128];
	va_list ap;

	va_start(ap, fmt);
	shell_report_v(fmt, ap);
	va_end(ap);
	mv_snprintf(prefix, sizeof(prefix), "%s %s", cmd->name,
		    path ? path : "");
	shell_print_usage_prefix(cmd, path ? prefix : NULL);
	return -MV_EINVAL;
}

/* How many words of @path match argv[1..]; 0 unless all of them do. */
static int shell_subcmd_match(const char *path, int argc, char **argv)
{
	int w = 1;

	while (*path) {
		size_t n = strcspn(path, " ");

		if (w >= argc || strlen(argv[w]) != n ||
		    strncmp(argv[w], path, n))
			return 0;
		w++;
		path += n;
		path += strspn(path, " ");
	}
	return w - 1;
}

/* True when some subcommand path of @cmd starts with the word @word. */
static bool shell_subcmd_known_first(const struct shell_cmd *cmd,
				     const char *word)
{
	size_t n = strlen(word);

	for (const struct shell_subcmd *s = cmd->subcmds; s->path; s++)
		if (!strncmp(s->path, word, n) &&
		    (s->path[n] == ' ' || !s->path[n]))
			return true;
	return false;
}

/* No subcommand matched: say what is wrong with argv[1..]. */
static int shell_subcmd_unknown(const struct shell_cmd *cmd, int argc,
				char **argv)
{
	if (argc < 2)
		return shell_subcmd_error(cmd, NULL, "%s: missing subcommand",
					  cmd->name);
	if (!shell_subcmd_known_first(cmd, argv[1]))
		return shell_subcmd_error(cmd, NULL,
					  "%s: unknown subcommand '%s'",
					  cmd->name, argv[1]);
	if (argc < 3)
		return shell_subcmd_error(cmd, argv[1],
					  "%s %s: missing subcommand",
					  cmd->name, argv[1]);
	return shell_subcmd_error(cmd, argv[1],
				  "%s %s: unknown subcommand '%s'", cmd->name,
				  argv[1], argv[2]);
}

int shell_subcmd_dispatch(const struct shell_cmd *cmd, int argc, char **argv)
{
	const struct shell_subcmd *best = NULL;
	int words = 0, nargs;

	for (const struct shell_subcmd *s = cmd->subcmds; s && s->path; s++) {
		int n = shell_subcmd_match(s->path, argc, argv);

		if (n > words) {
			words = n;
			best = s;
		}
	}
	if (!best)
		return shell_subcmd_unknown(cmd, argc, argv);
	nargs = argc - 1 - words;
	if (nargs < best->min_args)
		return shell_subcmd_error(cmd, best->path,
					  "%s %s: missing argument", cmd->name,
					  best->path);
	if (nargs > best->max_args)
		return shell_subcmd_error(cmd, best->path,
					  "%s %s: too many arguments",
					  cmd->name, best->path);
	return best->exec(nargs, argv + 1 + words);
}
