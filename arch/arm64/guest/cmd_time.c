// SPDX-License-Identifier: GPL-2.0-only
/*
 * `time`: run a shell command and say how long it took, measured with
 * the counter inside the hypervisor, so that benchmarks do not count
 * console or QEMU latency. With -w the clock runs on, while guests
 * run, until a text appears in a vserial's output, e.g. the time from
 * `guest kick` to the test guest's prompt:
 *
 *	time -w guest0/uart0 testguest> guest kick guest0
 *
 * Output: the command's own, then "elapsed_ns <n> ms <n.nnn>".
 */
#include <string.h>

#include <arch/time.h>
#include <asm/guest.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>
#include <minivisor/vserial.h>

#define TIME_WAIT_NS 10000000000ULL /* -w gives up after 10 s */
#define TIME_TEXT_MAX 64

/* Looks for the text in the output of a vserial as it grows. */
struct time_watch {
	struct vserial *vs;
	const char *text;
	size_t len;
	uint64_t pos; /* next output byte to look at */
	char win[TIME_TEXT_MAX]; /* the last @len bytes seen */
	size_t have;
	bool found;
	uint64_t found_ns;
};

static void time_watch_byte(struct time_watch *w, char c)
{
	if (w->have == w->len) {
		memmove(w->win, w->win + 1, w->len - 1);
		w->have--;
	}
	w->win[w->have++] = c;
	if (w->have == w->len && !memcmp(w->win, w->text, w->len)) {
		w->found = true;
		w->found_ns = arch_time_ns();
	}
}

/* Called after guest exits: true once the text has been seen. */
static bool time_watch_poll(void *arg)
{
	struct time_watch *w = arg;
	char buf[64];
	size_t n;

	while (!w->found && (n = vserial_read_output(w->vs, &w->pos, buf,
						     sizeof(buf), NULL)) > 0)
		for (size_t i = 0; i < n && !w->found; i++)
			time_watch_byte(w, buf[i]);
	return w->found;
}

static void time_print(uint64_t ns)
{
	printk("elapsed_ns %llu ms %llu.%03llu\n", (unsigned long long)ns,
	       (unsigned long long)(ns / 1000000),
	       (unsigned long long)(ns / 1000 % 1000));
}

/* Run @argv (@argc words); with @w, also wait for its text. */
static int time_run(int argc, char **argv, struct time_watch *w)
{
	uint64_t t0 = arch_time_ns();
	int err = shell_exec_argv(argc, argv);

	if (err)
		return err; /* the command printed its error line */
	if (!w) {
		time_print(arch_time_ns() - t0);
		return 0;
	}
	while (!time_watch_poll(w)) {
		if (arch_time_ns() - t0 > TIME_WAIT_NS)
			return shell_error(-MV_ETIMEDOUT,
					   "time: '%s' not seen in %s", w->text,
					   vserial_name(w->vs));
		arm64_guest_shell_slice(time_watch_poll, w, false);
	}
	time_print(w->found_ns - t0);
	return 0;
}

static const struct shell_cmd time_cmd;

static int time_exec(int argc, char **argv)
{
	struct time_watch w = { 0 };

	if (argc >= 2 && !strcmp(argv[1], "-w")) {
		if (argc < 5)
			return shell_usage_error(&time_cmd,
						 "time: -w needs a vserial, "
						 "a text and a command");
		w.vs = vserial_find(argv[2]);
		if (!w.vs)
			return shell_error(-MV_ENOENT, "time: no vserial '%s'",
					   argv[2]);
		w.text = argv[3];
		w.len = strlen(argv[3]);
		if (!w.len || w.len > TIME_TEXT_MAX)
			return shell_usage_error(&time_cmd,
						 "time: text of 1 to %d bytes",
						 TIME_TEXT_MAX);
		w.pos = vserial_output_end(w.vs);
		return time_run(argc - 4, argv + 4, &w);
	}
	if (argc < 2)
		return shell_usage_error(&time_cmd, "time: no command");
	return time_run(argc - 1, argv + 1, NULL);
}

static const struct shell_cmd time_cmd = {
	.name = "time",
	.desc = "run a command and print the time it took",
	.usage = "time <command> [args...]\n"
		 "time -w <vserial> <text> <command> [args...]",
	.exec = time_exec,
};

void arm64_time_cmd_register(void)
{
	int err = shell_register(&time_cmd);

	if (err)
		pr_err("shell: cannot register 'time' (%s)\n",
		       mv_strerror(err));
}
