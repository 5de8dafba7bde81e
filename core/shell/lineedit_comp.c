// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line editor tab completion. The editor finds the word before the
 * cursor (words split at spaces, commands at ';'; quotes are not
 * interpreted here), asks the callback for candidates, then completes
 * a unique one (plus a space), extends a shared prefix, or lists all.
 */
#include <string.h>

#include <minivisor/string.h>

#include "lineedit_priv.h"

/* Locate the word before the cursor and describe it in @comp. */
static void le_comp_setup(struct lineedit *le, struct lineedit_comp *comp)
{
	size_t start = le->cur, seg = le->cur, i, n;
	unsigned int words = 0;

	while (seg && le->buf[seg - 1] != ';')
		seg--;
	while (start > seg && le->buf[start - 1] != ' ')
		start--;
	/* Count the words of this command before the current one. */
	for (i = seg; i < start; i++)
		if (le->buf[i] != ' ' && (i == seg || le->buf[i - 1] == ' '))
			words++;
	n = le->cur - start;
	memcpy(le->prefix, le->buf + start, n);
	le->prefix[n] = '\0';
	memcpy(le->words, le->buf + seg, start - seg);
	le->words[start - seg] = '\0';
	for (i = seg; i < start && le->buf[i] == ' '; i++)
		;
	for (n = 0; i + n < start && le->buf[i + n] != ' '; n++)
		le->first[n] = le->buf[i + n];
	le->first[n] = '\0';
	memset(comp, 0, sizeof(*comp));
	comp->word = words;
	comp->first = le->first;
	comp->words = le->words;
	comp->prefix = le->prefix;
	comp->le = le;
}

void lineedit_comp_offer(struct lineedit_comp *comp, const char *cand)
{
	struct lineedit *le = comp->le;
	size_t i;

	if (!cand || !str_starts_with(cand, comp->prefix))
		return;
	if (comp->listing) {
		le_write(le, cand, strlen(cand));
		le_write(le, "  ", 2);
		return;
	}
	if (comp->count++ == 0) {
		comp->common_len = strnlen(cand, LINEEDIT_MAX);
		memcpy(le->common, cand, comp->common_len);
		return;
	}
	for (i = 0; i < comp->common_len && cand[i] == le->common[i]; i++)
		;
	comp->common_len = i;
}

/* Insert @s[0..n) at the cursor, only if all of it fits. */
static void le_insert_all(struct lineedit *le, const char *s, size_t n)
{
	if (le->len + n > LINEEDIT_MAX)
		return;
	for (size_t i = 0; i < n; i++)
		le_insert(le, s[i]);
}

void le_complete(struct lineedit *le)
{
	struct lineedit_comp comp;
	size_t have;

	if (!le->ops->complete)
		return;
	le_comp_setup(le, &comp);
	have = strlen(comp.prefix);
	le->ops->complete(&comp, le->ctx);
	if (comp.count == 0)
		return;
	if (comp.count == 1) {
		le->common[comp.common_len] = ' ';
		le_insert_all(le, le->common + have,
			      comp.common_len + 1 - have);
	} else if (comp.common_len > have) {
		le_insert_all(le, le->common + have, comp.common_len - have);
	} else {
		le_put(le, '\n');
		comp.listing = true;
		le->ops->complete(&comp, le->ctx);
		le_put(le, '\n');
		le_redraw(le);
	}
}
