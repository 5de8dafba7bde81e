/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by the built-in emulators of core/vdev. */
#ifndef CORE_VDEV_PRIV_H
#define CORE_VDEV_PRIV_H

#include <minivisor/vdev.h>

#include <minivisor/guest.h> /* guest_name() */

/* Allowed-size masks for struct vdev_reg.sizes. */
#define VDEV_SZ1 (1u << 0)
#define VDEV_SZ2 (1u << 1)
#define VDEV_SZ4 (1u << 2)
#define VDEV_SZ8 (1u << 3)
#define VDEV_SZ_UPTO4 (VDEV_SZ1 | VDEV_SZ2 | VDEV_SZ4)
#define VDEV_SZ_ANY (VDEV_SZ_UPTO4 | VDEV_SZ8)

/** Value of the 32-bit register @reg as seen by the sub-word access @a. */
static inline uint64_t vdev_lane_read32(uint32_t reg,
					const struct vdev_access *a)
{
	return reg >> ((a->offset & 3) * 8);
}

/** @old with the bytes written by the sub-word access @a merged in. */
static inline uint32_t vdev_lane_merge32(uint32_t old,
					 const struct vdev_access *a)
{
	unsigned int shift = (a->offset & 3) * 8;
	uint64_t lanes =
		(a->size >= 4 ? 0xffffffffull : (1ull << (a->size * 8)) - 1)
		<< shift;

	return (uint32_t)((old & ~lanes) | ((a->value << shift) & lanes));
}

/**
 * "<guest>/<node name without unit address>" for the vserial or log
 * name of a device at @node. Returns 0 or a negative MV_E* code.
 */
int vdev_instance_name(const struct guest *guest, const struct devtree *dt,
		       int node, char *buf, size_t size);

extern const struct vdev_type vpl011_type;
extern const struct vdev_type vtestdev_type;

#endif
