// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `devtree` shell command run through the real shell on a fixture.
 * This program provides init_host_devtree() itself (the one in
 * core/init.c is then not linked), so each test picks the host tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/shell.h>

#include "helpers/console_capture.h"
#include "helpers/shell_expect.h"
#include "helpers/text_sink.h"
#include "test_devtree_util.h"

extern const struct shell_cmd shell_cmd_devtree;

static const struct devtree *host_tree;

const struct devtree *init_host_devtree(void)
{
	return host_tree;
}

static struct blob fixture;
static struct devtree fixture_dt;

static int setup(void **state)
{
	fixture = test_load_dtb("cells1.dtb");
	assert_int_equal(devtree_open(&fixture_dt, fixture.data, fixture.size),
			 0);
	host_tree = &fixture_dt;
	capcon_install();
	shell_init();
	(void)state;
	return 0;
}

static int teardown(void **state)
{
	free(fixture.data);
	(void)state;
	return 0;
}

/* Run @line, expect status 0 and what devtree_print_path() gives @path. */
static void expect_print(const char *line, const char *path)
{
	struct text_sink want = { 0 };

	assert_int_equal(
		devtree_print_path(&fixture_dt, path, text_sink_out, &want), 0);
	expect_exec(line, 0, want.buf);
	text_sink_free(&want);
}

static void test_registered(void **state)
{
	assert_ptr_equal(shell_find("devtree"), &shell_cmd_devtree);
	(void)state;
}

/* The exact format is test_devtree_print.c's: here the shell adds nothing. */
static void test_print_subtree(void **state)
{
	expect_print("devtree print /cpus", "/cpus");
	expect_print("devtree print /cpus/cpu@0", "/cpus/cpu@0");
	(void)state;
}

static void test_print_whole_tree(void **state)
{
	expect_print("devtree print", NULL);
	expect_print("devtree print /", "/");
	(void)state;
}

static void test_unknown_node(void **state)
{
	expect_exec_line("devtree print /nope", -MV_ENOENT,
			 "error: devtree print: no node '/nope'");
	expect_exec_line("devtree print nope", -MV_ENOENT,
			 "error: devtree print: no node 'nope'");
	(void)state;
}

static void test_misuse(void **state)
{
	const char *out = expect_exec_status("devtree", -MV_EINVAL);

	assert_non_null(strstr(out, "error: devtree: "));
	assert_non_null(strstr(out, "usage: devtree print [path]"));
	out = expect_exec_status("devtree print / /chosen", -MV_EINVAL);
	assert_non_null(strstr(out, "too many arguments"));
	out = expect_exec_status("devtree show", -MV_EINVAL);
	assert_non_null(strstr(out, "unknown subcommand"));
	(void)state;
}

static void test_no_host_tree(void **state)
{
	host_tree = NULL;
	expect_exec_line("devtree print", -MV_ENODEV,
			 "error: devtree: no host device tree");
	host_tree = &fixture_dt;
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registered),
		cmocka_unit_test(test_print_subtree),
		cmocka_unit_test(test_print_whole_tree),
		cmocka_unit_test(test_unknown_node),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_no_host_tree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
