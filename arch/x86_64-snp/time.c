// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time from the TSC, calibrated once at boot against PIT channel 2
 * (10 ms). QEMU under TCG has no CPUID TSC-frequency leaf, and the PIT
 * runs on QEMU's virtual clock, which follows real time.
 */
#include <arch/time.h>
#include <asm/platform.h>
#include <asm/x86.h>

#define PIT_HZ 1193182ULL
#define PIT_CAL_MS 10
#define PORT_PIT_CH2 0x42
#define PORT_PIT_CMD 0x43
#define PORT_SPEAKER 0x61

static uint64_t tsc_hz = 1000000000ULL; /* until calibrated: 1 GHz */
static uint64_t tsc_boot;

static uint64_t pit_measure_tsc(void)
{
	uint16_t latch = (uint16_t)(PIT_HZ * PIT_CAL_MS / 1000);
	uint8_t gate = x86_io_read8(PORT_SPEAKER);
	uint64_t t0, t1;

	/* Gate channel 2 on, speaker off; mode 0 counts down once. */
	x86_io_write8(PORT_SPEAKER, (gate & ~0x02) | 0x01);
	x86_io_write8(PORT_PIT_CMD, 0xb0);
	x86_io_write8(PORT_PIT_CH2, latch & 0xff);
	x86_io_write8(PORT_PIT_CH2, latch >> 8);
	t0 = x86_rdtsc();
	for (unsigned long spins = 0; spins < 100000000UL; spins++)
		if (x86_io_read8(PORT_SPEAKER) & 0x20)
			break;
	t1 = x86_rdtsc();
	x86_io_write8(PORT_SPEAKER, gate);
	return t1 - t0;
}

void x86_time_init(void)
{
	uint64_t ticks;

	tsc_boot = x86_rdtsc();
	ticks = pit_measure_tsc();
	if (ticks > 1000) /* else keep the default: no PIT */
		tsc_hz = ticks * 1000 / PIT_CAL_MS;
}

uint64_t x86_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t arch_time_ns(void)
{
	uint64_t t = x86_rdtsc() - tsc_boot;

	return (uint64_t)((unsigned __int128)t * 1000000000ULL / tsc_hz);
}

void arch_delay_ns(uint64_t ns)
{
	uint64_t end = arch_time_ns() + ns;

	while (arch_time_ns() < end)
		asm volatile("pause");
}
