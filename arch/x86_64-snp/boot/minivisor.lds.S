/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86_64-snp image: one RWX load segment at CONFIG_X86_LOAD_ADDR,
 * identity-mapped, plus a PT_NOTE segment with the PVH entry note (its
 * 4-byte alignment matters: QEMU aligns the note name by p_align).
 */
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(entry32)

PHDRS
{
	text PT_LOAD FLAGS(7);
	note PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = CONFIG_X86_LOAD_ADDR;
	_start = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	} :text
	.note.pvh : { KEEP(*(.note.pvh)) } :text :note
	.rodata : { *(.rodata .rodata.*) } :text
	mv_drivers : {
		__start_mv_drivers = .;
		KEEP(*(mv_drivers))
		__stop_mv_drivers = .;
	} :text
	.data : { *(.data .data.*) } :text
	. = ALIGN(4096);
	.bss : {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	} :text
	. = ALIGN(4096);
	_end = .;
	/DISCARD/ : {
		*(.note.GNU-stack) *(.note.gnu.*) *(.comment)
		*(.eh_frame) *(.eh_frame_hdr)
	}
}
