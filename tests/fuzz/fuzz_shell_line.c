// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arbitrary bytes through the whole shell: typed into shell_run() via
 * the console (line editor, history, completion, dispatcher), run as a
 * line by shell_exec_line(), and split by shell_tokenize() with its
 * invariants checked. Only harmless commands are registered: `help`,
 * `version` and a few fuzz-only ones - never poweroff or reset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/console.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>

extern const struct shell_cmd shell_cmd_help, shell_cmd_version;

static const uint8_t *in_data;
static size_t in_len, in_pos;
static unsigned long out_bytes;

static void fuzz_putc(char c)
{
	(void)c;
	out_bytes++;
}

static int fuzz_getc(void)
{
	return in_pos < in_len ? in_data[in_pos++] : -1;
}

static const struct console_ops fuzz_console = {
	.name = "fuzz",
	.putc = fuzz_putc,
	.getc = fuzz_getc,
};

static int echo_exec(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printk("%s%c", argv[i], i + 1 < argc ? ' ' : '\n');
	return 0;
}

static int fail_exec(int argc, char **argv)
{
	(void)argv;
	return argc > 1 ? shell_error(-MV_EIO, "fail: %s", argv[1]) : -MV_EIO;
}

static int sub_exec(int argc, char **argv)
{
	if (argv[argc] != NULL)
		__builtin_trap(); /* argv must stay NULL-terminated */
	return argc;
}

static const struct shell_subcmd sub_table[] = {
	{ "one", 0, 0, sub_exec },
	{ "two words", 1, 2, sub_exec },
	{ "two", 0, 16, sub_exec },
	{ NULL, 0, 0, NULL },
};

static const struct shell_cmd fuzz_cmds[] = {
	{ "echo", "print words", "echo [word...]", echo_exec, NULL },
	{ "fail", "fail", "fail [why]", fail_exec, NULL },
	{ "sub", "subcommands",
	  "sub one\nsub two words <a> [b]\nsub two [x...]", NULL, sub_table },
};

static void fuzz_idle(void)
{
	shell_stop();
}

static void fuzz_setup(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	console_register(&fuzz_console);
	shell_register(&shell_cmd_help);
	shell_register(&shell_cmd_version);
	for (size_t i = 0; i < sizeof(fuzz_cmds) / sizeof(fuzz_cmds[0]); i++)
		shell_register(&fuzz_cmds[i]);
	shell_set_idle(fuzz_idle);
}

/* Typed input: the editor and dispatcher until the bytes run out. */
static void fuzz_typed(const uint8_t *data, size_t size)
{
	static const uint8_t cancel[] = { 0x03 };

	in_data = data;
	in_len = size;
	in_pos = 0;
	shell_run();
	if (in_pos != in_len && in_len)
		__builtin_trap(); /* only `exit` would stop early: not here */
	/* Ctrl-C drops a half-typed line so runs stay independent. */
	in_data = cancel;
	in_len = 1;
	in_pos = 0;
	shell_run();
}

/* The bytes as one line, and the tokenizer's invariants on it. */
static void fuzz_line(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *buf = malloc(size + 1);
	struct shell_args args;
	size_t pos = 0;
	int n;

	memcpy(line, data, size);
	line[size] = '\0';
	shell_exec_line(line);
	while (line[pos]) {
		n = shell_tokenize(line + pos, &args, buf, strlen(line) + 1);
		if (n == -MV_EINVAL || n == -MV_E2BIG)
			break;
		if (n <= 0 || args.argc > SHELL_MAX_ARGS ||
		    args.argv[args.argc])
			__builtin_trap();
		for (int i = 0; i < args.argc; i++)
			if (args.argv[i] < buf || args.argv[i] > buf + size)
				__builtin_trap();
		pos += (size_t)n;
	}
	free(line);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fuzz_typed(data, size);
	fuzz_line(data, size);
	return 0;
}
