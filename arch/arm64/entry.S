// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2 exception vectors. Every entry saves a struct arm64_regs frame on
 * the current stack and calls C with (regs, vector index):
 *   current EL, SP_EL2: sync -> arm64_handle_sync, IRQ -> arm64_handle_irq
 *   lower EL (guests)  : arm64_guest_exit (guest/guest.S) returns the
 *                        vector index to the vCPU run loop, which
 *                        handles the trap in C (CONFIG_GUEST; without
 *                        it: IRQ -> arm64_handle_irq, the rest is
 *                        unexpected)
 *   anything else      : arm64_handle_unexpected (dump, stop the CPU)
 */
#include <asm/asm.h>
#include <asm/sysreg.h>

/* Save x2..x30, the interrupted SP and the exception registers. */
.macro save_frame
	regs_x2_x29 stp, sp
	add	x0, sp, #REGS_SIZE
	stp	x30, x0, [sp, #REGS_X30]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #REGS_ELR]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #REGS_ESR]
.endm

/* One 128-byte slot: make room, free x0/x1, jump to the body. */
.macro vslot name
	.align	7
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp]
	b	\name
.endm

/* The body of a slot: finish the frame and call @handler(regs, @idx). */
.macro vbody name, handler, idx
\name:
	save_frame
	mov	x0, sp
	mov	x1, #\idx
	bl	\handler
	b	arm64_exception_return
.endm

/* A guest exit: finish the frame, return to the run loop with @idx. */
.macro vexit name, idx
\name:
	save_frame
	mov	x1, #\idx
	b	arm64_guest_exit
.endm

	.section .text.vectors, "ax"
	.align	11
ENTRY(arm64_vectors)
	vslot	v_cur_sp0_sync
	vslot	v_cur_sp0_irq
	vslot	v_cur_sp0_fiq
	vslot	v_cur_sp0_serr
	vslot	v_cur_spx_sync
	vslot	v_cur_spx_irq
	vslot	v_cur_spx_fiq
	vslot	v_cur_spx_serr
	vslot	v_low64_sync
	vslot	v_low64_irq
	vslot	v_low64_fiq
	vslot	v_low64_serr
	vslot	v_low32_sync
	vslot	v_low32_irq
	vslot	v_low32_fiq
	vslot	v_low32_serr
END(arm64_vectors)

	.text
	vbody	v_cur_sp0_sync, arm64_handle_unexpected, 0
	vbody	v_cur_sp0_irq, arm64_handle_unexpected, 1
	vbody	v_cur_sp0_fiq, arm64_handle_unexpected, 2
	vbody	v_cur_sp0_serr, arm64_handle_unexpected, 3
	vbody	v_cur_spx_sync, arm64_handle_sync, 4
	vbody	v_cur_spx_irq, arm64_handle_irq, 5
	vbody	v_cur_spx_fiq, arm64_handle_unexpected, 6
	vbody	v_cur_spx_serr, arm64_handle_unexpected, 7
#ifdef CONFIG_GUEST
	/*
	 * Only guests run below EL2: every lower-EL exception is a guest
	 * exit, handed back to the vCPU run loop (guest/guest.S).
	 */
	vexit	v_low64_sync, 8
	vexit	v_low64_irq, 9
	vexit	v_low64_fiq, 10
	vexit	v_low64_serr, 11
	vexit	v_low32_sync, 12
	vexit	v_low32_irq, 13
	vexit	v_low32_fiq, 14
	vexit	v_low32_serr, 15
#else
	vbody	v_low64_sync, arm64_handle_unexpected, 8
	vbody	v_low64_irq, arm64_handle_irq, 9
	vbody	v_low64_fiq, arm64_handle_unexpected, 10
	vbody	v_low64_serr, arm64_handle_unexpected, 11
	vbody	v_low32_sync, arm64_handle_unexpected, 12
	vbody	v_low32_irq, arm64_handle_unexpected, 13
	vbody	v_low32_fiq, arm64_handle_unexpected, 14
	vbody	v_low32_serr, arm64_handle_unexpected, 15
#endif

/* Restore the frame at sp (ELR/SPSR may have been changed by C). */
ENTRY(arm64_exception_return)
	ldp	x0, x1, [sp, #REGS_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	regs_x2_x29 ldp, sp
	ldr	x30, [sp, #REGS_X30]
	add	sp, sp, #REGS_SIZE
	eret
END(arm64_exception_return)
