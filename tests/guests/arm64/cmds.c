// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test guest commands that talk to the hypervisor: hypercalls, the
 * test device, deliberate bad accesses and PSCI.
 */
#include <minivisor/hypercall.h>
#include <minivisor/vtestdev.h>

#include "tg.h"

#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define TG_MAX_COUNT 100000000UL

/* A ROM word `romwrite` tries to change (const: linked into ROM). */
#define TG_CANARY 0x524f4d21 /* "ROM!" */
static const uint32_t tg_rom_canary __attribute__((used)) = TG_CANARY;

void tg_report_rate(const char *what, const char *unit, uint64_t n,
		    uint64_t ticks)
{
	uint64_t freq = tg_tick_freq(), us, rate;

	if (!ticks)
		ticks = 1;
	/* freq is a whole number of kHz on every platform we run on. */
	us = ticks * 1000 / (freq / 1000 ? freq / 1000 : 1);
	rate = n * freq / ticks;
	tg_printf("%s: %lu %s in %lu us, %lu/s\n", what, n, unit, us, rate);
}

/* Optional count argument: @def when absent; 0 after an error. */
static uint64_t tg_count_arg(const char *cmd, int argc, char **argv,
			     uint64_t def)
{
	uint64_t n;

	if (argc < 2)
		return def;
	if (argc > 2 || tg_parse_u64(argv[1], &n) || !n || n > TG_MAX_COUNT) {
		tg_printf("error: usage: %s [N], 1 <= N <= %lu\n", cmd,
			  TG_MAX_COUNT);
		return 0;
	}
	return n;
}

void cmd_hi(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tg_puts("hello from the minivisor test guest\n");
}

void cmd_info(int argc, char **argv)
{
	uint64_t el, midr, mpidr;

	(void)argc;
	(void)argv;
	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	__asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	tg_printf("el %lu midr 0x%lx mpidr 0x%lx cntfrq %lu\n", el >> 2, midr,
		  mpidr, tg_tick_freq());
	tg_printf("rom 0x%x+0x%x ram 0x%x+0x%x uart 0x%x testdev 0x%x "
		  "unmapped 0x%x\n",
		  TG_ROM_BASE, TG_ROM_SIZE, TG_RAM_BASE, TG_RAM_SIZE,
		  TG_UART_BASE, TG_TESTDEV_BASE, TG_UNMAPPED);
}

void cmd_hvc(int argc, char **argv)
{
	uint64_t n = tg_count_arg("hvc", argc, argv, 1000), t0, ret = 0, i;
	struct tg_trap trap;

	if (!n)
		return;
	tg_trap_arm();
	t0 = tg_ticks();
	for (i = 0; i < n; i++) {
		ret = tg_hvc(MV_HC_PING, 0, 0, 0);
		if (ret != MV_HC_MAGIC)
			break;
	}
	t0 = tg_ticks() - t0;
	if (tg_trap_taken(&trap)) {
		tg_printf("hvc: trapped in the guest (no hypervisor?) ESR "
			  "0x%lx\n",
			  trap.esr);
		return;
	}
	if (i < n) {
		tg_printf("hvc: FAIL call %lu returned 0x%lx, want 0x%lx\n", i,
			  ret, (uint64_t)MV_HC_MAGIC);
		return;
	}
	tg_report_rate("hvc", "calls", n, t0);
}

/* Checks the ID first, so a missing device gives one clear line. */
static bool tg_testdev_present(void)
{
	struct tg_trap trap;
	uint32_t id;

	tg_trap_arm();
	id = tg_read32(TG_TESTDEV_BASE + VTESTDEV_ID);
	if (tg_trap_taken(&trap)) {
		tg_printf("mmio: no test device at 0x%x (data abort ESR "
			  "0x%lx)\n",
			  TG_TESTDEV_BASE, trap.esr);
		return false;
	}
	if (id != VTESTDEV_ID_VALUE) {
		tg_printf("mmio: no test device at 0x%x (id 0x%x)\n",
			  TG_TESTDEV_BASE, id);
		return false;
	}
	return true;
}

void cmd_mmio(int argc, char **argv)
{
	uint64_t n = tg_count_arg("mmio", argc, argv, 1000), t0, i;
	const uint64_t ctr = TG_TESTDEV_BASE + VTESTDEV_COUNTER;
	uint32_t prev, v = 0;

	if (!n || !tg_testdev_present())
		return;
	prev = tg_read32(ctr);
	t0 = tg_ticks();
	for (i = 0; i < n; i++) {
		v = tg_read32(ctr);
		if (v != prev + 1)
			break;
		prev = v;
	}
	t0 = tg_ticks() - t0;
	if (i < n) {
		tg_printf("mmio: FAIL counter went from %u to %u at read %lu\n",
			  prev, v, i);
		return;
	}
	tg_report_rate("mmio", "reads", n, t0);
}

void cmd_fault(int argc, char **argv)
{
	uint64_t addr = TG_UNMAPPED;
	struct tg_trap trap;
	uint32_t v;

	if (argc > 2 ||
	    (argc == 2 && (tg_parse_u64(argv[1], &addr) || (addr & 3)))) {
		tg_puts("error: usage: fault [addr], addr 4-byte aligned\n");
		return;
	}
	tg_trap_arm();
	v = tg_read32(addr);
	if (tg_trap_taken(&trap))
		tg_printf("fault: data abort at 0x%lx ESR 0x%lx\n", trap.far,
			  trap.esr);
	else
		tg_printf("fault: no abort, read 0x%x from 0x%lx\n", v, addr);
}

void cmd_romwrite(int argc, char **argv)
{
	uint64_t addr = (uint64_t)(uintptr_t)&tg_rom_canary;
	struct tg_trap trap;
	uint32_t now;
	bool taken;

	(void)argc;
	(void)argv;
	tg_trap_arm();
	tg_write32(addr, 0xdeadbeef);
	taken = tg_trap_taken(&trap);
	if (taken)
		tg_printf("romwrite: data abort at 0x%lx ESR 0x%lx\n", trap.far,
			  trap.esr);
	now = tg_read32(addr);
	if (now != TG_CANARY)
		tg_printf("romwrite: FAIL ROM changed at 0x%lx (now 0x%x)\n",
			  addr, now);
	else if (!taken)
		tg_printf("romwrite: no abort, ROM unchanged at 0x%lx\n", addr);
}

/* Not armed: exercises the report-and-recover path of the vectors. */
void cmd_undef(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	__asm__ volatile("udf #0x4d56" ::: "memory");
	tg_puts("undef: FAIL no exception\n");
}

/* A PSCI call that does not return: print @what, report if it does. */
static void psci_final(const char *cmd, uint64_t fn, const char *what)
{
	struct tg_trap trap;
	uint64_t ret;

	tg_printf("%s: PSCI %s\n", cmd, what);
	tg_trap_arm();
	ret = tg_hvc(fn, 0, 0, 0);
	if (tg_trap_taken(&trap))
		tg_printf("%s: HVC trapped in the guest ESR 0x%lx\n", cmd,
			  trap.esr);
	else
		tg_printf("%s: FAIL PSCI returned 0x%lx\n", cmd, ret);
}

void cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	psci_final("poweroff", PSCI_SYSTEM_OFF, "SYSTEM_OFF");
}

void cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	psci_final("reboot", PSCI_SYSTEM_RESET, "SYSTEM_RESET");
}
