// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exception entry stubs for vectors 0-31. Every vector runs on an IST
 * stack (see cpu.c), so code built with a red zone (Debian's libfdt.a)
 * is never overwritten by an exception frame. Each stub makes the frame
 * uniform (a 0 error code where the CPU pushes none) and calls
 * x86_exception() with a struct x86_regs.
 */
#include <asm/x86.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERR(n) ((n) == 8 || ((n) >= 10 && (n) <= 14) || (n) == 17 || \
		    (n) == 21 || (n) == 29 || (n) == 30)

	.macro STUB n
	.balign 16
stub_\n:
	.if !HAS_ERR(\n)
	pushq $0
	.endif
	pushq $\n
	jmp exc_common
	.endm

	.text
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \n
	.endr

exc_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi
	call x86_exception
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq

	.section .rodata
	.balign 8
	.globl x86_exception_stubs
x86_exception_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad stub_\n
	.endr

	.section .note.GNU-stack, "", @progbits
