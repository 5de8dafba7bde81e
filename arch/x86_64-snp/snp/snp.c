// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SNP boot sequence: feature, version, C-bit and VMPL checks, the
 * GHCB page, and the boot-time memory sequence. Every failure here is
 * fatal: the guest cannot run safely, so it asks the hypervisor to
 * terminate it with a reason code (docs/x86_64-snp.md).
 */
#include <string.h>

#include <minivisor/errno.h>
#include <asm/snp.h>
#include <asm/snp_hw.h>

void snp_reset(void)
{
	memset(&snp_state, 0, sizeof(snp_state));
	ghcb_set_page(NULL, 0);
}

void snp_fatal(unsigned int code)
{
	ghcb_msr_terminate(SNP_TERM_SET_SVSM, code);
}

static void snp_probe_version(void)
{
	struct ghcb_sev_info info;
	int ver;

	if (ghcb_msr_sev_info(&info))
		ghcb_msr_terminate(SNP_TERM_SET_GHCB, SNP_TERM_GENERAL);
	ver = ghcb_negotiate_version(&info, GHCB_PROTOCOL_MIN,
				     GHCB_PROTOCOL_MAX);
	if (ver < 0)
		ghcb_msr_terminate(SNP_TERM_SET_GHCB, SNP_TERM_PROTOCOL);
	snp_state.ghcb_version = (unsigned int)ver;
	snp_state.cbit = info.cbit;
}

/*
 * The page tables take the C-bit from CPUID; the hypervisor reports it
 * too. A disagreement, or a position no page table can hold, means one
 * of them lies, and guessing would map memory unencrypted.
 */
static void snp_probe_cbit(void)
{
	struct snp_cpuid_regs r;

	snp_hw_cpuid(0x80000000U, 0, &r);
	if (r.eax < CPUID_SEV_LEAF)
		snp_fatal(SNP_TERM_CBIT);
	snp_hw_cpuid(CPUID_SEV_LEAF, 0, &r);
	if (!(r.eax & CPUID_SEV_EAX_SNP) ||
	    CPUID_SEV_EBX_CBIT(r.ebx) != snp_state.cbit ||
	    snp_state.cbit < 32 || snp_state.cbit > 51)
		snp_fatal(SNP_TERM_CBIT);
}

static void snp_probe_hv_features(void)
{
	uint64_t ft;

	if (ghcb_msr_hv_features(&ft))
		ghcb_msr_terminate(SNP_TERM_SET_GHCB, SNP_TERM_GENERAL);
	snp_state.hv_features = ft;
	if ((ft & SNP_HV_FEATURES_REQUIRED) != SNP_HV_FEATURES_REQUIRED)
		ghcb_msr_terminate(SNP_TERM_SET_GHCB, SNP_TERM_HV_FEATURE);
}

void snp_probe(vaddr_t probe_page)
{
	snp_state.active = false;
	snp_state.vmpl = ~0U;
	snp_state.sev_status = snp_hw_rdmsr(MSR_SEV_STATUS);
	if (snp_check_sev_status(snp_state.sev_status))
		snp_fatal(SNP_TERM_SEV_STATUS);
	snp_probe_version();
	snp_probe_cbit();
	snp_probe_hv_features();
	if (snp_check_vmpl0(probe_page))
		snp_fatal(SNP_TERM_NOT_VMPL0);
	snp_state.active = true;
}

void snp_ghcb_init(struct ghcb *g, paddr_t pa, int (*map_shared)(vaddr_t va))
{
	vaddr_t va = (vaddr_t)g;

	if (!IS_ALIGNED(va | pa, PAGE_SIZE))
		snp_fatal(SNP_TERM_GHCB_REGISTER);
	/* Launch validated it: rescind before the hypervisor gets it. */
	if (snp_pvalidate(va, SNP_PAGE_4K, false))
		snp_fatal(SNP_TERM_PVALIDATE);
	if (ghcb_msr_psc(pa, GHCB_PSC_OP_SHARED))
		snp_fatal(SNP_TERM_PSC_MSR);
	if (map_shared && map_shared(va))
		snp_fatal(SNP_TERM_GHCB_REGISTER);
	memset(g, 0, sizeof(*g));
	if (ghcb_msr_register(pa))
		snp_fatal(SNP_TERM_GHCB_REGISTER);
	snp_hw_wrmsr(MSR_SEV_GHCB, pa);
	ghcb_set_page(g, pa);
	snp_state.ghcb_pa = pa;
}

static uint64_t snp_ioio_info(uint16_t port, bool in)
{
	return ((uint64_t)port << IOIO_PORT_SHIFT) | IOIO_DATA_8 |
	       (in ? IOIO_TYPE_IN : 0);
}

int snp_io_write8(uint16_t port, uint8_t val)
{
	struct ghcb *g = ghcb_page();

	if (!g)
		return -MV_ENODEV;
	ghcb_clear(g);
	GHCB_SET(g, rax, val);
	return ghcb_nae_exit(g, SVM_EXIT_IOIO, snp_ioio_info(port, false), 0);
}

int snp_io_read8(uint16_t port, uint8_t *val)
{
	struct ghcb *g = ghcb_page();
	int ret;

	if (!g)
		return -MV_ENODEV;
	ghcb_clear(g);
	ret = ghcb_nae_exit(g, SVM_EXIT_IOIO, snp_ioio_info(port, true), 0);
	if (ret)
		return ret;
	if (!ghcb_is_valid(g, GHCB_OFF(rax)))
		return -MV_EIO;
	*val = (uint8_t)g->rax;
	return 0;
}
