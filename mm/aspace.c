// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host address space (include/minivisor/aspace.h): physical ranges and
 * freshly allocated frames mapped into vapool.
 *
 * Live mappings are recorded in a fixed table of ASPACE_MAX_MAPPINGS
 * entries kept sorted by address, so lookups are binary searches and
 * nothing is allocated on the way. A slot is booked before any work
 * starts, so a full table fails cleanly with -MV_ENOSPC; any failure
 * half way undoes the steps already done, in reverse order. The lock
 * only covers the table: allocation, mapping and zeroing run outside it.
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/spinlock.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <minivisor/vapool.h>

enum as_kind { AS_MAP, AS_PAGES };

struct as_rec {
	vaddr_t va; /* page-aligned start in vapool */
	paddr_t pa; /* page-aligned physical start */
	uint64_t size; /* mapped bytes (whole pages) */
	uint32_t offset; /* byte offset handed to the caller */
	uint32_t kind;
};

static struct as_rec recs[ASPACE_MAX_MAPPINGS];
static unsigned int nrecs, booked;
static struct aspace_info stats; /* counters; mappings is nrecs */
static arch_spinlock_t as_lock = ARCH_SPINLOCK_INIT;

static irqflags_t as_lock_take(void)
{
	return arch_spin_lock_irqsave(&as_lock);
}

static void as_lock_drop(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&as_lock, flags);
}

/* Book a table slot for a mapping about to be made; -MV_ENOSPC if full. */
static int as_book(void)
{
	irqflags_t flags = as_lock_take();
	int ret = -MV_ENOSPC;

	if (nrecs + booked < ASPACE_MAX_MAPPINGS) {
		booked++;
		ret = 0;
	} else {
		stats.map_failures++;
	}
	as_lock_drop(flags);
	return ret;
}

/* Count a refused call that booked nothing. */
static int as_refuse(int err)
{
	irqflags_t flags = as_lock_take();

	stats.map_failures++;
	as_lock_drop(flags);
	return err;
}

/* Give back a booked slot after a failure. */
static int as_unbook(int err)
{
	irqflags_t flags = as_lock_take();

	booked--;
	stats.map_failures++;
	as_lock_drop(flags);
	return err;
}

/* Index of the first record whose va is >= @va. */
static unsigned int as_search(vaddr_t va)
{
	unsigned int lo = 0, hi = nrecs;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (recs[mid].va < va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Turn a booked slot into record @r. */
static void as_insert(const struct as_rec *r)
{
	irqflags_t flags = as_lock_take();
	unsigned int i = as_search(r->va);

	memmove(&recs[i + 1], &recs[i], (nrecs - i) * sizeof(recs[0]));
	recs[i] = *r;
	nrecs++;
	booked--;
	stats.mapped_bytes += r->size;
	as_lock_drop(flags);
}

/*
 * Take out the record of kind @kind whose caller address is @va, into
 * *@r. Returns 0 or -MV_EINVAL (counted as a bad unmap).
 */
static int as_remove(vaddr_t va, enum as_kind kind, struct as_rec *r)
{
	irqflags_t flags = as_lock_take();
	unsigned int i = as_search(ALIGN_DOWN(va, PAGE_SIZE));
	int ret = -MV_EINVAL;

	if (i < nrecs && recs[i].va + recs[i].offset == va &&
	    recs[i].kind == kind) {
		*r = recs[i];
		memmove(&recs[i], &recs[i + 1], (nrecs - i - 1) * sizeof(*r));
		nrecs--;
		stats.mapped_bytes -= r->size;
		ret = 0;
	} else {
		stats.bad_unmaps++;
	}
	as_lock_drop(flags);
	return ret;
}

/* Map @size bytes at @pa into new vapool space; undone on failure. */
static int as_map_range(paddr_t pa, uint64_t size, unsigned int attr,
			vaddr_t *va)
{
	int ret = vapool_alloc(size, va);

	if (ret)
		return ret;
	ret = arch_mmu_map(*va, pa, size, attr);
	if (ret)
		vapool_free(*va);
	return ret;
}

int aspace_map(paddr_t pa, uint64_t size, unsigned int attr, vaddr_t *va)
{
	struct as_rec r = { .pa = ALIGN_DOWN(pa, PAGE_SIZE), .kind = AS_MAP };
	uint64_t end = pa + size;
	int ret;

	if (!size || end < pa || end > ~0ULL - PAGE_SIZE + 1)
		return as_refuse(-MV_EINVAL);
	r.size = ALIGN_UP(end, PAGE_SIZE) - r.pa;
	r.offset = (uint32_t)(pa - r.pa);
	ret = as_book();
	if (ret)
		return ret;
	ret = as_map_range(r.pa, r.size, attr, &r.va);
	if (ret)
		return as_unbook(ret);
	as_insert(&r);
	*va = r.va + r.offset;
	return 0;
}

/*
 * Tear down record @r (already out of the table). If the MMU refuses,
 * the addresses stay out of vapool (and the frames out of host_ram):
 * leaking them is safer than handing out space that is still mapped.
 */
static int as_unmap_rec(const struct as_rec *r)
{
	int ret = arch_mmu_unmap(r->va, r->size);

	if (ret)
		return ret;
	vapool_free(r->va);
	if (r->kind == AS_PAGES)
		host_ram_free(r->pa, r->size >> PAGE_SHIFT);
	return 0;
}

int aspace_unmap(vaddr_t va)
{
	struct as_rec r;
	int ret = as_remove(va, AS_MAP, &r);

	return ret ? ret : as_unmap_rec(&r);
}

int aspace_alloc_pages(uint64_t count, vaddr_t *va)
{
	struct as_rec r = { .kind = AS_PAGES };
	int ret;

	if (!count || count > (~0ULL >> PAGE_SHIFT))
		return as_refuse(-MV_EINVAL);
	r.size = count << PAGE_SHIFT;
	ret = as_book();
	if (ret)
		return ret;
	ret = host_ram_alloc(count, PAGE_SIZE, &r.pa);
	if (ret)
		return as_unbook(ret);
	ret = as_map_range(r.pa, r.size, MMU_ATTR_RW, &r.va);
	if (ret) {
		host_ram_free(r.pa, count);
		return as_unbook(ret);
	}
	memset((void *)r.va, 0, r.size);
	as_insert(&r);
	*va = r.va;
	return 0;
}

int aspace_free_pages(vaddr_t va)
{
	struct as_rec r;
	int ret = as_remove(va, AS_PAGES, &r);

	return ret ? ret : as_unmap_rec(&r);
}

int aspace_va2pa(vaddr_t va, paddr_t *pa)
{
	irqflags_t flags = as_lock_take();
	unsigned int i = as_search(va + 1);
	int ret = -MV_ENOENT;

	/* recs[i - 1] is the last mapping that starts at or below @va. */
	if (i > 0 && va - recs[i - 1].va < recs[i - 1].size) {
		*pa = recs[i - 1].pa + (va - recs[i - 1].va);
		ret = 0;
	}
	as_lock_drop(flags);
	return ret;
}

void aspace_get_info(struct aspace_info *info)
{
	irqflags_t flags = as_lock_take();

	*info = stats;
	info->mappings = nrecs;
	as_lock_drop(flags);
}

void aspace_reset(void)
{
	irqflags_t flags = as_lock_take();

	nrecs = booked = 0;
	stats = (struct aspace_info){ 0 };
	as_lock_drop(flags);
}
