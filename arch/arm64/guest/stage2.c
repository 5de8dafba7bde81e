// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 translation of a guest: 4 KiB granule, 40-bit IPA, walks
 * starting at level 1 from two concatenated tables (VTCR_EL2 =
 * 0x80023558, the value measured on QEMU), 1 GiB and 2 MiB blocks where
 * the guest and host addresses allow and the region's map_order
 * (VM_MAP_ORDER() in the attributes) does not forbid. Every table is a host_ram frame
 * (identity mapped: its physical address is its pointer), so a guest's
 * tables show up in `host ram info` and come back on destroy.
 *
 * The guest manager's contract keeps this simple: a map never overlaps
 * an earlier one and an unmap is exactly a range that was mapped, so
 * blocks never have to be split. Unmaps and destroy invalidate the
 * TLBs of the guest's VMID on every CPU.
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/guest.h>
#include <asm/guest.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <minivisor/printk.h>

#define S2_ROOT_ENTRIES 1024 /* two concatenated level-1 tables */
#define S2_ROOT_ALIGN 0x2000
#define S2_ENTRIES 512
#define S2_SHIFT(l) (39 - 9 * (l)) /* 30, 21, 12 for levels 1-3 */
#define S2_SIZE(l) (1ULL << S2_SHIFT(l))

#define S2_VALID BIT(0)
#define S2_TABLE BIT(1) /* levels 1-2: next table; level 3: page */
#define S2_MEMATTR_WB (0xfULL << 2) /* Normal, inner/outer write-back */
#define S2_MEMATTR_DEV (0x1ULL << 2) /* Device-nGnRE */
#define S2_AP_R BIT(6)
#define S2_AP_W BIT(7)
#define S2_SH_INNER (3ULL << 8)
#define S2_AF BIT(10)
#define S2_XN BIT(54) /* XN[1]: no execution at EL1 or EL0 */
#define S2_ADDR_MASK 0x0000fffffffff000ULL

#define VTCR_EL2_VALUE 0x80023558UL
#define VTTBR_VMID_SHIFT 48
#define MMFR0_PARANGE_40 2 /* ID_AA64MMFR0_EL1.PARange: 40 bits */

typedef uint64_t s2pte_t;

int arm64_stage2_probe(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return parange >= MMFR0_PARANGE_40 ? 0 : -MV_ENOTSUP;
}

void arm64_stage2_cpu_init(void)
{
	write_sysreg(vtcr_el2, VTCR_EL2_VALUE);
	isb();
}

void arm64_stage2_flush_vmid(uint64_t vttbr)
{
	irqflags_t flags = arch_irq_save();
	uint64_t old = read_sysreg(vttbr_el2);

	/* TLBI by VMID uses the VMID in VTTBR_EL2: load the guest's. */
	dsb(ishst);
	write_sysreg(vttbr_el2, vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1is" : : : "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, old);
	isb();
	arch_irq_restore(flags);
}

static s2pte_t *s2_table(s2pte_t e)
{
	return (s2pte_t *)(uintptr_t)(e & S2_ADDR_MASK);
}

static bool s2_is_table(s2pte_t e, unsigned int lvl)
{
	return lvl < 3 && (e & (S2_VALID | S2_TABLE)) == (S2_VALID | S2_TABLE);
}

static s2pte_t *s2_alloc_table(struct vm_arch *a)
{
	paddr_t pa;

	if (host_ram_alloc_frame(&pa))
		return NULL;
	memset((void *)(uintptr_t)pa, 0, PAGE_SIZE);
	a->s2_tables++;
	return (s2pte_t *)(uintptr_t)pa;
}

static void s2_free_table(struct vm_arch *a, s2pte_t *t)
{
	host_ram_free((paddr_t)(uintptr_t)t, 1);
	a->s2_tables--;
}

unsigned int vm_arch_vmid_count(void)
{
	/* VTCR_EL2.VS stays 0: 8-bit VMIDs on every CPU. */
	return 256;
}

int vm_arch_init(struct guest *g)
{
	struct vm_arch *a = &g->arch;
	paddr_t root;

	memset(a, 0, sizeof(*a));
	if (arm64_stage2_probe())
		return -MV_ENOTSUP;
	if (host_ram_alloc(2, S2_ROOT_ALIGN, &root))
		return -MV_ENOMEM;
	memset((void *)(uintptr_t)root, 0, 2 * PAGE_SIZE);
	a->s2_root = root;
	a->s2_tables = 2;
	a->vttbr = (uint64_t)g->vmid << VTTBR_VMID_SHIFT | root;
	/* A reused VMID must not find the previous guest's entries. */
	arm64_stage2_flush_vmid(a->vttbr);
	return 0;
}

static s2pte_t s2_leaf_attrs(unsigned int attr)
{
	s2pte_t e = S2_AF;

	if (attr & VM_MAP_DEVICE)
		e |= S2_MEMATTR_DEV;
	else
		e |= S2_MEMATTR_WB | S2_SH_INNER;
	if (attr & VM_MAP_READ)
		e |= S2_AP_R;
	if (attr & VM_MAP_WRITE)
		e |= S2_AP_W;
	if (!(attr & VM_MAP_EXEC))
		e |= S2_XN;
	return e;
}

/* The entry of level @lvl for @ipa, creating tables on the way. */
static s2pte_t *s2_walk_create(struct vm_arch *a, gpa_t ipa, unsigned int lvl)
{
	s2pte_t *table = (s2pte_t *)(uintptr_t)a->s2_root;
	s2pte_t *p = &table[ipa >> S2_SHIFT(1)];

	for (unsigned int l = 1; l < lvl; l++) {
		if (!s2_is_table(*p, l)) {
			s2pte_t *t = s2_alloc_table(a);

			if (!t)
				return NULL;
			dsb(ishst); /* zeroed table before the pointer */
			WRITE_ONCE(*p,
				   (s2pte_t)(uintptr_t)t | S2_TABLE | S2_VALID);
		}
		table = s2_table(*p);
		p = &table[(ipa >> S2_SHIFT(l + 1)) & (S2_ENTRIES - 1)];
	}
	return p;
}

/*
 * The largest level whose block fits at @ipa/@pa within @size and is
 * no larger than the VM_MAP_ORDER() limit in @attr (a region's
 * map_order); pages (level 3) are always allowed.
 */
static unsigned int s2_leaf_level(gpa_t ipa, paddr_t pa, uint64_t size,
				  unsigned int attr)
{
	for (unsigned int lvl = 1; lvl < 3; lvl++)
		if (vm_map_block_allowed(attr, S2_SHIFT(lvl)) &&
		    size >= S2_SIZE(lvl) && IS_ALIGNED(ipa | pa, S2_SIZE(lvl)))
			return lvl;
	return 3;
}

static int s2_unmap_range(struct vm_arch *a, gpa_t ipa, uint64_t size);

int vm_arch_map(struct guest *g, gpa_t gpa, paddr_t hpa, uint64_t size,
		unsigned int attr)
{
	struct vm_arch *a = &g->arch;
	s2pte_t leaf = s2_leaf_attrs(attr);
	uint64_t done = 0;

	if (!size || !IS_ALIGNED(gpa | hpa | size, PAGE_SIZE) ||
	    gpa + size > (1ULL << ARCH_GUEST_IPA_BITS) || gpa + size < gpa)
		return -MV_EINVAL;
	while (done < size) {
		unsigned int lvl = s2_leaf_level(gpa + done, hpa + done,
						 size - done, attr);
		s2pte_t *p = s2_walk_create(a, gpa + done, lvl);

		if (!p) {
			s2_unmap_range(a, gpa, done);
			return -MV_ENOMEM;
		}
		WRITE_ONCE(*p, (hpa + done) | leaf | S2_VALID |
				       (lvl == 3 ? S2_TABLE : 0));
		done += S2_SIZE(lvl);
	}
	dsb(ishst);
	return 0;
}

static bool s2_table_empty(const s2pte_t *t)
{
	for (unsigned int i = 0; i < S2_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

/* Clear the leaf at @ipa; free tables it leaves empty. Bytes covered. */
static uint64_t s2_unmap_one(struct vm_arch *a, gpa_t ipa, uint64_t size)
{
	s2pte_t *path[4];
	s2pte_t *table = (s2pte_t *)(uintptr_t)a->s2_root;
	s2pte_t *p = &table[ipa >> S2_SHIFT(1)];
	unsigned int lvl = 1;

	for (;; lvl++) {
		uint64_t off = ipa & (S2_SIZE(lvl) - 1);

		path[lvl] = p;
		if (!(*p & S2_VALID))
			return MIN(size, S2_SIZE(lvl) - off);
		if (!s2_is_table(*p, lvl))
			break;
		table = s2_table(*p);
		p = &table[(ipa >> S2_SHIFT(lvl + 1)) & (S2_ENTRIES - 1)];
	}
	if ((ipa & (S2_SIZE(lvl) - 1)) || size < S2_SIZE(lvl)) {
		/* Not a range given to vm_arch_map(): leave the block. */
		pr_warn("stage2: unmap 0x%llx+0x%llx splits a block\n",
			(unsigned long long)ipa, (unsigned long long)size);
		return MIN(size, S2_SIZE(lvl) - (ipa & (S2_SIZE(lvl) - 1)));
	}
	WRITE_ONCE(*p, 0);
	for (unsigned int l = lvl - 1; l >= 1; l--) {
		s2pte_t *child = s2_table(*path[l]);

		if (!s2_table_empty(child))
			break;
		WRITE_ONCE(*path[l], 0);
		s2_free_table(a, child);
	}
	return S2_SIZE(lvl);
}

static int s2_unmap_range(struct vm_arch *a, gpa_t ipa, uint64_t size)
{
	uint64_t done = 0;

	while (done < size)
		done += s2_unmap_one(a, ipa + done, size - done);
	return 0;
}

void vm_arch_unmap(struct guest *g, gpa_t gpa, uint64_t size)
{
	struct vm_arch *a = &g->arch;

	if (!a->s2_root || !size)
		return;
	s2_unmap_range(a, gpa, size);
	/* Freed tables and the frames behind them may be reused at once. */
	arm64_stage2_flush_vmid(a->vttbr);
}

void vm_arch_reset(struct guest *g)
{
	/* The vGIC resets as an emulated device, the vCPUs themselves. */
}

/* Free every table below @t (level @lvl), not @t itself. */
static void s2_free_below(struct vm_arch *a, s2pte_t *t, unsigned int lvl,
			  unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (!s2_is_table(t[i], lvl))
			continue;
		s2_free_below(a, s2_table(t[i]), lvl + 1, S2_ENTRIES);
		s2_free_table(a, s2_table(t[i]));
		t[i] = 0;
	}
}

void vm_arch_destroy(struct guest *g)
{
	struct vm_arch *a = &g->arch;

	if (!a->s2_root)
		return;
	s2_free_below(a, (s2pte_t *)(uintptr_t)a->s2_root, 1, S2_ROOT_ENTRIES);
	arm64_stage2_flush_vmid(a->vttbr);
	host_ram_free(a->s2_root, 2);
	a->s2_tables -= 2;
	if (a->s2_tables)
		pr_warn("stage2: %s: %llu table frames unaccounted\n", g->name,
			(unsigned long long)a->s2_tables);
	a->s2_root = 0;
}
