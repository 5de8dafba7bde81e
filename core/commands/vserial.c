// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vserial`: guest consoles. `list` shows every vserial with its
 * counters, `dump` prints what a guest wrote (the ring's content),
 * `send` queues a line of input for a guest without binding (handy in
 * boot scripts), and `bind` attaches the console to a guest until the
 * escape Ctrl-] q (docs/vserial.md).
 */
#include <arch/console.h>
#include <minivisor/console.h>
#include <minivisor/console_lock.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/vserial.h>

#include <string.h>

#include "commands.h"

static int vserial_cmd_list_one(struct vserial *vs, void *arg)
{
	struct vserial_info i;

	(void)arg;
	vserial_get_info(vs, &i);
	printk("%s output %llu dropped %llu input %llu input_dropped %llu "
	       "bound %s\n",
	       i.name, ULL(i.out_bytes), ULL(i.out_dropped), ULL(i.in_bytes),
	       ULL(i.in_dropped), i.bound ? "yes" : "no");
	return 0;
}

static int vserial_cmd_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("vserials %u\n", vserial_count());
	return vserial_for_each(vserial_cmd_list_one, NULL);
}

static struct vserial *vserial_cmd_lookup(const char *cmd, const char *name,
					  int *err)
{
	struct vserial *vs = vserial_find(name);

	if (!vs)
		*err = shell_error(-MV_ENOENT, "vserial %s: no vserial '%s'",
				   cmd, name);
	return vs;
}

static int vserial_cmd_dump(int argc, char **argv)
{
	uint64_t pos, end, want = UINT64_MAX, lost;
	struct vserial *vs;
	char buf[128], last = '\n';
	size_t n;
	int err;

	vs = vserial_cmd_lookup("dump", argv[0], &err);
	if (!vs)
		return err;
	if (argc > 1 && (err = cmd_parse_u64("vserial dump", "byte count",
					     argv[1], UINT64_MAX, &want)))
		return err;
	pos = vserial_output_start(vs);
	end = vserial_output_end(vs);
	if (pos)
		printk("[vserial: %llu older bytes dropped]\n", ULL(pos));
	if (end - pos > want)
		pos = end - want;
	/* Stop at @end: the guest may keep writing while we print. */
	while (pos < end) {
		size_t chunk = end - pos < sizeof(buf) ? end - pos :
							 sizeof(buf);

		n = vserial_read_output(vs, &pos, buf, chunk, &lost);
		if (!n)
			break;
		console_write_raw(buf, n);
		last = buf[n - 1];
	}
	if (last != '\n') /* keep the shell prompt at the line start */
		printk("\n");
	return 0;
}

static int vserial_cmd_bind(int argc, char **argv)
{
	struct vserial *vs;
	int err;

	(void)argc;
	vs = vserial_cmd_lookup("bind", argv[0], &err);
	if (!vs)
		return err;
	err = vserial_bind_run(vs);
	if (err == -MV_ENODEV)
		return shell_error(err, "vserial bind: '%s' went away",
				   argv[0]);
	return err;
}

/* The words joined by blanks, then a carriage return (Enter). */
static int vserial_cmd_send(int argc, char **argv)
{
	struct vserial *vs;
	size_t want = 1, done = 0;
	int err;

	vs = vserial_cmd_lookup("send", argv[0], &err);
	if (!vs)
		return err;
	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		want += len + (i > 1);
		if (i > 1)
			done += vserial_send(vs, " ", 1);
		done += vserial_send(vs, argv[i], len);
	}
	done += vserial_send(vs, "\r", 1);
	if (done != want)
		return shell_error(-MV_ENOSPC,
				   "vserial send: input queue full, %llu of "
				   "%llu bytes dropped",
				   ULL(want - done), ULL(want));
	return 0;
}

static const struct shell_subcmd vserial_subcmds[] = {
	{ "list", 0, 0, vserial_cmd_list },
	{ "dump", 1, 2, vserial_cmd_dump },
	{ "bind", 1, 1, vserial_cmd_bind },
	{ "send", 1, SHELL_MAX_ARGS - 2, vserial_cmd_send },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_vserial = {
	.name = "vserial",
	.desc = "guest consoles: list, dump, send, bind",
	.usage = "vserial list                  every guest console\n"
		 "vserial dump <name> [bytes]   what the guest wrote\n"
		 "vserial send <name> [words]   type a line into the guest\n"
		 "vserial bind <name>           attach the console; Ctrl-] q "
		 "returns",
	.subcmds = vserial_subcmds,
};
