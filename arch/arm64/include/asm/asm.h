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
/* clang-format on */
#endif

#endif
