// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test guest RAM commands. The test area is the RAM after the guest's
 * own data, bss and stack (TG_PRIV_SIZE bytes at the RAM base).
 * `secret` fills it with a pattern; `scan` counts the pattern in the
 * whole RAM, own area included. So that the guest never finds its own
 * copy of the pattern, the command line is wiped before scanning and
 * the pattern is only kept bit-inverted.
 */
#include "tg.h"

#define TG_TEST_BASE (TG_RAM_BASE + TG_PRIV_SIZE)
#define TG_TEST_SIZE (TG_RAM_SIZE - TG_PRIV_SIZE)
#define TG_PATTERN_MIN 4
#define TG_PATTERN_MAX 64

static unsigned char tg_inverted[TG_PATTERN_MAX];

/* Size in MiB with two decimals: "1.93". */
static void tg_print_mib(uint64_t bytes)
{
	uint64_t hundredths = (bytes * 100) >> 20;

	tg_printf("%lu.%02lu MiB", hundredths / 100, hundredths % 100);
}

/* One write-then-verify pass: each word holds f(address). */
static bool tg_mem_pass(uint64_t salt)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)TG_TEST_BASE;
	size_t words = TG_TEST_SIZE / 8;

	for (size_t i = 0; i < words; i++)
		p[i] = (uint64_t)(uintptr_t)&p[i] ^ salt;
	for (size_t i = 0; i < words; i++) {
		uint64_t want = (uint64_t)(uintptr_t)&p[i] ^ salt, got = p[i];

		if (got != want) {
			tg_printf("memtest: FAIL at 0x%lx wrote 0x%lx read "
				  "0x%lx\n",
				  (uint64_t)(uintptr_t)&p[i], want, got);
			return false;
		}
	}
	return true;
}

void cmd_memtest(int argc, char **argv)
{
	static const uint64_t salts[] = { 0, ~0ull, 0x5555aaaa5555aaaaull };

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(salts) / sizeof(salts[0]); i++)
		if (!tg_mem_pass(salts[i]))
			return;
	tg_puts("memtest: pass, ");
	tg_print_mib(TG_TEST_SIZE);
	tg_printf(" tested at 0x%x\n", TG_TEST_BASE);
}

/* Keep ~@s and wipe the line it came from; returns its length or 0. */
static size_t tg_take_pattern(const char *cmd, int argc, char **argv)
{
	size_t len;

	if (argc != 2 || (len = strlen(argv[1])) < TG_PATTERN_MIN ||
	    len > TG_PATTERN_MAX) {
		tg_wipe_line();
		tg_printf("error: usage: %s <pattern>, %d to %d characters\n",
			  cmd, TG_PATTERN_MIN, TG_PATTERN_MAX);
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		tg_inverted[i] = (unsigned char)~argv[1][i];
	tg_wipe_line();
	return len;
}

void cmd_secret(int argc, char **argv)
{
	volatile unsigned char *p =
		(volatile unsigned char *)(uintptr_t)TG_TEST_BASE;
	size_t len = tg_take_pattern("secret", argc, argv), copies;

	if (!len)
		return;
	copies = TG_TEST_SIZE / len;
	for (size_t i = 0; i < copies * len; i++)
		p[i] = (unsigned char)~tg_inverted[i % len];
	for (size_t i = copies * len; i < TG_TEST_SIZE; i++)
		p[i] = 0;
	tg_printf("secret: %lu copies written\n", (uint64_t)copies);
}

void cmd_scan(int argc, char **argv)
{
	const volatile unsigned char *p =
		(const volatile unsigned char *)(uintptr_t)TG_RAM_BASE;
	size_t len = tg_take_pattern("scan", argc, argv), found = 0;

	if (!len)
		return;
	for (size_t i = 0; i + len <= TG_RAM_SIZE;) {
		size_t j = 0;

		while (j < len && p[i + j] == (unsigned char)~tg_inverted[j])
			j++;
		if (j == len) {
			found++;
			i += len;
		} else {
			i++;
		}
	}
	tg_printf("scan: found %lu\n", (uint64_t)found);
}
