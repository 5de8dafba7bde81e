// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpio "newc" reader for the boot bundle. Every entry is a 110-byte
 * ASCII header (magic + 13 fields of 8 hex digits), the name (its size
 * includes the NUL), padding to 4 bytes, the data, padding to 4 bytes;
 * offsets are relative to the start of the archive. All arithmetic is
 * done in 64 bits and compared with the blob size before any byte is
 * read, so a hostile archive can only be refused.
 */
#include <string.h>

#include <minivisor/bundle.h>
#include <minivisor/ctype.h>
#include <minivisor/errno.h>

#define CPIO_HDR_SIZE 110
#define CPIO_NFIELDS 13
#define CPIO_F_MODE 1
#define CPIO_F_FILESIZE 6
#define CPIO_F_NAMESIZE 11
#define CPIO_F_CHECK 12
#define CPIO_S_IFMT 0170000u
#define CPIO_S_IFREG 0100000u
#define CPIO_TRAILER "TRAILER!!!"

/* One parsed entry; offsets from the archive start. */
struct cpio_entry {
	uint32_t field[CPIO_NFIELDS];
	const char *name;
	uint64_t data_off;
	uint64_t next_off; /* next header (may pass the end for the trailer) */
	bool crc; /* magic 070702: field[CHECK] is a byte sum */
};

static const char *bundle_error = "";

const char *bundle_last_error(void)
{
	return bundle_error;
}

static uint64_t cpio_align4(uint64_t x)
{
	return (x + 3) & ~(uint64_t)3;
}

/* Exactly 8 hex digits at @p; false on anything else. */
static bool cpio_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = mv_digit_value(p[i]);

		if (d >= 16)
			return false;
		v = (v << 4) | (uint32_t)d;
	}
	*out = v;
	return true;
}

static int cpio_fail(const char *why)
{
	bundle_error = why;
	return -MV_EBADMSG;
}

/* Magic and the 13 numeric fields of the header at @off. */
static int cpio_parse_header(const uint8_t *base, size_t size, uint64_t off,
			     struct cpio_entry *e)
{
	const uint8_t *h = base + off;

	if (off > size || size - off < CPIO_HDR_SIZE)
		return cpio_fail("truncated header");
	if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
		return cpio_fail("bad magic (not cpio newc)");
	e->crc = h[5] == '2';
	for (int i = 0; i < CPIO_NFIELDS; i++)
		if (!cpio_hex8(h + 6 + 8 * i, &e->field[i]))
			return cpio_fail("bad hex field in header");
	return 0;
}

/* The name after the header at @off: terminated exactly at its end. */
static int cpio_parse_name(const uint8_t *base, size_t size, uint64_t off,
			   struct cpio_entry *e)
{
	uint64_t namesize = e->field[CPIO_F_NAMESIZE];
	uint64_t name_off = off + CPIO_HDR_SIZE;

	if (namesize < 2 || namesize > BUNDLE_NAME_MAX)
		return cpio_fail("bad name size");
	if (name_off + namesize > size)
		return cpio_fail("name runs past the end");
	e->name = (const char *)base + name_off;
	if (e->name[namesize - 1] || strlen(e->name) != namesize - 1)
		return cpio_fail("name not terminated where its size says");
	e->data_off = cpio_align4(name_off + namesize);
	return 0;
}

/* Sum of the data bytes, as the 070702 format checks them. */
static uint32_t cpio_sum(const uint8_t *p, uint64_t len)
{
	uint32_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/*
 * Parse and check the whole entry at @off; with @verify, also the
 * checksum (only bundle_open() needs it: lookups re-parse entries that
 * were checked then, and summing a kernel at every lookup would cost).
 */
static int cpio_parse(const uint8_t *base, size_t size, uint64_t off,
		      struct cpio_entry *e, bool verify)
{
	uint64_t filesize;
	int err;

	err = cpio_parse_header(base, size, off, e);
	if (!err)
		err = cpio_parse_name(base, size, off, e);
	if (err)
		return err;
	filesize = e->field[CPIO_F_FILESIZE];
	if (e->data_off > size || filesize > size - e->data_off)
		return cpio_fail("file data runs past the end");
	if (verify && e->crc &&
	    cpio_sum(base + e->data_off, filesize) != e->field[CPIO_F_CHECK])
		return cpio_fail("checksum mismatch");
	e->next_off = cpio_align4(e->data_off + filesize);
	return 0;
}

static bool cpio_is_trailer(const struct cpio_entry *e)
{
	return !strcmp(e->name, CPIO_TRAILER);
}

static bool cpio_is_file(const struct cpio_entry *e)
{
	return (e->field[CPIO_F_MODE] & CPIO_S_IFMT) == CPIO_S_IFREG;
}

int bundle_open(struct bundle *b, const void *blob, size_t size)
{
	struct cpio_entry e;
	uint64_t off = 0;
	unsigned int nfiles = 0;
	int err;

	if (!b || !blob)
		return -MV_EINVAL;
	for (;;) {
		err = cpio_parse(blob, size, off, &e, true);
		if (err)
			return err;
		if (cpio_is_trailer(&e))
			break;
		nfiles += cpio_is_file(&e);
		off = e.next_off;
	}
	b->base = blob;
	b->size = e.next_off < size ? e.next_off : size;
	b->nfiles = nfiles;
	bundle_error = "";
	return 0;
}

/* @name without any leading "./" or "/". */
static const char *bundle_strip(const char *name)
{
	for (;;) {
		if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '/')
			name++;
		else
			return name;
	}
}

int bundle_next(const struct bundle *b, size_t *cursor, struct bundle_file *f)
{
	struct cpio_entry e;

	if (!b || !b->base)
		return -MV_ENOENT;
	for (uint64_t off = *cursor;; off = e.next_off) {
		/* bundle_open() checked every entry: this cannot fail. */
		if (cpio_parse(b->base, b->size, off, &e, false) ||
		    cpio_is_trailer(&e))
			return -MV_ENOENT;
		if (!cpio_is_file(&e))
			continue;
		f->name = bundle_strip(e.name);
		f->data = b->base + e.data_off;
		f->size = e.field[CPIO_F_FILESIZE];
		f->mode = e.field[CPIO_F_MODE];
		*cursor = e.next_off;
		return 0;
	}
}

int bundle_find(const struct bundle *b, const char *name, const void **data,
		size_t *size)
{
	struct bundle_file f;
	size_t cursor = 0;

	if (!name)
		return -MV_ENOENT;
	name = bundle_strip(name);
	while (!bundle_next(b, &cursor, &f)) {
		if (strcmp(f.name, name))
			continue;
		*data = f.data;
		*size = f.size;
		return 0;
	}
	return -MV_ENOENT;
}
