// SPDX-License-Identifier: GPL-2.0-only
/*
 * Platform detection and the SNP platform ops. Built for the target and
 * for the host (against the SNP model), so it uses only asm/snp_hw.h.
 */
#include <asm/platform.h>
#include <asm/snp.h>
#include <asm/snp_hw.h>

static const struct x86_platform_ops *platform;

enum x86_platform_kind x86_platform_detect(uint64_t *sev_status)
{
	struct snp_cpuid_regs r;

	*sev_status = 0;
	snp_hw_cpuid(0x80000000U, 0, &r);
	if (r.eax < CPUID_SEV_LEAF)
		return X86_PLATFORM_NATIVE;
	snp_hw_cpuid(CPUID_SEV_LEAF, 0, &r);
	if (!(r.eax & CPUID_SEV_EAX_SEV))
		return X86_PLATFORM_NATIVE;
	*sev_status = snp_hw_rdmsr(MSR_SEV_STATUS);
	return (*sev_status & SEV_STATUS_SNP) ? X86_PLATFORM_SNP :
						X86_PLATFORM_NATIVE;
}

void x86_platform_set(const struct x86_platform_ops *ops)
{
	platform = ops;
}

const struct x86_platform_ops *x86_platform(void)
{
	return platform;
}

uint8_t x86_io_read8(uint16_t port)
{
	uint8_t v = 0xff;

	if (platform)
		platform->io_read8(port, &v);
	return v;
}

void x86_io_write8(uint16_t port, uint8_t val)
{
	if (platform)
		platform->io_write8(port, val);
}

const struct x86_platform_ops x86_platform_snp = {
	.name = "snp",
	.kind = X86_PLATFORM_SNP,
	.io_write8 = snp_io_write8,
	.io_read8 = snp_io_read8,
	.terminate = ghcb_msr_terminate,
};
