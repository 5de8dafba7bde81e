// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_main(): from the PVH entry to the portable boot sequence. The
 * platform is decided first (before any port I/O, which would #VC under
 * SNP); on SNP the SNP layer checks the environment and sets up the
 * GHCB before anything else talks to the hypervisor.
 */
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>
#include <asm/dtfix.h>
#include <asm/platform.h>
#include <asm/pvh.h>
#include <asm/snp.h>
#include <asm/x86.h>
#include <asm/x86_cmds.h>
#include <asm/x86_mmu.h>

#define DTB_BUF_SIZE (64 * 1024)

extern const uint8_t x86_dtb_start[], x86_dtb_end[];
extern char _start[], _end[];

static uint8_t dtb_buf[DTB_BUF_SIZE] __aligned(8);
static uint8_t vmpl_probe_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct ghcb boot_ghcb __aligned(PAGE_SIZE);
static struct pvh_info pvh;
static struct dtfix_report dt_report;
static struct init_boot boot;

static void *x86_p2v(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

static paddr_t x86_v2p(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}

/* On SNP the bank becomes private and validated before host_ram sees it. */
static int x86_map_ram(paddr_t pa, uint64_t size)
{
	const struct snp_range image = { boot.image.base, boot.image.size };
	int ret = x86_mmu_map_ram(pa, size);

	if (ret)
		return ret;
	if (x86_platform()->kind == X86_PLATFORM_SNP)
		snp_mem_prepare_bank(pa, size, &image, 1);
	return 0;
}

static vaddr_t x86_vapool_window(uint64_t size)
{
	return size <= X86_VAPOOL_BASE ? (vaddr_t)X86_VAPOOL_BASE : 0;
}

static int x86_mm_ready(void)
{
	x86_mmu_use_host_ram();
	return 0;
}

static void x86_ready(void)
{
	if (x86_snp_cmd_register() || x86_fault_cmd_register())
		pr_warn("x86: cannot register the port's shell commands\n");
}

static const struct init_arch_ops x86_init_ops = {
	.name = "x86_64-snp",
	.map_ram = x86_map_ram,
	.phys_to_virt = x86_p2v,
	.vapool_window = x86_vapool_window,
	.mm_ready = x86_mm_ready,
	/* no .start_cpus: the SVSM runs on the boot CPU only */
	.ready = x86_ready,
};

static void x86_platform_init(void)
{
	uint64_t sev_status;

	if (x86_platform_detect(&sev_status) == X86_PLATFORM_NATIVE) {
		x86_platform_set(&x86_platform_native);
		if (x86_mmu_init(0))
			x86_platform_native.terminate(SNP_TERM_SET_SVSM,
						      SNP_TERM_BOOT);
		return;
	}
	x86_platform_set(&x86_platform_snp);
	snp_set_va_offset(0);
	snp_probe((vaddr_t)vmpl_probe_page);
	if (x86_mmu_init(1ULL << snp_state.cbit))
		snp_fatal(SNP_TERM_BOOT);
	snp_ghcb_init(&boot_ghcb, x86_v2p(&boot_ghcb), x86_mmu_set_shared);
}

static void x86_report_dt(void)
{
	for (unsigned int i = 0;
	     i < dt_report.nmismatch && i < DTFIX_MAX_MISMATCH; i++) {
		const struct dtfix_mismatch *m = &dt_report.mismatch[i];

		pr_warn("memmap mismatch: %s 0x%llx-0x%llx is not all RAM in "
			"the PVH memory map (%llu of %llu KiB are)\n",
			m->guest_region ? "guest region" : "memory",
			(unsigned long long)m->start,
			(unsigned long long)(m->start + m->size - 1),
			(unsigned long long)(m->ram_bytes >> 10),
			(unsigned long long)(m->size >> 10));
	}
}

static void x86_boot_data(uint32_t si_pa)
{
	int ret = pvh_parse(x86_p2v(si_pa), x86_p2v, &pvh);

	if (ret) {
		printk("x86: bad PVH start info at 0x%x: %s\n", si_pa,
		       mv_strerror(ret));
		x86_platform()->terminate(SNP_TERM_SET_SVSM, SNP_TERM_BOOT);
	}
	printk("x86: platform %s, %u RAM range(s) in the PVH memory map\n",
	       x86_platform()->name, pvh.nram);
	for (unsigned int i = 0; i < pvh.nram; i++)
		printk("x86: pvh ram 0x%llx-0x%llx\n",
		       (unsigned long long)pvh.ram[i].start,
		       (unsigned long long)(pvh.ram[i].start + pvh.ram[i].size -
					    1));
	ret = x86_dt_prepare(dtb_buf, sizeof(dtb_buf), x86_dtb_start, &pvh,
			     &dt_report);
	if (ret) {
		printk("x86: built-in device tree unusable: %s\n",
		       mv_strerror(ret));
		x86_platform()->terminate(SNP_TERM_SET_SVSM, SNP_TERM_BOOT);
	}
	x86_report_dt();
}

void x86_main(uint32_t si_pa)
{
	x86_cpu_init();
	x86_stackprot_init();
	x86_platform_init();
	x86_time_init();
	x86_boot_data(si_pa);
	boot.ops = &x86_init_ops;
	boot.dtb = dtb_buf;
	boot.dtb_max = sizeof(dtb_buf);
	boot.image.base = x86_v2p(_start);
	boot.image.size = (uint64_t)(_end - _start);
	init_main(&boot);
}
