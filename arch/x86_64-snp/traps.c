// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unexpected exceptions: print vector, error code, RIP, CR2 and the
 * registers, then stop (natively: halt; on SNP: terminate with
 * SNP_TERM_EXCEPTION). The report bypasses the console lock and
 * printk: the fault may have hit while either was held.
 */
#include <arch/console.h>
#include <arch/cpu.h>
#include <minivisor/printk.h>
#include <asm/platform.h>
#include <asm/snp.h>
#include <asm/x86.h>

static const char *const exc_names[X86_NR_EXCEPTIONS] = {
	"#DE", "#DB",  "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC",  "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25",  "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

static void raw_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_early_putc('\r');
		arch_early_putc(*s);
	}
}

static void __printf(1, 2) raw_printf(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	mv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	raw_puts(buf);
}

static void print_pair(const char *a, uint64_t va, const char *b, uint64_t vb)
{
	raw_printf("  %-3s 0x%016llx  %-3s 0x%016llx\n", a,
		   (unsigned long long)va, b, (unsigned long long)vb);
}

static void exc_report(const struct x86_regs *r)
{
	unsigned int v = r->vector % X86_NR_EXCEPTIONS;

	raw_printf("\n*** unexpected exception %s (vector %u), error code "
		   "0x%llx\n",
		   exc_names[v], v, (unsigned long long)r->error);
	raw_printf("  rip 0x%016llx  cs  0x%llx  rflags 0x%llx\n",
		   (unsigned long long)r->rip, (unsigned long long)r->cs,
		   (unsigned long long)r->rflags);
	raw_printf("  cr2 0x%016llx  rsp 0x%016llx  ss 0x%llx\n",
		   (unsigned long long)x86_read_cr2(),
		   (unsigned long long)r->rsp, (unsigned long long)r->ss);
	print_pair("rax", r->rax, "rbx", r->rbx);
	print_pair("rcx", r->rcx, "rdx", r->rdx);
	print_pair("rsi", r->rsi, "rdi", r->rdi);
	print_pair("rbp", r->rbp, "r8", r->r8);
	print_pair("r9", r->r9, "r10", r->r10);
	print_pair("r11", r->r11, "r12", r->r12);
	print_pair("r13", r->r13, "r14", r->r14);
	raw_printf("  r15 0x%016llx\n", (unsigned long long)r->r15);
}

void x86_exception(struct x86_regs *regs)
{
	const struct x86_platform_ops *p = x86_platform();

	exc_report(regs);
	raw_puts("*** CPU halted\n");
	if (p && p->kind == X86_PLATFORM_SNP)
		p->terminate(SNP_TERM_SET_SVSM, SNP_TERM_EXCEPTION);
	arch_cpu_halt();
}
