// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interactive loop: the line editor fed from console_getc(), with
 * command-name and first-level subcommand completion. When no input is
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

/* Offer the first word of each subcommand path of @cmd, once each. */
static void shell_complete_subcmds(struct lineedit_comp *comp,
				   const struct shell_cmd *cmd)
{
	char word[CONFIG_SHELL_LINE_MAX + 1];

	for (const struct shell_subcmd *s = cmd->subcmds; s->path; s++) {
		size_t n = strcspn(s->path, " ");
		bool seen = false;

		for (const struct shell_subcmd *t = cmd->subcmds; t < s; t++)
			seen |= !strncmp(t->path, s->path, n) &&
				(t->path[n] == ' ' || !t->path[n]);
		if (seen || n > CONFIG_SHELL_LINE_MAX)
			continue;
		memcpy(word, s->path, n);
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
	if (comp->word != 1)
		return;
	/* `help <command>` completes command names. */
	if (!strcmp(comp->first, "help")) {
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
