/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated devices (table-driven MMIO). A guest region whose device
 * tree node has a `compatible` listed by a vdev type is backed by that
 * emulator: each guest access the arch cannot complete (a stage-2 data
 * abort on the region) is decoded by the arch and handed to
 * vdev_mmio_dispatch(). Each emulator describes its registers in a
 * table of struct vdev_reg rather than one large switch.
 *
 * Interrupts: an emulator with an interrupt output (the pl011) computes
 * its line level itself; the arch connects a callback after probe():
 *
 *     vdev_irq_connect(type, priv, vgic_set_line, line_ctx);
 *
 * The callback is called once at connect time with the current level,
 * then whenever the level changes: from the vCPU that accessed the
 * device, or from the shell when console input reaches the guest. It
 * runs with the device's lock held, so it must not access the device;
 * it may take the vGIC's own lock. The interrupt number is the arch's
 * business (e.g. the region node's `interrupts` property).
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

/** Level-change callback of an emulated interrupt line. */
typedef void (*vdev_irq_fn)(void *ctx, bool level);

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
	/**
	 * Optional: connect the interrupt output (see vdev_irq_connect()).
	 * NULL for a device without one.
	 */
	int (*irq_connect)(void *priv, vdev_irq_fn fn, void *ctx);
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

/**
 * Connect @fn(@ctx, level) to the interrupt output of instance @priv of
 * @type (NULL @fn disconnects). Returns 0, -MV_EINVAL for NULL @type or
 * @priv, -MV_ENOTSUP when @type has no interrupt output.
 */
int vdev_irq_connect(const struct vdev_type *type, void *priv, vdev_irq_fn fn,
		     void *ctx);

/** The @i-th built-in type, or NULL past the last one. */
const struct vdev_type *vdev_type_at(unsigned int i);

/**
 * Check @type's register table: sorted by offset, no overlaps, no
 * empty ranges, access sizes among 1/2/4/8 and fitting the ranges.
 * Returns 0 or -MV_EINVAL.
 */
int vdev_check_type(const struct vdev_type *type);

#endif
