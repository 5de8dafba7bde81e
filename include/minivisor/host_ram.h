/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host RAM frame allocator: one bank per RAM region, one bit per 4 KiB
 * frame (1 = used) plus summary levels so allocation skips full words
 * and never scans bit by bit. All operations validate their input: a
 * double free, a free of a reserved or out-of-bank frame is refused,
 * counted, and leaves every count exact.
 *
 * Summaries: "word has a free frame" bits (64-ary, O(log64 n) to the
 * lowest free frame), "64 frames all free" and "2 MiB chunk all free"
 * bits for long and aligned runs. Allocation always returns the lowest
 * fitting address (banks in the order they were added). Housekeeping:
 * about 2.03 bits per frame (free + reserved bitmaps and summaries),
 * ~65 KiB per GiB of RAM. One spinlock, taken with interrupts masked,
 * covers every bank.
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

/**
 * Metadata bytes a bank of @size bytes needs (bitmaps + summaries),
 * whatever its start; 0 for a size host_ram_add_bank() would refuse.
 */
size_t host_ram_bank_meta_size(uint64_t size);

/**
 * Add a bank [@start, @start + @size) (4 KiB aligned). Its state lives
 * in @meta (host_ram_bank_meta_size() bytes, 8-byte aligned, any memory
 * the caller can write, e.g. the first frames of the bank itself, then
 * reserved). Every frame starts free.
 * Returns the bank index, -MV_EINVAL (misaligned, overlapping), or
 * -MV_ENOSPC when CONFIG_HOST_RAM_MAX_BANKS banks exist.
 */
int host_ram_add_bank(paddr_t start, uint64_t size, void *meta);

/** Forget every bank (tests; never at run time). */
void host_ram_reset(void);

/**
 * Allocate one frame (the lowest free one). Returns 0 and sets *@pa, or
 * -MV_ENOMEM. Constant cost however full the bank is.
 */
int host_ram_alloc_frame(paddr_t *pa);

/**
 * Allocate @count contiguous frames starting at a multiple of @align
 * bytes (a power of two >= 4 KiB) within one bank. Returns 0 and sets
 * *@pa, -MV_EINVAL for bad arguments (count 0 or above 2^52), -MV_ENOMEM
 * if no run exists. Runs of 2 MiB at 2 MiB alignment cost O(log n);
 * other runs cost one summary search per free candidate examined.
 */
int host_ram_alloc(uint64_t count, uint64_t align, paddr_t *pa);

/**
 * Free @count frames at @pa (any frames that are allocated, not
 * necessarily one whole allocation). Refused with nothing changed:
 * -MV_EINVAL (count 0, @pa misaligned, outside any bank or straddling
 * banks), -MV_EPERM if any frame is reserved, else -MV_EALREADY if any
 * frame is already free.
 */
int host_ram_free(paddr_t pa, uint64_t count);

/**
 * Reserve [@pa, @pa + @size) (rounded out to frames), for memory that
 * the allocator must never hand out (image, DTB, initrd...). Parts
 * outside every bank are ignored. Returns 0, -MV_EINVAL for size 0 or a
 * range that wraps, or -MV_EBUSY if a frame is allocated (nothing
 * changed either way). Reserving reserved frames is fine. There is no
 * unreserve: reserved frames stay out of the allocator for good.
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
 * frame @first (counted from the bank start, a multiple of 64) to @out,
 * for `host ram bitmap`; bits past the bank's last frame read as 0.
 * Returns the number of words copied (0 past the end), -MV_EINVAL for
 * an unaligned @first, or -MV_ENOENT.
 */
int host_ram_bank_bitmap(unsigned int i, uint64_t first, uint64_t *out,
			 unsigned int nwords);

/**
 * Full consistency check, O(frames): bitmaps, summaries and counts
 * agree (tests, MM_DEBUG_CHECKS). 0 or -MV_EIO.
 */
int host_ram_check(void);

#endif
