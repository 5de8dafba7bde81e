/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guest's fixed memory map (intermediate physical addresses).
 * One header for the guest's C code, its assembly, its linker script
 * and the guest device-tree fragment, so they always agree. Values may
 * be overridden with -D at build time; docs/test-guest.md has the map.
 */
#ifndef TESTGUEST_LAYOUT_H
#define TESTGUEST_LAYOUT_H

/* Code and read-only data; the entry point is its first byte. */
#ifndef TG_ROM_BASE
#define TG_ROM_BASE 0x00000000
#endif
#ifndef TG_ROM_SIZE
#define TG_ROM_SIZE 0x00200000 /* 2 MiB */
#endif

/* RAM: the guest's own data, bss and stack first, then the test area. */
#ifndef TG_RAM_BASE
#define TG_RAM_BASE 0x40000000
#endif
#ifndef TG_RAM_SIZE
#define TG_RAM_SIZE 0x01000000 /* 16 MiB */
#endif
#define TG_PRIV_SIZE 0x00010000 /* 64 KiB: data + bss + stack */

/* Emulated devices. */
#ifndef TG_UART_BASE
#define TG_UART_BASE 0x09000000 /* pl011 */
#endif
#define TG_UART_SIZE 0x1000
#ifndef TG_TESTDEV_BASE
#define TG_TESTDEV_BASE 0x0a000000 /* minivisor,testdev */
#endif
#define TG_TESTDEV_SIZE 0x1000

/* The GIC (optional): distributor, then GICv2 CPU interface or GICv3
 * redistributors (one 128 KiB frame pair per vCPU), as on QEMU virt. */
#ifndef TG_GICD_BASE
#define TG_GICD_BASE 0x08000000
#endif
#define TG_GICC_BASE (TG_GICD_BASE + 0x10000)
#define TG_GICR_BASE (TG_GICD_BASE + 0xa0000)

/* An IPA the guest description must leave unmapped (`fault`). */
#ifndef TG_UNMAPPED
#define TG_UNMAPPED 0x20000000
#endif

#endif
