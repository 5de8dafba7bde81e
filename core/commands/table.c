// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of built-in commands and shell_init(). Commands owned by
 * other subsystems are referenced weakly: they are registered when
 * their object is linked into the image, and simply absent otherwise.
 */
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/string.h>

#include "commands.h"

#define WEAK_CMD(name) \
	extern const struct shell_cmd name __attribute__((__weak__))

WEAK_CMD(shell_cmd_devtree);
WEAK_CMD(shell_cmd_guest);
WEAK_CMD(shell_cmd_vcpu);
WEAK_CMD(shell_cmd_vserial);

static const struct shell_cmd *const shell_builtin_cmds[] = {
	&shell_cmd_help,     &shell_cmd_version, &shell_cmd_host,
	&shell_cmd_heap,     &shell_cmd_mempool, &shell_cmd_reset,
	&shell_cmd_poweroff, &shell_cmd_exit,	 &shell_cmd_devtree,
	&shell_cmd_guest,    &shell_cmd_vcpu,	 &shell_cmd_vserial,
};

void shell_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(shell_builtin_cmds); i++) {
		const struct shell_cmd *cmd = shell_builtin_cmds[i];
		int err;

		if (!cmd)
			continue; /* a weak command that is not linked in */
		err = shell_register(cmd);
		/* Calling shell_init() twice is harmless. */
		if (err && err != -MV_EEXIST)
			pr_err("shell: cannot register '%s' (%s)\n", cmd->name,
			       mv_strerror(err));
	}
}

int cmd_no_args(const struct shell_cmd *cmd, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return shell_usage_error(cmd, "%s: too many arguments",
					 cmd->name);
	return 0;
}

int cmd_parse_u64(const char *where, const char *what, const char *s,
		  uint64_t max, uint64_t *out)
{
	int err = str_parse_u64_max(s, max, out);

	if (err == -MV_ERANGE)
		return shell_error(err, "%s: %s '%s' out of range", where, what,
				   s);
	if (err)
		return shell_error(err, "%s: bad %s '%s'", where, what, s);
	return 0;
}
