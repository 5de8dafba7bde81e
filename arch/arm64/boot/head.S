// SPDX-License-Identifier: GPL-2.0-only
/*
 * Entry points of the arm64 port.
 *
 * QEMU virt (virtualization=on) enters _start at EL2 with the MMU off;
 * for an ELF image x0 = 0 and the DTB sits at the RAM base, for the raw
 * Image (minivisor.bin, with the header below) x0 holds the DTB address. Secondary CPUs arrive at
 * arm64_secondary_entry through PSCI CPU_ON with x0 = their per-CPU
 * block (identity mapped, so its physical address is also its pointer).
 */
#include <asm/asm.h>
#include <asm/sysreg.h>

	.section .text.head, "ax"
ENTRY(_start)
	/*
	 * A Linux arm64 Image header (Documentation/arm64/booting.rst
	 * layout), so that minivisor.bin boots like an Image: QEMU then
	 * loads -initrd (the boot bundle) and passes the DTB in x0. The
	 * ELF enters here too and simply branches over it.
	 */
	b	primary_entry			// code0
	.long	0				// code1
	.quad	0				// text_offset: 2 MiB above RAM
	.quad	__image_size			// image_size (with .bss)
	.quad	0x2				// flags: little endian, 4 KiB
	.quad	0, 0, 0				// res2-res4
	.ascii	"ARM\x64"			// magic
	.long	0				// res5

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0				// DTB from the loader, or 0

	// The boot CPU's stack
	adr_l	x1, arm64_boot_stack
	ldr	x2, =CONFIG_ARM64_STACK_SIZE
	add	x1, x1, x2
	mov	sp, x1

	// Zero .bss (the stack lives there but holds nothing yet)
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b

2:	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.ne	3f
	bl	arm64_cpu_setup_el2
	adr_l	x0, arm64_cpus
	msr	tpidr_el2, x0
	mov	x0, x19
	bl	arm64_boot_main			// does not return
	b	arm64_park

3:	bl	arm64_boot_wrong_el		// x0 = EL; does not return
	b	arm64_park
END(_start)

/*
 * PSCI CPU_ON target: x0 = struct arm64_percpu * (MMU off, so this is
 * its physical address; the boot map is an identity map).
 */
ENTRY(arm64_secondary_entry)
	msr	daifset, #0xf
	ldr	x1, [x0, #PERCPU_STACK_TOP]
	mov	sp, x1
	msr	tpidr_el2, x0
	mov	x19, x0
	bl	arm64_cpu_setup_el2
	adr_l	x0, arm64_mmu_boot_regs
	bl	arm64_mmu_on
	mov	x0, x19
	bl	arm64_secondary_main		// does not return
	b	arm64_park
END(arm64_secondary_entry)

/* EL2 state every CPU starts from: vectors, routing, traps, timer off. */
ENTRY(arm64_cpu_setup_el2)
	adr_l	x0, arm64_vectors
	msr	vbar_el2, x0
	ldr	x0, =HCR_EL2_HOST
	msr	hcr_el2, x0
	ldr	x0, =CPTR_EL2_HOST
	msr	cptr_el2, x0
	ldr	x0, =SCTLR_EL2_MMU_OFF
	msr	sctlr_el2, x0
	msr	cnthp_ctl_el2, xzr
	msr	cntvoff_el2, xzr
	isb
	ret
END(arm64_cpu_setup_el2)

/*
 * Turn the MMU and caches on. x0 = struct arm64_mmu_regs *
 * { mair, tcr, ttbr0, sctlr }. The caller runs from an identity-mapped
 * page, so execution continues at the same address.
 */
ENTRY(arm64_mmu_on)
	ldp	x1, x2, [x0]
	ldp	x3, x4, [x0, #16]
	msr	mair_el2, x1
	msr	tcr_el2, x2
	msr	ttbr0_el2, x3
	isb
	tlbi	alle2
	dsb	nsh
	isb
	msr	sctlr_el2, x4
	isb
	ic	iallu
	dsb	nsh
	isb
	ret
END(arm64_mmu_on)

/* Stop here for good: interrupts masked, wait forever. */
ENTRY(arm64_park)
	msr	daifset, #0xf
1:	wfi
	b	1b
END(arm64_park)

	.ltorg
