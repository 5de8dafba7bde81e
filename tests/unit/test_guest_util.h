/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture shared by the test_guest*.c programs: 64 MiB of fake host RAM
 * at 0x40000000 (memfd, so guest memory holds real bytes), a vapool
 * window, a heap, 4 host CPUs, the description trees of
 * tests/data/guests, QEMU's virt-gic3.dtb as the host tree, and the
 * images boot.bin, data.bin and big.bin. tg_snap() records every
 * figure a guest may change, so leak checks compare whole states.
 */
#ifndef TEST_GUEST_UTIL_H
#define TEST_GUEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <arch/guest.h>
#include <asm/fake.h>
#include <asm/guest.h>
#include <minivisor/aspace.h>
#include <minivisor/bundle.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/guest.h>
#include <minivisor/heap.h>
#include <minivisor/host_ram.h>
#include <minivisor/vapool.h>
#include <minivisor/vdev.h>

#define TG_RAM 0x40000000ULL
#define TG_RAM_SIZE MIB(64)
#define TG_VA_SIZE MIB(64)
#define TG_HEAP_SIZE MIB(4)
#define TG_CPUS 4

/** Every figure a guest changes while it exists. */
struct tg_snap {
	uint64_t free_frames;
	uint64_t vapool_free;
	uint64_t heap_used;
	uint64_t heap_free;
	uint64_t mappings;
	int vms, vcpus;
	unsigned int loads[TG_CPUS];
	unsigned int guests;
};

static unsigned char tg_boot[4096], tg_data[100], tg_big[8193];
static void *tg_ram_meta, *tg_vp_meta, *tg_heap;
static void *tg_blobs[3];
static struct devtree tg_host;

/** Absolute path of tests/data/@rel. */
static inline const char *tg_data_path(char *buf, size_t size, const char *rel)
{
	const char *slash = strrchr(__FILE__, '/');
	int n = slash ? (int)(slash - __FILE__) : 1;

	snprintf(buf, size, "%.*s/../data/%s", n, slash ? __FILE__ : ".", rel);
	return buf;
}

/** Read file @path into a fresh malloc'ed buffer; aborts if absent. */
static inline void *tg_load_path(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0)
		abort();
	rewind(f);
	buf = malloc((size_t)len);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
		abort();
	fclose(f);
	*size = (size_t)len;
	return buf;
}

/** Read tests/data/@rel (see tg_load_path()). */
static inline void *tg_load(const char *rel, size_t *size)
{
	char path[4096];

	return tg_load_path(tg_data_path(path, sizeof(path), rel), size);
}

static inline void tg_snap(struct tg_snap *s)
{
	struct host_ram_info ri;
	struct buddy_info vi;
	struct heap_info hi;
	struct aspace_info ai;

	memset(s, 0, sizeof(*s));
	host_ram_get_info(&ri);
	vapool_get_info(&vi);
	heap_get_info(&hi);
	aspace_get_info(&ai);
	s->free_frames = ri.free_frames;
	s->vapool_free = vi.free_bytes;
	s->heap_used = hi.used_bytes;
	s->heap_free = hi.free_bytes;
	s->mappings = ai.mappings;
	s->vms = fake_guest_live_vms();
	s->vcpus = fake_guest_live_vcpus();
	for (unsigned int i = 0; i < TG_CPUS; i++)
		s->loads[i] = sched_cpu_load(i);
	s->guests = guest_count();
	if (host_ram_check() || heap_check())
		abort();
}

/** True when the current figures equal @a's. */
static inline bool tg_same(const struct tg_snap *a)
{
	struct tg_snap b;

	tg_snap(&b);
	return !memcmp(a, &b, sizeof(b));
}

static inline void tg_fill_images(void)
{
	for (size_t i = 0; i < sizeof(tg_boot); i++)
		tg_boot[i] = (unsigned char)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(tg_data); i++)
		tg_data[i] = (unsigned char)(0xd0 + i);
	memset(tg_big, 0xbb, sizeof(tg_big));
	if (guest_image_register("boot.bin", tg_boot, sizeof(tg_boot)) ||
	    guest_image_register("data.bin", tg_data, sizeof(tg_data)) ||
	    guest_image_register("big.bin", tg_big, sizeof(tg_big)))
		abort();
}

static inline void tg_mm_setup(void)
{
	static vaddr_t window;

	if (fake_ram_setup(TG_RAM, TG_RAM_SIZE))
		abort();
	host_ram_reset();
	tg_ram_meta = malloc(host_ram_bank_meta_size(TG_RAM_SIZE));
	if (host_ram_add_bank(TG_RAM, TG_RAM_SIZE, tg_ram_meta) < 0)
		abort();
	if (!window)
		window = fake_va_window(TG_VA_SIZE);
	tg_vp_meta = malloc(vapool_meta_size(TG_VA_SIZE));
	if (!window || vapool_init(window, TG_VA_SIZE, tg_vp_meta,
				   vapool_meta_size(TG_VA_SIZE)))
		abort();
	aspace_reset();
	tg_heap = aligned_alloc(PAGE_SIZE, TG_HEAP_SIZE);
	if (!tg_heap || heap_init(tg_heap, TG_HEAP_SIZE))
		abort();
}

/** Fresh memory, scheduler and configuration; no guest. */
static inline int tg_setup(void **state)
{
	const char *trees[] = { "guests/good.dtb", "guests/bad.dtb" };
	size_t size;

	(void)state;
	tg_mm_setup();
	fake_guest_kick_respond(true);
	fake_guest_set_vmid_count(256);
	fake_guest_reset_kicks();
	for (int op = 0; op < FAKE_GUEST_NR_OPS; op++)
		fake_guest_fail_next((enum fake_guest_op)op, 0);
	if (sched_init(TG_CPUS))
		abort();
	guest_config_clear();
	guest_image_clear();
	bundle_clear_boot();
	for (int i = 0; i < 2; i++) {
		tg_blobs[i] = tg_load(trees[i], &size);
		if (guest_config_add_tree(tg_blobs[i], size))
			abort();
	}
	tg_blobs[2] = tg_load("dtb/virt-gic3.dtb", &size);
	if (devtree_open(&tg_host, tg_blobs[2], size))
		abort();
	guest_config_set_host_tree(&tg_host);
	tg_fill_images();
	return 0;
}

/** Destroy what a test left, then release the fixture. */
static inline int tg_teardown(void **state)
{
	(void)state;
	/* Remote CPUs must answer kicks, or destroy would wait forever. */
	fake_guest_kick_respond(true);
	for (unsigned int id = 0; id < CONFIG_GUEST_MAX; id++) {
		struct guest *g = guest_by_id(id);

		if (g && guest_destroy(g))
			abort();
	}
	if (fake_guest_live_vms() || fake_guest_live_vcpus())
		abort();
	guest_config_clear();
	bundle_clear_boot();
	for (int i = 0; i < 3; i++)
		free(tg_blobs[i]);
	aspace_reset();
	host_ram_reset();
	fake_ram_teardown();
	free(tg_ram_meta);
	free(tg_vp_meta);
	free(tg_heap);
	return 0;
}

/** Create @name, failing the test program on error (prints why). */
static inline struct guest *tg_create(const char *name)
{
	char err[GUEST_ERR_MAX];
	struct guest *g = NULL;

	if (guest_create(name, &g, err, sizeof(err))) {
		fprintf(stderr, "create %s: %s\n", name, err);
		abort();
	}
	return g;
}

/** Read one byte of @g at @gpa as the guest would see it. */
static inline int tg_peek(const struct guest *g, gpa_t gpa)
{
	unsigned char b;

	if (fake_guest_access(g, gpa, &b, 1, false))
		return -1;
	return b;
}

#endif
