// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest descriptions: what a well-formed description creates (regions,
 * stage-2 contents, images, vCPU templates), every malformed kind of
 * tests/data/guests/bad.dts refused with its exact line and nothing
 * leaked, description trees stacking, and the fixtures being current.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "test_guest_util.h"

static const struct guest_region *region_named(const struct guest *g,
					       const char *name)
{
	const struct guest_region *r;

	for (unsigned int i = 0; (r = guest_region_at(g, i)); i++)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

static void test_g1_regions(void **state)
{
	struct guest *g = tg_create("g1");
	static const char *const order[] = { "rom@0", "uart0@9000000",
					     "testdev@a000000",
					     "mem@40000000" };
	const struct guest_region *mem, *rom, *dev;

	(void)state;
	assert_int_equal(guest_region_count(g), 4);
	for (unsigned int i = 0; i < 4; i++)
		assert_string_equal(guest_region_at(g, i)->name, order[i]);
	mem = region_named(g, "mem@40000000");
	rom = region_named(g, "rom@0");
	dev = region_named(g, "testdev@a000000");
	assert_int_equal(mem->type, GUEST_REGION_ALLOCED_RAM);
	assert_int_equal(mem->size, 0x100000);
	assert_int_equal(mem->align, MIB(2));
	assert_true(IS_ALIGNED(mem->hpa, MIB(2)));
	assert_true(mem->hpa >= TG_RAM &&
		    mem->hpa + mem->size <= TG_RAM + TG_RAM_SIZE);
	assert_int_equal(rom->type, GUEST_REGION_ALLOCED_ROM);
	assert_int_equal(rom->flags & 7,
			 GUEST_REGION_F_READ | GUEST_REGION_F_EXEC);
	/* The second compatible string is the one an emulator knows. */
	assert_int_equal(dev->type, GUEST_REGION_EMULATED);
	assert_string_equal(dev->vdev->name, "testdev");
	assert_non_null(dev->vdev_priv);
	assert_string_equal(region_named(g, "uart0@9000000")->vdev->name,
			    "pl011");
	assert_int_equal(guest_ram_size(g), 0x100000);
	assert_int_equal(guest_state(g), GUEST_STATE_RESET);
	assert_true(guest_vmid(g) >= 1);
	assert_ptr_equal(guest_region_find(g, 0x400fffff), mem);
	assert_null(guest_region_find(g, 0x40100000));
	assert_ptr_equal(guest_region_find(g, 0x0a000fff), dev);
}

static void test_g1_stage2(void **state)
{
	struct guest *g = tg_create("g1");
	const struct guest_region *mem = region_named(g, "mem@40000000");
	const struct guest_region *rom = region_named(g, "rom@0");
	unsigned int attr;
	paddr_t hpa;

	(void)state;
	/* Exactly the two memory regions are mapped, with their rights. */
	assert_int_equal(g->arch.nmaps, 2);
	assert_int_equal(fake_guest_s2_lookup(g, 0x40000123, &hpa, &attr), 0);
	assert_int_equal(hpa, mem->hpa + 0x123);
	assert_int_equal(attr, VM_MAP_READ | VM_MAP_WRITE | VM_MAP_EXEC);
	assert_int_equal(fake_guest_s2_lookup(g, 0xfff0, &hpa, &attr), 0);
	assert_int_equal(hpa, rom->hpa + 0xfff0);
	assert_int_equal(attr, VM_MAP_READ | VM_MAP_EXEC);
	/* Devices trap: they are not in the stage-2 tables. */
	assert_int_equal(fake_guest_s2_lookup(g, 0x09000000, &hpa, &attr),
			 -MV_EFAULT);
	assert_int_equal(fake_guest_s2_lookup(g, 0x0a000000, &hpa, &attr),
			 -MV_EFAULT);
	assert_int_equal(fake_guest_s2_lookup(g, 0x10000, &hpa, &attr),
			 -MV_EFAULT);
}

static void test_g1_images(void **state)
{
	struct guest *g = tg_create("g1");
	unsigned char buf[0x1200], b = 0x55;

	(void)state;
	/* The guest sees boot.bin at IPA 0, then zeroes. */
	assert_int_equal(fake_guest_access(g, 0, buf, 0x1200, false), 0);
	assert_memory_equal(buf, tg_boot, sizeof(tg_boot));
	for (size_t i = sizeof(tg_boot); i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	/* data.bin at RAM + 0x1000, zero around it. */
	assert_int_equal(
		fake_guest_access(g, 0x40000000, buf, sizeof(buf), false), 0);
	for (size_t i = 0; i < 0x1000; i++)
		assert_int_equal(buf[i], 0);
	assert_memory_equal(buf + 0x1000, tg_data, sizeof(tg_data));
	assert_int_equal(buf[0x1000 + sizeof(tg_data)], 0);
	/* The ROM is read-only for the guest. */
	assert_int_equal(fake_guest_access(g, 0x100, &b, 1, true), -MV_EPERM);
	assert_int_equal(fake_guest_access(g, 0x40000100, &b, 1, true), 0);
	assert_int_equal(tg_peek(g, 0x40000100), 0x55);
}

static void test_g2_vcpus(void **state)
{
	struct guest *g = tg_create("g2");
	struct vcpu *v0, *v1, *v2;

	(void)state;
	assert_int_equal(guest_vcpu_count(g), 3);
	v0 = guest_vcpu(g, 0);
	v1 = guest_vcpu(g, 1);
	v2 = guest_vcpu(g, 2);
	assert_null(guest_vcpu(g, 3));
	/* One-cell start_pc; boot_args into x0/x1; MPIDR overrides. */
	assert_int_equal(v0->arch.pc, 0x40000000);
	assert_int_equal(v0->arch.x[0], 0x44000000);
	assert_int_equal(v0->arch.x[1], 1);
	assert_int_equal(v0->arch.x[2], 0);
	assert_int_equal(vcpu_mpidr(v0), 0);
	assert_int_equal(vcpu_mpidr(v1), 0x100);
	assert_int_equal(vcpu_mpidr(v2), 2);
	assert_int_equal(v1->arch.mpidr, 0x80000100);
	assert_ptr_equal(guest_vcpu_by_mpidr(g, 0x100), v1);
	assert_null(guest_vcpu_by_mpidr(g, 1));
	assert_int_equal(v2->arch.pc, 0x40001000);
	assert_true(v2->tmpl.poweroff);
	assert_false(v1->tmpl.poweroff);
	assert_int_equal(v1->arch.x[0], 0x44000000);
	/*
	 * host_cpu honoured; the others go to the least loaded CPU, CPU 0
	 * (the shell's) last on ties: v0 -> 1 (all idle), v2 -> 2.
	 */
	assert_int_equal(vcpu_host_cpu(v1), 1);
	assert_int_equal(vcpu_host_cpu(v0), 1);
	assert_int_equal(vcpu_host_cpu(v2), 2);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(vcpu_state(guest_vcpu(g, i)), VCPU_STATE_OFF);
		assert_int_equal(vcpu_index(guest_vcpu(g, i)), i);
		assert_ptr_equal(vcpu_guest(guest_vcpu(g, i)), g);
	}
}

static void test_host_ranges(void **state)
{
	char err[GUEST_ERR_MAX];
	struct guest *g3 = tg_create("g3"), *g;
	struct tg_snap before;
	unsigned int attr;
	paddr_t hpa;

	(void)state;
	assert_int_equal(fake_guest_s2_lookup(g3, 0x80000010, &hpa, &attr), 0);
	assert_int_equal(hpa, 0x20000010);
	assert_int_equal(attr, VM_MAP_READ | VM_MAP_WRITE | VM_MAP_EXEC);
	assert_int_equal(fake_guest_s2_lookup(g3, 0x90000000, &hpa, &attr), 0);
	assert_int_equal(attr, VM_MAP_READ | VM_MAP_EXEC);
	/* g3b's host range overlaps g3's: refused while g3 lives. */
	tg_snap(&before);
	assert_int_equal(guest_create("g3b", &g, err, sizeof(err)), -MV_EBUSY);
	assert_string_equal(err, "/guests/g3b/aspace/ram: host_physical_addr: "
				 "0x2000f000-0x20010fff overlaps guest 'g3' "
				 "region 'ram@80000000'");
	assert_true(tg_same(&before));
	assert_int_equal(guest_destroy(g3), 0);
	g = tg_create("g3b");
	assert_int_equal(guest_region_at(g, 0)->hpa, 0x2000f000);
}

/* Every guest of bad.dtb: refused with its test-expect line, no leak. */
static void test_malformed(void **state)
{
	size_t size;
	void *blob = tg_load("guests/bad.dtb", &size);
	int guests = fdt_path_offset(blob, "/guests"), node, count = 0;

	(void)state;
	assert_true(guests >= 0);
	fdt_for_each_subnode(node, blob, guests) {
		const char *name = fdt_get_name(blob, node, NULL);
		const char *expect =
			fdt_getprop(blob, node, "test-expect", NULL);
		char err[GUEST_ERR_MAX];
		struct guest *g = (struct guest *)1;
		struct tg_snap before;
		int ret;

		assert_non_null(expect);
		tg_snap(&before);
		ret = guest_create(name, &g, err, sizeof(err));
		if (strcmp(err, expect))
			fprintf(stderr, "%s:\n  got  %s\n  want %s\n", name,
				err, expect);
		assert_string_equal(err, expect);
		assert_true(ret == -MV_EBADMSG ||
			    (ret == -MV_EBUSY && strstr(name, "host_")));
		assert_ptr_equal(g, (struct guest *)1);
		assert_null(guest_find(name));
		assert_true(tg_same(&before));
		count++;
	}
	assert_int_equal(count, 53);
	free(blob);
}

static void test_lookup_errors(void **state)
{
	char err[GUEST_ERR_MAX], longname[64];
	struct tg_snap before;

	(void)state;
	tg_snap(&before);
	assert_int_equal(guest_create("nope", NULL, err, sizeof(err)),
			 -MV_ENOENT);
	assert_string_equal(err, "/guests/nope: no such guest description");
	assert_int_equal(guest_create("g1/aspace", NULL, err, sizeof(err)),
			 -MV_ENOENT);
	assert_int_equal(guest_create("", NULL, err, sizeof(err)), -MV_ENOENT);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(guest_create(longname, NULL, err, sizeof(err)),
			 -MV_ENOENT);
	assert_non_null(strstr(err, "name too long"));
	/* A NULL or tiny buffer is fine. */
	assert_int_equal(guest_create("nope", NULL, NULL, 0), -MV_ENOENT);
	assert_int_equal(guest_create("nope", NULL, err, 8), -MV_ENOENT);
	assert_string_equal(err, "/guests");
	tg_create("g1");
	assert_int_equal(guest_create("g1", NULL, err, sizeof(err)),
			 -MV_EEXIST);
	assert_string_equal(err, "g1: guest exists");
	assert_int_equal(guest_count(), 1);
	assert_non_null(guest_find("g1"));
	assert_null(guest_find(NULL));
}

/* A one-guest tree: /guests/@name with @ram bytes of RAM. */
static void *tree_one(const char *name, uint32_t ram, size_t *size)
{
	static const char tpl[] = "vcpu_template";
	void *blob = malloc(4096);
	int guests, g, t, a, m;

	assert_int_equal(fdt_create_empty_tree(blob, 4096), 0);
	guests = fdt_add_subnode(blob, 0, "guests");
	g = fdt_add_subnode(blob, guests, name);
	t = fdt_add_subnode(blob, g, tpl);
	assert_int_equal(fdt_setprop_u32(blob, t, "start_pc", 0), 0);
	a = fdt_add_subnode(blob, g, "aspace");
	m = fdt_add_subnode(blob, a, "mem");
	assert_true(m >= 0);
	fdt_setprop_string(blob, m, "device_type", "alloced_ram");
	fdt_setprop_u32(blob, m, "guest_physical_addr", 0);
	fdt_setprop_u32(blob, m, "physical_size", ram);
	assert_int_equal(fdt_pack(blob), 0);
	*size = fdt_totalsize(blob);
	return blob;
}

static void test_config_trees(void **state)
{
	size_t size;
	void *over = tree_one("g1", 0x3000, &size);
	void *odd = malloc(size + 4);
	struct guest *g;
	struct tg_snap before;
	unsigned int n = 0;
	const char *name;

	(void)state;
	/* good.dtb then bad.dtb: names of the newest tree come first. */
	assert_string_equal(guest_config_name_at(0), "no_aspace");
	while ((name = guest_config_name_at(n)))
		n++;
	assert_int_equal(n, 53 + 7);
	assert_string_equal(guest_config_name_at(53), "g1");
	/* A newer tree overrides g1 (copied when not 8-byte aligned). */
	memcpy((char *)odd + 4, over, size);
	tg_snap(&before);
	assert_int_equal(guest_config_add_tree((char *)odd + 4, size), 0);
	memset(odd, 0, size + 4); /* the manager kept its own copy */
	g = tg_create("g1");
	assert_int_equal(guest_ram_size(g), 0x3000);
	assert_int_equal(guest_region_count(g), 1);
	assert_string_equal(guest_config_name_at(0), "g1");
	assert_string_equal(guest_config_name_at(1), "no_aspace");
	n = 0;
	while (guest_config_name_at(n))
		n++;
	assert_int_equal(n, 60);
	assert_int_equal(guest_destroy(g), 0);
	/* Refused trees: garbage, and a tree without /guests. */
	assert_int_equal(guest_config_add_tree(odd, size), -MV_EBADMSG);
	assert_int_equal(fdt_create_empty_tree(over, 4096), 0);
	assert_int_equal(guest_config_add_tree(over, 4096), -MV_EBADMSG);
	assert_int_equal(guest_config_add_tree(NULL, 10), -MV_EINVAL);
	guest_config_clear();
	/* The heap copy went with the clear. */
	{
		struct heap_info hi;

		heap_get_info(&hi);
		assert_int_equal(hi.used_bytes, before.heap_used);
	}
	assert_null(guest_config_name_at(0));
	assert_int_equal(guest_create("g1", NULL, NULL, 0), -MV_ENOENT);
	free(over);
	free(odd);
}

static void test_config_limit(void **state)
{
	size_t size;
	void *t = tree_one("x", 0x1000, &size);

	(void)state;
	assert_int_equal(guest_config_add_tree(t, size), 0);
	assert_int_equal(guest_config_add_tree(t, size), 0);
	assert_int_equal(guest_config_add_tree(t, size), -MV_ENOSPC);
	guest_config_clear();
	free(t);
}

static void test_create_all(void **state)
{
	size_t size;
	void *good = tg_load("guests/good.dtb", &size);

	(void)state;
	guest_config_clear();
	assert_int_equal(guest_config_add_tree(good, size), 0);
	/* g1 g2 g3 adj succeed; g3b (clash), big, big2 (RAM) fail. */
	assert_int_equal(guest_create_all(), 4);
	assert_int_equal(guest_count(), 4);
	assert_non_null(guest_find("adj"));
	assert_null(guest_find("big"));
	/* Existing guests are skipped, failures retried. */
	assert_int_equal(guest_create_all(), 0);
	guest_config_clear();
	free(good);
}

static void test_images(void **state)
{
	const void *d;
	size_t n;

	(void)state;
	assert_int_equal(guest_image_register("boot.bin", tg_big, 1),
			 -MV_EEXIST);
	assert_int_equal(guest_image_register("", tg_big, 1), -MV_EINVAL);
	assert_int_equal(guest_image_register("x", NULL, 1), -MV_EINVAL);
	assert_int_equal(guest_image_register(NULL, tg_big, 1), -MV_EINVAL);
	for (int i = 3; i < 16; i++) {
		char name[16];

		snprintf(name, sizeof(name), "img%d", i);
		assert_int_equal(guest_image_register(name, tg_big, i), 0);
	}
	assert_int_equal(guest_image_register("one-too-many", tg_big, 1),
			 -MV_ENOSPC);
	assert_int_equal(guest_image_find("img7", &d, &n), 0);
	assert_ptr_equal(d, tg_big);
	assert_int_equal(n, 7);
	assert_int_equal(guest_image_find("img", &d, &n), -MV_ENOENT);
	assert_int_equal(guest_image_find(NULL, &d, &n), -MV_ENOENT);
}

/* The committed fixtures are what dtc makes of the .dts sources now. */
static void test_fixtures_current(void **state)
{
	static const char *const names[] = { "good", "bad" };
	char path[4096], cmd[8400], tmp[64];

	(void)state;
	if (system("command -v dtc >/dev/null 2>&1")) {
		skip();
		return;
	}
	snprintf(tmp, sizeof(tmp), "/tmp/mv_guest_fixture_%d.dtb",
		 (int)getpid());
	for (int i = 0; i < 2; i++) {
		char rel[64];
		size_t a_size, b_size;
		void *a, *b;

		snprintf(rel, sizeof(rel), "guests/%s.dts", names[i]);
		snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", tmp,
			 tg_data_path(path, sizeof(path), rel));
		assert_int_equal(system(cmd), 0);
		snprintf(rel, sizeof(rel), "guests/%s.dtb", names[i]);
		a = tg_load(rel, &a_size);
		b = tg_load_path(tmp, &b_size);
		assert_int_equal(a_size, b_size);
		assert_memory_equal(a, b, a_size);
		free(a);
		free(b);
	}
	remove(tmp);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tg_setup, tg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_g1_regions),    T(test_g1_stage2),
		T(test_g1_images),     T(test_g2_vcpus),
		T(test_host_ranges),   T(test_malformed),
		T(test_lookup_errors), T(test_config_trees),
		T(test_config_limit),  T(test_create_all),
		T(test_images),	       T(test_fixtures_current),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
