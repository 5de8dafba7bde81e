/* SPDX-License-Identifier: GPL-2.0-only */
/* Internals shared by the line editor's files. */
#ifndef CORE_SHELL_LINEEDIT_PRIV_H
#define CORE_SHELL_LINEEDIT_PRIV_H

#include <minivisor/lineedit.h>

/** Write one byte to the terminal. */
void le_put(struct lineedit *le, char c);

/** Write @n bytes to the terminal. */
void le_write(struct lineedit *le, const char *s, size_t n);

/** Move the terminal cursor @n cells left. */
void le_back(struct lineedit *le, size_t n);

/** Replace the whole line by @text (cursor at its end) and redraw. */
void le_replace(struct lineedit *le, const char *text);

/** Print the prompt and the line again, cursor where it was. */
void le_redraw(struct lineedit *le);

/** Insert @c at the cursor; false (nothing done) when the line is full. */
bool le_insert(struct lineedit *le, char c);

/** Tab: complete the word before the cursor. */
void le_complete(struct lineedit *le);

/** Remember @line as the newest history entry (not empty/repeats). */
void le_history_add(struct lineedit *le, const char *line);

/** Show the previous (older) history entry. */
void le_history_up(struct lineedit *le);

/** Show the next (newer) history entry, or the line being typed. */
void le_history_down(struct lineedit *le);

/** Leave history browsing (a new line starts). */
void le_history_reset_pos(struct lineedit *le);

#endif
