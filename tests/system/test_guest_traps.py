# SPDX-License-Identifier: GPL-2.0-only
"""arm64 guests: trap handling, checked from inside a guest.

The test guest has no command for most corner cases, so this test builds
a small probe guest (the C source below, compiled with the cross
compiler) and boots it from a boot bundle, two vCPUs, the second powered
off. The probe prints one "probe <name> ok|FAIL <a> <b>" line per check:

- trapped system registers: the PMU (MDCR_EL2.TPM) and the EL1 physical
  timer (CNTHCTL_EL2.EL1PCEN = 0) get an injected undefined instruction
  (ESR_EL1 0x2000000); the ID registers are emulated with SVE, GIC,
  PMU fields hidden and a 40-bit PA range; ACTLR_EL1 is plain storage;
- SMCCC: unknown calls return -1, PING/VERSION/PUTC, PSCI over HVC and
  over SMC (trapped, TSC), PSCI_FEATURES, MIGRATE_INFO_TYPE;
- MMIO through the test device: every size, sign/zero extension; an
  access a device refuses (size, no register there) or without syndrome
  (LDP) gets a synchronous external abort (DFSC 0x10) at the right FAR;
- stage-2 faults: unmapped IPA, write to ROM (WnR set), instruction
  fetch from an unmapped IPA (EC 0x21, current EL);
- WFI returns (the vCPU blocks and is woken by the tick);
- PSCI CPU_ON (twice), CPU_OFF, AFFINITY_INFO, ALREADY_ON, bad MPIDR;
- SYSTEM_OFF halts the guest, as `guest list` shows.
Afterwards the hypervisor's own counters must agree (`vcpu dumpstat`).
"""

import os
import re
import time
import subprocess

import pytest

from conftest import guest_desc

PROBE_C = r"""
#include <stdint.h>
#define UART 0x09000000UL
#define TESTDEV 0x0a000000UL
#define TRAP_REC 0x40000000UL
#define MARK 0x40000100UL

struct trap { uint64_t esr, far, elr, count; };
#define TRAP ((volatile struct trap *)TRAP_REC)
#define MARKS ((volatile uint64_t *)MARK)

void main_(uint64_t mode);
void secondary_(uint64_t ctx);

__asm__(
".section .text.start, \"ax\"\n"
".global _start\n"
"_start:\n"
"	ldr x1, =0x40100000\n"
"	mov sp, x1\n"
"	adr x1, vectors\n"
"	msr vbar_el1, x1\n"
"	isb\n"
"	bl main_\n"
"1:	wfi\n"
"	b 1b\n"
".global secondary\n"
"secondary:\n"
"	ldr x1, =0x40080000\n"
"	mov sp, x1\n"
"	bl secondary_\n"
"2:	b 2b\n"
".balign 2048\n"
"vectors:\n"
".rept 8\n"   /* cur SP0 x4, cur SPx: sync at 0x200 */
".balign 128\n"
"	b sync\n"
".endr\n"
".rept 8\n"
".balign 128\n"
"	b .\n"
".endr\n"
"sync:\n"
"	sub sp, sp, #48\n"
"	stp x9, x10, [sp]\n"
"	stp x11, x12, [sp, #16]\n"
"	str x13, [sp, #32]\n"
"	mrs x9, esr_el1\n"
"	mrs x10, far_el1\n"
"	mrs x11, elr_el1\n"
"	ldr x12, =0x40000000\n"
"	stp x9, x10, [x12]\n"
"	str x11, [x12, #16]\n"
"	ldr x13, [x12, #24]\n"
"	add x13, x13, #1\n"
"	str x13, [x12, #24]\n"
"	lsr x9, x9, #26\n"
"	cmp x9, #0x21\n"        /* instruction abort: back to the caller */
"	b.ne 3f\n"
"	mov x11, x30\n"
"	b 4f\n"
"3:	add x11, x11, #4\n"
"4:	msr elr_el1, x11\n"
"	ldp x9, x10, [sp]\n"
"	ldp x11, x12, [sp, #16]\n"
"	ldr x13, [sp, #32]\n"
"	add sp, sp, #48\n"
"	eret\n"
".ltorg\n"
".text\n");

static void putc_(char c) { *(volatile uint32_t *)UART = (uint8_t)c; }
static void puts_(const char *s) { while (*s) { if (*s == '\n') putc_('\r'); putc_(*s++); } }
static void puthex(uint64_t v)
{
	puts_("0x");
	for (int s = 60; s >= 0; s -= 4) putc_("0123456789abcdef"[(v >> s) & 15]);
}
static void report(const char *name, int ok, uint64_t a, uint64_t b)
{
	puts_("probe "); puts_(name); puts_(ok ? " ok " : " FAIL ");
	puthex(a); putc_(' '); puthex(b); puts_("\n");
}
static void trap_clear(void) { TRAP->esr = 0; TRAP->far = 0; TRAP->elr = 0; TRAP->count = 0; }
static unsigned ec(void) { return (unsigned)(TRAP->esr >> 26) & 0x3f; }

static uint64_t call(int smc, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	if (smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	return x0;
}
#define hvc(f, a, b, c) call(0, f, a, b, c)

extern char secondary[];

static void probe_sysregs(void)
{
	uint64_t v, w;

	trap_clear();
	__asm__ volatile("mrs %0, S3_0_C15_C0_0" : "=r"(v) :: "memory");
	report("impdef_undef", TRAP->count == 1 && ec() == 0 && TRAP->esr == 0x2000000, TRAP->count, TRAP->esr);
	trap_clear();
	__asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(v) :: "memory");
	report("cntp_undef", TRAP->count == 1 && ec() == 0, TRAP->count, TRAP->esr);
	trap_clear();
	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(v) :: "memory");
	report("pmu_undef", TRAP->count == 1 && ec() == 0, TRAP->count, TRAP->esr);
	trap_clear();
	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(v) :: "memory");
	report("pfr0_hidden", TRAP->count == 0 && ((v >> 32) & 0xf) == 0 && ((v >> 24) & 0xf) == 0 && (v & 0xf) != 0, TRAP->count, v);
	__asm__ volatile("mrs %0, id_aa64dfr0_el1" : "=r"(v) :: "memory");
	report("dfr0_no_pmu", TRAP->count == 0 && ((v >> 8) & 0xf) == 0 && (v & 0xf) != 0, TRAP->count, v);
	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v) :: "memory");
	report("mmfr0_40bit", TRAP->count == 0 && (v & 0xf) <= 2, TRAP->count, v);
	__asm__ volatile("msr actlr_el1, %1\n mrs %0, actlr_el1" : "=r"(w) : "r"(0x5aUL) : "memory");
	report("actlr", TRAP->count == 0 && w == 0x5a, TRAP->count, w);
	trap_clear();
	__asm__ volatile("msr S3_0_C0_C4_0, %0" :: "r"(0UL) : "memory");
	report("idreg_write_undef", TRAP->count == 1 && ec() == 0, TRAP->count, TRAP->esr);
}

static void probe_calls(void)
{
	uint64_t r;

	r = hvc(0x86000fffUL, 0, 0, 0);
	report("hvc_unknown", r == (uint64_t)-1, r, 0);
	r = hvc(0x86000000UL, 0, 0, 0);
	report("hvc_ping", r == 0x6d76, r, 0);
	r = hvc(0x86000001UL, 0, 0, 0);
	report("hvc_version", r == 0x100, r, 0);
	r = call(1, 0x84000000UL, 0, 0, 0);
	report("smc_psci_version", r == 0x10000, r, 0);
	r = hvc(0x8400000aUL, 0xc4000003UL, 0, 0);
	report("features_cpu_on", r == 0, r, 0);
	r = hvc(0x8400000aUL, 0x84000005UL, 0, 0);
	report("features_unknown", r == (uint64_t)-1, r, 0);
	r = hvc(0x84000006UL, 0, 0, 0);
	report("migrate_info_type", r == 2, r, 0);
	hvc(0x86000002UL, 'P', 0, 0);
	hvc(0x86000002UL, '\r', 0, 0);
	hvc(0x86000002UL, '\n', 0, 0);
}

static void probe_mmio(void)
{
	volatile uint8_t *td = (volatile uint8_t *)TESTDEV;
	uint64_t v, w;

	trap_clear();
	*(volatile uint64_t *)(td + 0x10) = 0x8877665544332211UL;
	v = *(volatile uint64_t *)(td + 0x10);
	report("mmio64", v == 0x8877665544332211UL && !TRAP->count, v, TRAP->count);
	*(volatile uint16_t *)(td + 0x12) = 0xbeef;
	v = *(volatile uint32_t *)(td + 0x10);
	report("mmio16", v == 0xbeef2211 && !TRAP->count, v, TRAP->count);
	*(volatile uint8_t *)(td + 0x10) = 0x80;
	__asm__ volatile("ldrsb %0, [%1]" : "=r"(v) : "r"(td + 0x10) : "memory");
	__asm__ volatile("ldrsh %w0, [%1]" : "=r"(w) : "r"(td + 0x12) : "memory");
	report("mmio_sext", v == 0xffffffffffffff80UL && w == 0xffffbeef && !TRAP->count, v, w);
	__asm__ volatile("mov %0, #-1\n ldr %w0, [%1]" : "=&r"(w) : "r"(td + 0x100) : "memory");
	report("mmio_w_zext", w == 0, w, 0);
	trap_clear();
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(UART) : "memory");
	report("mmio_bad_size", TRAP->count == 1 && ec() == 0x25 && (TRAP->esr & 0x3f) == 0x10 && TRAP->far == UART, TRAP->esr, TRAP->far);
	trap_clear();
	__asm__ volatile("ldp %0, %1, [%2]" : "=r"(v), "=r"(w) : "r"(td + 0x100) : "memory");
	report("mmio_no_isv", TRAP->count == 1 && ec() == 0x25 && (TRAP->esr & 0x3f) == 0x10, TRAP->esr, TRAP->far);
	trap_clear();
	*(volatile uint32_t *)(td + 0x800) = 1;
	report("mmio_no_register", TRAP->count == 1 && ec() == 0x25 && (TRAP->esr & 0x40), TRAP->esr, TRAP->far);
}

static void probe_aborts(void)
{
	uint64_t v;
	void (*fn)(void) = (void (*)(void))0x30000000UL;

	trap_clear();
	v = *(volatile uint32_t *)0x20000000UL;
	report("unmapped_read", TRAP->count == 1 && ec() == 0x25 && TRAP->far == 0x20000000UL && (TRAP->esr & 0x3f) == 0x10, TRAP->esr, TRAP->far);
	trap_clear();
	*(volatile uint32_t *)0x1000UL = 1;
	report("rom_write", TRAP->count == 1 && ec() == 0x25 && (TRAP->esr & 0x40) && TRAP->far == 0x1000, TRAP->esr, TRAP->far);
	trap_clear();
	fn();
	report("fetch_unmapped", TRAP->count == 1 && ec() == 0x21 && TRAP->far == 0x30000000UL && TRAP->elr == 0x30000000UL, TRAP->esr, TRAP->far);
	(void)v;
}

static void probe_wfi(void)
{
	__asm__ volatile("wfi; wfi; wfe" ::: "memory");
	report("wfi", 1, 0, 0);
}

static int wait_mark(unsigned i, uint64_t want)
{
	for (unsigned long n = 0; n < 50000000UL; n++)
		if (MARKS[i] == want)
			return 1;
	return 0;
}

static void probe_psci(void)
{
	uint64_t r, aff = 0;

	MARKS[0] = 0; MARKS[1] = 0;
	r = hvc(0xc4000003UL, 1, (uint64_t)secondary, 0xc0ffee);
	report("cpu_on", r == 0 && wait_mark(0, 0xc0ffee), r, MARKS[1]);
	report("cpu_on_mpidr", (MARKS[1] & 0xffffff) == 1 && (MARKS[1] >> 31 & 1), MARKS[1], 0);
	for (unsigned long n = 0; n < 50000000UL && (aff = hvc(0xc4000004UL, 1, 0, 0)) != 1; n++)
		;
	report("cpu_off_affinity", aff == 1, aff, 0);
	MARKS[0] = 0;
	r = hvc(0xc4000003UL, 1, (uint64_t)secondary, 0xbeef);
	report("cpu_on_again", r == 0 && wait_mark(0, 0xbeef), r, MARKS[0]);
	r = hvc(0xc4000003UL, 0, (uint64_t)secondary, 0);
	report("cpu_on_self", r == (uint64_t)-4, r, 0);
	r = hvc(0xc4000003UL, 7, (uint64_t)secondary, 0);
	report("cpu_on_bad", r == (uint64_t)-2, r, 0);
	r = hvc(0xc4000004UL, 0, 0, 0);
	report("affinity_self", r == 0, r, 0);
}

void secondary_(uint64_t ctx)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	MARKS[1] = mpidr;
	MARKS[0] = ctx;
	hvc(0x84000002UL, 0, 0, 0); /* CPU_OFF */
	puts_("probe secondary FAIL cpu_off returned\n");
}

/* An exit the hypervisor does not handle: SVE, trapped by CPTR_EL2.TZ. */
static void probe_sve(void)
{
	puts_("probe sve start\n");
	__asm__ volatile("msr cpacr_el1, %0\n isb" :: "r"(0x330000UL));
	__asm__ volatile(".inst 0x04bf5020" ::: "x0", "memory"); /* rdvl x0, #1 */
	puts_("probe sve FAIL returned\n");
}

void main_(uint64_t mode)
{
	if (mode == 1) {
		probe_sve();
		return;
	}
	puts_("probe start\n");
	probe_sysregs();
	probe_calls();
	probe_mmio();
	probe_aborts();
	probe_wfi();
	probe_psci();
	puts_("probe done\n");
	hvc(0x84000008UL, 0, 0, 0);
	puts_("probe FAIL system_off returned\n");
}
"""

PROBE_LDS = """SECTIONS { . = 0; .text : { *(.text.start) *(.text .text.*)
  *(.rodata .rodata.*) } /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) } }
"""

CHECKS = ["impdef_undef", "cntp_undef", "pmu_undef", "pfr0_hidden",
          "dfr0_no_pmu", "mmfr0_40bit", "actlr", "idreg_write_undef",
          "hvc_unknown", "hvc_ping", "hvc_version", "smc_psci_version",
          "features_cpu_on", "features_unknown", "migrate_info_type",
          "mmio64", "mmio16", "mmio_sext", "mmio_w_zext", "mmio_bad_size",
          "mmio_no_isv", "mmio_no_register", "unmapped_read", "rom_write",
          "fetch_unmapped", "wfi", "cpu_on", "cpu_on_mpidr",
          "cpu_off_affinity", "cpu_on_again", "cpu_on_self", "cpu_on_bad",
          "affinity_self"]


@pytest.fixture(scope="module")
def probe_bin(tmp_path_factory):
    d = tmp_path_factory.mktemp("probe")
    (d / "probe.c").write_text(PROBE_C)
    (d / "probe.lds").write_text(PROBE_LDS)
    subprocess.run(
        ["aarch64-linux-gnu-gcc", "-O1", "-ffreestanding", "-nostdlib",
         "-nostartfiles", "-mgeneral-regs-only", "-mstrict-align",
         "-fno-pie", "-no-pie", "-fno-stack-protector",
         "-fno-asynchronous-unwind-tables", "-Wl,--build-id=none",
         "-T", str(d / "probe.lds"), "-o", str(d / "probe.elf"),
         str(d / "probe.c")], check=True)
    subprocess.run(["aarch64-linux-gnu-objcopy", "-O", "binary",
                    str(d / "probe.elf"), str(d / "probe.bin")], check=True)
    return (d / "probe.bin").read_bytes()


@pytest.mark.parametrize("smp", [1, 2])
def test_guest_traps_probe(guest_vm, probe_bin, smp):
    gs = guest_vm(nodes=[guest_desc("probe", vcpus=2,
                                        rom_image="probe.bin")],
                  files=[("probe.bin", probe_bin)], smp=smp)
    assert "guests.dtb added" in gs.vm.boot_log
    gs.create("probe")
    gs.cmd("guest kick probe")
    # SYSTEM_OFF at the end: the hypervisor reports the guest halted.
    gs.vm.expect_exact("probe: halted (PSCI SYSTEM_OFF: powered off)", 20)
    out = gs.cmd("vserial dump probe/uart0")
    results = dict(re.findall(r"probe (\w+) (ok|FAIL)", out))
    assert "probe done" in out, out
    assert not [k for k, v in results.items() if v != "ok"], out
    assert set(CHECKS) <= set(results), out
    assert "\nP\n" in out.replace("\r", "")  # MV_HC_PUTC
    assert gs.state("probe") == "halted"

    s0, s1 = gs.stats("probe", 0), gs.stats("probe", 1)
    # QEMU raises UNDEF for unknown IMPDEF registers and writes to ID
    # registers itself; the PMU and CNTP accesses trap and are injected.
    assert s0["undefs_injected"] >= 2
    # bad size, no syndrome, no register, unmapped, ROM write, fetch
    assert s0["aborts_injected"] == 6
    assert s0["smc"] == 1 and s0["wfi"] >= 2 and s0["blocks"] >= 1
    assert s0["psci"] >= 10 and s0["hvc"] >= s0["psci"]
    assert s0["sysreg"] >= 7 and s0["mmio_reads"] >= 5
    # Two CPU_ON, two CPU_OFF: started twice. A slice can end with
    # nothing else queued and the same vCPU picked again, so `runs` (every
    # pick) may exceed the number of starts on a loaded host.
    assert s1["psci"] == 2 and s1["runs"] >= 2
    # The hypervisor is fine: shell, other guests.
    assert "cpus %d" % smp in gs.cmd("host info")
    gs.create("guest0")
    assert gs.kick("guest0") < 1.0
    assert "hello from the minivisor test guest" in gs.run("guest0", "hi")
    gs.destroy("guest0")
    gs.destroy("probe")


def test_guest_unhandled_exit(guest_vm, probe_bin):
    """An exception class the hypervisor does not handle (SVE on
    `-cpu max`, trapped by CPTR_EL2.TZ): that vCPU stops with a message,
    everything else goes on."""
    gs = guest_vm(nodes=[guest_desc("sve", rom_image="probe.bin", x0=1)],
                  files=[("probe.bin", probe_bin)],
                  cpu="max,pauth-impdef=on")
    gs.create("sve")
    gs.create("guest0")
    gs.kick("guest0")
    # The halt message comes from the vCPU's host CPU whenever it stops,
    # even in the middle of a command being echoed: wait for the vCPU to
    # be off, then look for it in everything the console printed.
    stopped = re.compile(r"sve/vcpu0: unhandled exit: EC 0x19 \(SVE access\) "
                         r"ESR 0x[0-9a-f]+ FAR 0x[0-9a-f]+ at PC "
                         r"0x[0-9a-f]+: vCPU stopped")
    gs.cmd("guest kick sve")
    deadline = time.monotonic() + 10
    while ("vcpu sve/0 state off" not in gs.cmd("vcpu list")
           and time.monotonic() < deadline):
        time.sleep(0.05)
    assert stopped.search(gs.vm.transcript), gs.vm.transcript[-2000:]
    assert "probe sve start" in gs.cmd("vserial dump sve/uart0")
    assert "probe sve FAIL" not in gs.cmd("vserial dump sve/uart0")
    assert "vcpu sve/0 state off" in gs.cmd("vcpu list")
    assert "hello" in gs.run("guest0", "hi")
    gs.destroy("sve")
    gs.destroy("guest0")
