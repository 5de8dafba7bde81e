// SPDX-License-Identifier: GPL-2.0-only
/*
 * PVH entry: QEMU -kernel finds XEN_ELFNOTE_PHYS32_ENTRY (type 18) in a
 * PT_NOTE segment and starts us in 32-bit protected mode, paging off,
 * with EBX = the hvm_start_info address. We clear .bss, identity-map the
 * first 4 GiB with 2 MiB pages, enter long mode and call x86_main().
 * No multiboot header: QEMU refuses a 64-bit ELF that carries one.
 */
#include <asm/x86.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define PTE_P 0x1
#define PTE_RW 0x2
#define PTE_PS 0x80

	.section .note.pvh, "a"
	.balign 4
	.long 4				/* namesz: "Xen\0" */
	.long 8				/* descsz: QEMU reads a size_t */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad entry32

	.section .text.head, "ax"
	.code32
	.globl entry32
entry32:
	cli
	cld
	movl %ebx, %esi

	/* .bss holds the page tables and the stack: clear it first. */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl %esi, pvh_start_info_pa

	movl $boot_stack_top, %esp
	lgdt boot_gdt_desc

	/* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories. */
	movl $boot_pdpt + (PTE_P | PTE_RW), boot_pml4
	movl $boot_pd + (PTE_P | PTE_RW), %eax
	movl $boot_pdpt, %edi
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 1b

	/* 2048 x 2 MiB identity mappings: 0..4 GiB. */
	movl $(PTE_P | PTE_RW | PTE_PS), %eax
	movl $boot_pd, %edi
	movl $2048, %ecx
2:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 2b

	/* SSE stays usable for libgcc/libfdt code, should they use it. */
	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	andl $~(CR0_EM | CR0_TS), %eax
	orl $(CR0_PG | CR0_PE | CR0_MP | CR0_WP), %eax
	movl %eax, %cr0
	ljmp $X86_CS64, $entry64

	.code64
entry64:
	movl $X86_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl pvh_start_info_pa(%rip), %edi
	call x86_main
3:	cli
	hlt
	jmp 3b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* X86_CS64: long mode code */
	.quad 0x00cf92000000ffff	/* X86_DS: flat data */
boot_gdt_end:
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .bss
	.balign 4096
	.globl boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
	.globl boot_pd
boot_pd:
	.skip 4 * 4096
	.balign 16
boot_stack:
	.skip CONFIG_X86_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
	.balign 4
pvh_start_info_pa:
	.skip 4

	.section .note.GNU-stack, "", @progbits
