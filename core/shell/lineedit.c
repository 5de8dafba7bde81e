// SPDX-License-Identifier: GPL-2.0-only
/*
 * The line editor (minivisor/lineedit.h): editing keys, escape
 * sequences and line endings. History and completion are in
 * lineedit_hist.c and lineedit_comp.c.
 */
#include <string.h>

#include <minivisor/compiler.h>
#include <minivisor/ctype.h>
#include <minivisor/errno.h>
#include <minivisor/lineedit.h>

#include "lineedit_priv.h"

/* Escape parser states. */
#define ESC_NONE 0
#define ESC_START 1 /* got ESC */
#define ESC_CSI 2 /* got ESC [ */
#define ESC_SS3 3 /* got ESC O */

#define ESC_ARG_MAX 1000

#define CTRL(c) ((c)&0x1f)

void le_put(struct lineedit *le, char c)
{
	le->ops->putc(c, le->ctx);
}

void le_write(struct lineedit *le, const char *s, size_t n)
{
	while (n--)
		le_put(le, *s++);
}

void le_back(struct lineedit *le, size_t n)
{
	while (n--)
		le_put(le, '\b');
}

/* Redraw from the cursor to the end, blank @blank cells, come back. */
static void le_show_tail(struct lineedit *le, size_t blank)
{
	le_write(le, le->buf + le->cur, le->len - le->cur);
	for (size_t i = 0; i < blank; i++)
		le_put(le, ' ');
	le_back(le, le->len - le->cur + blank);
}

void le_replace(struct lineedit *le, const char *text)
{
	size_t old = le->len, n = strlen(text);

	le_back(le, le->cur);
	memcpy(le->buf, text, n);
	le->len = le->cur = n;
	le_write(le, le->buf, n);
	if (old > n) {
		for (size_t i = n; i < old; i++)
			le_put(le, ' ');
		le_back(le, old - n);
	}
}

void le_redraw(struct lineedit *le)
{
	le_write(le, le->prompt, strlen(le->prompt));
	le_write(le, le->buf, le->len);
	le_back(le, le->len - le->cur);
}

bool le_insert(struct lineedit *le, char c)
{
	if (le->len >= LINEEDIT_MAX)
		return false;
	memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur);
	le->buf[le->cur++] = c;
	le->len++;
	le_put(le, c);
	le_show_tail(le, 0);
	return true;
}

static void le_backspace(struct lineedit *le)
{
	if (!le->cur)
		return;
	memmove(le->buf + le->cur - 1, le->buf + le->cur, le->len - le->cur);
	le->cur--;
	le->len--;
	le_put(le, '\b');
	le_show_tail(le, 1);
}

static void le_delete(struct lineedit *le)
{
	if (le->cur == le->len)
		return;
	memmove(le->buf + le->cur, le->buf + le->cur + 1,
		le->len - le->cur - 1);
	le->len--;
	le_show_tail(le, 1);
}

static void le_left(struct lineedit *le)
{
	if (le->cur) {
		le->cur--;
		le_put(le, '\b');
	}
}

static void le_right(struct lineedit *le)
{
	if (le->cur < le->len)
		le_put(le, le->buf[le->cur++]);
}

static void le_home(struct lineedit *le)
{
	le_back(le, le->cur);
	le->cur = 0;
}

static void le_end(struct lineedit *le)
{
	le_write(le, le->buf + le->cur, le->len - le->cur);
	le->cur = le->len;
}

static void le_kill_to_end(struct lineedit *le)
{
	size_t n = le->len - le->cur;

	for (size_t i = 0; i < n; i++)
		le_put(le, ' ');
	le_back(le, n);
	le->len = le->cur;
}

/* The final byte of a CSI or SS3 sequence, with its parameter. */
static void le_escape_key(struct lineedit *le, int c, unsigned int arg)
{
	switch (c) {
	case 'A':
		le_history_up(le);
		break;
	case 'B':
		le_history_down(le);
		break;
	case 'C':
		le_right(le);
		break;
	case 'D':
		le_left(le);
		break;
	case 'H':
		le_home(le);
		break;
	case 'F':
		le_end(le);
		break;
	case '~':
		if (arg == 1 || arg == 7)
			le_home(le);
		else if (arg == 4 || arg == 8)
			le_end(le);
		else if (arg == 3)
			le_delete(le);
		break;
	default:
		break; /* unknown sequences are ignored */
	}
}

/* Feed @c to the escape parser; false when @c is not part of it. */
static bool le_escape(struct lineedit *le, int c)
{
	unsigned int state = le->esc;

	le->esc = ESC_NONE;
	if (state == ESC_START) {
		if (c == '[' || c == 'O') {
			le->esc = c == '[' ? ESC_CSI : ESC_SS3;
			le->esc_arg = 0;
			return true;
		}
		return false; /* a lone ESC: handle @c normally */
	}
	if (c < 0x20 || c > 0x7e)
		return false; /* a control byte aborts the sequence */
	if (state == ESC_CSI && (mv_isdigit(c) || c == ';' || c < 0x40)) {
		if (mv_isdigit(c) && le->esc_arg < ESC_ARG_MAX)
			le->esc_arg = le->esc_arg * 10 + (unsigned)(c - '0');
		le->esc = ESC_CSI;
		return true;
	}
	le_escape_key(le, c, state == ESC_CSI ? le->esc_arg : 0);
	return true;
}

static void le_kill_line(struct lineedit *le)
{
	le_replace(le, "");
}

static void le_escape_start(struct lineedit *le)
{
	le->esc = ESC_START;
}

/* The control keys the editor knows. */
static const struct {
	unsigned char key;
	void (*fn)(struct lineedit *le);
} le_keys[] = {
	{ 0x7f, le_backspace },		{ CTRL('H'), le_backspace },
	{ 0x1b, le_escape_start },	{ '\t', le_complete },
	{ CTRL('U'), le_kill_line },	{ CTRL('K'), le_kill_to_end },
	{ CTRL('A'), le_home },		{ CTRL('E'), le_end },
	{ CTRL('B'), le_left },		{ CTRL('F'), le_right },
	{ CTRL('D'), le_delete },	{ CTRL('P'), le_history_up },
	{ CTRL('N'), le_history_down },
};

/* A control key; false when it is not one the editor knows. */
static bool le_control(struct lineedit *le, int c)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(le_keys); i++) {
		if (le_keys[i].key == c) {
			le_keys[i].fn(le);
			return true;
		}
	}
	return false;
}

static void le_reset_line(struct lineedit *le)
{
	le->len = le->cur = 0;
	le->buf[0] = '\0';
	le->esc = ESC_NONE;
	le->overflow = false;
	le->done = false;
	le->bad = -1;
	le_history_reset_pos(le);
}

void lineedit_init(struct lineedit *le, const struct lineedit_ops *ops,
		   void *ctx, const char *prompt)
{
	memset(le, 0, sizeof(*le));
	le->ops = ops;
	le->ctx = ctx;
	le->prompt = prompt ? prompt : "";
	le_reset_line(le);
}

void lineedit_begin(struct lineedit *le)
{
	le_reset_line(le);
	le_write(le, le->prompt, strlen(le->prompt));
}

/* End of line: report the line, or why it was discarded. */
static int le_finish(struct lineedit *le)
{
	le->done = true;
	le_put(le, '\n');
	if (le->overflow)
		return -MV_ENAMETOOLONG;
	if (le->bad >= 0)
		return -MV_EINVAL;
	le->buf[le->len] = '\0';
	le_history_add(le, le->buf);
	return LINEEDIT_LINE;
}

/* An ordinary byte within a line that is not being discarded. */
static void le_key(struct lineedit *le, int c)
{
	if (le->esc != ESC_NONE && le_escape(le, c))
		return;
	if (mv_isprint(c)) {
		if (!le_insert(le, (char)c))
			le->overflow = true;
	} else if (!le_control(le, c) && le->bad < 0) {
		le->bad = c;
	}
}

int lineedit_feed(struct lineedit *le, int c)
{
	bool after_cr = le->last_cr;

	c &= 0xff;
	if (le->done)
		le_reset_line(le);
	le->last_cr = c == '\r';
	if (c == '\n' && after_cr)
		return LINEEDIT_MORE; /* the '\n' of "\r\n" */
	if (c == '\r' || c == '\n')
		return le_finish(le);
	if (c == CTRL('C')) {
		le_write(le, "^C\n", 3);
		le->done = true;
		return LINEEDIT_CANCEL;
	}
	if (!le->overflow)
		le_key(le, c);
	return LINEEDIT_MORE;
}

int lineedit_bad_byte(const struct lineedit *le)
{
	return le->bad;
}
