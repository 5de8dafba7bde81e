/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link map of the arm64 image: one physical region from
 * CONFIG_ARM64_LOAD_ADDR, page-aligned parts so that the MMU can give
 * text RX, rodata R and data/bss RW+XN.
 */
OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
	. = CONFIG_ARM64_LOAD_ADDR;
	__image_start = .;

	.text : {
		__text_start = .;
		KEEP(*(.text.head))
		*(.text.vectors)
		*(.text .text.*)
	}
	. = ALIGN(4096);
	__text_end = .;

	.rodata : {
		__rodata_start = .;
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__start_mv_drivers = .;
		KEEP(*(mv_drivers))
		__stop_mv_drivers = .;
	}
	. = ALIGN(4096);
	__rodata_end = .;

	.data : {
		__data_start = .;
		*(.data .data.*)
	}

	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(4096);
	__image_end = .;
	/* The Image header's image_size: all the loader must leave free. */
	__image_size = __image_end - __image_start;

	/DISCARD/ : {
		*(.comment) *(.note .note.*) *(.eh_frame) *(.eh_frame_hdr)
		*(.interp) *(.dynamic) *(.dynsym) *(.dynstr) *(.hash)
		*(.gnu.hash)
	}
}
