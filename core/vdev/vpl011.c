// SPDX-License-Identifier: GPL-2.0-only
/*
 * An emulated ARM PL011 UART (enough for Linux's amba-pl011 driver and
 * simple polled drivers). Transmitted bytes go straight to the guest's
 * vserial, so the TX FIFO is always empty: FR.TXFE is set and TXFF
 * never is. Received bytes come from the vserial's input queue.
 * Like QEMU's model, CR does not gate TX/RX and loopback is not
 * emulated; the baud and line-control registers are plain storage.
 *
 * Interrupts: RIS = latched TX bit (set by each DR write, cleared by
 * ICR) | RX and RT bits while input is queued (level, as a FIFO above
 * its trigger would be). The output line is (RIS & IMSC) != 0, sent to
 * the callback connected with vdev_irq_connect() when it changes.
 */
#include <stddef.h>
#include <string.h>

#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/vserial.h>

#include "vdev_priv.h"

#define UART_DR 0x000
#define UART_RSR 0x004
#define UART_FR 0x018
#define UART_ILPR 0x020
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_DMACR 0x048
#define UART_PERIPHID0 0xfe0

#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)

#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define INT_ALL 0x7ffu

#define CR_RESET 0x300u /* TXE | RXE */
#define IFLS_RESET 0x12u /* both FIFOs at half */

/* PeriphID 0x00141011 and CellID 0xb105f00d, one byte per register. */
static const uint8_t vpl011_ids[8] = { 0x11, 0x10, 0x14, 0x00,
				       0x0d, 0xf0, 0x05, 0xb1 };

struct vpl011 {
	arch_spinlock_t lock;
	struct vserial *vs;
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	uint32_t ris_latch; /* INT_TX and any bit not derived from input */
	bool level; /* last level reported to irq_fn */
	vdev_irq_fn irq_fn;
	void *irq_ctx;
};

/* Plain read/write registers: where they live and which bits exist. */
struct vpl011_plain {
	uint32_t off;
	size_t field;
	uint32_t mask;
};

static const struct vpl011_plain vpl011_plains[] = {
	{ UART_ILPR, offsetof(struct vpl011, ilpr), 0xff },
	{ UART_IBRD, offsetof(struct vpl011, ibrd), 0xffff },
	{ UART_FBRD, offsetof(struct vpl011, fbrd), 0x3f },
	{ UART_LCR_H, offsetof(struct vpl011, lcr_h), 0xff },
	{ UART_CR, offsetof(struct vpl011, cr), 0xff87 },
	{ UART_IFLS, offsetof(struct vpl011, ifls), 0x3f },
	{ UART_IMSC, offsetof(struct vpl011, imsc), INT_ALL },
	{ UART_DMACR, offsetof(struct vpl011, dmacr), 0x7 },
};

static irqflags_t vpl011_lock(struct vpl011 *u)
{
	return arch_spin_lock_irqsave(&u->lock);
}

static void vpl011_unlock(struct vpl011 *u, irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&u->lock, flags);
}

static uint32_t vpl011_ris(struct vpl011 *u)
{
	uint32_t ris = u->ris_latch;

	if (vserial_input_pending(u->vs))
		ris |= INT_RX | INT_RT;
	return ris;
}

/* Recompute the line; tell the interrupt controller if it changed. */
static void vpl011_update_irq(struct vpl011 *u)
{
	bool level = (vpl011_ris(u) & u->imsc) != 0;

	if (level == u->level)
		return;
	u->level = level;
	if (u->irq_fn)
		u->irq_fn(u->irq_ctx, level);
}

static uint32_t *vpl011_plain_field(struct vpl011 *u, uint64_t off,
				    uint32_t *mask)
{
	for (size_t i = 0; i < ARRAY_SIZE(vpl011_plains); i++) {
		if (vpl011_plains[i].off == (off & ~3ull)) {
			*mask = vpl011_plains[i].mask;
			return (uint32_t *)((char *)u + vpl011_plains[i].field);
		}
	}
	return NULL; /* unreachable: the table only routes plain offsets */
}

static uint64_t vpl011_plain_read(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	irqflags_t flags = vpl011_lock(u);
	uint32_t mask, *f = vpl011_plain_field(u, a->offset, &mask);
	uint64_t v = f ? vdev_lane_read32(*f, a) : 0;

	vpl011_unlock(u, flags);
	return v;
}

static void vpl011_plain_write(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	irqflags_t flags = vpl011_lock(u);
	uint32_t mask, *f = vpl011_plain_field(u, a->offset, &mask);

	if (f) {
		*f = vdev_lane_merge32(*f, a) & mask;
		vpl011_update_irq(u); /* IMSC may have changed */
	}
	vpl011_unlock(u, flags);
}

static uint64_t vpl011_dr_read(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	irqflags_t flags;
	int c;

	if (a->offset & 3) /* the error bits: never set */
		return 0;
	flags = vpl011_lock(u);
	c = vserial_getc(u->vs);
	vpl011_update_irq(u);
	vpl011_unlock(u, flags);
	return c < 0 ? 0 : (uint64_t)c;
}

static void vpl011_dr_write(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	irqflags_t flags;

	if (a->offset & 3) /* upper lanes of DR are reserved */
		return;
	flags = vpl011_lock(u);
	vserial_putc(u->vs, (char)(a->value & 0xff));
	u->ris_latch |= INT_TX; /* the FIFO drained below its trigger */
	vpl011_update_irq(u);
	vpl011_unlock(u, flags);
}

static uint64_t vpl011_fr_read(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	size_t pending = vserial_input_pending(u->vs);
	uint32_t fr = FR_TXFE;

	if (!pending)
		fr |= FR_RXFE;
	else if (pending >= VSERIAL_IN_SIZE)
		fr |= FR_RXFF;
	return vdev_lane_read32(fr, a);
}

static uint64_t vpl011_ris_read(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	irqflags_t flags = vpl011_lock(u);
	uint32_t v = vpl011_ris(u);

	if ((a->offset & ~3ull) == UART_MIS)
		v &= u->imsc;
	vpl011_unlock(u, flags);
	return vdev_lane_read32(v, a);
}

static void vpl011_icr_write(void *priv, const struct vdev_access *a)
{
	struct vpl011 *u = priv;
	irqflags_t flags = vpl011_lock(u);

	u->ris_latch &= ~vdev_lane_merge32(0, a);
	vpl011_update_irq(u);
	vpl011_unlock(u, flags);
}

static uint64_t vpl011_id_read(void *priv, const struct vdev_access *a)
{
	uint64_t idx = (a->offset - UART_PERIPHID0) / 4;

	return vdev_lane_read32(vpl011_ids[idx], a);
}

static const struct vdev_reg vpl011_regs[] = {
	{ UART_DR, 4, VDEV_SZ_UPTO4, vpl011_dr_read, vpl011_dr_write },
	/* RSR/ECR: no receive errors; writes clear them (nothing to do). */
	{ UART_RSR, 4, VDEV_SZ_UPTO4, NULL, NULL },
	{ UART_FR, 4, VDEV_SZ_UPTO4, vpl011_fr_read, NULL },
	{ UART_ILPR, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_IBRD, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_FBRD, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_LCR_H, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_CR, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_IFLS, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_IMSC, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_RIS, 4, VDEV_SZ_UPTO4, vpl011_ris_read, NULL },
	{ UART_MIS, 4, VDEV_SZ_UPTO4, vpl011_ris_read, NULL },
	{ UART_ICR, 4, VDEV_SZ_UPTO4, NULL, vpl011_icr_write },
	{ UART_DMACR, 4, VDEV_SZ_UPTO4, vpl011_plain_read, vpl011_plain_write },
	{ UART_PERIPHID0, 0x20, VDEV_SZ_UPTO4, vpl011_id_read, NULL },
};

static void vpl011_reset_locked(struct vpl011 *u)
{
	u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->dmacr = 0;
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
	u->ris_latch = 0;
	vpl011_update_irq(u);
}

/* New console input: the RX interrupt may have to rise. */
static void vpl011_input_notify(void *ctx)
{
	struct vpl011 *u = ctx;
	irqflags_t flags = vpl011_lock(u);

	vpl011_update_irq(u);
	vpl011_unlock(u, flags);
}

static int vpl011_probe(struct guest *guest, struct guest_region *region,
			const struct devtree *dt, int node, void **priv)
{
	char name[VSERIAL_NAME_MAX];
	struct vpl011 *u;
	int ret;

	if (!priv)
		return -MV_EINVAL;
	ret = vdev_instance_name(guest, dt, node, name, sizeof(name));
	if (ret)
		return ret;
	u = mv_zalloc(sizeof(*u));
	if (!u)
		return -MV_ENOMEM;
	u->lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;
	ret = vserial_create(name, &u->vs);
	if (ret) {
		mv_free(u);
		return ret;
	}
	vpl011_reset_locked(u);
	vserial_set_input_notify(u->vs, vpl011_input_notify, u);
	*priv = u;
	return 0;
}

static void vpl011_remove(void *priv)
{
	struct vpl011 *u = priv;

	if (!u)
		return;
	vserial_destroy(u->vs);
	mv_free(u);
}

/* Guest reset: registers to power-on values, stale input dropped. */
static void vpl011_reset(void *priv)
{
	struct vpl011 *u = priv;
	irqflags_t flags;

	if (!u)
		return;
	flags = vpl011_lock(u);
	vserial_flush_input(u->vs);
	vpl011_reset_locked(u);
	vpl011_unlock(u, flags);
}

static int vpl011_irq_connect(void *priv, vdev_irq_fn fn, void *ctx)
{
	struct vpl011 *u = priv;
	irqflags_t flags = vpl011_lock(u);

	u->irq_fn = fn;
	u->irq_ctx = ctx;
	u->level = (vpl011_ris(u) & u->imsc) != 0;
	if (fn)
		fn(ctx, u->level);
	vpl011_unlock(u, flags);
	return 0;
}

static const char *const vpl011_compat[] = { "arm,pl011", "primecell,arm,pl011",
					     NULL };

const struct vdev_type vpl011_type = {
	.name = "pl011",
	.compatible = vpl011_compat,
	.probe = vpl011_probe,
	.remove = vpl011_remove,
	.reset = vpl011_reset,
	.regs = vpl011_regs,
	.nregs = ARRAY_SIZE(vpl011_regs),
	.irq_connect = vpl011_irq_connect,
};
