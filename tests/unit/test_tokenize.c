// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shell tokenizer: blanks, quotes, escapes, ';' separation, empty
 * commands, comments and every error (unterminated quote, trailing
 * backslash, too many words, too small a buffer).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/shell.h>

static char buf[1024];
static struct shell_args args;

/* Tokenize @line's first command; check its words and what was used. */
static void expect_words(const char *line, int used, int argc, ...)
{
	va_list ap;

	assert_int_equal(shell_tokenize(line, &args, buf, sizeof(buf)), used);
	assert_int_equal(args.argc, argc);
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		assert_string_equal(args.argv[i], va_arg(ap, const char *));
	va_end(ap);
	assert_null(args.argv[argc]);
}

static void expect_error(const char *line, int err, const char *why)
{
	assert_int_equal(shell_tokenize(line, &args, buf, sizeof(buf)), err);
	assert_string_equal(args.error, why);
}

static void test_plain_words(void **state)
{
	(void)state;
	expect_words("", 0, 0);
	expect_words("   \t ", 5, 0);
	expect_words("help", 4, 1, "help");
	expect_words("  host   ram\tinfo  ", 19, 3, "host", "ram", "info");
	expect_words("a\vb\fc\rd", 7, 4, "a", "b", "c", "d");
}

static void test_quotes(void **state)
{
	(void)state;
	expect_words("echo 'a b'  \"c d\"", 17, 3, "echo", "a b", "c d");
	expect_words("x'y'\"z\"w", 8, 1, "xyzw");
	expect_words("'' \"\"", 5, 2, "", "");
	expect_words("'a;b' \"c;d\"", 11, 2, "a;b", "c;d");
	expect_words("'\\n\"' \"'\"", 9, 2, "\\n\"", "'");
	expect_words("'#' \"#\" a#b", 11, 3, "#", "#", "a#b");
}

static void test_escapes(void **state)
{
	(void)state;
	expect_words("a\\ b", 4, 1, "a b");
	expect_words("\\;x \\' \\\" \\\\", 12, 4, ";x", "'", "\"", "\\");
	expect_words("\"a\\\"b\\\\c\\d\"", 11, 1, "a\"b\\c\\d");
	expect_words("\\#x", 3, 1, "#x");
}

static void test_semicolons(void **state)
{
	const char *line = "a 1; b 2 ;;c";

	(void)state;
	expect_words(line, 4, 2, "a", "1");
	expect_words(line + 4, 6, 2, "b", "2");
	expect_words(line + 10, 1, 0);
	expect_words(line + 11, 1, 1, "c");
	expect_words(";", 1, 0);
	expect_words(" ; x", 2, 0);
}

static void test_comments(void **state)
{
	(void)state;
	expect_words("# all of it; x", 14, 0);
	expect_words("a b # c ; d", 11, 2, "a", "b");
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("echo 'abc", -MV_EINVAL, "unterminated quote");
	expect_error("echo \"abc", -MV_EINVAL, "unterminated quote");
	expect_error("echo \"ab\\\"", -MV_EINVAL, "unterminated quote");
	expect_error("echo abc\\", -MV_EINVAL, "trailing backslash");
	expect_error("a b c d e f g h i j k l m n o p q", -MV_E2BIG,
		     "too many arguments");
	/* Exactly SHELL_MAX_ARGS words is fine. */
	expect_words("a b c d e f g h i j k l m n o p", 31, 16, "a", "b", "c",
		     "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
		     "p");
}

static void test_buffer_limits(void **state)
{
	char small[16];
	const char *line = "abc defg";

	(void)state;
	/* strlen(line) + 1 is always enough... */
	assert_int_equal(shell_tokenize(line, &args, small, strlen(line) + 1),
			 8);
	assert_string_equal(args.argv[1], "defg");
	/* ...and one byte less is refused, not overrun. */
	assert_int_equal(shell_tokenize(line, &args, small, strlen(line)),
			 -MV_ENAMETOOLONG);
	assert_string_equal(args.error, "line too long");
	assert_int_equal(shell_tokenize("x", &args, small, 0),
			 -MV_ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_semicolons),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_buffer_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
