// SPDX-License-Identifier: GPL-2.0-only
/*
 * PVH start info parsing. The structure comes from the loader
 * (firmware/QEMU); it is checked, and only RAM ranges are kept.
 */
#include <minivisor/errno.h>
#include <asm/pvh.h>

#define PVH_MAX_ENTRIES 128

/* Insert [@s, @e) keeping @out sorted and merging overlaps/neighbours. */
static int pvh_add_ram(struct pvh_info *out, paddr_t s, paddr_t e)
{
	unsigned int i = 0, j;

	while (i < out->nram && out->ram[i].start + out->ram[i].size < s)
		i++;
	for (j = i; j < out->nram && out->ram[j].start <= e; j++) {
		s = MIN(s, out->ram[j].start);
		e = MAX(e, out->ram[j].start + out->ram[j].size);
	}
	if (j == i && out->nram == PVH_MAX_RAM)
		return -MV_ENOSPC;
	/* Entries i..j-1 collapse into one at i. */
	if (j == i) {
		for (unsigned int k = out->nram; k > i; k--)
			out->ram[k] = out->ram[k - 1];
		out->nram++;
	} else {
		for (unsigned int k = j; k < out->nram; k++)
			out->ram[k - (j - i - 1)] = out->ram[k];
		out->nram -= j - i - 1;
	}
	out->ram[i] = (struct pvh_range){ s, e - s };
	return 0;
}

int pvh_parse(const struct hvm_start_info *si, void *(*p2v)(paddr_t pa),
	      struct pvh_info *out)
{
	const struct hvm_memmap_entry *m;

	out->nram = 0;
	out->cmdline = NULL;
	out->entries = 0;
	if (!si || si->magic != PVH_START_MAGIC || si->version < 1 ||
	    !si->memmap_paddr || !si->memmap_entries ||
	    si->memmap_entries > PVH_MAX_ENTRIES)
		return -MV_EINVAL;
	if (si->cmdline_paddr)
		out->cmdline = p2v(si->cmdline_paddr);
	m = p2v(si->memmap_paddr);
	out->entries = si->memmap_entries;
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		paddr_t s = ALIGN_UP(m[i].addr, PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(m[i].addr + m[i].size, PAGE_SIZE);

		if (m[i].type != PVH_MEMMAP_RAM || e <= s ||
		    m[i].addr + m[i].size < m[i].addr)
			continue;
		if (pvh_add_ram(out, s, e))
			return -MV_ENOSPC;
	}
	return 0;
}

int pvh_ram_intersect(const struct pvh_info *info, paddr_t start, uint64_t size,
		      struct pvh_range *out, unsigned int max)
{
	paddr_t end = start + size;
	unsigned int n = 0;

	for (unsigned int i = 0; i < info->nram && n < max; i++) {
		paddr_t s = MAX(start, info->ram[i].start);
		paddr_t e = MIN(end, info->ram[i].start + info->ram[i].size);

		if (s < e)
			out[n++] = (struct pvh_range){ s, e - s };
	}
	return (int)n;
}

bool pvh_is_ram(const struct pvh_info *info, paddr_t start, uint64_t size)
{
	struct pvh_range r;

	/* RAM ranges are merged: all of it is RAM iff one piece is it. */
	return size && pvh_ram_intersect(info, start, size, &r, 1) == 1 &&
	       r.start == start && r.size == size;
}
