// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot bundle reader: archives made by GNU cpio (newc and crc),
 * archives written here entry by entry, and every way of breaking one
 * (each refused with its reason; every truncation refused; random
 * corruption never read out of bounds - blobs are exact-size heap
 * copies, so ASan sees any overrun). Also the guest-side users: images
 * and guests.dtb from the boot bundle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_guest_util.h"

/* An archive being written: newc (or crc) entries appended to @buf. */
struct arc {
	unsigned char buf[16384];
	size_t len;
	bool crc;
};

static void arc_pad(struct arc *a)
{
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

/* Append one entry; @namesize 0 means strlen(@name) + 1. */
static void arc_add(struct arc *a, const char *name, unsigned int mode,
		    const void *data, size_t size, unsigned int namesize)
{
	unsigned int sum = 0;
	char hdr[111];

	for (size_t i = 0; i < size; i++)
		sum += ((const unsigned char *)data)[i];
	if (!namesize)
		namesize = (unsigned int)strlen(name) + 1;
	snprintf(hdr, sizeof(hdr),
		 "%s%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08x%08x",
		 a->crc ? "070702" : "070701", 1u, mode, 0u, 0u, 1u, 0u, size,
		 0u, 0u, 0u, 0u, namesize, a->crc ? sum : 0u);
	memcpy(a->buf + a->len, hdr, 110);
	a->len += 110;
	memcpy(a->buf + a->len, name, strlen(name) + 1);
	a->len += namesize;
	arc_pad(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	arc_pad(a);
}

static void arc_file(struct arc *a, const char *name, const char *text)
{
	arc_add(a, name, 0100644, text, strlen(text), 0);
}

static void arc_trailer(struct arc *a)
{
	arc_add(a, "TRAILER!!!", 0, "", 0, 0);
}

/* bundle_open() on an exact-size heap copy of @len bytes of @p. */
static int open_copy(const void *p, size_t len, struct bundle *b, void **copy)
{
	*copy = malloc(len ? len : 1);
	memcpy(*copy, p, len);
	return bundle_open(b, *copy, len);
}

static void test_gnu_cpio(void **state)
{
	static const char *const fmts[] = { "guests/bundle-newc.cpio",
					    "guests/bundle-crc.cpio" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct bundle b;
		struct bundle_file f;
		size_t size, cursor = 0;
		void *blob = tg_load(fmts[i], &size);
		const void *d;
		size_t n;

		assert_int_equal(bundle_open(&b, blob, size), 0);
		assert_string_equal(bundle_last_error(), "");
		assert_int_equal(b.nfiles, 3);
		/* Files in order, directory skipped, "./" removed. */
		assert_int_equal(bundle_next(&b, &cursor, &f), 0);
		assert_string_equal(f.name, "boot.bin");
		assert_int_equal(f.size, 4096);
		assert_int_equal(f.mode, 0100644);
		for (int k = 0; k < 4096; k++)
			assert_int_equal(((const unsigned char *)f.data)[k],
					 (unsigned char)(k * 7 + 1));
		assert_int_equal(bundle_next(&b, &cursor, &f), 0);
		assert_string_equal(f.name, "dir/data.bin");
		assert_int_equal(bundle_next(&b, &cursor, &f), 0);
		assert_string_equal(f.name, "guests.dtb");
		assert_int_equal(bundle_next(&b, &cursor, &f), -MV_ENOENT);
		assert_int_equal(bundle_find(&b, "./dir/data.bin", &d, &n), 0);
		assert_int_equal(n, 22);
		assert_memory_equal(d, "hello from the bundle\n", 22);
		assert_int_equal(bundle_find(&b, "/dir/data.bin", &d, &n), 0);
		assert_int_equal(bundle_find(&b, "dir", &d, &n), -MV_ENOENT);
		assert_int_equal(bundle_find(&b, "data.bin", &d, &n),
				 -MV_ENOENT);
		assert_int_equal(bundle_find(&b, NULL, &d, &n), -MV_ENOENT);
		free(blob);
	}
}

/* Flip one data byte of the crc archive: its checksum catches it. */
static void test_crc_mismatch(void **state)
{
	struct bundle b;
	size_t size;
	unsigned char *blob = tg_load("guests/bundle-crc.cpio", &size);

	(void)state;
	blob[0x80] ^= 1; /* inside boot.bin's data */
	assert_int_equal(bundle_open(&b, blob, size), -MV_EBADMSG);
	assert_string_equal(bundle_last_error(), "checksum mismatch");
	free(blob);
}

static void test_written(void **state)
{
	static struct arc a;
	struct bundle b;
	const void *d;
	size_t n;
	void *copy;

	(void)state;
	memset(&a, 0, sizeof(a));
	arc_file(&a, "a", "");
	arc_file(&a, "bb", "1");
	arc_file(&a, "ccc", "12");
	arc_file(&a, "dddd", "123");
	arc_file(&a, "a", "second a");
	arc_add(&a, "link", 0120777, "a", 1, 0); /* not a regular file */
	arc_trailer(&a);
	/* Padding after the trailer (as initrds have) is ignored. */
	assert_int_equal(open_copy(a.buf, a.len + 512, &b, &copy), 0);
	assert_int_equal(b.nfiles, 5);
	assert_int_equal(b.size, a.len);
	assert_int_equal(bundle_find(&b, "a", &d, &n), 0);
	assert_int_equal(n, 0); /* the first one wins */
	assert_int_equal(bundle_find(&b, "dddd", &d, &n), 0);
	assert_memory_equal(d, "123", 3);
	assert_int_equal(bundle_find(&b, "link", &d, &n), -MV_ENOENT);
	free(copy);
	assert_int_equal(bundle_open(NULL, a.buf, a.len), -MV_EINVAL);
	assert_int_equal(bundle_open(&b, NULL, a.len), -MV_EINVAL);
	assert_int_equal(bundle_next(NULL, &n, NULL), -MV_ENOENT);
}

/* Build the base archive, let @mutate break it, expect @why. */
static void expect_refused(void (*mutate)(struct arc *a), const char *why)
{
	static struct arc a;
	struct bundle b;
	void *copy;

	memset(&a, 0, sizeof(a));
	arc_file(&a, "x", "abc");
	mutate(&a);
	assert_int_equal(open_copy(a.buf, a.len, &b, &copy), -MV_EBADMSG);
	assert_string_equal(bundle_last_error(), why);
	free(copy);
}

static void m_no_trailer(struct arc *a)
{
}

static void m_magic(struct arc *a)
{
	arc_trailer(a);
	a->buf[5] = '7';
}

static void m_hex(struct arc *a)
{
	arc_trailer(a);
	a->buf[6 + 8 * 6 + 3] = 'g'; /* filesize */
}

static void m_name_size0(struct arc *a)
{
	arc_add(a, "", 0100644, "", 0, 1); /* namesize 1: empty name */
	arc_trailer(a);
}

static void m_name_unterminated(struct arc *a)
{
	arc_trailer(a);
	a->buf[110 + 1] = 'y'; /* "x\0" -> "xy" */
}

static void m_name_embedded_nul(struct arc *a)
{
	arc_add(a, "ab", 0100644, "", 0, 5); /* "ab\0\0\0": size 5 */
	arc_trailer(a);
}

static void m_data_past_end(struct arc *a)
{
	arc_trailer(a);
	memcpy(a->buf + 6 + 8 * 6, "00010000", 8);
}

static void m_name_huge(struct arc *a)
{
	arc_trailer(a);
	memcpy(a->buf + 6 + 8 * 11, "ffffffff", 8);
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused(m_no_trailer, "truncated header");
	expect_refused(m_magic, "bad magic (not cpio newc)");
	expect_refused(m_hex, "bad hex field in header");
	expect_refused(m_name_size0, "bad name size");
	expect_refused(m_name_unterminated,
		       "name not terminated where its size says");
	expect_refused(m_name_embedded_nul,
		       "name not terminated where its size says");
	expect_refused(m_data_past_end, "file data runs past the end");
	expect_refused(m_name_huge, "bad name size");
}

/* Every prefix shorter than the trailer's end is refused. */
static void test_truncations(void **state)
{
	size_t size;
	void *blob = tg_load("guests/bundle-newc.cpio", &size);
	struct bundle b;
	void *copy;

	(void)state;
	assert_int_equal(bundle_open(&b, blob, size), 0);
	assert_true(b.size < size); /* GNU cpio pads to 512 bytes */
	for (size_t len = 0; len < b.size; len++) {
		assert_int_equal(open_copy(blob, len, &b, &copy), -MV_EBADMSG);
		free(copy);
	}
	assert_int_equal(open_copy(blob, b.size, &b, &copy), 0);
	free(copy);
	free(blob);
}

/* Random byte changes: refused or opened, never out of bounds. */
static void test_random_corruption(void **state)
{
	size_t size;
	unsigned char *orig = tg_load("guests/bundle-newc.cpio", &size);
	unsigned int seed = 12345, opened = 0;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		unsigned char *copy = malloc(size);
		struct bundle b;
		struct bundle_file f;
		size_t cursor = 0, total = 0;

		memcpy(copy, orig, size);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245 + 12345;
			copy[(seed >> 8) % 600] = (unsigned char)(seed >> 20);
		}
		if (!bundle_open(&b, copy, size)) {
			opened++;
			while (!bundle_next(&b, &cursor, &f))
				for (size_t i = 0; i < f.size; i++)
					total += ((const unsigned char *)
							  f.data)[i];
		}
		(void)total;
		free(copy);
	}
	assert_true(opened > 0); /* some flips hit data, not headers */
	free(orig);
}

static void test_boot_bundle_users(void **state)
{
	size_t size;
	void *blob = tg_load("guests/bundle-newc.cpio", &size);
	const void *d;
	size_t n;
	struct tg_snap before;
	struct guest *g;

	(void)state;
	assert_null(bundle_boot());
	assert_int_equal(guest_image_find("boot.bin", &d, &n), 0);
	assert_ptr_equal(d, tg_boot); /* the registered blob */
	assert_int_equal(bundle_set_boot(blob, size), 0);
	assert_non_null(bundle_boot());
	/* The bundle's file replaces the built-in image of that name. */
	assert_int_equal(guest_image_find("boot.bin", &d, &n), 0);
	assert_true(d > blob && (const char *)d < (const char *)blob + size);
	assert_int_equal(guest_image_find("dir/data.bin", &d, &n), 0);
	assert_int_equal(guest_image_find("data.bin", &d, &n), 0);
	assert_ptr_equal(d, tg_data);
	/* guests.dtb in the bundle (4-byte aligned: copied). */
	guest_config_clear();
	tg_snap(&before);
	assert_int_equal(guest_config_add_bundle(bundle_boot()), 0);
	g = tg_create("g1");
	assert_int_equal(tg_peek(g, 1), 8); /* boot.bin from the bundle */
	assert_int_equal(guest_destroy(g), 0);
	assert_int_equal(guest_config_add_bundle(NULL), -MV_ENOENT);
	guest_config_clear();
	/* A broken boot bundle leaves none. */
	assert_int_equal(bundle_set_boot(blob, 100), -MV_EBADMSG);
	assert_null(bundle_boot());
	assert_true(tg_same(&before));
	free(blob);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tg_setup, tg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_gnu_cpio),	   T(test_crc_mismatch),
		T(test_written),	   T(test_refused),
		T(test_truncations),	   T(test_random_corruption),
		T(test_boot_bundle_users),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
