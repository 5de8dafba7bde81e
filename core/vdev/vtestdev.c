// SPDX-License-Identifier: GPL-2.0-only
/*
 * The minivisor test device: an ID, a counter that advances on each
 * read (so a guest can tell that every read really trapped), a 64-bit
 * scratch register and a small buffer. The test guest's `mmio N`
 * measures trap-and-emulate round trips with it; the register layout
 * is in minivisor/vtestdev.h.
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/vtestdev.h>

#include "vdev_priv.h"

struct vtestdev {
	arch_spinlock_t lock;
	uint32_t counter;
	uint64_t scratch;
	uint8_t buf[VTESTDEV_BUF_SIZE];
};

static uint64_t vtestdev_id_read(void *priv, const struct vdev_access *a)
{
	return VTESTDEV_ID_VALUE;
}

static uint64_t vtestdev_version_read(void *priv, const struct vdev_access *a)
{
	return VTESTDEV_VERSION_VALUE;
}

static uint64_t vtestdev_counter_read(void *priv, const struct vdev_access *a)
{
	struct vtestdev *t = priv;
	irqflags_t flags = arch_spin_lock_irqsave(&t->lock);
	uint32_t v = t->counter++;

	arch_spin_unlock_irqrestore(&t->lock, flags);
	return v;
}

static void vtestdev_counter_write(void *priv, const struct vdev_access *a)
{
	struct vtestdev *t = priv;

	WRITE_ONCE(t->counter, (uint32_t)a->value);
}

/* Scratch and buffer: bytes in memory, accessed little endian. */
static uint8_t *vtestdev_bytes(struct vtestdev *t, uint64_t off)
{
	if (off >= VTESTDEV_BUF)
		return t->buf + (off - VTESTDEV_BUF);
	return (uint8_t *)&t->scratch + (off - VTESTDEV_SCRATCH);
}

static uint64_t vtestdev_mem_read(void *priv, const struct vdev_access *a)
{
	const uint8_t *p = vtestdev_bytes(priv, a->offset);
	uint64_t v = 0;

	for (unsigned int i = 0; i < a->size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void vtestdev_mem_write(void *priv, const struct vdev_access *a)
{
	uint8_t *p = vtestdev_bytes(priv, a->offset);

	for (unsigned int i = 0; i < a->size; i++)
		p[i] = (uint8_t)(a->value >> (8 * i));
}

static const struct vdev_reg vtestdev_regs[] = {
	{ VTESTDEV_ID, 4, VDEV_SZ4, vtestdev_id_read, NULL },
	{ VTESTDEV_VERSION, 4, VDEV_SZ4, vtestdev_version_read, NULL },
	{ VTESTDEV_COUNTER, 4, VDEV_SZ4, vtestdev_counter_read,
	  vtestdev_counter_write },
	{ VTESTDEV_SCRATCH, 8, VDEV_SZ_ANY, vtestdev_mem_read,
	  vtestdev_mem_write },
	{ VTESTDEV_BUF, VTESTDEV_BUF_SIZE, VDEV_SZ_ANY, vtestdev_mem_read,
	  vtestdev_mem_write },
};

static int vtestdev_probe(struct guest *guest, struct guest_region *region,
			  const struct devtree *dt, int node, void **priv)
{
	struct vtestdev *t;

	if (!priv)
		return -MV_EINVAL;
	t = mv_zalloc(sizeof(*t));
	if (!t)
		return -MV_ENOMEM;
	t->lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;
	*priv = t;
	return 0;
}

static void vtestdev_remove(void *priv)
{
	mv_free(priv);
}

static void vtestdev_reset(void *priv)
{
	struct vtestdev *t = priv;

	if (!t)
		return;
	t->counter = 0;
	t->scratch = 0;
	memset(t->buf, 0, sizeof(t->buf));
}

static const char *const vtestdev_compat[] = { VTESTDEV_COMPATIBLE, NULL };

const struct vdev_type vtestdev_type = {
	.name = "testdev",
	.compatible = vtestdev_compat,
	.probe = vtestdev_probe,
	.remove = vtestdev_remove,
	.reset = vtestdev_reset,
	.regs = vtestdev_regs,
	.nregs = ARRAY_SIZE(vtestdev_regs),
};
