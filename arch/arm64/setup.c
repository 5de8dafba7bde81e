// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot CPU's C entry (called by head.S at EL2 with the MMU off):
 * find the DTB, build and enable the boot map, then hand over to the
 * portable boot sequence (core/init.c) with the arm64 hooks.
 */
#include <arch/console.h>
#include <arch/cpu.h>
#include <arch/time.h>
#include <asm/arm64.h>
#include <asm/guest.h>
#include <asm/mmu.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <minivisor/init.h>
#include <string.h>

#define FDT_MAGIC 0xd00dfeedU
#define FDT_MIN_SIZE 40 /* the header */
#define FDT_MAX_SIZE MIB(2) /* QEMU's slot is 1 MiB */

extern uintptr_t __stack_chk_guard;

/* Output before anything is set up: no locks, no formatting engine. */
static void early_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_early_putc('\r');
		arch_early_putc(*s);
	}
}

static void early_puthex(uint64_t v)
{
	early_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		arch_early_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

static void __noreturn early_fail(const char *what, uint64_t val,
				  const char *hint)
{
	early_puts("\nminivisor: cannot boot: ");
	early_puts(what);
	early_puthex(val);
	early_puts("\n  ");
	early_puts(hint);
	early_puts("\n");
	arm64_park();
}

void arm64_boot_wrong_el(uint64_t el)
{
	char msg[] = "\nminivisor: cannot boot: entered at EL?, not EL2\n";

	*strchr(msg, '?') = (char)('0' + (el & 3));
	early_puts(msg);
	early_puts("  run QEMU with -M virt,virtualization=on\n");
	arm64_park();
}

/* Read a big-endian word byte by byte (MMU off: no unaligned access). */
static uint32_t be32_at(paddr_t pa)
{
	const volatile uint8_t *p = (const volatile uint8_t *)pa;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static bool fdt_here(paddr_t pa)
{
	return pa && IS_ALIGNED(pa, 8) && be32_at(pa) == FDT_MAGIC;
}

/* The DTB: x0 (raw Image boot), else the RAM base (ELF boot). */
static paddr_t find_dtb(uint64_t x0, uint32_t *size)
{
	paddr_t dtb = fdt_here(x0) ? x0 : CONFIG_ARM64_RAM_BASE;

	if (!fdt_here(dtb))
		early_fail("no device tree (FDT magic 0xd00dfeed) at x0 or ",
			   (uint64_t)CONFIG_ARM64_RAM_BASE,
			   "boot the ELF with qemu-system-aarch64 -M "
			   "virt,virtualization=on -kernel minivisor.elf");
	*size = be32_at(dtb + 4);
	if (*size < FDT_MIN_SIZE || *size > FDT_MAX_SIZE)
		early_fail("implausible device tree size ", *size,
			   "the blob at the RAM base is not a usable DTB");
	return dtb;
}

static void *arm64_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)pa; /* RAM is identity mapped */
}

static vaddr_t arm64_vapool_window(uint64_t size)
{
	if (!size || size > ARM64_VA_LIMIT - ARM64_VAPOOL_BASE)
		return 0;
	return ARM64_VAPOOL_BASE;
}

static void table_frame_free(paddr_t pa)
{
	host_ram_free(pa, 1);
}

static int arm64_mm_ready(void)
{
	arm64_mmu_set_table_alloc(host_ram_alloc_frame, table_frame_free);
	arm64_smp_prepare(init_host_devtree());
	return 0;
}

static void arm64_ready(void)
{
	arm64_fault_cmd_register();
#ifdef CONFIG_GUEST
	arm64_guest_setup();
#endif
	arch_irq_enable();
}

static const struct init_arch_ops arm64_init_ops = {
	.name = "arm64",
	.map_ram = arm64_mmu_map_ram,
	.phys_to_virt = arm64_phys_to_virt,
	.vapool_window = arm64_vapool_window,
	.mm_ready = arm64_mm_ready,
#ifdef CONFIG_GUEST
	.start_cpus = arm64_guest_start_cpus,
#else
	.start_cpus = arm64_smp_start,
#endif
	.ready = arm64_ready,
};

static struct init_boot arm64_boot;

void arm64_boot_main(uint64_t x0)
{
	struct arm64_percpu *cpu = &arm64_cpus[0];
	uint32_t dtb_size;
	paddr_t dtb;

	arm64_time_init();
	cpu->stack_top = (uint64_t)(uintptr_t)(arm64_boot_stack +
					       sizeof(arm64_boot_stack));
	cpu->mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	cpu->midr = read_sysreg(midr_el1);
	cpu->state = CPU_ONLINE;
	dtb = find_dtb(x0, &dtb_size);
	if (arm64_mmu_boot_map(dtb, dtb_size))
		early_fail("boot page-table pool too small: ",
			   CONFIG_ARM64_PGTABLE_POOL,
			   "raise CONFIG_ARM64_PGTABLE_POOL");
	arm64_mmu_enable();
	/* No libfdt frame is live yet: safe to change the canary. */
	__stack_chk_guard ^= arm64_counter() * 0x9e3779b97f4a7c15UL;

	arm64_boot.ops = &arm64_init_ops;
	arm64_boot.dtb = (const void *)(uintptr_t)dtb;
	arm64_boot.dtb_max = dtb_size;
	arm64_boot.image.base = (uintptr_t)__image_start;
	arm64_boot.image.size =
		(uintptr_t)__image_end - (uintptr_t)__image_start;
	init_main(&arm64_boot);
}
