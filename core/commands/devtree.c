// SPDX-License-Identifier: GPL-2.0-only
/*
 * `devtree print [path]`: the host device tree, or the subtree at
 * @path, in the dts-like format of docs/devtree.md.
 */
#include <minivisor/console.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/shell.h>

static void devtree_cmd_out(void *arg, const char *s, size_t len)
{
	(void)arg;
	console_write(s, len);
}

static int devtree_cmd_print(int argc, char **argv)
{
	const struct devtree *dt = init_host_devtree();
	const char *path = argc > 0 ? argv[0] : NULL;
	int err;

	if (!dt)
		return shell_error(-MV_ENODEV, "devtree: no host device tree");
	err = devtree_print_path(dt, path, devtree_cmd_out, NULL);
	if (err == -MV_ENOENT || err == -MV_EINVAL)
		return shell_error(-MV_ENOENT, "devtree print: no node '%s'",
				   path);
	if (err)
		return shell_error(err, "devtree print: broken tree (%s)",
				   mv_strerror(err));
	return 0;
}

static const struct shell_subcmd devtree_subcmds[] = {
	{ "print", 0, 1, devtree_cmd_print },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_devtree = {
	.name = "devtree",
	.desc = "show the host device tree",
	.usage = "devtree print [path]   the whole tree, or the node at path",
	.subcmds = devtree_subcmds,
};
