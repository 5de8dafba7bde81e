// SPDX-License-Identifier: GPL-2.0-only
/*
 * The line editor fed byte sequences: resulting lines, results for
 * over-long lines and bad bytes, the exact echo of edits, history and
 * tab completion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/lineedit.h>

#define LEFT "\x1b[D"
#define RIGHT "\x1b[C"
#define UP "\x1b[A"
#define DOWN "\x1b[B"

static struct lineedit le;
static char echo[65536];
static size_t echo_len;
static char lines[8][LINEEDIT_MAX + 1];
static int results[64];
static int nlines, nresults;

static void test_putc(char c, void *ctx)
{
	(void)ctx;
	if (echo_len < sizeof(echo) - 1)
		echo[echo_len++] = c;
	echo[echo_len] = '\0';
}

static const char *const names[] = { "help", "heap", "host", "version",
				     "hostinfo" };
static const char *const host_subs[] = { "info", "ram", "cpu", "vapool" };

static char last_words[LINEEDIT_MAX + 1];
static unsigned int last_word;

static void test_complete(struct lineedit_comp *comp, void *ctx)
{
	(void)ctx;
	strcpy(last_words, comp->words);
	last_word = comp->word;
	if (comp->word == 0) {
		for (size_t i = 0; i < 5; i++)
			lineedit_comp_offer(comp, names[i]);
	} else if (comp->word == 1 && !strcmp(comp->first, "host")) {
		for (size_t i = 0; i < 4; i++)
			lineedit_comp_offer(comp, host_subs[i]);
	}
}

static const struct lineedit_ops ops = {
	.putc = test_putc,
	.complete = test_complete,
};

static int setup(void **state)
{
	(void)state;
	lineedit_init(&le, &ops, NULL, "> ");
	echo_len = 0;
	echo[0] = '\0';
	nlines = nresults = 0;
	return 0;
}

/* Feed @n bytes, recording every result other than MORE. */
static void feed_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int r = lineedit_feed(&le, (unsigned char)s[i]);

		if (r == LINEEDIT_MORE)
			continue;
		assert_true(nresults < 64);
		results[nresults++] = r;
		if (r == LINEEDIT_LINE && nlines < 8)
			strcpy(lines[nlines++], le.buf);
	}
}

static void feed(const char *s)
{
	feed_n(s, strlen(s));
}

/* Feed @s, which must end exactly one line, equal to @want. */
static void expect_line(const char *s, const char *want)
{
	int before = nresults;

	feed(s);
	assert_int_equal(nresults, before + 1);
	assert_int_equal(results[before], LINEEDIT_LINE);
	assert_string_equal(le.buf, want);
}

static void clear_echo(void)
{
	echo_len = 0;
	echo[0] = '\0';
}

static void test_simple_line_and_echo(void **state)
{
	(void)state;
	lineedit_begin(&le);
	expect_line("abc\r", "abc");
	assert_string_equal(echo, "> abc\n");
}

static void test_line_endings(void **state)
{
	(void)state;
	feed("a\r\nb\nc\r\rd\n\re\r");
	/* \r\n is one ending; \n\r and \r\r are two. */
	assert_int_equal(nresults, 7);
	assert_int_equal(nlines, 7);
	assert_string_equal(lines[0], "a");
	assert_string_equal(lines[1], "b");
	assert_string_equal(lines[2], "c");
	assert_string_equal(lines[3], "");
	assert_string_equal(lines[4], "d");
	assert_string_equal(lines[5], "");
	assert_string_equal(lines[6], "e");
	/* An \r\n split across calls is still one ending. */
	feed("x\r");
	feed("\n");
	assert_int_equal(nresults, 8);
}

static void test_insert_in_middle(void **state)
{
	(void)state;
	feed("ac" LEFT);
	clear_echo();
	feed("b");
	/* b, then the tail "c" redrawn, then back over it. */
	assert_string_equal(echo, "bc\b");
	expect_line("\r", "abc");
	expect_line("xyz" LEFT LEFT LEFT "0" RIGHT RIGHT RIGHT RIGHT "9\r",
		    "0xyz9");
}

static void test_backspace(void **state)
{
	(void)state;
	expect_line("abx\x7f\r", "ab");
	expect_line("abx\b\r", "ab");
	feed("abc" LEFT);
	clear_echo();
	feed("\x7f");
	/* Back one, redraw "c", blank the old last cell, return. */
	assert_string_equal(echo, "\bc \b\b");
	expect_line("\r", "ac");
	/* At the start of the line backspace does nothing. */
	expect_line("\x7f\x7f"
		    "a" LEFT "\x7f\r",
		    "a");
}

static void test_delete(void **state)
{
	(void)state;
	expect_line("abc" LEFT LEFT "\x1b[3~\r", "ac");
	expect_line("abc" LEFT LEFT "\x04\r", "ac");
	expect_line("abc\x1b[3~\r", "abc"); /* at the end: nothing */
}

static void test_home_end(void **state)
{
	static const char *const homes[] = { "\x1b[H", "\x1bOH", "\x1b[1~",
					     "\x1b[7~", "\x01" };
	static const char *const ends[] = { "\x1b[F", "\x1bOF", "\x1b[4~",
					    "\x1b[8~", "\x05" };
	char seq[64];

	(void)state;
	for (size_t h = 0; h < 5; h++) {
		snprintf(seq, sizeof(seq), "bc%s<%s>\r", homes[h], ends[h]);
		expect_line(seq, "<bc>");
	}
	expect_line("ab\x02\x02X\x06Y\r", "XaYb"); /* Ctrl-B, Ctrl-F */
}

static void test_kill(void **state)
{
	(void)state;
	expect_line("abc\x15"
		    "def\r",
		    "def");
	expect_line("abcdef" LEFT LEFT LEFT "\x0b\r", "abc");
	feed("abc");
	clear_echo();
	feed("\x15");
	assert_string_equal(echo, "\b\b\b   \b\b\b");
}

static void test_ctrl_c(void **state)
{
	(void)state;
	feed("abc\x03");
	assert_int_equal(nresults, 1);
	assert_int_equal(results[0], LINEEDIT_CANCEL);
	assert_string_equal(echo + echo_len - 3, "^C\n");
	expect_line("d\r", "d");
}

static void test_history(void **state)
{
	(void)state;
	expect_line("one\r", "one");
	expect_line("two\r", "two");
	expect_line(UP "\r", "two");
	expect_line(UP UP "\r", "one");
	/* The recalled "one" became the newest entry; up stops at the end. */
	expect_line(UP UP UP UP UP "\r", "one");
	assert_int_equal(lineedit_history_count(&le), 3);
	assert_string_equal(lineedit_history_get(&le, 0), "one");
	assert_string_equal(lineedit_history_get(&le, 1), "two");
	assert_string_equal(lineedit_history_get(&le, 2), "one");
	assert_null(lineedit_history_get(&le, 3));
	/* Down past the newest restores what was being typed. */
	expect_line("par" UP UP DOWN DOWN "t\r", "part");
	expect_line("x" DOWN DOWN "\r", "x");
	/* Ctrl-P / Ctrl-N and editing a recalled line. */
	expect_line("\x10\x10\x10\x0e"
		    "!\r",
		    "part!");
	/* Empty lines and repeats are not recorded. */
	unsigned int n = lineedit_history_count(&le);

	feed("\r");
	expect_line("part!\r", "part!");
	assert_int_equal(lineedit_history_count(&le), n);
}

static void test_history_depth(void **state)
{
	char line[32];

	(void)state;
	for (int i = 0; i < LINEEDIT_HISTORY + 5; i++) {
		snprintf(line, sizeof(line), "cmd%d\r", i);
		feed(line);
	}
	assert_int_equal(lineedit_history_count(&le), LINEEDIT_HISTORY);
	snprintf(line, sizeof(line), "cmd%d", LINEEDIT_HISTORY + 4);
	assert_string_equal(lineedit_history_get(&le, 0), line);
	assert_string_equal(lineedit_history_get(&le, LINEEDIT_HISTORY - 1),
			    "cmd5");
}

static void test_recall_redraw(void **state)
{
	(void)state;
	expect_line("longer line\r", "longer line");
	feed("ab");
	clear_echo();
	feed(UP);
	/* Back over "ab", write the entry. */
	assert_string_equal(echo, "\b\blonger line");
	clear_echo();
	feed(DOWN);
	/* Back over it, write "ab", blank the rest, come back. */
	assert_string_equal(echo, "\b\b\b\b\b\b\b\b\b\b\bab         "
				  "\b\b\b\b\b\b\b\b\b");
}

static void test_too_long(void **state)
{
	static char big[LINEEDIT_MAX + 40];

	(void)state;
	memset(big, 'x', sizeof(big));
	/* Exactly the maximum is fine. */
	feed_n(big, LINEEDIT_MAX);
	feed("\r");
	assert_int_equal(nresults, 1);
	assert_int_equal(results[0], LINEEDIT_LINE);
	assert_int_equal(strlen(le.buf), LINEEDIT_MAX);
	/* One more and the whole line goes, reported once at its end. */
	nresults = 0;
	feed_n(big, LINEEDIT_MAX + 1);
	assert_int_equal(nresults, 0);
	feed_n(big, 30);
	feed("\r\n");
	assert_int_equal(nresults, 1);
	assert_int_equal(results[0], -MV_ENAMETOOLONG);
	expect_line("ok\r", "ok");
}

static void test_bad_bytes(void **state)
{
	static const char bad[] = { 0x00, 0x07,	      0x1c,
				    0x1f, (char)0x80, (char)0xff };

	(void)state;
	for (size_t i = 0; i < sizeof(bad); i++) {
		char seq[] = { 'a', bad[i], 'b', 0x13, '\r' };

		nresults = 0;
		feed_n(seq, sizeof(seq));
		assert_int_equal(nresults, 1);
		assert_int_equal(results[0], -MV_EINVAL);
		/* The first bad byte is the one reported. */
		assert_int_equal(lineedit_bad_byte(&le), (unsigned char)bad[i]);
	}
	expect_line("fine\r", "fine");
}

static void test_unknown_escapes(void **state)
{
	(void)state;
	expect_line("a\x1b[5~b\x1b[1;5Dc\r", "acb");
	expect_line("\x1bxy\r", "xy"); /* a lone ESC is dropped */
	expect_line("\x1b\x1b[Dq\r", "q");
	expect_line("\x1b[123456789~z\r", "z");
	expect_line("\x1b[\x7fk\r", "k"); /* control byte aborts */
	expect_line("\x1bOZw\r", "w");
}

static void test_complete_commands(void **state)
{
	(void)state;
	expect_line("v\t\r", "version ");
	expect_line("hel\t\r", "help ");
	/* "ho": host and hostinfo share "host": extended, not listed. */
	expect_line("ho\t\r", "host");
	feed("he");
	clear_echo();
	feed("\t");
	/* Ambiguous with nothing to add: list, then redraw the line. */
	assert_string_equal(echo, "\nhelp  heap  \n> he");
	expect_line("\r", "he");
	expect_line("zz\t\r", "zz");
}

static void test_complete_subcommands(void **state)
{
	(void)state;
	expect_line("host r\t\r", "host ram ");
	expect_line("  host   v\t\r", "  host   vapool ");
	expect_line("x; host c\t\r", "x; host cpu ");
	expect_line("help; ho\t\r", "help; host");
	expect_line("host ram i\t\r", "host ram i"); /* third word: none */
	expect_line("heap i\t\r", "heap i");
	/* Completing in the middle of the line inserts at the cursor. */
	expect_line("host in" LEFT LEFT LEFT "\t\r", "host in");
}

static void test_complete_context(void **state)
{
	(void)state;
	/* The callback sees the words typed before the current one. */
	feed("echo x;  host  ram i\t");
	assert_int_equal(last_word, 2);
	assert_string_equal(last_words, "  host  ram ");
	feed("\x03zz\t");
	assert_int_equal(last_word, 0);
	assert_string_equal(last_words, "");
}

static void test_complete_when_full(void **state)
{
	static char big[LINEEDIT_MAX + 1];

	(void)state;
	memset(big, ' ', LINEEDIT_MAX - 2);
	big[LINEEDIT_MAX - 2] = 'v';
	big[LINEEDIT_MAX - 1] = '\0';
	feed(big);
	feed("\t\r");
	/* "version " does not fit: nothing is inserted, no overflow. */
	assert_int_equal(results[nresults - 1], LINEEDIT_LINE);
	assert_int_equal(strlen(le.buf), LINEEDIT_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_simple_line_and_echo, setup),
		cmocka_unit_test_setup(test_line_endings, setup),
		cmocka_unit_test_setup(test_insert_in_middle, setup),
		cmocka_unit_test_setup(test_backspace, setup),
		cmocka_unit_test_setup(test_delete, setup),
		cmocka_unit_test_setup(test_home_end, setup),
		cmocka_unit_test_setup(test_kill, setup),
		cmocka_unit_test_setup(test_ctrl_c, setup),
		cmocka_unit_test_setup(test_history, setup),
		cmocka_unit_test_setup(test_history_depth, setup),
		cmocka_unit_test_setup(test_recall_redraw, setup),
		cmocka_unit_test_setup(test_too_long, setup),
		cmocka_unit_test_setup(test_bad_bytes, setup),
		cmocka_unit_test_setup(test_unknown_escapes, setup),
		cmocka_unit_test_setup(test_complete_commands, setup),
		cmocka_unit_test_setup(test_complete_subcommands, setup),
		cmocka_unit_test_setup(test_complete_context, setup),
		cmocka_unit_test_setup(test_complete_when_full, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
