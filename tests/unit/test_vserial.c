// SPDX-License-Identifier: GPL-2.0-only
/*
 * vserial: registry (names, order, duplicates, exhaustion), the output
 * ring and its drop count, the input queue, and bound mode (live
 * output, forwarded input, the Ctrl-] q escape, destruction while
 * bound, the bind loop).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <minivisor/compiler.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/shell.h>
#include <minivisor/vserial.h>

#include <minivisor/vtestdev.h>

#include "helpers/console_capture.h"
#include "test_guest_util.h"
#include "test_vdev_util.h"

#define BUF CONFIG_VSERIAL_BUF_SIZE

static int setup(void **state)
{
	(void)state;
	tv_heap_init(MIB(4));
	capcon_install();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vserial_unbind();
	assert_int_equal(vserial_count(), 0);
	return 0;
}

static struct vserial *make(const char *name)
{
	struct vserial *vs = NULL;

	assert_int_equal(vserial_create(name, &vs), 0);
	assert_non_null(vs);
	return vs;
}

static void test_create_find_destroy(void **state)
{
	uint64_t used = tv_heap_used();
	struct vserial *a, *b;

	(void)state;
	a = make("guest0/uart0");
	b = make("guest1/uart0");
	assert_int_equal(vserial_count(), 2);
	assert_ptr_equal(vserial_find("guest0/uart0"), a);
	assert_ptr_equal(vserial_find("guest1/uart0"), b);
	assert_null(vserial_find("guest2/uart0"));
	assert_null(vserial_find("guest0/uart"));
	assert_null(vserial_find(NULL));
	assert_string_equal(vserial_name(a), "guest0/uart0");
	vserial_destroy(a);
	assert_null(vserial_find("guest0/uart0"));
	vserial_destroy(b);
	vserial_destroy(NULL);
	assert_int_equal(vserial_count(), 0);
	assert_int_equal(tv_heap_used(), used); /* nothing leaked */
}

static void test_bad_names(void **state)
{
	char longname[VSERIAL_NAME_MAX + 1];
	struct vserial *vs = NULL, *a;

	(void)state;
	assert_int_equal(vserial_create(NULL, &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("a b", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("a;b", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("a\"b", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("a#", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("a\tb", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("a\x7f", &vs), -MV_EINVAL);
	assert_int_equal(vserial_create("ok", NULL), -MV_EINVAL);
	memset(longname, 'x', sizeof(longname));
	longname[VSERIAL_NAME_MAX] = '\0';
	assert_int_equal(vserial_create(longname, &vs), -MV_EINVAL);
	longname[VSERIAL_NAME_MAX - 1] = '\0'; /* the longest allowed */
	a = make(longname);
	assert_int_equal(vserial_create(longname, &vs), -MV_EEXIST);
	assert_null(vs);
	vserial_destroy(a);
}

static int collect(struct vserial *vs, void *arg)
{
	char *out = arg;

	strcat(out, vserial_name(vs));
	strcat(out, ",");
	return 0;
}

static int stop_at_b(struct vserial *vs, void *arg)
{
	(*(int *)arg)++;
	return strcmp(vserial_name(vs), "b/x") ? 0 : 42;
}

static void test_for_each_sorted(void **state)
{
	struct vserial *c = make("c/x"), *a = make("a/x"), *b = make("b/x");
	char out[64] = "";
	int visited = 0;

	(void)state;
	assert_int_equal(vserial_for_each(collect, out), 0);
	assert_string_equal(out, "a/x,b/x,c/x,");
	assert_int_equal(vserial_for_each(stop_at_b, &visited), 42);
	assert_int_equal(visited, 2);
	vserial_destroy(a);
	vserial_destroy(b);
	vserial_destroy(c);
}

static void test_output_ring(void **state)
{
	struct vserial *vs = make("g/u");
	struct vserial_info info;
	static char big[BUF + 100], got[BUF + 100];
	uint64_t pos = 0, lost = 99;

	(void)state;
	vserial_write(vs, "hello", 5);
	vserial_putc(vs, '!');
	assert_int_equal(vserial_read_output(vs, &pos, got, sizeof(got), &lost),
			 6);
	assert_memory_equal(got, "hello!", 6);
	assert_int_equal(pos, 6);
	assert_int_equal(lost, 0);
	/* Nothing new: nothing copied, position unchanged. */
	assert_int_equal(vserial_read_output(vs, &pos, got, 10, NULL), 0);
	assert_int_equal(pos, 6);

	/* Overflow: the oldest bytes go, and are counted. */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	vserial_write(vs, big, sizeof(big));
	vserial_get_info(vs, &info);
	assert_int_equal(info.out_bytes, 6 + sizeof(big));
	assert_int_equal(info.out_dropped, 6 + sizeof(big) - BUF);
	assert_int_equal(info.out_kept, BUF);
	assert_false(info.bound);
	assert_int_equal(vserial_output_start(vs), 6 + sizeof(big) - BUF);
	assert_int_equal(vserial_output_end(vs), 6 + sizeof(big));

	/* A reader at 6 lost what was overwritten, then sees the rest. */
	assert_int_equal(vserial_read_output(vs, &pos, got, sizeof(got), &lost),
			 BUF);
	assert_int_equal(lost, 6 + sizeof(big) - BUF - 6);
	assert_memory_equal(got, big + sizeof(big) - BUF, BUF);

	/* A position past the end is clamped, not trusted. */
	pos = UINT64_MAX;
	assert_int_equal(vserial_read_output(vs, &pos, got, 4, &lost), 0);
	assert_int_equal(pos, 6 + sizeof(big));
	vserial_destroy(vs);
}

static int notified;

static void count_notify(void *ctx)
{
	assert_ptr_equal(ctx, &notified);
	notified++;
}

static void test_input_queue(void **state)
{
	struct vserial *vs = make("g/u");
	struct vserial_info info;
	char many[VSERIAL_IN_SIZE + 10];

	(void)state;
	notified = 0;
	vserial_set_input_notify(vs, count_notify, &notified);
	assert_int_equal(vserial_getc(vs), -1);
	assert_int_equal(vserial_send(vs, "ab\xff", 3), 3);
	assert_int_equal(notified, 1);
	assert_int_equal(vserial_input_pending(vs), 3);
	assert_int_equal(vserial_getc(vs), 'a');
	assert_int_equal(vserial_getc(vs), 'b');
	assert_int_equal(vserial_getc(vs), 0xff);
	assert_int_equal(vserial_getc(vs), -1);

	/* Full queue: the excess is refused and counted; FIFO order kept. */
	for (size_t i = 0; i < sizeof(many); i++)
		many[i] = (char)i;
	assert_int_equal(vserial_send(vs, many, sizeof(many)), VSERIAL_IN_SIZE);
	assert_int_equal(vserial_send(vs, "z", 1), 0);
	assert_int_equal(notified, 2); /* not for the refused byte */
	vserial_get_info(vs, &info);
	assert_int_equal(info.in_bytes, 3 + VSERIAL_IN_SIZE);
	assert_int_equal(info.in_dropped, 11);
	assert_int_equal(info.in_pending, VSERIAL_IN_SIZE);
	for (int i = 0; i < 5; i++)
		assert_int_equal(vserial_getc(vs), i);
	vserial_flush_input(vs);
	assert_int_equal(vserial_input_pending(vs), 0);
	assert_int_equal(vserial_getc(vs), -1);
	assert_int_equal(vserial_send(vs, "", 0), 0);
	vserial_set_input_notify(vs, NULL, NULL);
	assert_int_equal(vserial_send(vs, "x", 1), 1);
	assert_int_equal(notified, 2);
	vserial_destroy(vs);
}

static void test_exhaustion(void **state)
{
	static void *held[1 << 16];
	struct vserial *vs = NULL;
	size_t n = 0;

	(void)state;
	tv_heap_init(MIB(1));
	/* Take everything, large blocks first, then every small class. */
	for (size_t sz = KIB(64); sz >= 16; sz /= 2)
		while (n < ARRAY_SIZE(held) && (held[n] = mv_malloc(sz)))
			n++;
	assert_int_equal(vserial_create("g/u", &vs), -MV_ENOMEM);
	assert_null(vs);
	assert_int_equal(vserial_count(), 0);
	while (n)
		mv_free(held[--n]);
	vs = make("g/u");
	vserial_destroy(vs);
}

/* ---- bound mode ---------------------------------------------------- */

static void test_poll_unbound(void **state)
{
	(void)state;
	capcon_feed("abc");
	assert_null(vserial_bound());
	assert_false(vserial_poll());
	assert_int_equal(capcon_pending(), 3); /* left for the shell */
	assert_int_equal(vserial_bind(NULL), -MV_EINVAL);
}

static void test_bind_live_output(void **state)
{
	struct vserial *vs = make("g/u");
	size_t len;

	(void)state;
	vserial_write(vs, "old line\r\ntestguest> ", 21);
	assert_int_equal(vserial_bind(vs), 0);
	assert_ptr_equal(vserial_bound(), vs);
	capcon_clear();
	assert_true(vserial_poll());
	/* Only the unfinished line (the prompt), bytes unchanged. */
	assert_string_equal(capcon_raw(&len), "testguest> ");
	capcon_clear();
	vserial_write(vs, "hi\r\n", 4);
	assert_true(vserial_poll());
	assert_string_equal(capcon_raw(&len), "hi\r\n");
	capcon_clear();
	assert_true(vserial_poll());
	assert_int_equal(len = strlen(capcon_raw(&len)), 0);

	struct vserial_info info;

	vserial_get_info(vs, &info);
	assert_true(info.bound);
	vserial_unbind();
	assert_null(vserial_bound());
	assert_false(vserial_poll());
	vserial_destroy(vs);
}

static void test_bind_shows_dropped(void **state)
{
	struct vserial *vs = make("g/u");
	static char big[3 * BUF];
	char expect[64];

	(void)state;
	snprintf(expect, sizeof(expect), "[vserial: %d bytes dropped]",
		 2 * BUF);
	assert_int_equal(vserial_bind(vs), 0);
	memset(big, 'x', sizeof(big));
	vserial_write(vs, big, sizeof(big));
	capcon_clear();
	while (vserial_poll() && strlen(capcon_output()) < BUF)
		;
	assert_non_null(strstr(capcon_output(), expect));
	vserial_destroy(vs);
}

static void test_bind_input_and_escape(void **state)
{
	struct vserial *vs = make("g/u");

	(void)state;
	assert_int_equal(vserial_bind(vs), 0);
	capcon_feed("ls\r");
	assert_true(vserial_poll());
	assert_int_equal(vserial_getc(vs), 'l');
	assert_int_equal(vserial_getc(vs), 's');
	assert_int_equal(vserial_getc(vs), '\r');

	/* Ctrl-] Ctrl-] sends one Ctrl-]; Ctrl-] x sends both bytes. */
	capcon_feed("\x1d\x1d\x1dx");
	assert_true(vserial_poll());
	assert_int_equal(vserial_getc(vs), 0x1d);
	assert_int_equal(vserial_getc(vs), 0x1d);
	assert_int_equal(vserial_getc(vs), 'x');
	assert_int_equal(vserial_getc(vs), -1);

	/* The escape may be split across polls. */
	capcon_feed("\x1d");
	assert_true(vserial_poll());
	assert_int_equal(vserial_getc(vs), -1);
	/* Ctrl-] q unbinds; later bytes stay for the shell. */
	capcon_feed("q help\r");
	assert_false(vserial_poll());
	assert_null(vserial_bound());
	assert_int_equal(vserial_getc(vs), -1);
	assert_int_equal(capcon_pending(), 6);
	vserial_destroy(vs);
}

static void test_destroy_while_bound(void **state)
{
	struct vserial *vs = make("g/u");

	(void)state;
	assert_int_equal(vserial_bind(vs), 0);
	vserial_destroy(vs);
	assert_null(vserial_bound());
	capcon_feed("x");
	assert_false(vserial_poll());
	assert_int_equal(capcon_pending(), 1);
}

/* ---- the bind loop ------------------------------------------------- */

static struct vserial *loop_vs;
static int idle_calls;
static int idle_mode; /* 0: type then escape, 1: destroy */

static void loop_idle(void)
{
	idle_calls++;
	if (idle_mode == 1) {
		vserial_destroy(loop_vs);
		return;
	}
	if (idle_calls == 1) {
		/* The guest answers what was typed; then the user leaves. */
		assert_int_equal(vserial_getc(loop_vs), 'h');
		assert_int_equal(vserial_getc(loop_vs), 'i');
		vserial_write(loop_vs, "hi\r\nhello\r\n", 11);
	} else if (idle_calls == 2) {
		capcon_feed("\x1dq");
	}
}

static void test_bind_run_escape(void **state)
{
	(void)state;
	loop_vs = make("guest0/uart0");
	vserial_write(loop_vs, "testguest> ", 11);
	vserial_set_idle(loop_idle);
	idle_calls = 0;
	idle_mode = 0;
	capcon_clear();
	capcon_feed("hi");
	assert_int_equal(vserial_bind_run(loop_vs), 0);
	assert_int_equal(idle_calls, 2);
	assert_null(vserial_bound());
	assert_string_equal(
		capcon_output(),
		"[vserial: bound to guest0/uart0; Ctrl-] q returns]\n"
		"testguest> hi\nhello\n"
		"\n[vserial: unbound guest0/uart0]\n");
	vserial_set_idle(NULL);
	vserial_destroy(loop_vs);
}

static void test_bind_run_destroyed(void **state)
{
	(void)state;
	loop_vs = make("guest0/uart0");
	vserial_set_idle(loop_idle);
	idle_calls = 0;
	idle_mode = 1;
	capcon_clear();
	assert_int_equal(vserial_bind_run(loop_vs), -MV_ENODEV);
	assert_int_equal(idle_calls, 1);
	assert_non_null(
		strstr(capcon_output(), "[vserial: guest0/uart0 removed]"));
	vserial_set_idle(NULL);
	assert_int_equal(vserial_bind_run(NULL), -MV_EINVAL);
}

/* ---- the `vserial` shell command ----------------------------------- */

extern const struct shell_cmd shell_cmd_vserial;

static void run_line(const char *line, int ret)
{
	capcon_clear();
	assert_int_equal(shell_exec_line(line), ret);
}

static int cmd_setup(void **state)
{
	setup(state);
	shell_register(&shell_cmd_vserial); /* -MV_EEXIST after the first */
	return 0;
}

static void test_cmd_list(void **state)
{
	struct vserial *a = make("guest1/uart0"), *b = make("guest0/uart0");
	static char big[BUF + 5];

	(void)state;
	memset(big, '.', sizeof(big));
	vserial_write(b, big, sizeof(big));
	vserial_send(a, "xy", 2);
	assert_int_equal(vserial_bind(a), 0);
	run_line("vserial list", 0);
	assert_string_equal(
		capcon_output(),
		"vserials 2\n"
		"guest0/uart0 output 4101 dropped 5 input 0 input_dropped 0 "
		"bound no\n"
		"guest1/uart0 output 0 dropped 0 input 2 input_dropped 0 "
		"bound yes\n");
	vserial_unbind();
	vserial_destroy(a);
	vserial_destroy(b);
	run_line("vserial list", 0);
	assert_string_equal(capcon_output(), "vserials 0\n");
}

static void test_cmd_dump(void **state)
{
	struct vserial *vs = make("guest0/uart0");
	static char big[BUF + 7];
	size_t len;

	(void)state;
	run_line("vserial dump guest0/uart0", 0);
	assert_string_equal(capcon_output(), ""); /* nothing written yet */
	vserial_write(vs, "boot\r\ntestguest> ", 17);
	run_line("vserial dump guest0/uart0", 0);
	/* Raw guest bytes, then a newline so the prompt starts a line. */
	assert_string_equal(capcon_raw(&len), "boot\r\ntestguest> \r\n");
	run_line("vserial dump guest0/uart0 5", 0);
	assert_string_equal(capcon_raw(&len), "est> \r\n");
	run_line("vserial dump guest0/uart0 0x100000", 0);
	assert_string_equal(capcon_raw(&len), "boot\r\ntestguest> \r\n");

	memset(big, 'z', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	vserial_write(vs, big, sizeof(big));
	run_line("vserial dump guest0/uart0", 0);
	assert_true(strncmp(capcon_output(),
			    "[vserial: 24 older bytes dropped]\nzzz", 37) == 0);
	assert_int_equal(strlen(capcon_output()),
			 strlen("[vserial: 24 older bytes dropped]\n") + BUF);
	vserial_destroy(vs);
}

static void test_cmd_send(void **state)
{
	struct vserial *vs = make("guest0/uart0");
	char got[32];
	int n = 0, c;

	(void)state;
	run_line("vserial send guest0/uart0 scan 'the secret'", 0);
	assert_string_equal(capcon_output(), "");
	while ((c = vserial_getc(vs)) >= 0)
		got[n++] = (char)c;
	got[n] = '\0';
	assert_string_equal(got, "scan the secret\r");
	run_line("vserial send guest0/uart0", 0);
	assert_int_equal(vserial_getc(vs), '\r');

	/* A full queue is reported, not silently ignored. */
	for (int i = 0; i < VSERIAL_IN_SIZE - 2; i++)
		vserial_send(vs, "x", 1);
	run_line("vserial send guest0/uart0 abc", -MV_ENOSPC);
	assert_string_equal(
		capcon_output(),
		"error: vserial send: input queue full, 2 of 4 bytes dropped\n");
	vserial_destroy(vs);
}

static void esc_idle(void)
{
	idle_calls++;
	capcon_feed("\x1dq");
}

static void test_cmd_bind(void **state)
{
	struct vserial *vs = make("guest0/uart0");

	(void)state;
	vserial_write(vs, "testguest> ", 11);
	vserial_set_idle(esc_idle);
	idle_calls = 0;
	run_line("vserial bind guest0/uart0", 0);
	assert_int_equal(idle_calls, 1);
	assert_string_equal(
		capcon_output(),
		"[vserial: bound to guest0/uart0; Ctrl-] q returns]\n"
		"testguest> \n[vserial: unbound guest0/uart0]\n");
	assert_null(vserial_bound());

	/* Destroyed while bound: one error line. */
	loop_vs = vs;
	idle_mode = 1;
	vserial_set_idle(loop_idle);
	run_line("vserial bind guest0/uart0", -MV_ENODEV);
	assert_non_null(
		strstr(capcon_output(),
		       "error: vserial bind: 'guest0/uart0' went away\n"));
	vserial_set_idle(NULL);
}

static void test_cmd_errors(void **state)
{
	(void)state;
	run_line("vserial bind guest9/uart0", -MV_ENOENT);
	assert_string_equal(capcon_output(),
			    "error: vserial bind: no vserial 'guest9/uart0'\n");
	run_line("vserial dump nope", -MV_ENOENT);
	assert_string_equal(capcon_output(),
			    "error: vserial dump: no vserial 'nope'\n");
	run_line("vserial send nope x", -MV_ENOENT);
	assert_string_equal(capcon_output(),
			    "error: vserial send: no vserial 'nope'\n");

	struct vserial *vs = make("g/u");

	run_line("vserial dump g/u 12x", -MV_EINVAL);
	assert_string_equal(capcon_output(),
			    "error: vserial dump: bad byte count '12x'\n");
	vserial_destroy(vs);

	run_line("vserial", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "error: vserial: "));
	assert_non_null(strstr(capcon_output(), "usage: vserial list"));
	run_line("vserial frob", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "unknown subcommand"));
	run_line("vserial list extra", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "error: "));
	run_line("vserial bind", -MV_EINVAL);
	assert_non_null(strstr(capcon_output(), "usage: vserial bind <name>"));
}

/* ---- with the real guest manager ----------------------------------- */

/*
 * tests/data/guests/good.dtb's g1 has uart0@9000000 and a test device:
 * creating the guest makes "g1/uart0", the UART's accesses (as the arch
 * will dispatch them) reach it, reset keeps output and drops input,
 * destroy removes it.
 */
static void test_guest_manager(void **state)
{
	struct guest_region *uart, *td;
	struct vserial *vs;
	struct guest *g;
	char out[8];
	uint64_t pos = 0;

	(void)state;
	g = tg_create("g1");
	uart = guest_region_find(g, 0x09000000);
	td = guest_region_find(g, 0x0a000000);
	assert_non_null(uart);
	assert_non_null(td);
	assert_ptr_equal(uart->vdev, vdev_find("arm,pl011"));
	assert_ptr_equal(td->vdev, vdev_find(VTESTDEV_COMPATIBLE));
	vs = vserial_find("g1/uart0");
	assert_non_null(vs);
	assert_int_equal(vserial_count(), 1);

	tv_write(uart->vdev, uart->vdev_priv, 0x000, 4, 'o');
	tv_write(uart->vdev, uart->vdev_priv, 0x000, 1, 'k');
	vserial_send(vs, "in", 2);
	assert_int_equal(tv_read(uart->vdev, uart->vdev_priv, 0x000, 4), 'i');
	assert_int_equal(tv_read(td->vdev, td->vdev_priv, VTESTDEV_ID, 4),
			 VTESTDEV_ID_VALUE);
	assert_int_equal(tv_read(td->vdev, td->vdev_priv, VTESTDEV_COUNTER, 4),
			 0);
	assert_int_equal(tv_read(td->vdev, td->vdev_priv, VTESTDEV_COUNTER, 4),
			 1);

	assert_int_equal(guest_reset(g), 0);
	assert_ptr_equal(vserial_find("g1/uart0"), vs);
	assert_int_equal(vserial_input_pending(vs), 0);
	assert_int_equal(tv_read(td->vdev, td->vdev_priv, VTESTDEV_COUNTER, 4),
			 0);
	assert_int_equal(vserial_read_output(vs, &pos, out, sizeof(out), NULL),
			 2);
	assert_memory_equal(out, "ok", 2);

	assert_int_equal(vserial_bind(vs), 0);
	assert_int_equal(guest_destroy(g), 0);
	assert_null(vserial_find("g1/uart0"));
	assert_null(vserial_bound());
	assert_int_equal(vserial_count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_find_destroy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_for_each_sorted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_output_ring, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_input_queue, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_poll_unbound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_live_output, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_shows_dropped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_input_and_escape,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_while_bound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_run_escape, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_run_destroyed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmd_list, cmd_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmd_dump, cmd_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmd_send, cmd_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmd_bind, cmd_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmd_errors, cmd_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guest_manager, tg_setup,
						tg_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
