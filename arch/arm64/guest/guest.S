// SPDX-License-Identifier: GPL-2.0-only
/*
 * Entering a guest and coming back.
 *
 * arm64_guest_enter(regs) pushes the host's callee-saved registers and
 * @regs itself on the hypervisor stack, loads the guest's x0-x30, PC
 * (ELR_EL2) and PSTATE (SPSR_EL2) and ERETs. SP_EL2 is left where it
 * is, so any exception from the guest pushes its frame (entry.S,
 * struct arm64_regs) right below that save area; the lower-EL vectors
 * then branch to arm64_guest_exit with the vector index, which copies
 * the frame into @regs, unwinds to the save area and returns the index
 * to the C caller as if arm64_guest_enter() had returned normally.
 */
#include <asm/asm.h>
#include <asm/sysreg.h>

#define HOST_SAVE 112 /* x19-x30 (96 bytes) + regs pointer, 16-aligned */
#define HOST_REGS_PTR 96

/* The host's x19-x30 at sp: @op = stp saves them, ldp restores. */
.macro host_callee_saved op
	\op	x19, x20, [sp, #16 * 0]
	\op	x21, x22, [sp, #16 * 1]
	\op	x23, x24, [sp, #16 * 2]
	\op	x25, x26, [sp, #16 * 3]
	\op	x27, x28, [sp, #16 * 4]
	\op	x29, x30, [sp, #16 * 5]
.endm

	.text
ENTRY(arm64_guest_enter)
	sub	sp, sp, #HOST_SAVE
	host_callee_saved stp
	str	x0, [sp, #HOST_REGS_PTR]

	ldp	x1, x2, [x0, #REGS_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	regs_x2_x29 ldp, x0
	ldr	x30, [x0, #REGS_X30]
	ldp	x0, x1, [x0, #16 * 0]
	eret
	/* Nothing runs past an ERET; stop straight-line speculation. */
	dsb	nsh
	isb
END(arm64_guest_enter)

/*
 * From the lower-EL vectors: sp = the exception frame (REGS_SIZE bytes)
 * just below the save area, x1 = vector index. x0-x30 are in the frame.
 */
ENTRY(arm64_guest_exit)
	add	x2, sp, #REGS_SIZE		// the save area
	ldr	x3, [x2, #HOST_REGS_PTR]	// where the guest's regs go
	mov	x4, sp
	mov	x5, #(REGS_SIZE / 16)
1:	ldp	x6, x7, [x4], #16
	stp	x6, x7, [x3], #16
	subs	x5, x5, #1
	b.ne	1b
	mov	sp, x2
	host_callee_saved ldp
	add	sp, sp, #HOST_SAVE
	mov	x0, x1
	ret
END(arm64_guest_exit)

/*
 * FP/SIMD state of a vCPU (struct arm64_fpregs: V0-V31, FPSR, FPCR).
 * The hypervisor's C code is built with -mgeneral-regs-only; only
 * libfdt uses these registers, and never across a guest slice.
 */
	.arch_extension fp
	.arch_extension simd
ENTRY(arm64_fp_save)
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #32 * 16		// beyond an LDP/STP offset
	stp	x1, x2, [x0]
	ret
END(arm64_fp_save)

ENTRY(arm64_fp_restore)
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x0, x0, #32 * 16
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
END(arm64_fp_restore)
