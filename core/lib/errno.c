// SPDX-License-Identifier: GPL-2.0-only
/* Names for error codes, for one-line error messages. */
#include <minivisor/compiler.h>
#include <minivisor/errno.h>

static const struct {
	int code;
	const char *name;
} errnames[] = {
	{ MV_EPERM, "EPERM" },
	{ MV_ENOENT, "ENOENT" },
	{ MV_EIO, "EIO" },
	{ MV_E2BIG, "E2BIG" },
	{ MV_ENOMEM, "ENOMEM" },
	{ MV_EFAULT, "EFAULT" },
	{ MV_EBUSY, "EBUSY" },
	{ MV_EEXIST, "EEXIST" },
	{ MV_ENODEV, "ENODEV" },
	{ MV_EINVAL, "EINVAL" },
	{ MV_ENOSPC, "ENOSPC" },
	{ MV_ERANGE, "ERANGE" },
	{ MV_ENAMETOOLONG, "ENAMETOOLONG" },
	{ MV_ENOSYS, "ENOSYS" },
	{ MV_EALREADY, "EALREADY" },
	{ MV_EBADMSG, "EBADMSG" },
	{ MV_ENOTSUP, "ENOTSUP" },
	{ MV_ETIMEDOUT, "ETIMEDOUT" },
};

const char *mv_strerror(int err)
{
	if (err < 0)
		err = -err;
	for (unsigned int i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].code == err)
			return errnames[i].name;
	return "E?";
}
