// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated PL011: ID registers as Linux's amba bus reads them,
 * TX to the vserial, RX from it, flag register, plain registers and
 * their masks, interrupt status and the level callback, reset, and
 * refused accesses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <minivisor/compiler.h>
#include <minivisor/errno.h>
#include <minivisor/vdev.h>
#include <minivisor/vserial.h>

#include "test_vdev_util.h"

#define DR 0x000
#define RSR 0x004
#define FR 0x018
#define ILPR 0x020
#define IBRD 0x024
#define FBRD 0x028
#define LCR_H 0x02c
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044
#define DMACR 0x048

#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40

static struct devtree dt;
static const struct vdev_type *T;
static void *U;
static struct vserial *VS;

static int setup(void **state)
{
	(void)state;
	tv_heap_init(MIB(2));
	tv_dt_build(&dt);
	T = vdev_find("arm,pl011");
	assert_non_null(T);
	U = NULL;
	assert_int_equal(
		T->probe(TV_GUEST("guest0"), NULL, &dt,
			 tv_node(&dt, "/guests/guest0/aspace/uart0@9000000"),
			 &U),
		0);
	VS = vserial_find("guest0/uart0");
	assert_non_null(VS);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	T->remove(U);
	assert_null(vserial_find("guest0/uart0"));
	return 0;
}

static uint32_t rd(uint64_t off)
{
	return (uint32_t)tv_read(T, U, off, 4);
}

static void wr(uint64_t off, uint32_t v)
{
	tv_write(T, U, off, 4, v);
}

static void test_ids(void **state)
{
	uint32_t pid = 0, cid = 0;

	(void)state;
	/* As Linux's amba bus: low byte of each word, little endian. */
	for (int i = 0; i < 4; i++) {
		pid |= (rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cid |= (rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	assert_int_equal(pid, 0x00141011);
	assert_int_equal(cid, 0xb105f00d);
	/* The upper bytes read as zero; byte reads work too. */
	assert_int_equal(rd(0xffc), 0xb1);
	assert_int_equal(tv_read(T, U, 0xfe0, 1), 0x11);
	assert_int_equal(tv_read(T, U, 0xfe1, 1), 0);
	wr(0xfe0, 0); /* read-only */
	assert_int_equal(rd(0xfe0), 0x11);
}

static void test_tx(void **state)
{
	char out[16];
	uint64_t pos = 0;

	(void)state;
	wr(DR, 'h');
	tv_write(T, U, DR, 1, 'i');
	tv_write(T, U, DR, 2, 0x0d0a); /* only the low byte is data */
	wr(DR, 0xffffff00 | '!');
	tv_write(T, U, DR + 1, 1, 'X'); /* reserved lane: ignored */
	assert_int_equal(vserial_read_output(VS, &pos, out, sizeof(out), NULL),
			 4);
	assert_memory_equal(out, "hi\n!", 4);
	/* Never full, always empty: the bytes left at once. */
	for (int i = 0; i < 5000; i++)
		wr(DR, 'x');
	assert_int_equal(rd(FR) & (FR_TXFF | FR_TXFE), FR_TXFE);
}

static void test_rx(void **state)
{
	char many[VSERIAL_IN_SIZE];

	(void)state;
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(DR), 0); /* empty: reads 0, no crash */
	vserial_send(VS, "ok", 2);
	assert_int_equal(rd(FR) & FR_RXFE, 0);
	assert_int_equal(tv_read(T, U, DR, 2), 'o');
	assert_int_equal(tv_read(T, U, DR + 1, 1), 0); /* error bits */
	assert_int_equal(tv_read(T, U, DR, 1), 'k');
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	memset(many, 'm', sizeof(many));
	vserial_send(VS, many, sizeof(many));
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFF);
	rd(DR);
	assert_int_equal(rd(FR), FR_TXFE);
	assert_int_equal(rd(RSR), 0);
	wr(RSR, 0xff); /* clears errors: nothing to clear */
	assert_int_equal(rd(RSR), 0);
}

static void test_plain_registers(void **state)
{
	static const struct {
		uint32_t off, reset, mask;
	} plain[] = {
		{ ILPR, 0, 0xff },  { IBRD, 0, 0xffff },   { FBRD, 0, 0x3f },
		{ LCR_H, 0, 0xff }, { CR, 0x300, 0xff87 }, { IFLS, 0x12, 0x3f },
		{ IMSC, 0, 0x7ff }, { DMACR, 0, 0x7 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(plain); i++) {
		assert_int_equal(rd(plain[i].off), plain[i].reset);
		wr(plain[i].off, 0xffffffff);
		assert_int_equal(rd(plain[i].off), plain[i].mask);
		wr(plain[i].off, 0);
		assert_int_equal(rd(plain[i].off), 0);
	}
	/* Sub-word writes merge into the lanes they cover. */
	wr(IBRD, 0x1234);
	tv_write(T, U, IBRD + 1, 1, 0xab);
	assert_int_equal(rd(IBRD), 0xab34);
	assert_int_equal(tv_read(T, U, IBRD + 1, 1), 0xab);
	tv_write(T, U, IBRD, 2, 0x5678);
	assert_int_equal(rd(IBRD), 0x5678);
	tv_write(T, U, IBRD + 2, 2, 0xffff); /* beyond the 16 bits */
	assert_int_equal(rd(IBRD), 0x5678);
	T->reset(U);
	assert_int_equal(rd(CR), 0x300);
	assert_int_equal(rd(IFLS), 0x12);
	assert_int_equal(rd(IBRD), 0);
}

static int irq_calls;
static bool irq_level;

static void irq_cb(void *ctx, bool level)
{
	assert_ptr_equal(ctx, &irq_calls);
	irq_calls++;
	irq_level = level;
}

static void test_interrupts(void **state)
{
	(void)state;
	irq_calls = 0;
	assert_int_equal(vdev_irq_connect(T, U, irq_cb, &irq_calls), 0);
	assert_int_equal(irq_calls, 1); /* the current level, once */
	assert_false(irq_level);

	/* RX: raised by input when unmasked, lowered when drained. */
	vserial_send(VS, "ab", 2);
	assert_int_equal(rd(RIS), INT_RX | INT_RT);
	assert_int_equal(rd(MIS), 0);
	assert_int_equal(irq_calls, 1);
	wr(IMSC, INT_RX | INT_RT);
	assert_int_equal(irq_calls, 2);
	assert_true(irq_level);
	assert_int_equal(rd(MIS), INT_RX | INT_RT);
	rd(DR);
	assert_true(irq_level);
	rd(DR);
	assert_false(irq_level);
	assert_int_equal(irq_calls, 3);
	vserial_send(VS, "c", 1); /* from the shell side: notified */
	assert_true(irq_level);
	assert_int_equal(irq_calls, 4);
	rd(DR);
	assert_false(irq_level);

	/* TX: latched by a DR write, cleared by ICR. */
	wr(IMSC, INT_TX);
	wr(DR, 'x');
	assert_true(irq_level);
	assert_int_equal(rd(RIS), INT_TX);
	wr(RIS, 0); /* read-only */
	wr(MIS, 0);
	assert_int_equal(rd(MIS), INT_TX);
	wr(ICR, INT_RX); /* other bits: TX stays */
	assert_true(irq_level);
	wr(ICR, INT_TX);
	assert_false(irq_level);
	assert_int_equal(rd(RIS), 0);
	assert_int_equal(rd(ICR), 0); /* write-only: reads zero */

	/* Masking alone lowers the line; reset lowers it too. */
	wr(DR, 'y');
	assert_true(irq_level);
	wr(IMSC, 0);
	assert_false(irq_level);
	wr(IMSC, INT_TX);
	assert_true(irq_level);
	T->reset(U);
	assert_false(irq_level);
	assert_int_equal(rd(IMSC), 0);

	/* Disconnected: no more calls. */
	int calls = irq_calls;

	assert_int_equal(vdev_irq_connect(T, U, NULL, NULL), 0);
	wr(IMSC, INT_TX);
	wr(DR, 'z');
	assert_int_equal(irq_calls, calls);
}

static void test_reset_keeps_output(void **state)
{
	char out[8];
	uint64_t pos = 0;

	(void)state;
	wr(DR, 'a');
	vserial_send(VS, "in", 2);
	T->reset(U);
	assert_int_equal(vserial_input_pending(VS), 0); /* stale input gone */
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
	assert_int_equal(vserial_read_output(VS, &pos, out, sizeof(out), NULL),
			 1);
	assert_int_equal(out[0], 'a');
	T->reset(NULL);
}

static void test_bad_accesses(void **state)
{
	static const uint64_t holes[] = { 0x008,  0x00c,  0x010,	 0x014,
					  0x01c,  0x04c,  0x100,	 0xfdc,
					  0x1000, 0x1004, UINT64_MAX - 3 };
	uint64_t v = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(holes); i++) {
		assert_int_equal(tv_access(T, U, false, holes[i], 4, &v),
				 VDEV_BAD_ACCESS);
		assert_int_equal(tv_access(T, U, true, holes[i], 4, &v),
				 VDEV_BAD_ACCESS);
	}
	/* 8-byte accesses, odd sizes, misalignment. */
	assert_int_equal(tv_access(T, U, false, DR, 8, &v), VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(T, U, false, FR, 3, &v), VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(T, U, false, FR, 0, &v), VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(T, U, false, FR + 1, 2, &v),
			 VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(T, U, true, IMSC + 2, 4, &v),
			 VDEV_BAD_ACCESS);
	/* A refused DR write sends nothing. */
	v = 'Q';
	assert_int_equal(tv_access(T, U, true, DR, 8, &v), VDEV_BAD_ACCESS);
	assert_int_equal(vserial_output_end(VS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_registers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_interrupts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reset_keeps_output, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_accesses, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
