/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The built-in commands, one per file, each defining a
 * `const struct shell_cmd shell_cmd_<name>` that table.c registers.
 */
#ifndef CORE_COMMANDS_H
#define CORE_COMMANDS_H

#include <minivisor/shell.h>

/* Numbers in command output: %llu / %llx with a fixed type. */
#define ULL(x) ((unsigned long long)(x))

extern const struct shell_cmd shell_cmd_help;
extern const struct shell_cmd shell_cmd_version;
extern const struct shell_cmd shell_cmd_host;
extern const struct shell_cmd shell_cmd_heap;
extern const struct shell_cmd shell_cmd_mempool;
extern const struct shell_cmd shell_cmd_reset;
extern const struct shell_cmd shell_cmd_poweroff;
extern const struct shell_cmd shell_cmd_exit;

/** `host ram bitmap` (host_bitmap.c), a subcommand of `host`. */
int host_cmd_ram_bitmap(int argc, char **argv);

/**
 * For commands that take no arguments: a usage error when @argc > 1,
 * else 0.
 */
int cmd_no_args(const struct shell_cmd *cmd, int argc, char **argv);

/**
 * Parse argument @s named @what (for the message) of command @where as
 * a number <= @max (minivisor/string.h syntax). On failure prints
 * "error: <where>: bad <what> '<s>'" or "... <what> '<s>' out of
 * range" and returns the error.
 */
int cmd_parse_u64(const char *where, const char *what, const char *s,
		  uint64_t max, uint64_t *out);

#endif
