/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest link map: code and rodata in ROM at TG_ROM_BASE (the
 * entry is the first byte), data/bss/stack in the first TG_PRIV_SIZE
 * bytes of RAM; .data is copied from ROM by start.S.
 */
#include "layout.h"

OUTPUT_ARCH(aarch64)
ENTRY(_start)

MEMORY
{
	rom (rx) : ORIGIN = TG_ROM_BASE, LENGTH = TG_ROM_SIZE
	ram (rw) : ORIGIN = TG_RAM_BASE, LENGTH = TG_PRIV_SIZE
}

SECTIONS
{
	.text : {
		KEEP(*(.text.start))
		*(.text .text.*)
	} > rom
	.rodata : ALIGN(8) {
		*(.rodata .rodata.*)
	} > rom
	.data : ALIGN(8) {
		__data_start = .;
		*(.data .data.*)
		. = ALIGN(8);
		__data_end = .;
	} > ram AT > rom
	__data_lma = LOADADDR(.data);
	__image_end = __data_lma + SIZEOF(.data);
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} > ram
	__stack_top = ORIGIN(ram) + LENGTH(ram);
	/DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame*) }
}

ASSERT(__bss_end + 0x4000 <= __stack_top, "test guest: under 16 KiB left for the stack")
