/* SPDX-License-Identifier: GPL-2.0-only */
/* Assembly helpers and the exception-frame layout shared with C. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

/* struct arm64_regs offsets (checked against the C layout in traps.c) */
#define REGS_X0 0
#define REGS_X30 (30 * 8)
#define REGS_SP (31 * 8)
#define REGS_ELR (32 * 8)
#define REGS_SPSR (33 * 8)
#define REGS_ESR (34 * 8)
#define REGS_FAR (35 * 8)
#define REGS_SIZE (36 * 8)

/* struct arm64_percpu: the stack top is its first member */
#define PERCPU_STACK_TOP 0

#ifdef __ASSEMBLY__
/* clang-format off */
/* Load the address of @sym, PC-relative (+-4 GiB). */
.macro adr_l, reg, sym
	adrp \reg, \sym
	add \reg, \reg, :lo12:\sym
.endm

#define ENTRY(name) .globl name; .type name, %function; .align 2; name:

#define END(name) .size name, . - name

/*
 * x2..x29 to (@op = stp) or from (@op = ldp) a struct arm64_regs at
 * @base; x0, x1 and x30 are left to the caller, which needs them free.
 */
.macro regs_x2_x29 op, base
	\op	x2, x3, [\base, #16 * 1]
	\op	x4, x5, [\base, #16 * 2]
	\op	x6, x7, [\base, #16 * 3]
	\op	x8, x9, [\base, #16 * 4]
	\op	x10, x11, [\base, #16 * 5]
	\op	x12, x13, [\base, #16 * 6]
	\op	x14, x15, [\base, #16 * 7]
	\op	x16, x17, [\base, #16 * 8]
	\op	x18, x19, [\base, #16 * 9]
	\op	x20, x21, [\base, #16 * 10]
	\op	x22, x23, [\base, #16 * 11]
	\op	x24, x25, [\base, #16 * 12]
	\op	x26, x27, [\base, #16 * 13]
	\op	x28, x29, [\base, #16 * 14]
.endm
/* clang-format on */
#endif

#endif
