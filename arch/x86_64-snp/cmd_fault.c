// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fault <cpu> [data|undef|brk]`: take an unexpected exception on
 * purpose (#PF on an unmapped address, #UD, #BP) to check the report:
 * vector, error code, RIP, CR2 and registers, then the CPU stops. Same
 * syntax as on arm64; the SVSM has one CPU, so this ends the session.
 */
#include <minivisor/errno.h>
#include <minivisor/shell.h>
#include <minivisor/string.h>
#include <string.h>
#include <asm/x86_cmds.h>
#include <asm/x86_mmu.h>

/* Canonical, far above the identity map and below the vapool window. */
#define FAULT_ADDR 0x00007f0000000010ULL

static int fault_exec(int argc, char **argv);

static const struct shell_cmd fault_cmd = {
	.name = "fault",
	.desc = "make a CPU take an unexpected exception (tests the report)",
	.usage = "fault <cpu> [data|undef|brk]",
	.exec = fault_exec,
};

static void fault_take(const char *kind)
{
	if (!strcmp(kind, "data"))
		(void)*(volatile uint64_t *)(uintptr_t)FAULT_ADDR;
	else if (!strcmp(kind, "undef"))
		asm volatile("ud2");
	else
		asm volatile("int3");
}

static int fault_exec(int argc, char **argv)
{
	const char *kind = argc > 2 ? argv[2] : "data";
	uint64_t id;

	if (argc < 2 || argc > 3)
		return shell_usage_error(&fault_cmd,
					 "expected 1 or 2 arguments");
	if (str_parse_u64_max(argv[1], 0, &id))
		return shell_usage_error(&fault_cmd, "no such CPU: %s",
					 argv[1]);
	if (strcmp(kind, "data") && strcmp(kind, "undef") &&
	    strcmp(kind, "brk"))
		return shell_usage_error(&fault_cmd, "unknown kind: %s", kind);
	fault_take(kind);
	return 0;
}

int x86_fault_cmd_register(void)
{
	return shell_register(&fault_cmd);
}
