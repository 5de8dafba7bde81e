/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host RAM frame allocator: one bank per RAM region, one bit per 4 KiB
 * frame (1 = used) plus summary levels so allocation skips full words
 * and never scans bit by bit. All operations validate their input: a
 * double free, a free of a reserved or out-of-bank frame is refused,
 * counted, and leaves every count exact.
 */
#ifndef MINIVISOR_HOST_RAM_H
#define MINIVISOR_HOST_RAM_H

#include <minivisor/types.h>

#define HOST_RAM_FRAME_SIZE PAGE_SIZE

/** Per-bank figures for `host ram info`. */
struct host_ram_bank_info {
	paddr_t start;
	uint64_t size;
	uint64_t frames; /* total frames */
	uint64_t free_frames;
	uint64_t reserved_frames; /* reserved at boot (image, DTB, ...) */
	uint64_t meta_bytes; /* bitmap + summary bytes */
};

/** Totals and error counters over all banks. */
struct host_ram_info {
	unsigned int nbanks;
	uint64_t frames, free_frames, reserved_frames, meta_bytes;
	uint64_t alloc_failures; /* exhaustion, bad size/alignment */
	uint64_t bad_frees; /* refused frees */
	uint64_t bad_reserves; /* refused reserves */
};

/** Metadata bytes a bank of @size bytes needs (bitmap + summaries). */
size_t host_ram_bank_meta_size(uint64_t size);

/**
 * Add a bank [@start, @start + @size) (4 KiB aligned). Its state lives
 * in @meta (host_ram_bank_meta_size() bytes, any memory the caller can
 * write, e.g. the first frames of the bank itself, then reserved).
 * Returns the bank index, -MV_EINVAL (misaligned, overlapping), or
 * -MV_ENOSPC when CONFIG_HOST_RAM_MAX_BANKS banks exist.
 */
int host_ram_add_bank(paddr_t start, uint64_t size, void *meta);

/** Forget every bank (tests; never at run time). */
void host_ram_reset(void);

/**
 * Allocate one frame. Returns 0 and sets *@pa, or -MV_ENOMEM.
 */
int host_ram_alloc_frame(paddr_t *pa);

/**
 * Allocate @count contiguous frames starting at a multiple of @align
 * bytes (a power of two >= 4 KiB) within one bank. Returns 0 and sets
 * *@pa, -MV_EINVAL for bad arguments, -MV_ENOMEM if no run exists.
 */
int host_ram_alloc(uint64_t count, uint64_t align, paddr_t *pa);

/**
 * Free @count frames at @pa. Refused (-MV_EINVAL outside any bank or
 * straddling banks, -MV_EALREADY if any frame is already free,
 * -MV_EPERM if any frame is reserved) with nothing changed.
 */
int host_ram_free(paddr_t pa, uint64_t count);

/**
 * Reserve [@pa, @pa + @size) (rounded out to frames), for memory that
 * the allocator must never hand out (image, DTB, initrd...). Parts
 * outside every bank are ignored. Returns 0, or -MV_EBUSY if a frame is
 * allocated (nothing changed). Reserving reserved frames is fine.
 */
int host_ram_reserve(paddr_t pa, uint64_t size);

/** True when @pa is a used (allocated or reserved) frame. */
bool host_ram_frame_used(paddr_t pa);

/** Figures for bank @i: 0, or -MV_ENOENT. */
int host_ram_bank_info(unsigned int i, struct host_ram_bank_info *info);

/** Totals over all banks. */
void host_ram_get_info(struct host_ram_info *info);

/**
 * Copy up to @nwords 64-bit words of bank @i's used-bitmap starting at
 * frame @first (a multiple of 64) to @out, for `host ram bitmap`.
 * Returns the number of words copied, or -MV_ENOENT.
 */
int host_ram_bank_bitmap(unsigned int i, uint64_t first, uint64_t *out,
			 unsigned int nwords);

/** Full consistency check (tests, MM_DEBUG_CHECKS): 0 or -MV_EIO. */
int host_ram_check(void);

#endif
