/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot bundle: a cpio archive in the "newc" format (magic 070701,
 * or 070702 with checksums), as made by `cpio -o -H newc` and passed
 * to QEMU with -initrd. It carries guest payloads and an optional
 * guests.dtb. The archive is read in place and never trusted: it is
 * checked once by bundle_open() (every header, name, size and offset
 * within the blob, the trailer present), so later lookups cannot read
 * outside it.
 */
#ifndef MINIVISOR_BUNDLE_H
#define MINIVISOR_BUNDLE_H

#include <minivisor/types.h>

/** Longest file name (terminating NUL included) a bundle may hold. */
#define BUNDLE_NAME_MAX 256

/** An opened, validated archive. */
struct bundle {
	const uint8_t *base;
	size_t size; /* bytes up to the end of the trailer entry */
	unsigned int nfiles; /* regular files */
};

/** One regular file of a bundle. */
struct bundle_file {
	const char *name; /* NUL-terminated, leading "./" removed */
	const void *data;
	size_t size;
	uint32_t mode; /* st_mode bits from the header */
};

/**
 * Check the archive at @blob (@size readable bytes) and fill @b.
 * Returns 0, -MV_EINVAL (NULL arguments) or -MV_EBADMSG with the reason
 * in bundle_last_error(): bad magic or hex field, name not terminated
 * or too long, an entry running past @size, a bad checksum (070702),
 * no TRAILER!!! entry. Bytes after the trailer are ignored (padding).
 */
int bundle_open(struct bundle *b, const void *blob, size_t size);

/** Why the last bundle_open() failed ("" after a success). */
const char *bundle_last_error(void);

/**
 * Find regular file @name ("./" prefixes ignored on both sides; the
 * first match wins). Returns 0 with *@data and *@size, or -MV_ENOENT.
 */
int bundle_find(const struct bundle *b, const char *name, const void **data,
		size_t *size);

/**
 * Iterate regular files: start with *@cursor = 0; returns 0 with @f
 * filled and *@cursor advanced, or -MV_ENOENT after the last file.
 */
int bundle_next(const struct bundle *b, size_t *cursor, struct bundle_file *f);

/**
 * Open @blob as the boot bundle (the port calls it with the initrd).
 * Returns bundle_open()'s result; on failure there is no boot bundle.
 */
int bundle_set_boot(const void *blob, size_t size);

/** The boot bundle, or NULL when none was given. */
const struct bundle *bundle_boot(void);

/** Forget the boot bundle (tests). */
void bundle_clear_boot(void);

#endif
