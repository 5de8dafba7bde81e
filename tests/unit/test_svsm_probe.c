// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `minivisor,svsm` device-tree driver (svsm/probe.c) on the port's
 * built-in device tree: the guest region, guest VMPL and SVSM memory
 * it configures, serving only on an active SNP platform, broken nodes
 * refused, and `svsm` registered either way.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/shell.h>
#include <asm/platform.h>
#include <asm/snp.h>
#include <asm/svsm.h>

extern const struct init_driver *const __start_mv_drivers[]
	__attribute__((weak));
extern const struct init_driver *const __stop_mv_drivers[]
	__attribute__((weak));

static uint8_t blob[64 * 1024];

/* platform_native.c does port I/O: only its kind matters here. */
static const struct x86_platform_ops native = {
	.name = "native",
	.kind = X86_PLATFORM_NATIVE,
};

static const struct init_driver *svsm_driver(void)
{
	for (const struct init_driver *const *d = __start_mv_drivers;
	     d && d < __stop_mv_drivers; d++)
		if (!strcmp((*d)->name, "svsm"))
			return *d;
	return NULL;
}

/* Load the port's DTB into blob (room to edit it). */
static int load(void **state)
{
	FILE *f = fopen(SNP_TEST_DTB, "rb");
	static uint8_t raw[sizeof(blob)];
	size_t n;

	(void)state;
	if (!f)
		return -1;
	n = fread(raw, 1, sizeof(raw), f);
	fclose(f);
	svsm_reset();
	shell_unregister("svsm");
	return n ? fdt_open_into(raw, blob, sizeof(blob)) : -1;
}

static int cleanup(void **state)
{
	(void)state;
	x86_platform_set(NULL);
	snp_state.active = false;
	svsm_reset();
	return 0;
}

static int probe(void)
{
	const struct init_driver *drv = svsm_driver();
	struct devtree dt;
	int node;

	assert_non_null(drv);
	assert_int_equal(drv->stage, INIT_STAGE_OTHER);
	assert_int_equal(devtree_open(&dt, blob, sizeof(blob)), 0);
	node = devtree_find_compatible(&dt, -1, "minivisor,svsm");
	assert_true(node >= 0);
	return drv->probe(&dt, node);
}

static void test_native(void **state)
{
	const struct svsm_config *cfg = &svsm_state.cfg;

	(void)state;
	x86_platform_set(&native);
	assert_int_equal(probe(), 0);
	assert_true(svsm_state.configured);
	assert_false(svsm_state.active);
	assert_int_equal(cfg->guest_base, 0x2000000);
	assert_int_equal(cfg->guest_size, 0x2000000);
	assert_int_equal(cfg->guest_vmpl, 1);
	assert_int_equal(cfg->nsvsm_mem, 1);
	assert_int_equal(cfg->svsm_mem[0].start, 0x1000000);
	assert_int_equal(cfg->svsm_mem[0].size, 0x1000000);
	assert_non_null(shell_find("svsm"));
	assert_null(svsm_protocol_at(0));
}

static void test_snp_serves(void **state)
{
	(void)state;
	x86_platform_set(&x86_platform_snp);
	assert_int_equal(probe(), 0);
	assert_false(svsm_state.active); /* the SNP layer is not active */
	snp_state.active = true;
	assert_int_equal(probe(), 0);
	assert_true(svsm_state.active);
	assert_string_equal(svsm_protocol_at(0)->name, "core");
	assert_null(svsm_protocol_at(1));
}

static void test_broken_nodes(void **state)
{
	int node = fdt_path_offset(blob, "/svsm");

	(void)state;
	x86_platform_set(&native);
	assert_int_equal(fdt_setprop_u32(blob, node, "guest-vmpl", 0), 0);
	assert_int_equal(probe(), -MV_EINVAL);
	assert_false(svsm_state.configured);
	assert_non_null(shell_find("svsm")); /* status still answers */
	assert_int_equal(fdt_setprop_u32(blob, node, "guest-region", 1), 0);
	assert_int_equal(probe(), -MV_EBADMSG);
	assert_int_equal(fdt_delprop(blob, node, "guest-region"), 0);
	assert_int_equal(probe(), -MV_EBADMSG);
	assert_false(svsm_state.configured);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_native, load, cleanup),
		cmocka_unit_test_setup_teardown(test_snp_serves, load, cleanup),
		cmocka_unit_test_setup_teardown(test_broken_nodes, load,
						cleanup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
