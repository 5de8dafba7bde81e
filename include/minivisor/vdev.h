/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated devices (table-driven MMIO). A guest region whose device
 * tree node has a `compatible` listed by a vdev type is backed by that
 * emulator: each guest access the arch cannot complete (a stage-2 data
 * abort on the region) is decoded by the arch and handed to
 * vdev_mmio_dispatch(). Each emulator describes its registers in a
 * table of struct vdev_reg rather than one large switch.
 */
#ifndef MINIVISOR_VDEV_H
#define MINIVISOR_VDEV_H

#include <minivisor/types.h>

struct guest;
struct guest_region;
struct devtree;

/** One decoded guest access to an emulated region. */
struct vdev_access {
	uint64_t offset; /* from the region's guest_physical_addr */
	unsigned int size; /* 1, 2, 4 or 8 bytes */
	bool write;
	uint64_t value; /* write: data from the guest; read: filled in */
	unsigned int vcpu; /* index of the accessing vCPU in its guest */
};

/** A register (or a block of equally-handled registers). */
struct vdev_reg {
	uint64_t offset; /* first byte */
	uint64_t len; /* bytes covered (e.g. 4, or 0x400 for a block) */
	unsigned int sizes; /* allowed access sizes: bit n = 1 << n bytes */
	/** Read: return the value at @a->offset. NULL = reads as zero. */
	uint64_t (*read)(void *priv, const struct vdev_access *a);
	/** Write @a->value. NULL = writes ignored. */
	void (*write)(void *priv, const struct vdev_access *a);
};

/** An emulator, matched by device-tree compatible. */
struct vdev_type {
	const char *name;
	const char *const *compatible; /* NULL-terminated */
	/**
	 * Create an instance for @region of @guest from its node @node in
	 * @dt. Sets *@priv. Returns 0 or a negative MV_E* code (nothing
	 * leaked on failure).
	 */
	int (*probe)(struct guest *guest, struct guest_region *region,
		     const struct devtree *dt, int node, void **priv);
	/** Free everything probe() allocated. */
	void (*remove)(void *priv);
	/** Return the device to its power-on state (guest reset). */
	void (*reset)(void *priv);
	const struct vdev_reg *regs; /* sorted by offset */
	unsigned int nregs;
};

/** Result of vdev_mmio_dispatch(). */
enum vdev_result {
	VDEV_OK, /* handled; for reads a->value is valid */
	VDEV_BAD_ACCESS, /* no register there or size not allowed */
};

/**
 * Look up @compatible among the built-in emulators; NULL if unknown.
 */
const struct vdev_type *vdev_find(const char *compatible);

/**
 * Dispatch access @a to emulator @type with instance @priv through its
 * register table (binary search). Bad accesses are refused, never
 * crash; the caller injects an abort into the guest or counts them.
 */
enum vdev_result vdev_mmio_dispatch(const struct vdev_type *type, void *priv,
				    struct vdev_access *a);

#endif
