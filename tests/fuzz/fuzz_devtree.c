// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for core/devtree: every input is offered to
 * devtree_open() with its real size (in an exact-size, 8-byte aligned
 * copy so ASan sees any read past it); whatever opens is run through
 * every reader and the printer, as the corrupt-blob unit tests do.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/devtree.h>

#include "../unit/test_devtree_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer's buffer is exact-size already, but not always aligned */
	void *copy = aligned_alloc(8, size ? (size + 7) & ~(size_t)7 : 8);
	struct devtree dt;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (devtree_open(&dt, copy, size) == 0)
		test_exercise(&dt);
	free(copy);
	return 0;
}
