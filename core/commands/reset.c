// SPDX-License-Identifier: GPL-2.0-only
/* `reset`: reset the machine; an error line if the port cannot. */
#include <arch/power.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

#include "commands.h"

static int reset_exec(int argc, char **argv)
{
	int err = cmd_no_args(&shell_cmd_reset, argc, argv);

	if (err)
		return err;
	printk("resetting\n");
	err = arch_system_reset();
	return shell_error(err < 0 ? err : -MV_EIO, "reset: failed (%s)",
			   mv_strerror(err < 0 ? err : -MV_EIO));
}

const struct shell_cmd shell_cmd_reset = {
	.name = "reset",
	.desc = "reset the machine",
	.usage = "reset",
	.exec = reset_exec,
};
