// SPDX-License-Identifier: GPL-2.0-only
/* arm64: time from the generic timer's physical counter (arch/time.h). */
#include <arch/cpu.h>
#include <arch/time.h>
#include <asm/arm64.h>

#define NSEC_PER_SEC 1000000000ULL
/* QEMU's value, used if firmware left CNTFRQ_EL0 at 0. */
#define FALLBACK_FREQ 62500000ULL

static uint64_t cnt_freq;
static uint64_t cnt_mult; /* ns per count, 32.32 fixed point */

void arm64_time_init(void)
{
	cnt_freq = read_sysreg(cntfrq_el0) & 0xffffffffULL;
	if (!cnt_freq)
		cnt_freq = FALLBACK_FREQ;
	cnt_mult = (NSEC_PER_SEC << 32) / cnt_freq;
}

uint64_t arm64_timer_freq(void)
{
	return cnt_freq;
}

uint64_t arm64_counter(void)
{
	isb(); /* do not read the counter early */
	return read_sysreg(cntpct_el0);
}

uint64_t arch_time_ns(void)
{
	return (uint64_t)(((unsigned __int128)arm64_counter() * cnt_mult) >>
			  32);
}

void arch_delay_ns(uint64_t ns)
{
	uint64_t end = arch_time_ns() + ns;

	while (arch_time_ns() < end)
		arch_cpu_relax();
}
