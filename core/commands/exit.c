// SPDX-License-Identifier: GPL-2.0-only
/* `exit`: leave the interactive shell (shell_run() returns). */
#include "commands.h"

static int exit_exec(int argc, char **argv)
{
	int err = cmd_no_args(&shell_cmd_exit, argc, argv);

	if (!err)
		shell_stop();
	return err;
}

const struct shell_cmd shell_cmd_exit = {
	.name = "exit",
	.desc = "leave the shell",
	.usage = "exit",
	.exec = exit_exec,
};
