// SPDX-License-Identifier: GPL-2.0-only
/* The standard model machine of the SNP tests. */
#include "snp/fixture.h"

void fx_config(struct model_config *cfg)
{
	model_default_config(cfg, FX_RAM_BASE, FX_RAM_SIZE);
}

void fx_setup(const struct model_config *cfg)
{
	struct model_config def;

	if (!cfg) {
		fx_config(&def);
		cfg = &def;
	}
	model_init(cfg);
	model_launch(FX_IMAGE, FX_IMAGE_SIZE);
}

bool fx_boot(void)
{
	MODEL_TRY({
		snp_probe((vaddr_t)model_va(FX_PROBE_PAGE));
		snp_ghcb_init(model_va(FX_GHCB_PAGE), FX_GHCB_PAGE, NULL);
	});
	return model.exit == MODEL_RETURNED;
}

int fx_teardown(void **state)
{
	(void)state;
	model_fini();
	return 0;
}
