/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error codes. Functions return 0 or a positive value on success and a
 * negative MV_E* code on failure; the hypervisor never panics on them.
 */
#ifndef MINIVISOR_ERRNO_H
#define MINIVISOR_ERRNO_H

#define MV_EPERM 1 /* operation not permitted */
#define MV_ENOENT 2 /* no such object */
#define MV_EIO 5 /* I/O or hardware error */
#define MV_E2BIG 7 /* argument list too long */
#define MV_ENOMEM 12 /* out of memory */
#define MV_EFAULT 14 /* bad address */
#define MV_EBUSY 16 /* resource busy */
#define MV_EEXIST 17 /* object exists */
#define MV_ENODEV 19 /* no such device */
#define MV_EINVAL 22 /* invalid argument */
#define MV_ENOSPC 28 /* no space left */
#define MV_ERANGE 34 /* out of range */
#define MV_ENAMETOOLONG 36 /* name or line too long */
#define MV_ENOSYS 38 /* not implemented */
#define MV_EALREADY 114 /* already in that state (double free...) */
#define MV_EBADMSG 74 /* malformed data (device tree...) */
#define MV_ENOTSUP 95 /* not supported */
#define MV_ETIMEDOUT 110 /* timed out */

/** A short, stable name for an error code ("ENOMEM"), or "E?" if unknown. */
const char *mv_strerror(int err);

#endif
