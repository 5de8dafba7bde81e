// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening a blob: every check that lets the readers trust offsets and
 * lengths later happens here, once, with a reason kept for the caller.
 */
#include "devtree_priv.h"

static const char *last_error = "no error";

const char *devtree_last_error(void)
{
	return last_error;
}

static int devtree_fail(const char *why)
{
	last_error = why;
	return -MV_EBADMSG;
}

/* Reasons for libfdt's verdicts, phrased for someone reading a log. */
static const char *devtree_fdt_reason(int err)
{
	switch (-err) {
	case FDT_ERR_BADMAGIC:
		return "bad magic";
	case FDT_ERR_BADVERSION:
		return "unsupported version";
	case FDT_ERR_TRUNCATED:
		return "truncated blob or block out of range";
	case FDT_ERR_BADSTRUCTURE:
		return "corrupt structure block";
	case FDT_ERR_BADLAYOUT:
		return "bad block layout";
	case FDT_ERR_BADSTATE:
		return "incomplete (sequential-write) blob";
	case FDT_ERR_ALIGNMENT:
		return "blob not 8-byte aligned";
	case FDT_ERR_NOSPACE:
		return "totalsize larger than the buffer";
	default:
		return "malformed blob";
	}
}

/* Header fields first: fdt_check_full() reads them before it checks. */
static int devtree_check_header(const void *blob, size_t max_len)
{
	/* the specification asks for it; libfdt's struct reads rely on it */
	if ((uintptr_t)blob & 7)
		return devtree_fail("blob not 8-byte aligned");
	if (max_len < sizeof(struct fdt_header))
		return devtree_fail("buffer smaller than a header");
	if (fdt_magic(blob) != FDT_MAGIC)
		return devtree_fail("bad magic");
	if (fdt_totalsize(blob) > max_len)
		return devtree_fail("totalsize larger than the buffer");
	if (fdt_totalsize(blob) < sizeof(struct fdt_header))
		return devtree_fail("totalsize smaller than a header");
	if (fdt_version(blob) < 16 || fdt_last_comp_version(blob) > 17)
		return devtree_fail("unsupported version");
	return 0;
}

int devtree_open(struct devtree *dt, const void *blob, size_t max_len)
{
	int err;

	if (!dt || !blob) {
		last_error = "no blob";
		return -MV_EINVAL;
	}
	dt->fdt = NULL;
	dt->size = 0;
	err = devtree_check_header(blob, max_len);
	if (err)
		return err;
	err = fdt_check_full(blob, fdt_totalsize(blob));
	if (err)
		return devtree_fail(devtree_fdt_reason(err));
	err = fdt_num_mem_rsv(blob);
	if (err < 0)
		return devtree_fail("unterminated memory reservation block");
	dt->fdt = blob;
	dt->size = fdt_totalsize(blob);
	dt->phys = (uintptr_t)blob;
	last_error = "no error";
	return 0;
}

void devtree_set_phys(struct devtree *dt, uint64_t phys)
{
	if (dt)
		dt->phys = phys;
}

bool dt_valid(const struct devtree *dt)
{
	return dt && dt->fdt;
}

int dt_errno(int fdt_err)
{
	switch (-fdt_err) {
	case 0:
		return 0;
	case FDT_ERR_NOTFOUND:
		return -MV_ENOENT;
	case FDT_ERR_BADOFFSET:
	case FDT_ERR_BADPATH:
		return -MV_EINVAL;
	case FDT_ERR_NOSPACE:
		return -MV_ENOSPC;
	default:
		return -MV_EBADMSG;
	}
}
