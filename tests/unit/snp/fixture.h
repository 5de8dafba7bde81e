/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A standard model machine for the SNP tests: 64 MiB of model RAM at
 * GPA 0, an SVSM image launched (validated) at 16 MiB with an odd size,
 * and in it the VMPL probe page and the GHCB page.
 */
#ifndef SNP_FIXTURE_H
#define SNP_FIXTURE_H

#include <asm/snp.h>

#include "snp/model.h"

#define FX_RAM_BASE 0x0ULL
#define FX_RAM_SIZE 0x4000000ULL
#define FX_IMAGE 0x1000000ULL
#define FX_IMAGE_SIZE 0x23000ULL
#define FX_PROBE_PAGE (FX_IMAGE + 0x10000)
#define FX_GHCB_PAGE (FX_IMAGE + 0x11000)

/**
 * Evaluate the int expression @expr under MODEL_TRY, fail the test
 * unless it returned normally, and yield its value.
 */
#define CALL(expr)                                            \
	({                                                    \
		volatile int ret_ = -12345;                   \
		MODEL_TRY(ret_ = (expr));                     \
		assert_int_equal(model.exit, MODEL_RETURNED); \
		ret_;                                         \
	})

/** model_default_config() for the fixture's RAM. */
void fx_config(struct model_config *cfg);

/** model_init(@cfg) (default config when NULL) and launch the image. */
void fx_setup(const struct model_config *cfg);

/** snp_probe() then snp_ghcb_init(); true when both returned. */
bool fx_boot(void);

/** Tear the model down (cmocka teardown signature). */
int fx_teardown(void **state);

#endif
