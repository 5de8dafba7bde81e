// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated-device core: lookup by compatible, table checks, the
 * dispatcher (binary search against a linear reference, sizes,
 * alignment, bounds, value masking), instance names, and the test
 * device's registers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <minivisor/compiler.h>
#include <minivisor/errno.h>
#include <minivisor/vdev.h>
#include <minivisor/vserial.h>
#include <minivisor/vtestdev.h>

#include "test_vdev_util.h"

static struct devtree dt;

static int setup(void **state)
{
	(void)state;
	tv_heap_init(MIB(2));
	tv_dt_build(&dt);
	return 0;
}

static void test_find(void **state)
{
	const struct vdev_type *t;
	unsigned int n = 0;

	(void)state;
	t = vdev_find("arm,pl011");
	assert_non_null(t);
	assert_string_equal(t->name, "pl011");
	assert_ptr_equal(vdev_find("primecell,arm,pl011"), t);
	t = vdev_find(VTESTDEV_COMPATIBLE);
	assert_non_null(t);
	assert_string_equal(t->name, "testdev");
	assert_null(vdev_find("arm,pl011 "));
	assert_null(vdev_find("arm,pl01"));
	assert_null(vdev_find(""));
	assert_null(vdev_find(NULL));
	while (vdev_type_at(n))
		n++;
	assert_int_equal(n, 2);
}

/* Every built-in table is sorted, disjoint and has sane sizes. */
static void test_builtin_tables(void **state)
{
	const struct vdev_type *t;

	(void)state;
	for (unsigned int i = 0; (t = vdev_type_at(i)); i++) {
		assert_int_equal(vdev_check_type(t), 0);
		assert_non_null(t->probe);
		assert_non_null(t->remove);
		assert_non_null(t->reset);
		assert_ptr_equal(vdev_find(t->compatible[0]), t);
	}
}

static const char *const fake_compat[] = { "test,fake", NULL };

static void test_check_type_rejects(void **state)
{
	struct vdev_reg regs[3] = {
		{ 0x0, 4, 4, NULL, NULL },
		{ 0x4, 4, 4, NULL, NULL },
		{ 0x10, 0x10, 0xf, NULL, NULL },
	};
	struct vdev_type t = { .name = "fake",
			       .compatible = fake_compat,
			       .regs = regs,
			       .nregs = 3 };

	(void)state;
	assert_int_equal(vdev_check_type(&t), 0);
	assert_int_equal(vdev_check_type(NULL), -MV_EINVAL);
	regs[1].offset = 0x2; /* overlaps the first */
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[1].offset = 0x20; /* out of order */
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[1].offset = 0x4;
	regs[1].len = 0; /* empty */
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[1].len = 4;
	regs[1].sizes = 0x10; /* 16-byte accesses do not exist */
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[1].sizes = 0;
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[1].sizes = 8; /* 8-byte access in a 4-byte register */
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[1].sizes = 4;
	regs[2].offset = UINT64_MAX - 4; /* wraps around */
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
	regs[2].offset = 0x10;
	t.nregs = 0;
	assert_int_equal(vdev_check_type(&t), -MV_EINVAL);
}

/* ---- dispatcher against a synthetic device ------------------------- */

#define NFAKE 40

static struct vdev_reg fake_regs[NFAKE];
static unsigned int fake_reads[NFAKE], fake_writes[NFAKE];
static uint64_t fake_last_write;

static uint64_t fake_read(void *priv, const struct vdev_access *a)
{
	for (unsigned int i = 0; i < NFAKE; i++) {
		if (a->offset >= fake_regs[i].offset &&
		    a->offset < fake_regs[i].offset + fake_regs[i].len) {
			fake_reads[i]++;
			break;
		}
	}
	assert_ptr_equal(priv, fake_reads);
	return ~0ull; /* the dispatcher must mask this to the size */
}

static void fake_write(void *priv, const struct vdev_access *a)
{
	for (unsigned int i = 0; i < NFAKE; i++)
		if (a->offset >= fake_regs[i].offset &&
		    a->offset < fake_regs[i].offset + fake_regs[i].len)
			fake_writes[i]++;
	assert_ptr_equal(priv, fake_reads);
	fake_last_write = a->value;
}

/* Registers of varied widths with holes, like a real device. */
static struct vdev_type fake_type_build(void)
{
	uint64_t off = 0x8;

	for (unsigned int i = 0; i < NFAKE; i++) {
		uint64_t len = (i % 5 == 0) ? 0x40 : (i % 3 == 0 ? 8 : 4);

		off = ALIGN_UP(off, len >= 8 ? 8 : 4);
		fake_regs[i] =
			(struct vdev_reg){ off, len, i % 3 == 0 ? 0xf : 0x4,
					   i % 7 != 6 ? fake_read : NULL,
					   i % 11 != 10 ? fake_write : NULL };
		off += len + (i % 4 == 1 ? 4 : 0); /* some holes */
	}
	return (struct vdev_type){ .name = "fake",
				   .compatible = fake_compat,
				   .regs = fake_regs,
				   .nregs = NFAKE };
}

/* What the dispatcher should decide, found by a linear scan. */
static int fake_reference(uint64_t off, unsigned int size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -1;
	if (off % size)
		return -1;
	for (unsigned int i = 0; i < NFAKE; i++) {
		const struct vdev_reg *r = &fake_regs[i];

		if (off >= r->offset && off + size <= r->offset + r->len &&
		    (r->sizes & size))
			return (int)i;
	}
	return -1;
}

static void test_dispatch_matches_reference(void **state)
{
	struct vdev_type t = fake_type_build();
	uint64_t last = fake_regs[NFAKE - 1].offset + fake_regs[NFAKE - 1].len;
	static const unsigned int sizes[] = { 0, 1, 2, 3, 4, 5, 8, 16 };

	(void)state;
	assert_int_equal(vdev_check_type(&t), 0);
	for (uint64_t off = 0; off < last + 16; off++) {
		for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
			int want = fake_reference(off, sizes[s]);
			uint64_t v = 0x1122334455667788ull;
			unsigned int reads = want >= 0 ? fake_reads[want] : 0;
			enum vdev_result r;

			r = tv_access(&t, fake_reads, false, off, sizes[s], &v);
			assert_int_equal(r,
					 want >= 0 ? VDEV_OK : VDEV_BAD_ACCESS);
			if (want < 0)
				continue;
			/* NULL reads as zero; others masked to the size. */
			if (!fake_regs[want].read) {
				assert_int_equal(v, 0);
				continue;
			}
			assert_int_equal(v,
					 sizes[s] == 8 ?
						 ~0ull :
						 (1ull << (8 * sizes[s])) - 1);
			assert_int_equal(fake_reads[want], reads + 1);
		}
	}
}

static void test_dispatch_write_masking(void **state)
{
	struct vdev_type t = fake_type_build();
	uint64_t v;

	(void)state;
	/* fake_regs[0] is 0x40 bytes at 0x8 allowing every size. */
	v = 0xffffffffffffff80ull;
	assert_int_equal(tv_access(&t, fake_reads, true, 0x8, 1, &v), VDEV_OK);
	assert_int_equal(fake_last_write, 0x80);
	v = 0xaaaabbbbccccddddull;
	assert_int_equal(tv_access(&t, fake_reads, true, 0x10, 4, &v), VDEV_OK);
	assert_int_equal(fake_last_write, 0xccccdddd);
	assert_int_equal(tv_access(&t, fake_reads, true, 0x10, 8, &v), VDEV_OK);
	assert_int_equal(fake_last_write, 0xaaaabbbbccccddddull);
	/* A huge offset neither wraps nor matches. */
	for (uint64_t off = UINT64_MAX - 16; off != 0; off++)
		assert_int_equal(tv_access(&t, fake_reads, false, off, 1, &v),
				 VDEV_BAD_ACCESS);
	/* NULL type or access. */
	struct vdev_access a = { 0x8, 4, false, 0, 0 };

	assert_int_equal(vdev_mmio_dispatch(NULL, fake_reads, &a),
			 VDEV_BAD_ACCESS);
	assert_int_equal(vdev_mmio_dispatch(&t, fake_reads, NULL),
			 VDEV_BAD_ACCESS);
}

/* ---- instance names ------------------------------------------------ */

static void test_instance_names(void **state)
{
	const struct vdev_type *pl011 = vdev_find("arm,pl011");
	void *p0 = NULL, *p1 = NULL, *p2 = NULL, *bad = NULL;
	uint64_t used = tv_heap_used();

	(void)state;
	assert_int_equal(
		pl011->probe(TV_GUEST("guest0"), NULL, &dt,
			     tv_node(&dt,
				     "/guests/guest0/aspace/uart0@9000000"),
			     &p0),
		0);
	assert_int_equal(
		pl011->probe(TV_GUEST("guest0"), NULL, &dt,
			     tv_node(&dt, "/guests/guest0/aspace/uart1"), &p1),
		0);
	assert_int_equal(
		pl011->probe(TV_GUEST("guest1"), NULL, &dt,
			     tv_node(&dt,
				     "/guests/guest1/aspace/uart0@9000000"),
			     &p2),
		0);
	assert_non_null(vserial_find("guest0/uart0"));
	assert_non_null(vserial_find("guest0/uart1"));
	assert_non_null(vserial_find("guest1/uart0"));
	/* Same name twice: refused, nothing leaked. */
	assert_int_equal(
		pl011->probe(TV_GUEST("guest0"), NULL, &dt,
			     tv_node(&dt, "/guests/guest0/aspace/uart1"), &bad),
		-MV_EEXIST);
	assert_null(bad);
	/* "<guest>/<node>" longer than a vserial name. */
	assert_int_equal(
		pl011->probe(TV_GUEST("guest0"), NULL, &dt,
			     tv_node(&dt, "/guests/guest0/aspace/"
					  "a-node-name-that-is-far-too-long-"
					  "for-a-vserial-name-at-all"),
			     &bad),
		-MV_ENAMETOOLONG);
	/* Missing pieces. */
	assert_int_equal(pl011->probe(NULL, NULL, &dt, 0, &bad), -MV_EINVAL);
	assert_int_equal(pl011->probe(TV_GUEST("g"), NULL, NULL, 0, &bad),
			 -MV_EINVAL);
	assert_int_equal(pl011->probe(TV_GUEST("g"), NULL, &dt, -1, &bad),
			 -MV_EINVAL);
	assert_int_equal(pl011->probe(TV_GUEST(""), NULL, &dt, 0, &bad),
			 -MV_EINVAL);
	assert_int_equal(pl011->probe(TV_GUEST("g"), NULL, &dt, 0, NULL),
			 -MV_EINVAL);
	pl011->remove(p0);
	pl011->remove(p1);
	pl011->remove(p2);
	pl011->remove(NULL);
	assert_int_equal(vserial_count(), 0);
	assert_int_equal(tv_heap_used(), used);
}

/* ---- the test device ------------------------------------------------ */

static void test_testdev(void **state)
{
	const struct vdev_type *t = vdev_find(VTESTDEV_COMPATIBLE);
	uint64_t used = tv_heap_used(), v;
	void *p = NULL;

	(void)state;
	assert_int_equal(t->probe(TV_GUEST("g"), NULL, &dt, 0, &p), 0);
	assert_int_equal(tv_read(t, p, VTESTDEV_ID, 4), VTESTDEV_ID_VALUE);
	assert_int_equal(tv_read(t, p, VTESTDEV_VERSION, 4),
			 VTESTDEV_VERSION_VALUE);
	/* ID is read-only; the write is accepted and ignored. */
	tv_write(t, p, VTESTDEV_ID, 4, 0);
	assert_int_equal(tv_read(t, p, VTESTDEV_ID, 4), VTESTDEV_ID_VALUE);

	/* The counter advances once per read, and a write sets it. */
	for (uint64_t i = 0; i < 1000; i++)
		assert_int_equal(tv_read(t, p, VTESTDEV_COUNTER, 4), i);
	tv_write(t, p, VTESTDEV_COUNTER, 4, 0xfffffffe);
	assert_int_equal(tv_read(t, p, VTESTDEV_COUNTER, 4), 0xfffffffe);
	assert_int_equal(tv_read(t, p, VTESTDEV_COUNTER, 4), 0xffffffff);
	assert_int_equal(tv_read(t, p, VTESTDEV_COUNTER, 4), 0); /* wraps */

	/* Scratch: every lane of every size, little endian. */
	tv_write(t, p, VTESTDEV_SCRATCH, 8, 0x0807060504030201ull);
	assert_int_equal(tv_read(t, p, VTESTDEV_SCRATCH + 3, 1), 4);
	assert_int_equal(tv_read(t, p, VTESTDEV_SCRATCH + 6, 2), 0x0807);
	assert_int_equal(tv_read(t, p, VTESTDEV_SCRATCH + 4, 4), 0x08070605);
	tv_write(t, p, VTESTDEV_SCRATCH + 2, 2, 0xbeef);
	assert_int_equal(tv_read(t, p, VTESTDEV_SCRATCH, 8),
			 0x08070605beef0201ull);
	/* Buffer: last byte and last quadword. */
	tv_write(t, p, VTESTDEV_BUF + VTESTDEV_BUF_SIZE - 8, 8, 0x1234);
	assert_int_equal(tv_read(t, p, VTESTDEV_BUF + VTESTDEV_BUF_SIZE - 8, 2),
			 0x1234);

	/* Refused: wrong sizes, holes, past the end, misaligned. */
	assert_int_equal(tv_access(t, p, false, VTESTDEV_ID, 2, &v),
			 VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(t, p, false, VTESTDEV_COUNTER, 8, &v),
			 VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(t, p, false, 0x0c, 4, &v), VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(t, p, false, 0x18, 4, &v), VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(t, p, false,
				   VTESTDEV_BUF + VTESTDEV_BUF_SIZE, 1, &v),
			 VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(t, p, false, VTESTDEV_SCRATCH + 1, 2, &v),
			 VDEV_BAD_ACCESS);
	assert_int_equal(tv_access(t, p, false, VTESTDEV_SIZE, 4, &v),
			 VDEV_BAD_ACCESS);
	/* The counter did not move on refused accesses. */
	v = tv_read(t, p, VTESTDEV_COUNTER, 4);
	assert_int_equal(tv_read(t, p, VTESTDEV_COUNTER, 4), v + 1);

	t->reset(p);
	assert_int_equal(tv_read(t, p, VTESTDEV_COUNTER, 4), 0);
	assert_int_equal(tv_read(t, p, VTESTDEV_SCRATCH, 8), 0);
	assert_int_equal(tv_read(t, p, VTESTDEV_BUF + 0xf8, 8), 0);
	assert_int_equal(vdev_irq_connect(t, p, NULL, NULL), -MV_ENOTSUP);
	assert_int_equal(vdev_irq_connect(NULL, p, NULL, NULL), -MV_EINVAL);
	assert_int_equal(vdev_irq_connect(t, NULL, NULL, NULL), -MV_EINVAL);
	t->remove(p);
	assert_int_equal(tv_heap_used(), used);
	assert_int_equal(t->probe(TV_GUEST("g"), NULL, &dt, 0, NULL),
			 -MV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_find, setup),
		cmocka_unit_test_setup(test_builtin_tables, setup),
		cmocka_unit_test_setup(test_check_type_rejects, setup),
		cmocka_unit_test_setup(test_dispatch_matches_reference, setup),
		cmocka_unit_test_setup(test_dispatch_write_masking, setup),
		cmocka_unit_test_setup(test_instance_names, setup),
		cmocka_unit_test_setup(test_testdev, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
