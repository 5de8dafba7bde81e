/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For SNP model tests that change the machine before booting it: the
 * group setup resets fx_cfg to the fixture's defaults, a test adjusts
 * its fields, then fx_cfg_boot() launches and boots with them.
 *
 * Header-only on purpose: tests/unit/snp.mk links the SNP test programs
 * without the objects of tests/unit/helpers/, and an object there that
 * called the model would break every other unit test's link.
 */
#ifndef TESTS_SNP_CFG_H
#define TESTS_SNP_CFG_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "snp/fixture.h"

/* One per test program; each test starts from the defaults again. */
static struct model_config fx_cfg;

/** cmocka setup: reset fx_cfg to the fixture's default configuration. */
static inline int fx_cfg_setup(void **state)
{
	(void)state;
	fx_config(&fx_cfg);
	return 0;
}

/** Launch the model machine with fx_cfg and boot; fails unless it did. */
static inline void fx_cfg_boot(void)
{
	fx_setup(&fx_cfg);
	assert_true(fx_boot());
}

#endif
