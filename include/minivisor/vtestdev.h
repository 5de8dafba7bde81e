/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The minivisor test device (compatible "minivisor,testdev"): register
 * layout shared by its emulator (core/vdev/vtestdev.c) and the in-tree
 * test guest. Plain C, no dependencies. All registers are little
 * endian; see docs/test-guest.md.
 */
#ifndef MINIVISOR_VTESTDEV_H
#define MINIVISOR_VTESTDEV_H

#define VTESTDEV_COMPATIBLE "minivisor,testdev"

/* 32-bit, read-only: VTESTDEV_ID_VALUE. */
#define VTESTDEV_ID 0x00
/* 32-bit, read-only: VTESTDEV_VERSION_VALUE. */
#define VTESTDEV_VERSION 0x04
/* 32-bit: a read returns the count and then adds one; a write sets it. */
#define VTESTDEV_COUNTER 0x08
/* 64-bit scratch, any naturally aligned 1/2/4/8-byte access. */
#define VTESTDEV_SCRATCH 0x10
/* 256 bytes of plain storage, any naturally aligned access size. */
#define VTESTDEV_BUF 0x100
#define VTESTDEV_BUF_SIZE 0x100

/* Bytes of address space the device decodes (its region's size). */
#define VTESTDEV_SIZE 0x1000

#define VTESTDEV_ID_VALUE 0x4d565444 /* "MVTD" */
#define VTESTDEV_VERSION_VALUE 1

#endif
