// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console and printk: early output, registration, "\n" -> "\r\n", log
 * levels, input, and whole printk calls never interleaving between
 * threads (standing in for CPUs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <asm/fake.h>
#include <minivisor/console.h>
#include <minivisor/console_lock.h>
#include <minivisor/printk.h>

#include "helpers/console_capture.h"

static void test_early_console(void **state)
{
	char buf[64];
	size_t n;

	(void)state;
	/* Nothing registered yet: bytes go to arch_early_putc. */
	assert_null(console_get());
	fake_console_echo(false);
	fake_console_take(buf, sizeof(buf));
	assert_int_equal(printk("early %d\n", 1), 8);
	n = fake_console_take(buf, sizeof(buf));
	assert_int_equal(n, 9);
	assert_memory_equal(buf, "early 1\r\n", 9);
	assert_int_equal(console_getc(), -1);
}

static void test_registered_console(void **state)
{
	size_t len;

	(void)state;
	capcon_install();
	assert_string_equal(console_get()->name, "capture");
	console_putc('a');
	console_write("bc\nd", 4);
	console_puts("e\n");
	assert_string_equal(capcon_raw(&len), "abc\r\nde\r\n");
	assert_string_equal(capcon_output(), "abc\nde\n");
	capcon_clear();
	assert_int_equal(printk("%s=%#x\n", "v", 255), 7);
	assert_string_equal(capcon_output(), "v=0xff\n");
}

static void test_log_levels(void **state)
{
	(void)state;
	capcon_install();
	printk_set_level(LOG_WARN);
	assert_int_equal(pr_info("hidden\n"), 0);
	pr_warn("shown %d\n", 1);
	pr_err("bad\n");
	assert_string_equal(capcon_output(), "warning: shown 1\nerror: bad\n");
	capcon_clear();
	printk_set_level(99); /* clamped to LOG_DEBUG */
	pr_debug("dbg\n");
	printk_set_level(-5); /* clamped to LOG_ERR */
	pr_warn("no\n");
	pr_err("yes\n");
	assert_string_equal(capcon_output(), "dbg\nerror: yes\n");
	printk_set_level(LOG_INFO);
}

static void test_input(void **state)
{
	(void)state;
	capcon_install();
	assert_int_equal(console_getc(), -1);
	capcon_feed_bytes("a\xff\0", 3);
	assert_int_equal(console_getc(), 'a');
	assert_int_equal(console_getc(), 0xff);
	assert_int_equal(console_getc(), 0);
	assert_int_equal(console_getc(), -1);
}

#define THREADS 4
#define LINES 2000

static void *printer(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < LINES; i++)
		printk("cpu%ld line %04d %s\n", id, i,
		       "padding-padding-padding-padding");
	return NULL;
}

static void test_lines_never_interleave(void **state)
{
	pthread_t th[THREADS];
	int next[THREADS] = { 0 };
	const char *out, *p;

	(void)state;
	capcon_install();
	for (long i = 0; i < THREADS; i++)
		assert_int_equal(
			pthread_create(&th[i], NULL, printer, (void *)i), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	out = capcon_output();
	/* Every line is whole, and each thread's lines are in order. */
	for (p = out; *p;) {
		const char *nl = strchr(p, '\n');
		long id;
		int line;
		char tail[64];

		assert_non_null(nl);
		assert_int_equal(
			sscanf(p, "cpu%ld line %d %63s", &id, &line, tail), 3);
		assert_true(id >= 0 && id < THREADS);
		assert_int_equal(line, next[id]++);
		assert_string_equal(tail, "padding-padding-padding-padding");
		assert_int_equal(nl - p, 46);
		p = nl + 1;
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(next[i], LINES);
}

static void test_lock_held_too_long(void **state)
{
	irqflags_t outer;

	(void)state;
	capcon_install();
	/* As if this CPU faulted inside printk and the handler prints. */
	outer = console_lock();
	assert_int_equal(printk("from a fault handler\n"), 21);
	assert_string_equal(capcon_output(), "from a fault handler\n");
	console_unlock(outer);
	/* The lock works normally again afterwards. */
	capcon_clear();
	printk("after\n");
	assert_string_equal(capcon_output(), "after\n");
	outer = console_lock();
	console_unlock(outer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_early_console),
		cmocka_unit_test(test_registered_console),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_input),
		cmocka_unit_test(test_lines_never_interleave),
		cmocka_unit_test(test_lock_held_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
