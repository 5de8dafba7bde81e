// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shell core: registry rules, running lines, the one-line error
 * convention, subcommand dispatch and usage errors, and shell_run()
 * over a capture console (prompt, echo, errors, completion, idle hook).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>

#include "helpers/console_capture.h"

static int echo_exec(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printk("%s%s", argv[i], i + 1 < argc ? " " : "");
	printk("\n");
	return argc - 1;
}

static int fail_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return -MV_EIO; /* without printing anything */
}

static int loud_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return shell_error(-MV_EBUSY, "loud is busy");
}

static int sub_args_exec(int argc, char **argv)
{
	printk("sub argc=%d", argc);
	for (int i = 0; i < argc; i++)
		printk(" [%s]", argv[i]);
	printk("%s\n", argv[argc] == NULL ? " end" : " unterminated");
	return 0;
}

static const struct shell_subcmd sub_table[] = {
	{ "one", 0, 0, sub_args_exec },
	{ "two words", 1, 2, sub_args_exec },
	{ "two other", 0, 0, sub_args_exec },
	{ "two", 0, 5, sub_args_exec },
	{ NULL, 0, 0, NULL },
};

static const struct shell_cmd echo_cmd = { "echo", "print arguments",
					   "echo [word...]", echo_exec, NULL };
static const struct shell_cmd fail_cmd = { "fail", "fail quietly", "fail",
					   fail_exec, NULL };
static const struct shell_cmd loud_cmd = { "loud", "fail loudly", "loud",
					   loud_exec, NULL };
static const struct shell_cmd sub_cmd = {
	"sub", "subcommands", "sub one\nsub two words <a> [b]\nsub two other",
	NULL, sub_table
};

static int setup(void **state)
{
	(void)state;
	capcon_install();
	shell_register(&echo_cmd);
	shell_register(&fail_cmd);
	shell_register(&loud_cmd);
	shell_register(&sub_cmd);
	return 0;
}

static void expect_output(const char *want)
{
	assert_string_equal(capcon_output(), want);
	capcon_clear();
}

static void test_register_rules(void **state)
{
	static const struct shell_cmd bad[] = {
		{ "", "d", "u", echo_exec, NULL },
		{ NULL, "d", "u", echo_exec, NULL },
		{ "two words", "d", "u", echo_exec, NULL },
		{ "semi;colon", "d", "u", echo_exec, NULL },
		{ "q'uote", "d", "u", echo_exec, NULL },
		{ "#hash", "d", "u", echo_exec, NULL },
		{ "tab\t", "d", "u", echo_exec, NULL },
		{ "noexec", "d", "u", NULL, NULL },
	};
	const struct shell_cmd again = { "echo", "x", "x", fail_exec, NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(shell_register(&bad[i]), -MV_EINVAL);
	assert_int_equal(shell_register(NULL), -MV_EINVAL);
	assert_int_equal(shell_register(&again), -MV_EEXIST);
	assert_ptr_equal(shell_find("echo"), &echo_cmd);
	assert_null(shell_find("nope"));
}

static void test_registry_full_and_sorted(void **state)
{
	static struct shell_cmd many[SHELL_MAX_CMDS];
	static char names[SHELL_MAX_CMDS][16];
	const struct shell_cmd *c, *prev = NULL;
	int added = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < SHELL_MAX_CMDS; i++) {
		snprintf(names[i], sizeof(names[i]), "z%02u",
			 SHELL_MAX_CMDS - i);
		many[i] = (struct shell_cmd){ names[i], "d", "u", echo_exec,
					      NULL };
		int r = shell_register(&many[i]);

		if (r == -MV_ENOSPC)
			break;
		assert_int_equal(r, 0);
		added++;
	}
	assert_int_equal(i, SHELL_MAX_CMDS - 4); /* 4 from setup */
	assert_int_equal(shell_register(&many[i]), -MV_ENOSPC);
	for (i = 0; (c = shell_cmd_at(i)); i++) {
		if (prev)
			assert_true(strcmp(prev->name, c->name) < 0);
		prev = c;
	}
	assert_int_equal(i, SHELL_MAX_CMDS);
	for (int k = 0; k < added; k++)
		assert_int_equal(shell_unregister(names[k]), 0);
	assert_int_equal(shell_unregister(names[0]), -MV_ENOENT);
	assert_null(shell_cmd_at(4));
	assert_string_equal(shell_cmd_at(0)->name, "echo");
	assert_string_equal(shell_cmd_at(3)->name, "sub");
}

static void test_exec_line(void **state)
{
	(void)state;
	assert_int_equal(shell_exec_line("echo a 'b c'"), 2);
	expect_output("a b c\n");
	assert_int_equal(shell_exec_line("echo 1; echo 2 3 ;; echo"), 0);
	expect_output("1\n2 3\n\n");
	assert_int_equal(shell_exec_line(""), 0);
	assert_int_equal(shell_exec_line("  ; ;  # only a comment"), 0);
	expect_output("");
}

static void test_exec_errors(void **state)
{
	char line[CONFIG_SHELL_LINE_MAX + 2];

	(void)state;
	assert_int_equal(shell_exec_line("nosuch x"), -MV_ENOENT);
	expect_output("error: unknown command 'nosuch' (try 'help')\n");
	/* The last command's status wins; earlier failures still print. */
	assert_int_equal(shell_exec_line("nosuch; echo ok"), 1);
	expect_output("error: unknown command 'nosuch' (try 'help')\nok\n");
	assert_int_equal(shell_exec_line("fail"), -MV_EIO);
	expect_output("error: fail: EIO\n");
	assert_int_equal(shell_exec_line("loud"), -MV_EBUSY);
	expect_output("error: loud is busy\n");
	/* A syntax error anywhere runs nothing. */
	assert_int_equal(shell_exec_line("echo a; echo 'b"), -MV_EINVAL);
	expect_output("error: unterminated quote\n");
	assert_int_equal(shell_exec_line("echo a\\"), -MV_EINVAL);
	expect_output("error: trailing backslash\n");
	assert_int_equal(shell_exec_line("echo 1 2 3 4 5 6 7 8 9 10 11 12 13 "
					 "14 15 16"),
			 -MV_E2BIG);
	expect_output("error: too many arguments (max 16)\n");
	memset(line, 'e', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(shell_exec_line(line), -MV_ENAMETOOLONG);
	expect_output("error: line too long (max 512)\n");
	line[CONFIG_SHELL_LINE_MAX] = '\0'; /* exactly the maximum */
	assert_int_equal(shell_exec_line(line), -MV_ENOENT);
	capcon_clear();
}

static void test_subcommands(void **state)
{
	(void)state;
	assert_int_equal(shell_exec_line("sub one"), 0);
	expect_output("sub argc=0 end\n");
	assert_int_equal(shell_exec_line("sub two words a"), 0);
	expect_output("sub argc=1 [a] end\n");
	assert_int_equal(shell_exec_line("sub two words a b"), 0);
	expect_output("sub argc=2 [a] [b] end\n");
	/* The longest matching path wins over "two". */
	assert_int_equal(shell_exec_line("sub two other"), 0);
	expect_output("sub argc=0 end\n");
	assert_int_equal(shell_exec_line("sub two x y"), 0);
	expect_output("sub argc=2 [x] [y] end\n");
}

/* Run @line; expect the error line then exactly the @usage lines. */
static void expect_usage_error(const char *line, const char *error,
			       const char *usage)
{
	char want[512];

	snprintf(want, sizeof(want), "error: %s\n%s", error, usage);
	assert_int_equal(shell_exec_line(line), -MV_EINVAL);
	expect_output(want);
}

static const char all_usage[] = "usage: sub one\n"
				"       sub two words <a> [b]\n"
				"       sub two other\n";

static void test_subcommand_errors(void **state)
{
	(void)state;
	expect_usage_error("sub", "sub: missing subcommand", all_usage);
	expect_usage_error("sub three", "sub: unknown subcommand 'three'",
			   all_usage);
	expect_usage_error("sub On", "sub: unknown subcommand 'On'", all_usage);
	/* Only the usage lines of the subcommand concerned. */
	expect_usage_error("sub one extra", "sub one: too many arguments",
			   "usage: sub one\n");
	expect_usage_error("sub two words", "sub two words: missing argument",
			   "usage: sub two words <a> [b]\n");
	expect_usage_error("sub two words a b c",
			   "sub two words: too many arguments",
			   "usage: sub two words <a> [b]\n");
	expect_usage_error("sub two 1 2 3 4 5 6", "sub two: too many arguments",
			   "usage: sub two words <a> [b]\n"
			   "       sub two other\n");
}

static void test_usage_printing(void **state)
{
	const struct shell_cmd bare = { "bare", "d", NULL, echo_exec, NULL };

	(void)state;
	shell_print_usage(&echo_cmd);
	expect_output("usage: echo [word...]\n");
	shell_print_usage(&bare);
	expect_output("usage: bare\n");
	assert_int_equal(shell_usage_error(&echo_cmd, "bad %d", 7), -MV_EINVAL);
	expect_output("error: bad 7\nusage: echo [word...]\n");
}

static int idle_calls;

static void stop_when_drained(void)
{
	idle_calls++;
	if (!capcon_pending())
		shell_stop();
}

/* Run the shell over @input until it is consumed; return the output. */
static const char *run_shell(const char *input, size_t len)
{
	capcon_clear();
	capcon_feed_bytes(input, len);
	shell_set_idle(stop_when_drained);
	shell_run();
	return capcon_output();
}

#define RUN(s) run_shell(s, sizeof(s) - 1)

static void test_run_basic(void **state)
{
	(void)state;
	idle_calls = 0;
	assert_string_equal(RUN("echo hi\r\necho  there\n"),
			    "minivisor# echo hi\nhi\n"
			    "minivisor# echo  there\nthere\n"
			    "minivisor# ");
	assert_int_equal(idle_calls, 1);
	/* \n\r is two endings: an empty line in between. */
	assert_string_equal(RUN("\n\rfail\r"), "minivisor# \nminivisor# \n"
					       "minivisor# fail\n"
					       "error: fail: EIO\nminivisor# ");
}

static void test_run_errors_keep_going(void **state)
{
	static char input[CONFIG_SHELL_LINE_MAX + 64];
	const char *out;
	size_t n;

	(void)state;
	out = RUN("bogus\recho a\x07 b\recho ok\r");
	assert_string_equal(out, "minivisor# bogus\n"
				 "error: unknown command 'bogus' (try 'help')\n"
				 "minivisor# echo a b\n"
				 "error: invalid byte 0x07 in line\n"
				 "minivisor# echo ok\nok\nminivisor# ");
	/* An over-long line: discarded whole, reported once. */
	memset(input, 'x', CONFIG_SHELL_LINE_MAX + 20);
	n = CONFIG_SHELL_LINE_MAX + 20;
	memcpy(input + n, "\r\necho after\r", 13);
	out = run_shell(input, n + 13);
	assert_non_null(strstr(out, "\nerror: line too long (max 512)\n"
				    "minivisor# echo after\nafter\n"));
	assert_null(strstr(strstr(out, "too long") + 1, "too long"));
	/* Ctrl-C discards the line and gives a fresh prompt. */
	out = RUN("echo no\x03"
		  "echo yes\r");
	assert_string_equal(out, "minivisor# echo no^C\n"
				 "minivisor# echo yes\nyes\nminivisor# ");
}

static void test_run_completion_and_history(void **state)
{
	(void)state;
	/* Tab completes the command, then the first subcommand word. */
	assert_string_equal(RUN("ec\t1\r"),
			    "minivisor# echo 1\n1\nminivisor# ");
	assert_string_equal(RUN("sub t\two\r"),
			    "minivisor# sub two wo\n"
			    "sub argc=1 [wo] end\nminivisor# ");
	/* History survives across shell_run() calls. */
	assert_string_equal(RUN("\x1b[A\r"), "minivisor# sub two wo\n"
					     "sub argc=1 [wo] end\n"
					     "minivisor# ");
	/* Deeper subcommand words complete too. */
	assert_string_equal(RUN("sub two w\tx\r"),
			    "minivisor# sub two words x\n"
			    "sub argc=1 [x] end\nminivisor# ");
	assert_string_equal(RUN("sub two \t\r"),
			    "minivisor# sub two \nwords  other  \n"
			    "minivisor# sub two \nsub argc=0 end\nminivisor# ");
	assert_string_equal(RUN("sub one \t\r"),
			    "minivisor# sub one \nsub argc=0 end\nminivisor# ");
	/* Ambiguous: the candidates are listed and the line redrawn. */
	assert_string_equal(RUN("sub \t\r"),
			    "minivisor# sub \none  two  \nminivisor# sub \n"
			    "error: sub: missing subcommand\n"
			    "usage: sub one\n"
			    "       sub two words <a> [b]\n"
			    "       sub two other\n"
			    "minivisor# ");
}

static int stop_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_stop();
	return 0;
}

static void test_run_exit_from_command(void **state)
{
	const struct shell_cmd stop = { "stop", "d", "u", stop_exec, NULL };

	(void)state;
	/* shell_stop() from a command ends the loop after its line. */
	assert_int_equal(shell_register(&stop), 0);
	capcon_feed("stop\recho never\r");
	shell_set_idle(NULL);
	capcon_clear();
	shell_run();
	assert_string_equal(capcon_output(), "minivisor# stop\n");
	assert_int_equal(capcon_pending(), 11);
	assert_int_equal(shell_unregister("stop"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_register_rules, setup),
		cmocka_unit_test_setup(test_registry_full_and_sorted, setup),
		cmocka_unit_test_setup(test_exec_line, setup),
		cmocka_unit_test_setup(test_exec_errors, setup),
		cmocka_unit_test_setup(test_subcommands, setup),
		cmocka_unit_test_setup(test_subcommand_errors, setup),
		cmocka_unit_test_setup(test_usage_printing, setup),
		cmocka_unit_test_setup(test_run_basic, setup),
		cmocka_unit_test_setup(test_run_errors_keep_going, setup),
		cmocka_unit_test_setup(test_run_completion_and_history, setup),
		cmocka_unit_test_setup(test_run_exit_from_command, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
