// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for guest descriptions: each input is a blob of
 * guest descriptions (in an exact-size, 8-byte aligned copy). Every
 * guest it describes is created on arch/fake; those that are created
 * are run through the lifecycle and destroyed. After each input the
 * host RAM, vapool, heap and arch figures must be exactly what they
 * were: a leak on any path aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/fake.h>
#include <asm/guest.h>
#include <minivisor/buddy.h>
#include <minivisor/guest.h>
#include <minivisor/heap.h>
#include <minivisor/host_ram.h>
#include <minivisor/vapool.h>

#define RAM 0x40000000ULL
#define RAM_SIZE (8ULL << 20)
#define VA_SIZE (16ULL << 20)
#define HEAP_SIZE (2ULL << 20)

struct figures {
	uint64_t frames, vapool, heap;
	int vms, vcpus;
};

static struct figures base;
static uint8_t image[6000];

static void figures_get(struct figures *f)
{
	struct host_ram_info r;
	struct buddy_info v;
	struct heap_info h;

	host_ram_get_info(&r);
	vapool_get_info(&v);
	heap_get_info(&h);
	f->frames = r.free_frames;
	f->vapool = v.free_bytes;
	f->heap = h.used_bytes;
	f->vms = fake_guest_live_vms();
	f->vcpus = fake_guest_live_vcpus();
}

static void fuzz_setup(void)
{
	vaddr_t window = fake_va_window(VA_SIZE);
	void *heap = aligned_alloc(4096, HEAP_SIZE);

	if (fake_ram_setup(RAM, RAM_SIZE) || !window || !heap ||
	    host_ram_add_bank(RAM, RAM_SIZE,
			      malloc(host_ram_bank_meta_size(RAM_SIZE))) < 0 ||
	    vapool_init(window, VA_SIZE, malloc(vapool_meta_size(VA_SIZE)),
			vapool_meta_size(VA_SIZE)) ||
	    heap_init(heap, HEAP_SIZE) || sched_init(2))
		abort();
	for (size_t i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)i;
	guest_image_register("boot.bin", image, 4096);
	guest_image_register("data.bin", image, 100);
	guest_image_register("big.bin", image, sizeof(image));
	guest_image_register("testguest.bin", image, 2048);
	fake_console_echo(false);
	figures_get(&base);
}

/* Exercise a created guest, then destroy it. */
static void fuzz_run(struct guest *g)
{
	uint8_t buf[64];
	const struct guest_region *r = guest_region_at(g, 0);

	if (r && r->size >= sizeof(buf))
		guest_mem_read(g, r->gpa, buf, sizeof(buf));
	guest_kick(g);
	guest_pause(g);
	guest_resume(g);
	guest_halt(g, "fuzz");
	guest_reset(g);
	if (guest_destroy(g))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct figures now;
	const char *name;
	uint64_t *copy;

	if (!ready) {
		fuzz_setup();
		ready = true;
	}
	copy = malloc(size ? size : 1); /* 16-byte aligned, exact size */
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	guest_config_clear();
	if (!guest_config_add_tree(copy, size))
		for (unsigned int i = 0;
		     i < 16 && (name = guest_config_name_at(i)); i++) {
			char err[GUEST_ERR_MAX];
			struct guest *g;

			if (!guest_create(name, &g, err, sizeof(err)))
				fuzz_run(g);
			else if (!err[0])
				abort(); /* every refusal says why */
		}
	guest_config_clear();
	figures_get(&now);
	if (memcmp(&now, &base, sizeof(now)))
		abort();
	free(copy);
	return 0;
}
