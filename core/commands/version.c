// SPDX-License-Identifier: GPL-2.0-only
/* `version`: "minivisor <version> <arch>". */
#include <minivisor/printk.h>

#include "commands.h"

#ifndef MV_VERSION
#define MV_VERSION "unknown"
#endif

static int version_exec(int argc, char **argv)
{
	int err = cmd_no_args(&shell_cmd_version, argc, argv);

	if (err)
		return err;
	printk("minivisor %s %s\n", MV_VERSION, CONFIG_ARCH);
	return 0;
}

const struct shell_cmd shell_cmd_version = {
	.name = "version",
	.desc = "show the minivisor version and architecture",
	.usage = "version",
	.exec = version_exec,
};
