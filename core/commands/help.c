// SPDX-License-Identifier: GPL-2.0-only
/* `help`: every command with its description; `help <cmd>`: its usage. */
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/printk.h>

#include "commands.h"

static void help_list(void)
{
	const struct shell_cmd *cmd;
	int width = 0;

	for (unsigned int i = 0; (cmd = shell_cmd_at(i)); i++)
		width = MAX(width, (int)strlen(cmd->name));
	for (unsigned int i = 0; (cmd = shell_cmd_at(i)); i++)
		printk("%-*s  %s\n", width, cmd->name,
		       cmd->desc ? cmd->desc : "");
}

static int help_show(const char *name)
{
	const struct shell_cmd *cmd = shell_find(name);

	if (!cmd)
		return shell_error(-MV_ENOENT,
				   "help: unknown command '%s' (try 'help')",
				   name);
	printk("%s: %s\n", cmd->name, cmd->desc ? cmd->desc : "");
	shell_print_usage(cmd);
	return 0;
}

static int help_exec(int argc, char **argv)
{
	if (argc > 2)
		return shell_usage_error(&shell_cmd_help,
					 "help: too many arguments");
	if (argc == 2)
		return help_show(argv[1]);
	help_list();
	return 0;
}

const struct shell_cmd shell_cmd_help = {
	.name = "help",
	.desc = "list the commands, or show how to use one",
	.usage = "help\nhelp <command>",
	.exec = help_exec,
};
