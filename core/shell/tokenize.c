// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shell tokenizer: splits one ';'-separated command into words,
 * with sh-like quoting (see shell_tokenize() in minivisor/shell.h).
 */
#include <minivisor/ctype.h>
#include <minivisor/errno.h>
#include <minivisor/shell.h>

/* Tokenizer state for one command. */
struct tok {
	const char *p; /* next input byte */
	char *out;
	size_t size, pos;
	struct shell_args *args;
};

static int tok_fail(struct tok *t, int err, const char *why)
{
	t->args->error = why;
	return err;
}

static int tok_emit(struct tok *t, char c)
{
	if (t->pos >= t->size)
		return tok_fail(t, -MV_ENAMETOOLONG, "line too long");
	t->out[t->pos++] = c;
	return 0;
}

/* '...': everything literal up to the closing quote. */
static int tok_single(struct tok *t)
{
	int err;

	for (t->p++; *t->p != '\''; t->p++) {
		if (!*t->p)
			return tok_fail(t, -MV_EINVAL, "unterminated quote");
		err = tok_emit(t, *t->p);
		if (err)
			return err;
	}
	t->p++;
	return 0;
}

/* "...": literal except \" and \\. */
static int tok_double(struct tok *t)
{
	int err;

	for (t->p++; *t->p != '"'; t->p++) {
		if (!*t->p)
			return tok_fail(t, -MV_EINVAL, "unterminated quote");
		if (*t->p == '\\' && (t->p[1] == '"' || t->p[1] == '\\'))
			t->p++;
		err = tok_emit(t, *t->p);
		if (err)
			return err;
	}
	t->p++;
	return 0;
}

static bool tok_word_end(char c)
{
	return !c || c == ';' || mv_isspace(c);
}

/* One word, quotes and escapes resolved, NUL-terminated in @out. */
static int tok_word(struct tok *t)
{
	int err = 0;

	while (!err && !tok_word_end(*t->p)) {
		if (*t->p == '\'') {
			err = tok_single(t);
		} else if (*t->p == '"') {
			err = tok_double(t);
		} else if (*t->p == '\\') {
			if (!t->p[1])
				return tok_fail(t, -MV_EINVAL,
						"trailing backslash");
			err = tok_emit(t, t->p[1]);
			t->p += 2;
		} else {
			err = tok_emit(t, *t->p++);
		}
	}
	return err ? err : tok_emit(t, '\0');
}

static void tok_skip_blanks(struct tok *t)
{
	while (mv_isspace(*t->p))
		t->p++;
}

int shell_tokenize(const char *line, struct shell_args *args, char *buf,
		   size_t size)
{
	struct tok t = { .p = line, .out = buf, .size = size, .args = args };
	int err;

	args->argc = 0;
	args->argv[0] = NULL;
	args->error = NULL;
	for (tok_skip_blanks(&t); *t.p && *t.p != ';'; tok_skip_blanks(&t)) {
		if (*t.p == '#') {
			while (*t.p)
				t.p++; /* a comment: the rest of the line */
			break;
		}
		if (args->argc == SHELL_MAX_ARGS)
			return tok_fail(&t, -MV_E2BIG, "too many arguments");
		args->argv[args->argc++] = buf + t.pos;
		args->argv[args->argc] = NULL;
		err = tok_word(&t);
		if (err)
			return err;
	}
	if (*t.p == ';')
		t.p++;
	return (int)(t.p - line);
}
