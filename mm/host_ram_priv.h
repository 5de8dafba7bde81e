/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * host_ram internals shared by mm/host_ram*.c.
 *
 * A bank's bitmaps start at its start rounded down to 2 MiB, so that bit
 * positions have the same alignment as physical addresses up to 2 MiB;
 * the frames of that head hole are never free and never reserved. Three
 * hierarchical bitmaps say what is free, at three granularities:
 *  - free:   bit per frame, 1 = free;
 *  - words:  bit per 64 frames (one leaf word), 1 = all 64 free;
 *  - chunks: bit per 512 frames (2 MiB), 1 = all 512 free;
 * and a fourth marks reserved frames (1 = reserved, never free).
 * A frame that is neither free nor reserved is allocated.
 */
#ifndef MM_HOST_RAM_PRIV_H
#define MM_HOST_RAM_PRIV_H

#include <arch/cpu.h>
#include <minivisor/hbitmap.h>
#include <minivisor/host_ram.h>

#define HR_WORD_SHIFT 6 /* 64 frames per leaf word */
#define HR_CHUNK_SHIFT 9 /* 512 frames per 2 MiB chunk */
#define HR_CHUNK_FRAMES (1ULL << HR_CHUNK_SHIFT)
#define HR_NONE (~0ULL)

struct hr_bank {
	paddr_t start; /* first byte of the bank */
	uint64_t size;
	uint64_t base_frame; /* frame number of bit 0 (2 MiB aligned) */
	uint64_t head; /* bits before the bank's first frame */
	uint64_t nbits; /* head + frames */
	uint64_t free_frames, reserved_frames;
	struct hbitmap free, words, chunks, resv;
	size_t meta_bytes;
};

/** Take the host_ram lock with interrupts masked. */
irqflags_t hr_lock_take(void);

/** Release the host_ram lock and restore interrupts. */
void hr_lock_drop(irqflags_t flags);

/** Bank @i (below the number of banks) for the other host_ram files. */
struct hr_bank *hr_bank_get(unsigned int i);

/** Number of banks. */
unsigned int hr_bank_count(void);

/**
 * First bit of a free run of @count frames whose physical frame number
 * is a multiple of @align (frames, a power of two), or HR_NONE.
 */
uint64_t hr_find_run(const struct hr_bank *b, uint64_t count, uint64_t align);

/** 0 when bank @b's bitmaps and counts agree, else -MV_EIO. */
int hr_bank_check(const struct hr_bank *b);

#endif
