/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A line editor over an abstract terminal: bytes go in one at a time
 * (lineedit_feed), echo and redraws come out through a putc callback.
 * Keys: printable insert at the cursor, Backspace (0x7f, 0x08), Delete
 * (ESC [ 3 ~, Ctrl-D), Left/Right (ESC [ D / C, Ctrl-B/F), Home/End
 * (ESC [ H / F, ESC O H / F, ESC [ 1 ~ / 4 ~, ESC [ 7 ~ / 8 ~, Ctrl-A/E),
 * Up/Down history (ESC [ A / B, Ctrl-P/N), Tab completion, Ctrl-C
 * (discard the line), Ctrl-U (kill the line), Ctrl-K (kill to end).
 * "\r", "\n" and "\r\n" each end one line. Redraws use only printable
 * bytes and '\b', so the output reads well in logs.
 */
#ifndef MINIVISOR_LINEEDIT_H
#define MINIVISOR_LINEEDIT_H

#include <minivisor/shell.h>
#include <minivisor/types.h>

#define LINEEDIT_MAX CONFIG_SHELL_LINE_MAX

#ifdef CONFIG_SHELL_HISTORY
#define LINEEDIT_HISTORY CONFIG_SHELL_HISTORY
#else
#define LINEEDIT_HISTORY 0
#endif

/* lineedit_feed() results besides negative errors. */
#define LINEEDIT_MORE 0 /* keep feeding */
#define LINEEDIT_LINE 1 /* a line is complete in ->buf */
#define LINEEDIT_CANCEL 2 /* Ctrl-C discarded the line */

struct lineedit;

/**
 * A completion request. The callback calls lineedit_comp_offer() for
 * every candidate (the editor filters by prefix); the editor then
 * completes a unique match, extends a common prefix, or lists them.
 */
struct lineedit_comp {
	unsigned int word; /* word being completed: 0 = command name */
	const char *first; /* the command's first word (when word > 0) */
	const char *words; /* the command's words before this one, as typed */
	const char *prefix; /* the part of the word before the cursor */
	/* private to the editor */
	struct lineedit *le;
	unsigned int count;
	size_t common_len;
	bool listing;
};

/** The terminal and the completion source. */
struct lineedit_ops {
	/** Write one byte; '\n' must start a new line (console_putc). */
	void (*putc)(char c, void *ctx);
	/** Offer candidates for @comp (optional: Tab does nothing). */
	void (*complete)(struct lineedit_comp *comp, void *ctx);
};

/** Editor state; its fields are private to lineedit.c except ->buf. */
struct lineedit {
	const struct lineedit_ops *ops;
	void *ctx;
	const char *prompt;
	char buf[LINEEDIT_MAX + 1]; /* the line, NUL-terminated on LINE */
	size_t len, cur;
	unsigned int esc; /* escape sequence state */
	unsigned int esc_arg; /* its numeric parameter */
	bool last_cr; /* previous byte was '\r': a '\n' is swallowed */
	bool overflow; /* too long: discarded up to the end of line */
	bool done; /* a result was returned: the next byte starts over */
	int bad; /* first invalid byte in the line, or -1 */
	char first[LINEEDIT_MAX + 1]; /* completion: the first word */
	char words[LINEEDIT_MAX + 1]; /* completion: the words before */
	char prefix[LINEEDIT_MAX + 1]; /* completion: the typed part */
	char common[LINEEDIT_MAX + 1]; /* completion: common prefix */
#if LINEEDIT_HISTORY > 0
	char hist[LINEEDIT_HISTORY][LINEEDIT_MAX + 1];
	char saved[LINEEDIT_MAX + 1]; /* the new line while browsing */
	unsigned int hist_count, hist_next;
	int hist_pos; /* -1: the new line; k: k entries back */
#endif
};

/** Set up @le (history empty) writing through @ops with @prompt. */
void lineedit_init(struct lineedit *le, const struct lineedit_ops *ops,
		   void *ctx, const char *prompt);

/** Start a new, empty line and print the prompt. */
void lineedit_begin(struct lineedit *le);

/**
 * Process one input byte @c (0..255). Returns LINEEDIT_MORE,
 * LINEEDIT_LINE (->buf holds the line, added to the history),
 * LINEEDIT_CANCEL, -MV_ENAMETOOLONG (a line longer than LINEEDIT_MAX
 * ended; it was discarded whole) or -MV_EINVAL (a line with a control
 * or non-ASCII byte ended; discarded, see lineedit_bad_byte()). After
 * any result but MORE the next byte starts a new line; call
 * lineedit_begin() first to print a prompt.
 */
int lineedit_feed(struct lineedit *le, int c);

/** The first invalid byte of the line that got -MV_EINVAL. */
int lineedit_bad_byte(const struct lineedit *le);

/** Number of history entries. */
unsigned int lineedit_history_count(const struct lineedit *le);

/** History entry @back steps back (0 = newest), or NULL. */
const char *lineedit_history_get(const struct lineedit *le, unsigned int back);

/** Offer completion candidate @cand (ignored unless it fits). */
void lineedit_comp_offer(struct lineedit_comp *comp, const char *cand);

#endif
