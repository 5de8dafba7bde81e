// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test guest interrupts: the GIC the hypervisor emulates (distributor,
 * plus redistributor or CPU interface), chosen at run time from
 * ID_AA64PFR0_EL1.GIC: GICv3 through the ICC_* system registers,
 * GICv2 through the CPU interface page at TG_GICC_BASE. Commands time
 * the virtual timer's interrupt, self-SGI round trips and a WFI woken
 * by the timer.
 */
#include "tg.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_SGIR 0x0f00
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GIC_IGROUPR0 0x0080
#define GIC_ISENABLER0 0x0100
#define GIC_IPRIORITYR 0x0400
#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010

#define INTID_SGI 0
#define INTID_VTIMER 27
#define INTID_SPURIOUS 1020
#define TG_IRQ_PRIO 0x80
#define TG_WAIT_MS 200 /* one timer or SGI wait gives up after this */

#define INTID_UART 33 /* pl011: SPI 1 */
#define UART_DR 0x000
#define UART_FR 0x018
#define UART_IMSC 0x038
#define UART_ICR 0x044
#define UART_RXIM (1U << 4)
#define UART_RTIM (1U << 6)
#define GICD_IROUTER 0x6000
#define GICD_ITARGETSR 0x0800
#define BURST 8 /* SGIs 0..7: more than the 4 list registers */
#define INTID_PING 1 /* `sgipp`: vCPU 0 -> vCPU 1 */
#define INTID_PONG 2 /* and back */
#define PSCI_CPU_ON 0xc4000003UL

static unsigned int gic_version; /* 0: not set up or no GIC */
static volatile uint8_t irq_order[64];
static volatile unsigned int irq_order_len;
static volatile uint64_t irq_count[32];
static volatile uint64_t irq_last_ticks[32];
static volatile uint64_t irq_spurious;

static uint64_t pfr0_gic(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(v));
	return (v >> 24) & 0xf;
}

static uint64_t my_mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

static void timer_ctl(uint64_t ctl)
{
	__asm__ volatile("msr cntv_ctl_el0, %0; isb" ::"r"(ctl));
}

static void timer_cval(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0" ::"r"(cval));
}

/* Redistributor of this vCPU (frames in vCPU order from the base). */
static uint64_t gicr_base(void)
{
	return TG_GICR_BASE + (my_mpidr() & 0xff) * 0x20000;
}

/* SGIs 0-2 (0: self, 1 and 2: `sgipp`) and the timer of this vCPU. */
static void gic_enable_private(uint64_t frame)
{
	uint32_t bits = 7U | 1U << INTID_VTIMER;

	tg_write32(frame + GIC_IPRIORITYR, TG_IRQ_PRIO * 0x00010101U);
	tg_write32(frame + GIC_IPRIORITYR + 24, TG_IRQ_PRIO << 24);
	tg_write32(frame + GIC_ISENABLER0, bits);
}

/* This vCPU's redistributor and system-register CPU interface. */
static void gic_v3_cpu_setup(void)
{
	uint64_t rd = gicr_base();

	tg_write32(rd + GICR_WAKER, 0);
	while (tg_read32(rd + GICR_WAKER) & 4)
		;
	tg_write32(rd + GICR_SGI + GIC_IGROUPR0, ~0U);
	gic_enable_private(rd + GICR_SGI);
	__asm__ volatile("msr S3_0_C12_C12_5, %0; isb" ::"r"(1UL)); /* SRE */
	__asm__ volatile("msr S3_0_C4_C6_0, %0" ::"r"(0xffUL)); /* PMR */
	__asm__ volatile("msr S3_0_C12_C12_7, %0; isb" ::"r"(1UL)); /* GRPEN1 */
}

/* This vCPU's banked distributor part and CPU interface. */
static void gic_v2_cpu_setup(void)
{
	gic_enable_private(TG_GICD_BASE);
	tg_write32(TG_GICC_BASE + GICC_PMR, 0xff);
	tg_write32(TG_GICC_BASE + GICC_CTLR, 1);
}

static void gic_cpu_setup(void)
{
	if (gic_version == 3)
		gic_v3_cpu_setup();
	else
		gic_v2_cpu_setup();
}

/* Set the GIC up once; false (with a message) when there is none. */
static bool gic_ready(void)
{
	struct tg_trap trap;

	if (gic_version)
		return true;
	tg_trap_arm();
	(void)tg_read32(TG_GICD_BASE + GICD_TYPER);
	if (tg_trap_taken(&trap)) {
		tg_puts("error: no GIC at the distributor address\n");
		return false;
	}
	gic_version = pfr0_gic() ? 3 : 2;
	tg_write32(TG_GICD_BASE + GICD_CTLR,
		   gic_version == 3 ? 1U << 4 | 1U << 1 : 1);
	gic_cpu_setup();
	return true;
}

/* Send SGI @sgi to the vCPU whose MPIDR Aff0 is @aff0 (Aff1-3 zero). */
static void send_sgi_to(unsigned int sgi, unsigned int aff0)
{
	if (gic_version == 2) {
		tg_write32(TG_GICD_BASE + GICD_SGIR,
			   1U << (16 + (aff0 & 7)) | sgi);
		return;
	}
	__asm__ volatile("msr S3_0_C12_C11_5, %0; isb" ::"r"(
		(uint64_t)(aff0 >> 4) << 44 | (uint64_t)sgi << 24 |
		1UL << (aff0 & 0xf)));
}

static uint32_t gic_ack(void)
{
	uint64_t v;

	if (gic_version == 2)
		return tg_read32(TG_GICC_BASE + GICC_IAR);
	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(v)); /* IAR1 */
	return (uint32_t)v;
}

static void gic_eoi(uint32_t iar)
{
	if (gic_version == 2)
		tg_write32(TG_GICC_BASE + GICC_EOIR, iar);
	else
		__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" ::"r"(
			(uint64_t)iar)); /* EOIR1 */
}

void tg_irq(void)
{
	for (unsigned int n = 0;; n++) {
		uint32_t iar = gic_ack(), intid = iar & 0xffffff;

		if (gic_version == 2)
			intid &= 0x3ff;
		if (intid >= INTID_SPURIOUS) {
			irq_spurious += !n; /* an IRQ with nothing to take */
			return;
		}
		if (intid < 32) {
			irq_last_ticks[intid] = tg_ticks();
			irq_count[intid]++;
		}
		if (intid == INTID_PING && (my_mpidr() & 0xff))
			send_sgi_to(INTID_PONG, 0); /* vCPU 1 answers */
		if (!(my_mpidr() & 0xff) && irq_order_len < sizeof(irq_order))
			irq_order[irq_order_len++] = (uint8_t)intid;
		if (intid == INTID_UART) /* mask it: the command reads DR */
			tg_write32(TG_UART_BASE + UART_IMSC, 0);
		if (intid == INTID_VTIMER)
			timer_ctl(0); /* its line drops: a one-shot */
		gic_eoi(iar);
	}
}

/* Wait (WFI, IRQs masked around the check) for INTID @intid's @n-th. */
static bool irq_wait(unsigned int intid, uint64_t n)
{
	uint64_t limit = tg_ticks() + tg_tick_freq() / 1000 * TG_WAIT_MS;

	for (;;) {
		__asm__ volatile("msr daifset, #2" ::: "memory");
		if (irq_count[intid] >= n || tg_ticks() > limit)
			break;
		__asm__ volatile("wfi");
		__asm__ volatile("msr daifclr, #2; isb" ::: "memory");
	}
	__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
	return irq_count[intid] >= n;
}

static uint64_t ticks_to_us(uint64_t t)
{
	uint64_t khz = tg_tick_freq() / 1000;

	return t * 1000 / (khz ? khz : 1);
}

static uint64_t count_arg(int argc, char **argv, const char *cmd)
{
	uint64_t n = 1;

	if (argc > 2 ||
	    (argc == 2 && (tg_parse_u64(argv[1], &n) || !n || n > 1000000))) {
		tg_printf("error: usage: %s [N], 1 <= N <= 1000000\n", cmd);
		return 0;
	}
	return n;
}

void cmd_timer(int argc, char **argv)
{
	uint64_t n = count_arg(argc, argv, "timer"), ms = tg_tick_freq() / 1000;
	uint64_t got = 0, sum = 0, max = 0;

	if (!n || !gic_ready())
		return;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t base = irq_count[INTID_VTIMER];
		uint64_t cval = tg_ticks() + ms, lat;

		timer_cval(cval);
		timer_ctl(1);
		if (!irq_wait(INTID_VTIMER, base + 1))
			break;
		got++;
		lat = irq_last_ticks[INTID_VTIMER] - cval;
		sum += lat;
		max = lat > max ? lat : max;
	}
	timer_ctl(0);
	tg_printf("timer: %lu of %lu interrupts, latency avg %lu us max %lu "
		  "us\n",
		  got, n, got ? ticks_to_us(sum / got) : 0, ticks_to_us(max));
}

/* Send SGI @sgi to this vCPU. */
static void send_sgi_to_self(unsigned int sgi)
{
	uint64_t m = my_mpidr(), aff0 = m & 0xff;

	if (gic_version == 2) {
		tg_write32(TG_GICD_BASE + GICD_SGIR, 2U << 24 | sgi);
		return;
	}
	__asm__ volatile("msr S3_0_C12_C11_5, %0; isb" ::"r"(
		(m >> 32 & 0xff) << 48 | (aff0 >> 4) << 44 |
		(m >> 16 & 0xff) << 32 | (m >> 8 & 0xff) << 16 |
		(uint64_t)sgi << 24 | 1UL << (aff0 & 0xf)));
}

void cmd_sgi(int argc, char **argv)
{
	uint64_t n = count_arg(argc, argv, "sgi"), got = 0, t0;

	if (!n || !gic_ready())
		return;
	t0 = tg_ticks();
	for (; got < n; got++) {
		uint64_t want = irq_count[INTID_SGI] + 1;

		send_sgi_to_self(INTID_SGI);
		if (!irq_wait(INTID_SGI, want))
			break;
	}
	if (got < n)
		tg_printf("sgi: lost, %lu of %lu arrived\n", got, n);
	tg_report_rate("sgi", "round trips", got, tg_ticks() - t0);
}

static bool irq_pending_now(void)
{
	uint64_t isr;

	__asm__ volatile("mrs %0, isr_el1" : "=r"(isr));
	return isr & (1U << 7); /* ISR_EL1.I */
}

/*
 * WFI with IRQs masked until the 5 ms timer's interrupt is pending; a
 * WFI may legally return early, so the early returns are counted.
 */
void cmd_wfi(int argc, char **argv)
{
	uint64_t t0, t1, base = irq_count[INTID_VTIMER], wfis = 0;
	uint64_t limit;

	(void)argc;
	(void)argv;
	if (!gic_ready())
		return;
	t0 = tg_ticks();
	limit = t0 + tg_tick_freq() / 1000 * TG_WAIT_MS;
	timer_cval(t0 + tg_tick_freq() / 1000 * 5);
	__asm__ volatile("msr daifset, #2" ::: "memory");
	timer_ctl(1);
	do {
		__asm__ volatile("wfi");
		wfis++;
	} while (!irq_pending_now() && tg_ticks() < limit);
	t1 = tg_ticks();
	__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
	timer_ctl(0);
	tg_printf("wfi: woke after %lu us, %lu wfi, timer interrupts %lu\n",
		  ticks_to_us(t1 - t0), wfis, irq_count[INTID_VTIMER] - base);
}

void cmd_gic(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!gic_ready())
		return;
	tg_printf("gic: v%u, timer irqs %lu, sgis %lu, spurious %lu\n",
		  gic_version, irq_count[INTID_VTIMER], irq_count[INTID_SGI],
		  irq_spurious);
}

void cmd_poke(int argc, char **argv)
{
	uint64_t addr, val;
	struct tg_trap trap;

	if (argc != 3 || tg_parse_u64(argv[1], &addr) || (addr & 3) ||
	    tg_parse_u64(argv[2], &val)) {
		tg_puts("error: usage: poke <addr> <value>, addr 4-byte "
			"aligned\n");
		return;
	}
	tg_trap_arm();
	tg_write32(addr, (uint32_t)val);
	if (tg_trap_taken(&trap))
		tg_printf("poke: data abort at 0x%lx ESR 0x%lx\n", trap.far,
			  trap.esr);
	else
		tg_printf("poke: wrote 0x%lx to 0x%lx\n", val, addr);
}

/*
 * SGIs 0..7 raised while IRQs are masked, SGI i at priority
 * 0x80 - 0x10 * i: taken in priority order (7 first), all of them,
 * although only some fit in the list registers at once.
 */
void cmd_sgiburst(int argc, char **argv)
{
	uint32_t prio[2] = { 0, 0 };
	uint64_t frame;

	(void)argc;
	(void)argv;
	if (!gic_ready())
		return;
	frame = gic_version == 3 ? gicr_base() + GICR_SGI : TG_GICD_BASE;
	for (unsigned int i = 0; i < BURST; i++)
		prio[i / 4] |= (0x80U - 0x10U * i) << (8 * (i % 4));
	tg_write32(frame + GIC_IPRIORITYR, prio[0]);
	tg_write32(frame + GIC_IPRIORITYR + 4, prio[1]);
	tg_write32(frame + GIC_ISENABLER0, (1U << BURST) - 1);
	__asm__ volatile("msr daifset, #2" ::: "memory");
	irq_order_len = 0;
	for (unsigned int i = 0; i < BURST; i++)
		send_sgi_to_self(i);
	__asm__ volatile("msr daifclr, #2; isb" ::: "memory");
	for (unsigned int i = 0; i < 100000 && irq_order_len < BURST; i++)
		__asm__ volatile("isb");
	__asm__ volatile("msr daifset, #2" ::: "memory");
	tg_printf("sgiburst: %u of %u, order", irq_order_len, BURST);
	for (unsigned int i = 0; i < irq_order_len; i++)
		tg_printf(" %u", irq_order[i]);
	tg_puts("\n");
	/* Back to SGI 0 alone at the usual priority. */
	tg_write32(frame + GIC_IPRIORITYR, TG_IRQ_PRIO);
	tg_write32(frame + GIC_IPRIORITYR + 4, 0);
}

/* Route the UART's SPI to this vCPU and enable it in the distributor. */
static void uart_irq_enable(void)
{
	uint64_t d = TG_GICD_BASE;

	if (gic_version == 3) {
		tg_write32(d + GIC_IGROUPR0 + 4, 1U << (INTID_UART - 32));
		tg_write32(d + GICD_IROUTER + 8 * INTID_UART,
			   (uint32_t)(my_mpidr() & 0xffffff));
		tg_write32(d + GICD_IROUTER + 8 * INTID_UART + 4,
			   (uint32_t)(my_mpidr() >> 32 & 0xff));
	} else {
		tg_write32(d + GICD_ITARGETSR + (INTID_UART & ~3U),
			   1U << (8 * (INTID_UART & 3)));
	}
	tg_write32(d + GIC_IPRIORITYR + (INTID_UART & ~3U),
		   TG_IRQ_PRIO << (8 * (INTID_UART & 3)));
	tg_write32(d + GIC_ISENABLER0 + 4, 1U << (INTID_UART - 32));
}

/*
 * Wait in WFI (up to 10 s) for the UART's receive interrupt, then read
 * the byte that raised it: the emulated pl011's line drives SPI 1.
 */
void cmd_uartirq(int argc, char **argv)
{
	uint64_t limit;
	int c = -1;

	(void)argc;
	(void)argv;
	if (!gic_ready())
		return;
	uart_irq_enable();
	tg_puts("uartirq: waiting\n");
	limit = tg_ticks() + tg_tick_freq() * 10;
	irq_order_len = 0;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	tg_write32(TG_UART_BASE + UART_IMSC, UART_RXIM | UART_RTIM);
	while (!irq_order_len && tg_ticks() < limit) {
		__asm__ volatile("wfi");
		__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" ::
					 : "memory");
	}
	tg_write32(TG_UART_BASE + UART_IMSC, 0);
	if (!(tg_read32(TG_UART_BASE + UART_FR) & (1U << 4))) /* RXFE */
		c = (int)(tg_read32(TG_UART_BASE + UART_DR) & 0xff);
	tg_printf("uartirq: %s, INTID %u, byte 0x%x\n",
		  irq_order_len ? "interrupt" : "timeout",
		  irq_order_len ? irq_order[0] : 0, c & 0xff);
}

static uint8_t tg_sec_stack[4096] __attribute__((aligned(16)));
static volatile bool tg_sec_ready;

void tg_secondary_main(void);
void tg_secondary_main(void)
{
	gic_cpu_setup();
	tg_sec_ready = true;
	for (;;) /* answers each ping from its IRQ handler */
		__asm__ volatile("msr daifclr, #2; wfi" ::: "memory");
}

/* Start vCPU 1 (PSCI CPU_ON) once; false with a message on failure. */
static bool secondary_up(void)
{
	extern char tg_secondary_entry[];
	uint64_t limit, ret;

	if (tg_sec_ready)
		return true;
	ret = tg_hvc(PSCI_CPU_ON, 1, (uint64_t)tg_secondary_entry,
		     (uint64_t)(tg_sec_stack + sizeof(tg_sec_stack)));
	if (ret) {
		tg_printf("sgipp: CPU_ON of vCPU 1 failed (%ld)\n", (long)ret);
		return false;
	}
	limit = tg_ticks() + tg_tick_freq() / 1000 * TG_WAIT_MS;
	while (!tg_sec_ready && tg_ticks() < limit)
		;
	if (!tg_sec_ready)
		tg_puts("sgipp: vCPU 1 did not come up\n");
	return tg_sec_ready;
}

/*
 * SGI round trips between two vCPUs: vCPU 0 sends SGI 1 to vCPU 1,
 * whose handler answers with SGI 2 to vCPU 0, which waits for it.
 */
void cmd_sgipp(int argc, char **argv)
{
	uint64_t n = count_arg(argc, argv, "sgipp"), got = 0, t0;

	if (!n || !gic_ready() || !secondary_up())
		return;
	t0 = tg_ticks();
	for (; got < n; got++) {
		uint64_t want = irq_count[INTID_PONG] + 1;

		send_sgi_to(INTID_PING, 1);
		if (!irq_wait(INTID_PONG, want))
			break;
	}
	if (got < n)
		tg_printf("sgipp: lost, %lu of %lu answered\n", got, n);
	tg_report_rate("sgipp", "round trips", got, tg_ticks() - t0);
}
