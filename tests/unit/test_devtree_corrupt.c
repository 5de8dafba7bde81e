// SPDX-License-Identifier: GPL-2.0-only
/*
 * Broken blobs made at run time from the fixtures: truncations, bad
 * headers, random byte flips, and well-formed blobs with malformed
 * properties. devtree_open() must refuse what libfdt cannot trust, and
 * every reader must return (ASan and UBSan watch each access) on what
 * it accepts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>

#include <minivisor/devtree.h>
#include <minivisor/errno.h>

#include "test_devtree_util.h"

#define NFIXTURES (sizeof(test_dtbs) / sizeof(*test_dtbs))

static void assert_refused(const void *blob, size_t len, const char *why)
{
	struct devtree dt;

	assert_int_equal(devtree_open(&dt, blob, len), -MV_EBADMSG);
	assert_null(dt.fdt);
	if (why && !strstr(devtree_last_error(), why))
		fail_msg("reason \"%s\", expected \"%s\"", devtree_last_error(),
			 why);
}

/* A buffer of exactly @len bytes cut from a valid blob is refused. */
static void test_truncated_buffer(void **state)
{
	for (unsigned int i = 0; i < NFIXTURES; i++) {
		struct blob b = test_load_packed(test_dtbs[i]);

		for (size_t len = 0; len < b.size; len++) {
			void *cut = test_copy(b.data, len);

			assert_refused(cut, len, NULL);
			free(cut);
		}
		free(b.data);
	}
	(void)state;
}

/* The same cuts with totalsize rewritten to match: blocks now overflow. */
static void test_truncated_totalsize(void **state)
{
	for (unsigned int i = 0; i < NFIXTURES; i++) {
		struct blob b = test_load_packed(test_dtbs[i]);

		for (size_t len = sizeof(struct fdt_header); len < b.size;
		     len++) {
			void *cut = test_copy(b.data, len);

			fdt_set_totalsize(cut, len);
			assert_refused(cut, len, NULL);
			free(cut);
		}
		free(b.data);
	}
	(void)state;
}

/* QEMU's unpacked 1 MiB blob cut at a stride through its padding. */
static void test_truncated_padded(void **state)
{
	struct blob b = test_load_dtb("virt-numa.dtb");
	struct devtree dt;

	for (size_t len = 0; len < b.size; len += 4093) {
		void *cut = test_copy(b.data, len);

		assert_refused(cut, len, NULL);
		free(cut);
	}
	assert_int_equal(devtree_open(&dt, b.data, b.size), 0);
	free(b.data);
	(void)state;
}

static void test_small_buffer(void **state)
{
	struct blob b = test_load_packed("cells1.dtb");

	for (size_t len = 0; len < sizeof(struct fdt_header); len++)
		assert_refused(b.data, len, "smaller than a header");
	free(b.data);
	(void)state;
}

/* The specification wants 8-byte alignment: anything less is refused. */
static void test_misaligned(void **state)
{
	struct blob b = test_load_packed("cells1.dtb");
	char *buf = malloc(b.size + 8);

	for (int off = 1; off < 8; off++) {
		memcpy(buf + off, b.data, b.size);
		assert_refused(buf + off, b.size, "aligned");
	}
	free(buf);
	free(b.data);
	(void)state;
}

/* Edit one header field of a copy and expect a refusal for @why. */
static void check_header_edit(const struct blob *b, size_t field, uint32_t val,
			      const char *why)
{
	void *copy = test_copy(b->data, b->size);

	fdt32_st((char *)copy + field, val);
	assert_refused(copy, b->size, why);
	free(copy);
}

#define HDR(f) offsetof(struct fdt_header, f)

static void test_bad_header(void **state)
{
	struct blob b = test_load_packed("cells1.dtb");
	uint32_t size = b.size;

	check_header_edit(&b, HDR(magic), 0xd00dfeee, "bad magic");
	check_header_edit(&b, HDR(magic), 0, "bad magic");
	check_header_edit(&b, HDR(totalsize), size + 1, "totalsize larger");
	check_header_edit(&b, HDR(totalsize), 0xffffffff, "totalsize larger");
	check_header_edit(&b, HDR(totalsize), 16, "totalsize smaller");
	check_header_edit(&b, HDR(version), 1, "version");
	check_header_edit(&b, HDR(last_comp_version), 18, "version");
	check_header_edit(&b, HDR(off_dt_struct), size, NULL);
	check_header_edit(&b, HDR(off_dt_struct), 0xfffffff0, NULL);
	check_header_edit(&b, HDR(off_dt_struct), 0, NULL);
	check_header_edit(&b, HDR(size_dt_struct), size, NULL);
	check_header_edit(&b, HDR(size_dt_struct), 0xfffffffc, NULL);
	check_header_edit(&b, HDR(off_dt_strings), size + 4, NULL);
	check_header_edit(&b, HDR(off_dt_strings), 0xffffffff, NULL);
	check_header_edit(&b, HDR(size_dt_strings), size, NULL);
	check_header_edit(&b, HDR(off_mem_rsvmap), size, NULL);
	check_header_edit(&b, HDR(off_mem_rsvmap), 3, NULL);
	free(b.data);
	(void)state;
}

/* A valid blob read through a buffer one byte short of totalsize. */
static void test_totalsize_beyond_buffer(void **state)
{
	struct blob b = test_load_dtb("virt-gic2.dtb");

	assert_refused(b.data, b.size - 1, "totalsize larger");
	free(b.data);
	(void)state;
}

/* xorshift64: reproducible corruption without libc's rand(). */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Corrupt 1..8 bytes; returns 1 when the result opened and was read. */
static int check_flipped(const struct blob *b, uint64_t *seed)
{
	uint8_t *copy = test_copy(b->data, b->size);
	int flips = 1 + rng_next(seed) % 8, opened = 0;
	struct devtree dt;

	for (int k = 0; k < flips; k++)
		copy[rng_next(seed) % b->size] = rng_next(seed);
	if (devtree_open(&dt, copy, b->size) == 0) {
		test_exercise(&dt);
		opened = 1;
	} else {
		assert_null(dt.fdt);
	}
	free(copy);
	return opened;
}

static void test_random_flips(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15;
	int opened = 0, runs = 0;

	for (unsigned int i = 0; i < NFIXTURES; i++) {
		struct blob b = test_load_packed(test_dtbs[i]);

		for (int n = 0; n < 1500; n++, runs++)
			opened += check_flipped(&b, &seed);
		free(b.data);
	}
	print_message("random flips: %d of %d corrupted blobs opened\n", opened,
		      runs);
	/* most flips land in values and names: those still open */
	assert_true(opened > 0 && opened < runs);
	(void)state;
}

/* Random values in random header fields, on every fixture. */
static void test_random_header(void **state)
{
	uint64_t seed = 0x1234567;

	for (unsigned int i = 0; i < NFIXTURES; i++) {
		struct blob b = test_load_packed(test_dtbs[i]);

		for (int n = 0; n < 2000; n++) {
			void *copy = test_copy(b.data, b.size);
			struct devtree dt;
			size_t field = 4 * (rng_next(&seed) % 10);
			uint32_t val = rng_next(&seed);

			if (n & 1) /* small values hit the edges more often */
				val %= 2 * b.size;
			fdt32_st((char *)copy + field, val);
			if (devtree_open(&dt, copy, b.size) == 0)
				test_exercise(&dt);
			free(copy);
		}
		free(b.data);
	}
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated_buffer),
		cmocka_unit_test(test_truncated_totalsize),
		cmocka_unit_test(test_truncated_padded),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_totalsize_beyond_buffer),
		cmocka_unit_test(test_random_flips),
		cmocka_unit_test(test_random_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
