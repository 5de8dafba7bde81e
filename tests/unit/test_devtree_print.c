// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `devtree print` format: exact output for small subtrees, and for
 * whole trees a round trip through dtc that must give back the same
 * blob. Also checks that each committed .dtb is what dtc makes of its
 * .dts today (so fixtures and sources cannot drift apart).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>
#include <libfdt.h>

#include <minivisor/devtree.h>
#include <minivisor/errno.h>

#include "helpers/text_sink.h"
#include "test_devtree_util.h"

/* Print @path of fixture @name; the caller frees the text. */
static char *print_path(const char *name, const char *path)
{
	struct blob b = test_load_dtb(name);
	struct text_sink t = { 0 };
	struct devtree dt;

	assert_int_equal(devtree_open(&dt, b.data, b.size), 0);
	assert_int_equal(devtree_print(&dt, devtree_path(&dt, path),
				       text_sink_out, &t),
			 0);
	free(b.data);
	return t.buf;
}

static void test_print_values(void **state)
{
	char *s = print_path("cells1.dtb", "/values");

	assert_string_equal(s, "values {\n"
			       "\tempty;\n"
			       "\tone = \"a\";\n"
			       "\tlist = \"x\", \"yz\";\n"
			       "\tquoted = \"say \\\"hi\\\" \\\\ there\";\n"
			       "\tbytes = [01 02 03];\n"
			       "\tcells = <0x1 0x2 0x3>;\n"
			       "\twide = <0x12345678 0x9abcdef0>;\n"
			       "\tword = <0xdeadbeef>;\n"
			       "\tnonul = [61 62];\n"
			       "\tempty-string = [00];\n"
			       "};\n");
	free(s);
	(void)state;
}

static void test_print_nested(void **state)
{
	char *s = print_path("cells1.dtb", "/cpus");

	assert_string_equal(s, "cpus {\n"
			       "\t#address-cells = <0x1>;\n"
			       "\t#size-cells = <0x0>;\n"
			       "\tcpu@0 {\n"
			       "\t\tdevice_type = \"cpu\";\n"
			       "\t\tcompatible = \"arm,cortex-a57\";\n"
			       "\t\treg = <0x0>;\n"
			       "\t};\n"
			       "};\n");
	free(s);
	(void)state;
}

/* A leaf deep inside the tree closes only itself. */
static void test_print_leaf(void **state)
{
	char *s = print_path("virt-gic2.dtb", "/cpus/cpu-map/socket0");

	assert_string_equal(s, "socket0 {\n"
			       "\tcluster0 {\n"
			       "\t\tcore0 {\n"
			       "\t\t\tcpu = <0x8001>;\n"
			       "\t\t};\n"
			       "\t};\n"
			       "};\n");
	free(s);
	(void)state;
}

static void test_print_root_header(void **state)
{
	char *s = print_path("cells1.dtb", "/");
	const char *head = "/dts-v1/;\n\n"
			   "/memreserve/ 0x48000000 0x10000;\n"
			   "/memreserve/ 0x4f000000 0x2000;\n\n"
			   "/ {\n\t#address-cells = <0x1>;\n";

	assert_memory_equal(s, head, strlen(head));
	assert_string_equal(s + strlen(s) - 7, "\t};\n};\n");
	free(s);
	s = print_path("cells2.dtb", "/");
	assert_memory_equal(s, "/dts-v1/;\n\n/ {\n", 15); /* no reservations */
	free(s);
	(void)state;
}

static void test_print_bad_args(void **state)
{
	struct blob b = test_load_dtb("cells1.dtb");
	struct text_sink t = { 0 };
	struct devtree dt = { 0 };

	assert_int_equal(devtree_print(&dt, 0, text_sink_out, &t), -MV_EINVAL);
	assert_int_equal(devtree_open(&dt, b.data, b.size), 0);
	assert_int_equal(devtree_print(&dt, -1, text_sink_out, &t), -MV_EINVAL);
	assert_int_equal(devtree_print(&dt, 4, text_sink_out, &t), -MV_EINVAL);
	assert_int_equal(devtree_print(&dt, 0, NULL, &t), -MV_EINVAL);
	assert_int_equal(t.calls, 0);
	free(b.data);
	(void)state;
}

static void test_print_path(void **state)
{
	struct blob b = test_load_dtb("cells1.dtb");
	struct text_sink t = { 0 };
	struct devtree dt;

	assert_int_equal(devtree_open(&dt, b.data, b.size), 0);
	assert_int_equal(
		devtree_print_path(&dt, "/cpus/cpu@0", text_sink_out, &t), 0);
	assert_memory_equal(t.buf, "cpu@0 {\n", 8);
	t.len = 0;
	assert_int_equal(devtree_print_path(&dt, NULL, text_sink_out, &t), 0);
	assert_memory_equal(t.buf, "/dts-v1/;\n", 10);
	t.len = 0;
	assert_int_equal(devtree_print_path(&dt, "", text_sink_out, &t), 0);
	assert_memory_equal(t.buf, "/dts-v1/;\n", 10);
	t.calls = 0;
	assert_int_equal(devtree_print_path(&dt, "/cpus/cpu@1", text_sink_out,
					    &t),
			 -MV_ENOENT);
	assert_int_equal(devtree_print_path(&dt, "cpus", text_sink_out, &t),
			 -MV_ENOENT);
	assert_int_equal(t.calls, 0);
	text_sink_free(&t);
	free(b.data);
	(void)state;
}

/* Run a shell command line; fails the test when it does not exit 0. */
static void run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/mv-devtree-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return strdup(dir);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void assert_same_file(const char *a, const char *b)
{
	struct blob x = test_load_path(a), y = test_load_path(b);

	assert_non_null(x.data);
	assert_non_null(y.data);
	assert_int_equal(x.size, y.size);
	assert_memory_equal(x.data, y.data, x.size);
	free(x.data);
	free(y.data);
}

/* print -> dtc -> blob equals dtc's own re-encoding of the fixture. */
static void check_round_trip(const char *dir, const char *name)
{
	char path[4096], dts[4200], want[4200], got[4200];
	char *text = print_path(name, "/");

	test_data_path(path, sizeof(path), "dtb/");
	snprintf(dts, sizeof(dts), "%s/%s.dts", dir, name);
	snprintf(want, sizeof(want), "%s/%s.want", dir, name);
	snprintf(got, sizeof(got), "%s/%s.got", dir, name);
	write_file(dts, text, strlen(text));
	run("dtc -q -I dtb -O dtb -o %s %s%s", want, path, name);
	run("dtc -q -I dts -O dtb -o %s %s", got, dts);
	assert_same_file(want, got);
	free(text);
}

static void test_print_round_trip(void **state)
{
	char *dir = make_tmpdir();

	for (unsigned int i = 0; i < sizeof(test_dtbs) / sizeof(*test_dtbs);
	     i++)
		check_round_trip(dir, test_dtbs[i]);
	run("rm -rf %s", dir);
	free(dir);
	(void)state;
}

/* Each committed dtc-built fixture matches a fresh compile of its source. */
static void test_fixtures_up_to_date(void **state)
{
	static const char *const sources[] = { "cells1", "cells2" };
	char *dir = make_tmpdir();
	char src[4096], dtb[4096], out[4200], rel[64];

	for (unsigned int i = 0; i < sizeof(sources) / sizeof(*sources); i++) {
		snprintf(rel, sizeof(rel), "dts/%s.dts", sources[i]);
		test_data_path(src, sizeof(src), rel);
		snprintf(rel, sizeof(rel), "dtb/%s.dtb", sources[i]);
		test_data_path(dtb, sizeof(dtb), rel);
		snprintf(out, sizeof(out), "%s/%s.dtb", dir, sources[i]);
		run("dtc -q -I dts -O dtb -o %s %s", out, src);
		assert_same_file(dtb, out);
	}
	run("rm -rf %s", dir);
	free(dir);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_print_values),
		cmocka_unit_test(test_print_nested),
		cmocka_unit_test(test_print_leaf),
		cmocka_unit_test(test_print_root_header),
		cmocka_unit_test(test_print_bad_args),
		cmocka_unit_test(test_print_path),
		cmocka_unit_test(test_print_round_trip),
		cmocka_unit_test(test_fixtures_up_to_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
