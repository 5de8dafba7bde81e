// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest descriptions built into the image: dts/arm64/guests.dts
 * compiled by dtc (arch/arm64/image.mk passes GUESTS_DTB_PATH). libfdt
 * wants the blob 8-byte aligned.
 */
	.section .rodata.guests_dtb, "a"
	.balign	8
	.global	arm64_guests_dtb_start
arm64_guests_dtb_start:
	.incbin	GUESTS_DTB_PATH
	.global	arm64_guests_dtb_end
arm64_guests_dtb_end:
	.byte	0
