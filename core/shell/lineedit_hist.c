// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line editor history: a ring of the last LINEEDIT_HISTORY lines.
 * Browsing keeps the line being typed aside and restores it when the
 * user comes back down past the newest entry.
 */
#include <string.h>

#include "lineedit_priv.h"

#if LINEEDIT_HISTORY > 0

/* Ring slot of the entry @back steps back from the newest. */
static unsigned int le_hist_slot(const struct lineedit *le, unsigned int back)
{
	return (le->hist_next + LINEEDIT_HISTORY - 1 - back) % LINEEDIT_HISTORY;
}

const char *lineedit_history_get(const struct lineedit *le, unsigned int back)
{
	if (back >= le->hist_count)
		return NULL;
	return le->hist[le_hist_slot(le, back)];
}

unsigned int lineedit_history_count(const struct lineedit *le)
{
	return le->hist_count;
}

void le_history_add(struct lineedit *le, const char *line)
{
	const char *newest = lineedit_history_get(le, 0);

	if (!*line || (newest && !strcmp(newest, line)))
		return;
	memcpy(le->hist[le->hist_next], line, strlen(line) + 1);
	le->hist_next = (le->hist_next + 1) % LINEEDIT_HISTORY;
	if (le->hist_count < LINEEDIT_HISTORY)
		le->hist_count++;
}

void le_history_up(struct lineedit *le)
{
	if (le->hist_pos + 1 >= (int)le->hist_count)
		return;
	if (le->hist_pos < 0) {
		memcpy(le->saved, le->buf, le->len);
		le->saved[le->len] = '\0';
	}
	le->hist_pos++;
	le_replace(le, lineedit_history_get(le, (unsigned int)le->hist_pos));
}

void le_history_down(struct lineedit *le)
{
	if (le->hist_pos < 0)
		return;
	le->hist_pos--;
	if (le->hist_pos < 0)
		le_replace(le, le->saved);
	else
		le_replace(le, lineedit_history_get(
				       le, (unsigned int)le->hist_pos));
}

void le_history_reset_pos(struct lineedit *le)
{
	le->hist_pos = -1;
}

#else /* no history configured */

const char *lineedit_history_get(const struct lineedit *le, unsigned int back)
{
	(void)le;
	(void)back;
	return NULL;
}

unsigned int lineedit_history_count(const struct lineedit *le)
{
	(void)le;
	return 0;
}

void le_history_add(struct lineedit *le, const char *line)
{
	(void)le;
	(void)line;
}

void le_history_up(struct lineedit *le)
{
	(void)le;
}

void le_history_down(struct lineedit *le)
{
	(void)le;
}

void le_history_reset_pos(struct lineedit *le)
{
	(void)le;
}

#endif
