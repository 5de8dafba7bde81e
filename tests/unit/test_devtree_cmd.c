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
#include "test_devtree_util.h"

extern const struct shell_cmd shell_cmd_devtree;

static const struct devtree *host_tree;

const struct devtree *init_host_devtree(void)
{
	return host_tree;
}

/* Text devtree_print_path() makes for @path, to compare with the shell's. */
struct text {
	char buf[16384];
	size_t len;
};

static void text_out(void *arg, const char *s, size_t len)
{
	struct text *t = arg;

	assert_true(t->len + len < sizeof(t->buf));
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len] = '\0';
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

static void run_line(const char *line, int ret)
{
	capcon_clear();
	assert_int_equal(shell_exec_line(line), ret);
}

static void test_registered(void **state)
{
	assert_ptr_equal(shell_find("devtree"), &shell_cmd_devtree);
	(void)state;
}

static void test_print_subtree(void **state)
{
	run_line("devtree print /cpus", 0);
	assert_string_equal(capcon_output(),
			    "cpus {\n"
			    "\t#address-cells = <0x1>;\n"
			    "\t#size-cells = <0x0>;\n"
			    "\tcpu@0 {\n"
			    "\t\tdevice_type = \"cpu\";\n"
			    "\t\tcompatible = \"arm,cortex-a57\";\n"
			    "\t\treg = <0x0>;\n"
			    "\t};\n"
			    "};\n");
	(void)state;
}

static void test_print_whole_tree(void **state)
{
	static struct text want;

	want.len = 0;
	assert_int_equal(devtree_print(&fixture_dt, 0, text_out, &want), 0);
	run_line("devtree print", 0);
	assert_string_equal(capcon_output(), want.buf);
	(void)state;
}

static void test_unknown_node(void **state)
{
	run_line("devtree print /nope", -MV_ENOENT);
	assert_string_equal(capcon_output(),
			    "error: devtree print: no node '/nope'\n");
	run_line("devtree print nope", -MV_ENOENT);
	assert_string_equal(capcon_output(),
			    "error: devtree print: no node 'nope'\n");
	(void)state;
}

static void test_misuse(void **state)
{
	run_line("devtree", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "error: devtree: "));
	assert_non_null(strstr(capcon_output(), "usage: devtree print [path]"));
	run_line("devtree print / /chosen", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "too many arguments"));
	run_line("devtree show", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "unknown subcommand"));
	(void)state;
}

static void test_no_host_tree(void **state)
{
	host_tree = NULL;
	run_line("devtree print", -MV_ENODEV);
	assert_string_equal(capcon_output(),
			    "error: devtree: no host device tree\n");
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
