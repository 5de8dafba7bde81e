// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest lifecycle on arch/fake: state transitions, zeroing (the
 * bytes of the fake memfd RAM are checked), reset, exact return of
 * every frame / vapool page / heap byte over create-destroy cycles and
 * failures, exhaustion (RAM, vapool, arch, guest slots, VMIDs) and
 * isolation of the host ranges of several guests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arch/mmu.h>
#include <minivisor/vtestdev.h>

#include "test_guest_util.h"

/* Every transition from every state, with the resulting state. */
static void test_transitions(void **state)
{
	struct guest *g = tg_create("g1");

	(void)state;
	assert_int_equal(guest_pause(g), -MV_EINVAL);
	assert_int_equal(guest_resume(g), -MV_EINVAL);
	assert_int_equal(guest_halt(g, "x"), -MV_EINVAL);
	assert_int_equal(guest_state(g), GUEST_STATE_RESET);
	assert_int_equal(guest_kick(g), 0);
	assert_int_equal(guest_state(g), GUEST_STATE_RUNNING);
	assert_int_equal(guest_kick(g), -MV_EBUSY);
	assert_int_equal(guest_resume(g), -MV_EINVAL);
	assert_int_equal(guest_pause(g), 0);
	assert_int_equal(guest_state(g), GUEST_STATE_PAUSED);
	assert_int_equal(vcpu_state(guest_vcpu(g, 0)), VCPU_STATE_PAUSED);
	assert_int_equal(guest_pause(g), -MV_EINVAL);
	assert_int_equal(guest_kick(g), -MV_EBUSY);
	assert_int_equal(guest_resume(g), 0);
	assert_int_equal(guest_state(g), GUEST_STATE_RUNNING);
	assert_int_equal(guest_pause(g), 0);
	assert_int_equal(guest_halt(g, "PSCI SYSTEM_OFF"), 0);
	assert_int_equal(guest_state(g), GUEST_STATE_HALTED);
	assert_string_equal(guest_halt_reason(g), "PSCI SYSTEM_OFF");
	assert_int_equal(vcpu_state(guest_vcpu(g, 0)), VCPU_STATE_OFF);
	assert_int_equal(guest_halt(g, "x"), -MV_EINVAL);
	assert_int_equal(guest_kick(g), -MV_EINVAL);
	assert_int_equal(guest_pause(g), -MV_EINVAL);
	assert_int_equal(guest_resume(g), -MV_EINVAL);
	assert_int_equal(guest_reset(g), 0);
	assert_int_equal(guest_state(g), GUEST_STATE_RESET);
	assert_string_equal(guest_halt_reason(g), "");
	assert_int_equal(guest_reset(g), 0); /* reset from reset is fine */
	assert_int_equal(guest_kick(g), 0);
	assert_int_equal(guest_halt(g, NULL), 0);
	assert_string_equal(guest_halt_reason(g), "halted");
	assert_int_equal(guest_kick(g), -MV_EINVAL);
	assert_string_equal(guest_state_name(GUEST_STATE_HALTED), "halted");
	assert_string_equal(guest_state_name((enum guest_state)9), "?");
	assert_string_equal(vcpu_state_name((enum vcpu_state)9), "?");
}

/* Fill every free frame of host RAM with @byte (a previous owner). */
static void dirty_free_ram(unsigned char byte)
{
	for (paddr_t pa = TG_RAM; pa < TG_RAM + TG_RAM_SIZE; pa += PAGE_SIZE) {
		vaddr_t va;

		if (host_ram_frame_used(pa))
			continue;
		assert_int_equal(aspace_map(pa, PAGE_SIZE, MMU_ATTR_RW, &va),
				 0);
		memset((void *)va, byte, PAGE_SIZE);
		assert_int_equal(aspace_unmap(va), 0);
	}
}

/* @len bytes of @g at @gpa, read as the guest would, are all @byte. */
static void assert_guest_bytes(const struct guest *g, gpa_t gpa, size_t len,
			       unsigned char byte)
{
	static unsigned char buf[MIB(2)];

	assert_true(len <= sizeof(buf));
	assert_int_equal(fake_guest_access(g, gpa, buf, len, false), 0);
	for (size_t i = 0; i < len; i++)
		if (buf[i] != byte)
			fail_msg("gpa 0x%llx: 0x%02x, want 0x%02x",
				 (unsigned long long)(gpa + i), buf[i], byte);
}

static void test_zeroed(void **state)
{
	struct guest *g;
	paddr_t first;

	(void)state;
	dirty_free_ram(0xa5);
	g = tg_create("g2");
	assert_guest_bytes(g, 0x40000000, 0x200000, 0);
	/* The guest dirties its RAM; the next owner must not see it. */
	first = guest_region_at(g, 0)->hpa;
	memset(tg_big, 0x77, sizeof(tg_big));
	for (gpa_t a = 0x40000000; a < 0x40200000; a += sizeof(tg_big) - 1)
		assert_int_equal(fake_guest_access(g, a, tg_big,
						   MIN(sizeof(tg_big) - 1,
						       0x40200000 - a),
						   true),
				 0);
	assert_int_equal(tg_peek(g, 0x401fffff), 0x77);
	assert_int_equal(guest_destroy(g), 0);
	g = tg_create("g2");
	/* Same frames again (so the check means something), all zero. */
	assert_int_equal(guest_region_at(g, 0)->hpa, first);
	assert_guest_bytes(g, 0x40000000, 0x200000, 0);
}

static void test_reset_restores(void **state)
{
	struct guest *g = tg_create("g1");
	const struct guest_region *dev = guest_region_at(g, 2);
	struct vdev_access a = { .offset = VTESTDEV_SCRATCH, .size = 8 };
	struct vcpu *v = guest_vcpu(g, 0);
	unsigned char junk[64];

	(void)state;
	assert_string_equal(dev->name, "testdev@a000000");
	assert_int_equal(guest_kick(g), 0);
	/* Dirty RAM, the ROM (as the hypervisor may), registers, device. */
	memset(junk, 0xee, sizeof(junk));
	assert_int_equal(guest_mem_write(g, 0x40001000, junk, sizeof(junk)), 0);
	assert_int_equal(guest_mem_write(g, 0x100, junk, sizeof(junk)), 0);
	assert_int_equal(guest_mem_write(g, 0x400ff000, junk, sizeof(junk)), 0);
	v->arch.pc = 0x1234;
	v->arch.x[5] = 99;
	a.write = true;
	a.value = 0xfeed;
	assert_int_equal(vdev_mmio_dispatch(dev->vdev, dev->vdev_priv, &a),
			 VDEV_OK);
	assert_int_equal(guest_reset(g), 0);
	/* Images back, RAM zero again, registers at the template. */
	assert_int_equal(tg_peek(g, 0x100), tg_boot[0x100]);
	assert_int_equal(tg_peek(g, 0x40001000), tg_data[0]);
	assert_guest_bytes(g, 0x400ff000, 64, 0);
	assert_int_equal(v->arch.pc, 0);
	assert_int_equal(v->arch.x[5], 0);
	assert_int_equal(v->arch.resets, 2);
	assert_int_equal(g->arch.resets, 1);
	assert_int_equal(vcpu_state(v), VCPU_STATE_OFF);
	a.write = false;
	assert_int_equal(vdev_mmio_dispatch(dev->vdev, dev->vdev_priv, &a),
			 VDEV_OK);
	assert_int_equal(a.value, 0);
}

/* 25 rounds of create, run, destroy: the figures return exactly. */
static void test_cycles(void **state)
{
	static const char *const names[] = { "g1", "g2", "g3", "adj" };
	struct tg_snap empty;

	(void)state;
	tg_snap(&empty);
	for (int round = 0; round < 25; round++) {
		struct guest *g[4];

		for (int i = 0; i < 4; i++)
			g[i] = tg_create(names[i]);
		assert_int_equal(guest_count(), 4);
		assert_int_equal(guest_kick(g[round % 4]), 0);
		if (round % 3 == 0)
			assert_int_equal(guest_pause(g[round % 4]), 0);
		if (round % 5 == 0)
			assert_int_equal(guest_reset(g[(round + 1) % 4]), 0);
		for (int i = 0; i < 4; i++)
			assert_int_equal(guest_destroy(g[(i + round) % 4]), 0);
		assert_true(tg_same(&empty));
	}
}

/* Take every free vapool page in a few large blocks; returns count. */
static int hog_vapool(vaddr_t *va, int max)
{
	int n = 0;

	for (uint64_t sz = TG_VA_SIZE; sz >= PAGE_SIZE; sz /= 2)
		while (n < max && !vapool_alloc(sz, &va[n]))
			n++;
	return n;
}

/* Creates that fail part way give everything back. */
static void test_exhaustion(void **state)
{
	char err[GUEST_ERR_MAX];
	struct tg_snap before;
	vaddr_t hog[64];
	int nhog;

	(void)state;
	tg_snap(&before);
	assert_int_equal(guest_create("big", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "/guests/big/aspace/mem: no 0x8000000 bytes "
				 "of host RAM aligned to 0x1000");
	assert_true(tg_same(&before));
	/* big2's first region fits; the second does not. */
	assert_int_equal(guest_create("big2", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "/guests/big2/aspace/b: no 0x2400000 bytes "
				 "of host RAM aligned to 0x1000");
	assert_true(tg_same(&before));
	/* No vapool left to map frames for zeroing. */
	nhog = hog_vapool(hog, 64);
	assert_true(nhog > 0 && nhog < 64);
	assert_int_equal(guest_create("g1", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "/guests/g1/aspace/rom@0: cannot map host "
				 "RAM to zero it");
	while (nhog--)
		assert_int_equal(vapool_free(hog[nhog]), 0);
	assert_true(tg_same(&before));
}

/* Failing arch hooks at each step leave nothing behind. */
static void test_arch_failures(void **state)
{
	char err[GUEST_ERR_MAX];
	struct tg_snap before;

	(void)state;
	tg_snap(&before);
	fake_guest_fail_next(FAKE_GUEST_VM_INIT, 1);
	assert_int_equal(guest_create("g1", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "g1: arch setup failed (ENOMEM)");
	assert_true(tg_same(&before));
	/* The first map (the ROM), then the second (RAM, images in). */
	fake_guest_fail_next(FAKE_GUEST_VM_MAP, 1);
	assert_int_equal(guest_create("g1", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "/guests/g1/aspace/rom@0: stage-2 map "
				 "failed (ENOMEM)");
	assert_true(tg_same(&before));
	fake_guest_fail_after(FAKE_GUEST_VM_MAP, 1);
	assert_int_equal(guest_create("g1", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "/guests/g1/aspace/mem@40000000: stage-2 map "
				 "failed (ENOMEM)");
	assert_true(tg_same(&before));
	/* vCPU 0 fails; then g2's third vCPU, after two were placed. */
	fake_guest_fail_next(FAKE_GUEST_VCPU_INIT, 1);
	assert_int_equal(guest_create("g2", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "g2: vcpu0: arch setup failed (ENOMEM)");
	assert_true(tg_same(&before));
	fake_guest_fail_after(FAKE_GUEST_VCPU_INIT, 2);
	assert_int_equal(guest_create("g2", NULL, err, sizeof(err)),
			 -MV_ENOMEM);
	assert_string_equal(err, "g2: vcpu2: arch setup failed (ENOMEM)");
	assert_true(tg_same(&before));
	/* Nothing armed is left over: the next create works. */
	assert_non_null(tg_create("g2"));
}

/* A one-page guest per name t0..t(n-1), in one tree. */
static void *tree_tiny(int n, size_t *size)
{
	size_t cap = 8192;
	void *blob = malloc(cap);
	int guests;

	assert_int_equal(fdt_create_empty_tree(blob, (int)cap), 0);
	guests = fdt_add_subnode(blob, 0, "guests");
	for (int i = 0; i < n; i++) {
		char name[16];
		int g, t, a, m;

		snprintf(name, sizeof(name), "t%d", i);
		g = fdt_add_subnode(blob, guests, name);
		t = fdt_add_subnode(blob, g, "vcpu_template");
		fdt_setprop_u32(blob, t, "start_pc", 0);
		a = fdt_add_subnode(blob, g, "aspace");
		m = fdt_add_subnode(blob, a, "mem");
		assert_true(m >= 0);
		fdt_setprop_string(blob, m, "device_type", "alloced_ram");
		fdt_setprop_u32(blob, m, "guest_physical_addr", 0);
		assert_int_equal(
			fdt_setprop_u32(blob, m, "physical_size", 0x1000), 0);
	}
	*size = fdt_totalsize(blob);
	return blob;
}

static void test_guest_slots(void **state)
{
	char err[GUEST_ERR_MAX];
	size_t size;
	void *blob = tree_tiny(CONFIG_GUEST_MAX + 1, &size);
	struct tg_snap before;
	struct guest *g;
	char name[16];

	(void)state;
	assert_int_equal(guest_config_add_tree(blob, size), 0);
	tg_snap(&before);
	for (int i = 0; i < CONFIG_GUEST_MAX; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		g = tg_create(name);
		assert_int_equal(guest_id(g), i);
		assert_ptr_equal(guest_by_id(i), g);
	}
	snprintf(name, sizeof(name), "t%d", CONFIG_GUEST_MAX);
	assert_int_equal(guest_create(name, NULL, err, sizeof(err)),
			 -MV_ENOSPC);
	assert_non_null(strstr(err, "guests exist (CONFIG_GUEST_MAX)"));
	/* A freed slot is reused, lowest first. */
	assert_int_equal(guest_destroy(guest_find("t3")), 0);
	g = tg_create(name);
	assert_int_equal(guest_id(g), 3);
	assert_null(guest_by_id(CONFIG_GUEST_MAX));
	for (int i = 0; i < CONFIG_GUEST_MAX; i++)
		assert_int_equal(guest_destroy(guest_by_id(i)), 0);
	assert_true(tg_same(&before));
	free(blob);
}

static void test_vmids(void **state)
{
	char err[GUEST_ERR_MAX];
	struct guest *a, *b;
	struct tg_snap before;

	(void)state;
	fake_guest_set_vmid_count(3); /* VMIDs 1 and 2 only */
	tg_snap(&before);
	a = tg_create("g1");
	b = tg_create("g2");
	assert_int_not_equal(guest_vmid(a), guest_vmid(b));
	assert_true(guest_vmid(a) >= 1 && guest_vmid(a) <= 2);
	assert_true(guest_vmid(b) >= 1 && guest_vmid(b) <= 2);
	assert_int_equal(guest_create("adj", NULL, err, sizeof(err)),
			 -MV_ENOSPC);
	assert_string_equal(err, "adj: no free VMID (2)");
	assert_int_equal(guest_destroy(a), 0);
	a = tg_create("adj");
	assert_int_not_equal(guest_vmid(a), guest_vmid(b));
	assert_int_equal(guest_destroy(a), 0);
	assert_int_equal(guest_destroy(b), 0);
	assert_true(tg_same(&before));
}

/* No two guests (nor two regions) share a host byte. */
static void test_isolation(void **state)
{
	static const char *const names[] = { "g1", "g2", "g3", "adj" };
	const struct guest_region *all[32];
	unsigned int n = 0;

	(void)state;
	for (int i = 0; i < 4; i++) {
		struct guest *g = tg_create(names[i]);
		const struct guest_region *r;

		for (unsigned int j = 0; (r = guest_region_at(g, j)); j++)
			if (r->type != GUEST_REGION_EMULATED)
				all[n++] = r;
	}
	assert_int_equal(n, 2 + 1 + 2 + 2);
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = 0; j < i; j++)
			assert_true(all[i]->hpa + all[i]->size <= all[j]->hpa ||
				    all[j]->hpa + all[j]->size <= all[i]->hpa);
	/* Every stage-2 mapping of a guest lands in its own regions. */
	for (int i = 0; i < 4; i++) {
		const struct guest *g = guest_find(names[i]);

		for (unsigned int m = 0; m < g->arch.nmaps; m++) {
			const struct fake_s2_map *s = &g->arch.maps[m];
			const struct guest_region *r =
				guest_region_find(g, s->gpa);

			assert_non_null(r);
			assert_int_equal(s->hpa, r->hpa);
			assert_int_equal(s->size, r->size);
		}
	}
}

static void test_mem_access(void **state)
{
	struct guest *g = tg_create("adj");
	unsigned char in[0x20], out[0x20];

	(void)state;
	for (int i = 0; i < 0x20; i++)
		in[i] = (unsigned char)(i + 1);
	/* Across the boundary of two adjacent regions. */
	assert_int_equal(guest_mem_write(g, 0x10ff0, in, sizeof(in)), 0);
	assert_int_equal(guest_mem_read(g, 0x10ff0, out, sizeof(out)), 0);
	assert_memory_equal(in, out, sizeof(in));
	assert_int_equal(tg_peek(g, 0x11000), 0x11);
	/* Past the end, before the start, wrapping: refused. */
	assert_int_equal(guest_mem_read(g, 0x11ff0, out, 0x20), -MV_EFAULT);
	assert_int_equal(guest_mem_read(g, 0xfff0, out, 0x20), -MV_EFAULT);
	assert_int_equal(guest_mem_read(g, ~0ULL - 4, out, 0x20), -MV_EFAULT);
	assert_int_equal(guest_mem_read(g, 0x10000, out, 0), 0);
	assert_int_equal(guest_destroy(g), 0);
	/* Emulated regions are not memory. */
	g = tg_create("g1");
	assert_int_equal(guest_mem_read(g, 0x0a000000, out, 4), -MV_EFAULT);
	assert_int_equal(guest_mem_read(g, 0xfffc, out, 8), -MV_EFAULT);
}

static void test_power(void **state)
{
	struct guest *g = tg_create("g2");
	struct vcpu *v2 = guest_vcpu(g, 2);

	(void)state;
	assert_int_equal(vcpu_power_on(v2), -MV_EINVAL); /* not running */
	assert_int_equal(guest_kick(g), 0);
	assert_int_equal(vcpu_state(v2), VCPU_STATE_OFF);
	assert_int_not_equal(vcpu_state(guest_vcpu(g, 0)), VCPU_STATE_OFF);
	assert_int_equal(vcpu_power_on(v2), 0);
	assert_int_not_equal(vcpu_state(v2), VCPU_STATE_OFF);
	assert_int_equal(vcpu_power_on(v2), -MV_EALREADY);
	vcpu_power_off(v2);
	assert_int_equal(vcpu_state(v2), VCPU_STATE_OFF);
	/* Paused and resumed, an OFF vCPU stays off. */
	assert_int_equal(guest_pause(g), 0);
	assert_int_equal(vcpu_state(v2), VCPU_STATE_PAUSED);
	assert_int_equal(vcpu_power_on(v2), -MV_EINVAL);
	assert_int_equal(guest_resume(g), 0);
	assert_int_equal(vcpu_state(v2), VCPU_STATE_OFF);
	assert_int_not_equal(vcpu_state(guest_vcpu(g, 1)), VCPU_STATE_OFF);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tg_setup, tg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_transitions), T(test_zeroed),	 T(test_reset_restores),
		T(test_cycles),	     T(test_exhaustion), T(test_arch_failures),
		T(test_guest_slots), T(test_vmids),	 T(test_isolation),
		T(test_mem_access),  T(test_power),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
