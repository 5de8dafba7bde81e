// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot bundle: the one archive the port found (the initrd), kept
 * for guest image lookups and the optional guests.dtb.
 */
#include <minivisor/bundle.h>

static struct bundle boot_bundle;
static bool boot_bundle_valid;

int bundle_set_boot(const void *blob, size_t size)
{
	int err;

	boot_bundle_valid = false;
	err = bundle_open(&boot_bundle, blob, size);
	boot_bundle_valid = !err;
	return err;
}

const struct bundle *bundle_boot(void)
{
	return boot_bundle_valid ? &boot_bundle : NULL;
}

void bundle_clear_boot(void)
{
	boot_bundle_valid = false;
}
