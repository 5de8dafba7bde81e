// SPDX-License-Identifier: GPL-2.0-only
/* The built-in device tree (dts/x86_64-snp.dts, compiled by image.mk). */
	.section .rodata.dtb, "a"
	.balign 8
	.globl x86_dtb_start, x86_dtb_end
x86_dtb_start:
	.incbin X86_DTB_FILE
x86_dtb_end:

	.section .note.GNU-stack, "", @progbits
