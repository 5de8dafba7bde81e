// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interactive loop: the line editor fed from console_getc(), with
 * completion of command names and of subcommand paths, word by word. When no input is
 * pending the idle hook runs (arch_cpu_relax() unless set otherwise).
 */
#include <string.h>

#include <arch/cpu.h>
#include <minivisor/console.h>
#include <minivisor/errno.h>
#include <minivisor/lineedit.h>
#include <minivisor/shell.h>

#ifndef CONFIG_SHELL_PROMPT
#define CONFIG_SHELL_PROMPT "minivisor# "
#endif

static struct lineedit shell_le;
static bool shell_le_ready;
static volatile bool shell_running;
static void (*shell_idle)(void) = arch_cpu_relax;

static void shell_le_putc(char c, void *ctx)
{
	(void)ctx;
	console_putc(c);
}

static void shell_complete_names(struct lineedit_comp *comp)
{
	const struct shell_cmd *cmd;

	for (unsigned int i = 0; (cmd = shell_cmd_at(i)); i++)
		lineedit_comp_offer(comp, cmd->name);
}

/* Word @idx of the space-separated @s (pointer, length); false if none. */
static bool shell_word_at(const char *s, unsigned int idx, const char **w,
			  size_t *n)
{
	for (;;) {
		s += strspn(s, " ");
		if (!*s)
			return false;
		*n = strcspn(s, " ");
		if (idx-- == 0) {
			*w = s;
			return true;
		}
		s += *n;
	}
}

/*
 * Word @depth of subcommand @path, if the path's words before it are
 * the words typed after the command name (@typed holds the name too).
 */
static bool shell_path_next_word(const char *path, const char *typed,
				 unsigned int depth, const char **w, size_t *n)
{
	const char *a, *b;
	size_t na, nb;

	for (unsigned int i = 0; i < depth; i++)
		if (!shell_word_at(path, i, &a, &na) ||
		    !shell_word_at(typed, i + 1, &b, &nb) || na != nb ||
		    strncmp(a, b, na))
			return false;
	return shell_word_at(path, depth, w, n);
}

/* Offer word @comp->word - 1 of each matching subcommand path, once. */
static void shell_complete_subcmds(struct lineedit_comp *comp,
				   const struct shell_cmd *cmd)
{
	unsigned int depth = comp->word - 1;
	char word[CONFIG_SHELL_LINE_MAX + 1];
	const char *w, *v;
	size_t n, m;

	for (const struct shell_subcmd *s = cmd->subcmds; s->path; s++) {
		bool seen = false;

		if (!shell_path_next_word(s->path, comp->words, depth, &w,
					  &n) ||
		    n > CONFIG_SHELL_LINE_MAX)
			continue;
		for (const struct shell_subcmd *t = cmd->subcmds; t < s; t++)
			seen |= shell_path_next_word(t->path, comp->words,
						     depth, &v, &m) &&
				m == n && !strncmp(v, w, n);
		if (seen)
			continue;
		memcpy(word, w, n);
		word[n] = '\0';
		lineedit_comp_offer(comp, word);
	}
}

static void shell_complete(struct lineedit_comp *comp, void *ctx)
{
	const struct shell_cmd *cmd;

	(void)ctx;
	if (comp->word == 0) {
		shell_complete_names(comp);
		return;
	}
	/* `help <command>` completes command names. */
	if (!strcmp(comp->first, "help")) {
		if (comp->word == 1)
			shell_complete_names(comp);
		return;
	}
	cmd = shell_find(comp->first);
	if (cmd && cmd->subcmds)
		shell_complete_subcmds(comp, cmd);
}

static const struct lineedit_ops shell_le_ops = {
	.putc = shell_le_putc,
	.complete = shell_complete,
};

/* Act on what the editor returned for one byte. */
static void shell_handle(int r)
{
	if (r == LINEEDIT_MORE)
		return;
	if (r == LINEEDIT_LINE)
		shell_exec_line(shell_le.buf);
	else if (r == -MV_ENAMETOOLONG)
		shell_error(r, "line too long (max %d)", LINEEDIT_MAX);
	else if (r == -MV_EINVAL)
		shell_error(r, "invalid byte 0x%02x in line",
			    lineedit_bad_byte(&shell_le));
	if (shell_running)
		lineedit_begin(&shell_le);
}

void shell_run(void)
{
	if (!shell_le_ready) {
		lineedit_init(&shell_le, &shell_le_ops, NULL,
			      CONFIG_SHELL_PROMPT);
		shell_le_ready = true;
	}
	shell_running = true;
	lineedit_begin(&shell_le);
	while (shell_running) {
		int c = console_getc();

		if (c < 0) {
			shell_idle();
			continue;
		}
		shell_handle(lineedit_feed(&shell_le, c));
	}
}

void shell_stop(void)
{
	shell_running = false;
}

void shell_set_idle(void (*fn)(void))
{
	shell_idle = fn ? fn : arch_cpu_relax;
}
