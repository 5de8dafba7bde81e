// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test guest entry and EL1 exception vectors. Entered at EL1 with the
 * MMU off at the first byte of ROM (x0 may hold a DTB address; unused).
 */
#include "layout.h"

/* SCTLR_EL1: RES1 bits, I-cache on, MMU and D-cache off. */
#define SCTLR_VALUE 0x30d01800
/* Exception frame: x0..x30, ELR, SPSR, ESR, FAR (see struct tg_frame). */
#define FRAME_SIZE (36 * 8)

/* Every vCPU's EL1 state: interrupts masked, SCTLR, the vectors. */
.macro el1_setup
	msr	daifset, #0xf
	ldr	x1, =SCTLR_VALUE
	msr	sctlr_el1, x1
	ldr	x1, =tg_vectors
	msr	vbar_el1, x1
	isb
.endm

	.section .text.start, "ax"
	.global _start
_start:
	el1_setup
	ldr	x1, =__stack_top
	mov	sp, x1
	/* .data: copy its image from ROM. */
	ldr	x1, =__data_lma
	ldr	x2, =__data_start
	ldr	x3, =__data_end
1:	cmp	x2, x3
	b.hs	2f
	ldr	x4, [x1], #8
	str	x4, [x2], #8
	b	1b
	/* .bss: zero. */
2:	ldr	x2, =__bss_start
	ldr	x3, =__bss_end
3:	cmp	x2, x3
	b.hs	4f
	stp	xzr, xzr, [x2], #16
	b	3b
4:	bl	tg_main
5:	wfi
	b	5b

/*
 * After an unexpected exception the handler returns here (ELR) with
 * the stack reset: back to a fresh prompt, as if after a command.
 */
	.text
	.global tg_recover
tg_recover:
	ldr	x1, =__stack_top
	mov	sp, x1
	bl	tg_shell
	b	5b

/*
 * A secondary vCPU started by PSCI CPU_ON (`sgipp`): x0 = its stack
 * top (the context ID). Same EL1 setup as the boot vCPU, no .data/.bss
 * work; tg_secondary_main() never returns.
 */
	.global tg_secondary_entry
tg_secondary_entry:
	el1_setup
	mov	sp, x0
	bl	tg_secondary_main
	b	5b

/* x0 = function ID, x1..x3 = arguments; returns x0 (SMCCC). */
	.global tg_hvc
tg_hvc:
	hvc	#0
	ret

.macro	vector kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x1, #\kind
	b	tg_exc_entry
.endm

	.balign	0x800
	.global tg_vectors
tg_vectors:
	vector	0	/* current EL, SP_EL0: sync */
	vector	1	/* irq */
	vector	2	/* fiq */
	vector	3	/* serror */
	vector	4	/* current EL, SP_ELx: sync */
	vector	5
	vector	6
	vector	7
	vector	8	/* lower EL, AArch64 */
	vector	9
	vector	10
	vector	11
	vector	12	/* lower EL, AArch32 */
	vector	13
	vector	14
	vector	15

tg_exc_entry:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #256]
	mrs	x2, far_el1
	str	x2, [sp, #272]
	mov	x0, sp
	bl	tg_exception
	/* The handler may have changed ELR/SPSR (skip or recover). */
	ldp	x30, x2, [sp, #240]
	msr	elr_el1, x2
	ldr	x2, [sp, #256]
	msr	spsr_el1, x2
	ldp	x0, x1, [sp]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #FRAME_SIZE
	eret
