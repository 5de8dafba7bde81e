// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64-snp lines of `host info` and `host cpu info` (arch/hostinfo.h),
 * in the shell's "key value" format. The SVSM runs on one CPU.
 */
#include <arch/hostinfo.h>
#include <minivisor/printk.h>
#include <asm/platform.h>
#include <asm/snp.h>
#include <asm/x86.h>
#include <asm/x86_mmu.h>

unsigned int arch_cpu_count(void)
{
	return 1;
}

void arch_host_info_print(void)
{
	const struct x86_platform_ops *p = x86_platform();
	unsigned int pool_used, pool_size;
	uint64_t frames;

	x86_mmu_stats(&pool_used, &pool_size, &frames);
	printk("platform %s\n", p ? p->name : "unknown");
	printk("tsc-hz %llu\n", (unsigned long long)x86_tsc_hz());
	printk("pgtable-pool-used %u\n", pool_used);
	printk("pgtable-pool-size %u\n", pool_size);
	printk("pgtable-frames %llu\n", (unsigned long long)frames);
	if (p && p->kind == X86_PLATFORM_SNP)
		printk("cbit %u\n", snp_state.cbit);
}

/* CPUID is only executed natively: under SNP it would raise #VC. */
static void cpu_vendor(char out[13])
{
	struct snp_cpuid_regs r;

	snp_hw_cpuid(0, 0, &r);
	__builtin_memcpy(out, &r.ebx, 4);
	__builtin_memcpy(out + 4, &r.edx, 4);
	__builtin_memcpy(out + 8, &r.ecx, 4);
	out[12] = '\0';
}

void arch_cpu_info_print(void)
{
	const struct x86_platform_ops *p = x86_platform();
	struct snp_cpuid_regs r;
	char vendor[13];

	if (!p || p->kind != X86_PLATFORM_NATIVE) {
		printk("cpu 0 online yes\n");
		return;
	}
	cpu_vendor(vendor);
	snp_hw_cpuid(1, 0, &r);
	printk("cpu 0 online yes vendor %s family 0x%x model 0x%x "
	       "stepping %u\n",
	       vendor, ((r.eax >> 8) & 0xf) + ((r.eax >> 20) & 0xff),
	       ((r.eax >> 4) & 0xf) | ((r.eax >> 12) & 0xf0), r.eax & 0xf);
}
