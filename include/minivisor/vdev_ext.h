/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Additions to the emulated-device contract of minivisor/vdev.h:
 * enumeration of the built-in types and interrupt wiring.
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
#ifndef MINIVISOR_VDEV_EXT_H
#define MINIVISOR_VDEV_EXT_H

#include <minivisor/vdev.h>

/** Level-change callback of an emulated interrupt line. */
typedef void (*vdev_irq_fn)(void *ctx, bool level);

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
