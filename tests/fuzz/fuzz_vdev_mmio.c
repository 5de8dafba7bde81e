// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the emulated devices: each input is a sequence
 * of guest accesses (any offset, size, direction, value) mixed with
 * console input, resets, interrupt (dis)connection and bound-mode
 * polls, run against a fresh pl011 and test device. Besides "never
 * crash", it checks what must always hold: accepted accesses are
 * naturally aligned 1/2/4/8-byte ones, FR never reports a full TX
 * FIFO, the ID registers never change, the interrupt line reported
 * equals MIS != 0, and remove() gives back every heap byte.
 *
 * Op encoding (one byte, then operands):
 *   0bSSSWxx00 access: W write, S size index (1,2,4,8,0,3,16,5);
 *              offset u16 (bit 15 set: a wild u64 follows instead);
 *              value u64 for writes
 *   ......01   console input: length byte, then bytes
 *   ......10   reset (bit 2: pl011, else test device)
 *   ......11   bit 2: toggle the irq callback; bit 3: bind/poll/unbind
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <asm/fake.h>
#include <minivisor/devtree.h>
#include <minivisor/heap.h>
#include <minivisor/vdev.h>
#include <minivisor/vserial.h>
#include <minivisor/vtestdev.h>

struct guest;

/* The emulators only need the guest's name: pass the name itself. */
__attribute__((weak)) const char *guest_name(const struct guest *g)
{
	return (const char *)g;
}

static struct devtree dt;
static int uart_node;
static const struct vdev_type *pl011, *testdev;

static struct {
	const uint8_t *p;
	size_t left;
} in;

static bool take(void *out, size_t n)
{
	if (in.left < n)
		return false;
	memcpy(out, in.p, n);
	in.p += n;
	in.left -= n;
	return true;
}

static void build_dt(void)
{
	static char blob[1024];
	int n;

	if (fdt_create_empty_tree(blob, sizeof(blob)))
		abort();
	n = fdt_add_subnode(blob, 0, "guest0");
	if (n < 0 || fdt_add_subnode(blob, n, "uart0@9000000") < 0)
		abort();
	if (devtree_open(&dt, blob, sizeof(blob)))
		abort();
	uart_node = devtree_path(&dt, "/guest0/uart0@9000000");
	if (uart_node < 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const size_t size = 4 << 20;
	void *arena = aligned_alloc(4096, size);

	(void)argc;
	(void)argv;
	if (!arena || heap_init(arena, size))
		abort();
	fake_console_echo(false);
	build_dt();
	pl011 = vdev_find("arm,pl011");
	testdev = vdev_find(VTESTDEV_COMPATIBLE);
	if (!pl011 || !testdev)
		abort();
	return 0;
}

static bool irq_level;
static int irq_connected;

static void irq_cb(void *ctx, bool level)
{
	(void)ctx;
	irq_level = level;
}

static uint64_t must_read(const struct vdev_type *t, void *p, uint64_t off)
{
	struct vdev_access a = { .offset = off, .size = 4 };

	if (vdev_mmio_dispatch(t, p, &a) != VDEV_OK)
		abort();
	return a.value;
}

static void check_invariants(void *u, void *td)
{
	if (must_read(pl011, u, 0x018) & 0x20) /* FR.TXFF */
		abort();
	if (must_read(pl011, u, 0xff0) != 0x0d ||
	    must_read(pl011, u, 0xfe8) != 0x14)
		abort();
	if (must_read(testdev, td, VTESTDEV_ID) != VTESTDEV_ID_VALUE)
		abort();
	if (irq_connected && irq_level != (must_read(pl011, u, 0x040) != 0))
		abort();
}

static void do_access(uint8_t op, void *u, void *td)
{
	static const unsigned int sizes[8] = { 1, 2, 4, 8, 0, 3, 16, 5 };
	struct vdev_access a = { 0 };
	uint16_t off16;
	enum vdev_result r;

	a.write = op & 0x08;
	a.size = sizes[op >> 5];
	if (!take(&off16, sizeof(off16)))
		return;
	a.offset = off16;
	if ((off16 & 0x8000) && !take(&a.offset, sizeof(a.offset)))
		return;
	if (a.write && !take(&a.value, sizeof(a.value)))
		return;
	if (op & 0x10)
		r = vdev_mmio_dispatch(testdev, td, &a);
	else
		r = vdev_mmio_dispatch(pl011, u, &a);
	/* Only naturally aligned 1/2/4/8-byte accesses may be accepted. */
	if (r == VDEV_OK && (a.size > 8 || !a.size || (a.size & (a.size - 1)) ||
			     a.offset % a.size))
		abort();
	if (r == VDEV_OK && a.size < 8 && (a.value >> (8 * a.size)))
		abort();
}

static void do_input(struct vserial *vs)
{
	uint8_t len;
	char buf[256];

	if (!take(&len, 1) || !take(buf, len))
		return;
	vserial_send(vs, buf, len);
}

static void do_misc(uint8_t op, void *u, struct vserial *vs)
{
	if (op & 0x04) {
		irq_connected = !irq_connected;
		vdev_irq_connect(pl011, u, irq_connected ? irq_cb : NULL, NULL);
	}
	if (op & 0x08) {
		if (!vserial_bound())
			vserial_bind(vs);
		else if (!vserial_poll() || (op & 0x10))
			vserial_unbind();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct heap_info before, after;
	void *u = NULL, *td = NULL;
	struct vserial *vs;
	uint8_t op;

	heap_get_info(&before);
	if (pl011->probe((struct guest *)"guest0", NULL, &dt, uart_node, &u) ||
	    testdev->probe((struct guest *)"guest0", NULL, &dt, 0, &td))
		abort();
	vs = vserial_find("guest0/uart0");
	irq_connected = 0;
	in.p = data;
	in.left = size;
	while (take(&op, 1)) {
		switch (op & 3) {
		case 0:
			do_access(op, u, td);
			break;
		case 1:
			do_input(vs);
			break;
		case 2:
			if (op & 0x04)
				pl011->reset(u);
			else
				testdev->reset(td);
			break;
		default:
			do_misc(op, u, vs);
		}
		check_invariants(u, td);
	}
	pl011->remove(u);
	testdev->remove(td);
	if (vserial_bound() || vserial_count())
		abort();
	heap_get_info(&after);
	if (after.used_bytes != before.used_bytes)
		abort();
	return 0;
}
