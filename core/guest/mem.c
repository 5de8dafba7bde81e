// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host memory access for guests: zeroing, image loads and `guest
 * dumpmem` go through temporary vapool mappings of at most
 * GUEST_MAP_CHUNK bytes, so that a 1 GiB guest needs no 1 GiB window
 * and a failure (vapool or mapping table exhausted) is an error, not a
 * crash. Every piece goes through the arch's cache hooks, so reads see
 * what a guest with its caches off wrote, and the guest sees what we
 * wrote.
 */
#include <string.h>

#include <arch/mmu.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>

#include "guest_priv.h"

#define GUEST_MAP_CHUNK MIB(4)

/* What to do with each mapped piece: @va is @n bytes at offset @off. */
typedef void (*host_mem_fn)(void *va, uint64_t off, size_t n, void *arg);

static int host_mem_walk(paddr_t pa, uint64_t len, host_mem_fn fn, void *arg,
			 bool written)
{
	uint64_t off = 0;

	while (off < len) {
		/* Stop pieces at chunk boundaries of the physical range. */
		uint64_t room =
			GUEST_MAP_CHUNK - ((pa + off) % GUEST_MAP_CHUNK);
		size_t n = (size_t)MIN(len - off, room);
		vaddr_t va;
		int err = aspace_map(pa + off, n, MMU_ATTR_RW, &va);

		if (err)
			return err;
		/*
		 * A guest with its MMU off writes around the caches: drop
		 * what the cacheable map may hold before reading, and push
		 * what we wrote out to memory after writing.
		 */
		if (!written)
			vm_arch_sync_mem_for_read(va, n);
		fn((void *)va, off, n, arg);
		if (written)
			vm_arch_sync_mem(va, n);
		aspace_unmap(va);
		off += n;
	}
	return 0;
}

static void host_zero_fn(void *va, uint64_t off, size_t n, void *arg)
{
	memset(va, 0, n);
}

static void host_write_fn(void *va, uint64_t off, size_t n, void *arg)
{
	memcpy(va, (const char *)arg + off, n);
}

static void host_read_fn(void *va, uint64_t off, size_t n, void *arg)
{
	memcpy((char *)arg + off, va, n);
}

int guest_host_zero(paddr_t pa, uint64_t size)
{
	return host_mem_walk(pa, size, host_zero_fn, NULL, true);
}

int guest_host_write(paddr_t pa, const void *src, uint64_t len)
{
	return host_mem_walk(pa, len, host_write_fn, (void *)src, true);
}

/* Copy @len bytes from host address @pa to @dst. */
static int guest_host_read(paddr_t pa, void *dst, uint64_t len)
{
	return host_mem_walk(pa, len, host_read_fn, dst, false);
}

/* Walk [@gpa, @gpa + @len) region by region; emulated/unmapped fail. */
static int guest_mem_access(const struct guest *g, gpa_t gpa, void *buf,
			    size_t len, bool write)
{
	size_t done = 0;

	if (gpa + len < gpa)
		return -MV_EFAULT;
	while (done < len) {
		gpa_t at = gpa + done;
		const struct guest_region *r = guest_region_find(g, at);
		size_t n;
		int err;

		if (!r || r->type == GUEST_REGION_EMULATED)
			return -MV_EFAULT;
		n = (size_t)MIN(len - done, r->size - (at - r->gpa));
		err = write ? guest_host_write(r->hpa + (at - r->gpa),
					       (const char *)buf + done, n) :
			      guest_host_read(r->hpa + (at - r->gpa),
					      (char *)buf + done, n);
		if (err)
			return err;
		done += n;
	}
	return 0;
}

int guest_mem_read(const struct guest *g, gpa_t gpa, void *buf, size_t len)
{
	return guest_mem_access(g, gpa, buf, len, false);
}

int guest_mem_write(const struct guest *g, gpa_t gpa, const void *buf,
		    size_t len)
{
	return guest_mem_access(g, gpa, (void *)buf, len, true);
}
