// SPDX-License-Identifier: GPL-2.0-only
/* `poweroff`: power the machine off; an error line if the port cannot. */
#include <arch/power.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

#include "commands.h"

static int poweroff_exec(int argc, char **argv)
{
	int err = cmd_no_args(&shell_cmd_poweroff, argc, argv);

	if (err)
		return err;
	printk("powering off\n");
	err = arch_system_poweroff();
	return shell_error(err < 0 ? err : -MV_EIO, "poweroff: failed (%s)",
			   mv_strerror(err < 0 ? err : -MV_EIO));
}

const struct shell_cmd shell_cmd_poweroff = {
	.name = "poweroff",
	.desc = "power the machine off",
	.usage = "poweroff",
	.exec = poweroff_exec,
};
