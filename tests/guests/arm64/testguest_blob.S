// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test guest image as data for the hypervisor image, e.g.
 *   extern const char testguest_start[], testguest_end[];
 *   guest_image_register("testguest.bin", testguest_start,
 *                        testguest_end - testguest_start);
 * TESTGUEST_BIN_PATH is set by tests/guests/arm64/guest.mk.
 */
	.section .rodata.testguest, "a"
	.balign	4096
	.global	testguest_start
testguest_start:
	.incbin	TESTGUEST_BIN_PATH
	.global	testguest_end
testguest_end:
	.byte	0
