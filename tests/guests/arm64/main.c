// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test guest: banner, line input with echo and backspace, the command
 * table, and the EL1 exception handler. Expected traps (a probed
 * access) are recorded and skipped; anything else is reported and the
 * guest returns to a fresh prompt.
 */
#include "tg.h"

#define TG_MAX_ARGS 8

/* ESR_EL1 exception classes the guest tells apart. */
#define EC_UNKNOWN 0x00 /* e.g. HVC where EL2 does not exist */
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25

static const struct tg_cmd tg_cmds[] = {
	{ "hi", "print a greeting", cmd_hi },
	{ "info", "CPU and memory-map figures", cmd_info },
	{ "memtest", "write and verify the RAM test area", cmd_memtest },
	{ "hvc", "hvc [N]: N MV_HC_PING round trips and their rate", cmd_hvc },
	{ "mmio", "mmio [N]: N test-device counter reads and their rate",
	  cmd_mmio },
	{ "fault", "fault [addr]: read an unmapped IPA, report the abort",
	  cmd_fault },
	{ "romwrite", "write to ROM, report the abort", cmd_romwrite },
	{ "secret", "secret <pattern>: fill the RAM test area with it",
	  cmd_secret },
	{ "scan", "scan <pattern>: count it in the whole RAM", cmd_scan },
	{ "undef", "run an undefined instruction (unexpected exception)",
	  cmd_undef },
	{ "timer", "timer [N]: N 1 ms virtual-timer interrupts, latency",
	  cmd_timer },
	{ "sgi", "sgi [N]: N self-SGI round trips and their rate", cmd_sgi },
	{ "wfi", "WFI once, woken by a 5 ms timer interrupt", cmd_wfi },
	{ "sgiburst", "SGIs 0-7 at once: all taken, in priority order",
	  cmd_sgiburst },
	{ "sgipp", "sgipp [N]: N SGI round trips with vCPU 1 (started)",
	  cmd_sgipp },
	{ "uartirq", "WFI until a UART receive interrupt, read the byte",
	  cmd_uartirq },
	{ "gic", "GIC version and interrupt counts", cmd_gic },
	{ "poke", "poke <addr> <value>: 32-bit write, report an abort",
	  cmd_poke },
	{ "poweroff", "PSCI SYSTEM_OFF", cmd_poweroff },
	{ "reboot", "PSCI SYSTEM_RESET", cmd_reboot },
};

static char tg_line[TG_LINE_MAX];
static volatile bool tg_trap_armed;
static struct tg_trap tg_trap_last;
static unsigned int tg_exc_depth;

void tg_wipe_line(void)
{
	memset(tg_line, 0, sizeof(tg_line)); /* memset is volatile */
}

static void cmd_help(void)
{
	tg_puts("commands:\n");
	tg_printf("  %-9s%s\n", "help", "this list");
	for (size_t i = 0; i < sizeof(tg_cmds) / sizeof(tg_cmds[0]); i++)
		tg_printf("  %-9s%s\n", tg_cmds[i].name, tg_cmds[i].help);
}

/* Read one line with echo; Backspace/DEL erase, Ctrl-C/Ctrl-U clear. */
static size_t tg_read_line(void)
{
	static bool last_cr;
	size_t len = 0;

	for (;;) {
		int c = tg_getc();

		if (c == '\n' && last_cr) { /* the LF of a CR LF pair */
			last_cr = false;
			continue;
		}
		last_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			tg_putc('\n');
			tg_line[len] = '\0';
			return len;
		}
		if (c == 0x7f || c == '\b') {
			if (len) {
				len--;
				tg_puts("\b \b");
			}
		} else if (c == 0x03 || c == 0x15) { /* Ctrl-C, Ctrl-U */
			while (len) {
				len--;
				tg_puts("\b \b");
			}
		} else if (c >= ' ' && c < 0x7f && len < TG_LINE_MAX - 1) {
			tg_line[len++] = (char)c;
			tg_putc((char)c);
		}
	}
}

static int tg_split(char *line, char **argv)
{
	int argc = 0;

	while (*line) {
		while (*line == ' ')
			*line++ = '\0';
		if (!*line)
			break;
		if (argc == TG_MAX_ARGS)
			return -1;
		argv[argc++] = line;
		while (*line && *line != ' ')
			line++;
	}
	argv[argc] = NULL;
	return argc;
}

static void tg_run_line(void)
{
	char *argv[TG_MAX_ARGS + 1];
	int argc = tg_split(tg_line, argv);

	if (argc < 0) {
		tg_puts("error: too many arguments\n");
		return;
	}
	if (argc == 0)
		return;
	if (!strcmp(argv[0], "help")) {
		cmd_help();
		return;
	}
	for (size_t i = 0; i < sizeof(tg_cmds) / sizeof(tg_cmds[0]); i++) {
		if (!strcmp(argv[0], tg_cmds[i].name)) {
			tg_cmds[i].run(argc, argv);
			return;
		}
	}
	tg_printf("error: unknown command '%s' (try help)\n", argv[0]);
}

void tg_shell(void)
{
	tg_exc_depth = 0;
	for (;;) {
		tg_puts("testguest> ");
		tg_read_line();
		tg_run_line();
		tg_exc_depth = 0;
	}
}

void tg_main(void);
void tg_main(void)
{
	tg_printf("\nminivisor test guest v%s: RAM 0x%x+%u KiB, "
		  "UART 0x%x, testdev 0x%x\n",
		  TG_VERSION, TG_RAM_BASE, TG_RAM_SIZE >> 10, TG_UART_BASE,
		  TG_TESTDEV_BASE);
	tg_shell();
}

/* ---- exceptions ------------------------------------------------------ */

void tg_trap_arm(void)
{
	tg_trap_last.taken = false;
	__asm__ volatile("" ::: "memory");
	tg_trap_armed = true;
}

bool tg_trap_taken(struct tg_trap *t)
{
	tg_trap_armed = false;
	__asm__ volatile("" ::: "memory");
	if (t)
		*t = tg_trap_last;
	return tg_trap_last.taken;
}

static const char *const tg_vector_names[4] = { "sync", "irq", "fiq",
						"serror" };

extern char tg_recover[];

void tg_exception(struct tg_frame *f, unsigned long kind)
{
	unsigned int ec = (unsigned int)(f->esr >> 26) & 0x3f;

	if (kind == 1 || kind == 5) { /* IRQ at EL1 */
		tg_irq();
		return;
	}
	/* A probed access: note it, skip the instruction, carry on. */
	if (kind == 4 && tg_trap_armed &&
	    (ec == EC_DABT_CUR || ec == EC_DABT_LOW || ec == EC_UNKNOWN)) {
		tg_trap_armed = false;
		tg_trap_last.taken = true;
		tg_trap_last.esr = f->esr;
		tg_trap_last.far = f->far;
		tg_trap_last.elr = f->elr;
		f->elr += 4;
		return;
	}
	if (++tg_exc_depth > 2) /* the report itself faults: stop here */
		for (;;)
			__asm__ volatile("wfi");
	tg_printf("\nexception: %s from vector %lu, EC 0x%x ESR 0x%lx "
		  "ELR 0x%lx FAR 0x%lx\n",
		  tg_vector_names[kind & 3], kind, ec, f->esr, f->elr, f->far);
	if (ec == EC_IABT_CUR)
		tg_puts("exception: instruction abort\n");
	/* Back to a fresh prompt at EL1h with interrupts masked. */
	f->elr = (uint64_t)tg_recover;
	f->spsr = 0x3c5;
}
