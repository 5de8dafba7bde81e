// SPDX-License-Identifier: GPL-2.0-only
/* Port I/O through the GHCB IOIO exit (the SNP console), on the model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <asm/snp.h>

#include "snp/fixture.h"

static int setup(void **state)
{
	(void)state;
	fx_setup(NULL);
	return 0;
}

static void test_io_needs_ghcb(void **state)
{
	uint8_t v;

	(void)state;
	assert_int_equal(CALL(snp_io_write8(0x3f8, 'x')), -MV_ENODEV);
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), -MV_ENODEV);
	assert_int_equal(model.vmgexits, 0);
}

static void test_io_write(void **state)
{
	(void)state;
	assert_true(fx_boot());
	assert_int_equal(CALL(snp_io_write8(0x3f8, 'o')), 0);
	assert_int_equal(CALL(snp_io_write8(0x3f8, 'k')), 0);
	assert_int_equal(CALL(snp_io_write8(0x3f9, 0)), 0);
	assert_int_equal(model.con_len, 2);
	assert_memory_equal(model.con_out, "ok", 2);
	assert_int_equal(model.ioio_exits, 3);
}

static void test_io_read(void **state)
{
	uint8_t v = 0;

	(void)state;
	assert_true(fx_boot());
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), 0);
	assert_int_equal(v, 0x60); /* transmitter empty, no data */
	model.con_in = "a";
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), 0);
	assert_int_equal(v, 0x61);
	assert_int_equal(CALL(snp_io_read8(0x3f8, &v)), 0);
	assert_int_equal(v, 'a');
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), 0);
	assert_int_equal(v, 0x60);
}

static void test_io_hv_errors(void **state)
{
	uint8_t v = 0x5a;

	(void)state;
	assert_true(fx_boot());
	model.cfg.hv_nae_force = NAE_FORCE_EXCEPTION;
	assert_int_equal(CALL(snp_io_write8(0x3f8, 'x')), -MV_EFAULT);
	model.cfg.hv_nae_force = NAE_FORCE_NO_VALID;
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), -MV_EIO);
	model.cfg.hv_nae_force = NAE_FORCE_UNKNOWN;
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), -MV_EIO);
	model.cfg.hv_nae_force = NAE_FORCE_NO_RAX; /* "ok" without data */
	assert_int_equal(CALL(snp_io_read8(0x3fd, &v)), -MV_EIO);
	assert_int_equal(v, 0x5a); /* untouched on error */
}

static void test_nae_input_error(void **state)
{
	(void)state;
	assert_true(fx_boot());
	/* An exit code the hypervisor does not know: GHCB input error. */
	ghcb_clear(ghcb_page());
	assert_int_equal(CALL(ghcb_nae_exit(ghcb_page(), 0x12345, 0, 0)),
			 -MV_EINVAL);
	/* A GHCB that is not the registered page is refused locally. */
	assert_int_equal(
		CALL(ghcb_nae_exit(model_va(FX_PROBE_PAGE), 0x72, 0, 0)),
		-MV_ENODEV);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_io_needs_ghcb), T(test_io_write),	T(test_io_read),
		T(test_io_hv_errors),  T(test_nae_input_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
