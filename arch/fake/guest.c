// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/fake: the guest hooks on the host. The "stage-2" is a table of
 * mappings per guest (on the hypervisor heap, like real tables would be
 * on host frames, so leak checks see it); vCPU registers are plain
 * fields. Tests reach guest memory through the recorded table, exactly
 * where a guest's accesses would land.
 */
#include <string.h>

#include <arch/guest.h>
#include <arch/mmu.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/printk.h>

static unsigned int fail_next[FAKE_GUEST_NR_OPS];
static unsigned int fail_skip[FAKE_GUEST_NR_OPS]; /* then fail once */
static bool fail_armed[FAKE_GUEST_NR_OPS];
static unsigned int vmid_count = 256;
static int live_vms, live_vcpus;
static unsigned int kicks[SCHED_MAX_CPUS];
static bool kick_respond = true;
static uint64_t read_synced; /* bytes given to vm_arch_sync_mem_for_read() */

/* Consume one injected failure of @op. */
static bool fake_fail(enum fake_guest_op op)
{
	if (fail_armed[op] && fail_skip[op]) {
		fail_skip[op]--;
		return false;
	}
	if (fail_armed[op]) {
		fail_armed[op] = false;
		return true;
	}
	if (!fail_next[op])
		return false;
	fail_next[op]--;
	return true;
}

void fake_guest_fail_next(enum fake_guest_op op, unsigned int n)
{
	if (op >= FAKE_GUEST_NR_OPS)
		return;
	fail_next[op] = n;
	fail_armed[op] = false;
}

void fake_guest_fail_after(enum fake_guest_op op, unsigned int k)
{
	if (op >= FAKE_GUEST_NR_OPS)
		return;
	fail_skip[op] = k;
	fail_armed[op] = true;
}

void fake_guest_set_vmid_count(unsigned int count)
{
	vmid_count = count;
}

unsigned int vm_arch_vmid_count(void)
{
	return vmid_count;
}

int vm_arch_init(struct guest *g)
{
	if (fake_fail(FAKE_GUEST_VM_INIT))
		return -MV_ENOMEM;
	g->arch.maps = mv_zalloc(FAKE_S2_MAX * sizeof(*g->arch.maps));
	if (!g->arch.maps)
		return -MV_ENOMEM;
	g->arch.nmaps = 0;
	g->arch.resets = 0;
	live_vms++;
	return 0;
}

static bool fake_overlap(const struct fake_s2_map *m, gpa_t gpa, uint64_t size)
{
	return gpa < m->gpa + m->size && m->gpa < gpa + size;
}

/*
 * The leaf a 4 KiB-granule stage-2 would use at @gpa/@hpa with @left
 * bytes to go: the largest of 1 GiB, 2 MiB, 4 KiB that both addresses
 * are aligned to, that fits, and that @attr's order limit allows.
 */
static uint64_t fake_leaf(gpa_t gpa, paddr_t hpa, uint64_t left,
			  unsigned int attr)
{
	static const unsigned int orders[] = { 30, 21 };

	for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++) {
		uint64_t sz = 1ULL << orders[i];

		if (vm_map_block_allowed(attr, orders[i]) && left >= sz &&
		    IS_ALIGNED(gpa | hpa, sz))
			return sz;
	}
	return PAGE_SIZE;
}

/* Record the leaves the real tables would get for @m. */
static void fake_count_leaves(struct fake_s2_map *m, unsigned int attr)
{
	for (uint64_t off = 0; off < m->size;) {
		uint64_t sz = fake_leaf(m->gpa + off, m->hpa + off,
					m->size - off, attr);

		m->block = MAX(m->block, sz);
		m->leaves++;
		off += sz;
	}
}

int vm_arch_map(struct guest *g, gpa_t gpa, paddr_t hpa, uint64_t size,
		unsigned int attr)
{
	struct vm_arch *a = &g->arch;
	struct fake_s2_map *m;

	if (!IS_ALIGNED(gpa | hpa | size, PAGE_SIZE) || !size)
		return -MV_EINVAL;
	for (unsigned int i = 0; i < a->nmaps; i++)
		if (fake_overlap(&a->maps[i], gpa, size))
			return -MV_EEXIST; /* the core must never do this */
	if (fake_fail(FAKE_GUEST_VM_MAP) || a->nmaps == FAKE_S2_MAX)
		return -MV_ENOMEM;
	m = &a->maps[a->nmaps++];
	*m = (struct fake_s2_map){ .gpa = gpa,
				   .hpa = hpa,
				   .size = size,
				   .attr = attr & (VM_MAP_RWX | VM_MAP_DEVICE),
				   .max_order = vm_map_order(attr) };
	fake_count_leaves(m, attr);
	return 0;
}

void vm_arch_unmap(struct guest *g, gpa_t gpa, uint64_t size)
{
	struct vm_arch *a = &g->arch;

	for (unsigned int i = 0; i < a->nmaps; i++) {
		if (a->maps[i].gpa != gpa || a->maps[i].size != size)
			continue;
		a->maps[i] = a->maps[--a->nmaps];
		return;
	}
}

void vm_arch_reset(struct guest *g)
{
	g->arch.resets++;
}

void vm_arch_destroy(struct guest *g)
{
	mv_free(g->arch.maps);
	g->arch.maps = NULL;
	g->arch.nmaps = 0;
	live_vms--;
}

void vm_arch_sync_mem(vaddr_t va, size_t size)
{
	/* The host is cache coherent with itself. */
}

void vm_arch_sync_mem_for_read(vaddr_t va, size_t size)
{
	/* Nothing to drop: a guest access here is a memcpy. Counted. */
	read_synced += size;
}

uint64_t fake_guest_read_synced(void)
{
	return read_synced;
}

int vcpu_arch_init(struct vcpu *v)
{
	if (fake_fail(FAKE_GUEST_VCPU_INIT))
		return -MV_ENOMEM;
	memset(&v->arch, 0, sizeof(v->arch));
	live_vcpus++;
	return 0;
}

void vcpu_arch_reset(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;
	unsigned int resets = a->resets;

	memset(a, 0, sizeof(*a));
	a->pc = v->tmpl.start_pc;
	for (unsigned int i = 0; i < GUEST_VCPU_ARGS; i++)
		a->x[i] = v->tmpl.args[i];
	a->mpidr = v->tmpl.mpidr | BIT(31);
	a->pstate = 0x3c5; /* EL1h, DAIF masked: what arm64 uses */
	a->resets = resets + 1;
}

void vcpu_arch_destroy(struct vcpu *v)
{
	live_vcpus--;
}

void vcpu_arch_dump_regs(const struct vcpu *v)
{
	const struct vcpu_arch *a = &v->arch;

	printk("pc 0x%016llx pstate 0x%llx mpidr 0x%llx\n",
	       (unsigned long long)a->pc, (unsigned long long)a->pstate,
	       (unsigned long long)a->mpidr);
	for (unsigned int i = 0; i < 31; i += 2) {
		printk("x%-2u 0x%016llx", i, (unsigned long long)a->x[i]);
		if (i + 1 < 31)
			printk("  x%-2u 0x%016llx", i + 1,
			       (unsigned long long)a->x[i + 1]);
		printk("\n");
	}
}

void arch_cpu_kick(unsigned int cpu)
{
	if (cpu < SCHED_MAX_CPUS)
		kicks[cpu]++;
	/* A real CPU's loop would now leave its vCPU and pick again. */
	if (kick_respond && sched_need_switch(cpu))
		sched_pick(cpu);
}

unsigned int fake_guest_kicks(unsigned int cpu)
{
	return cpu < SCHED_MAX_CPUS ? kicks[cpu] : 0;
}

void fake_guest_reset_kicks(void)
{
	memset(kicks, 0, sizeof(kicks));
}

void fake_guest_kick_respond(bool on)
{
	kick_respond = on;
}

int fake_guest_live_vms(void)
{
	return live_vms;
}

int fake_guest_live_vcpus(void)
{
	return live_vcpus;
}

int fake_guest_s2_lookup(const struct guest *g, gpa_t gpa, paddr_t *hpa,
			 unsigned int *attr)
{
	const struct vm_arch *a = &g->arch;

	for (unsigned int i = 0; i < a->nmaps; i++) {
		const struct fake_s2_map *m = &a->maps[i];

		if (gpa < m->gpa || gpa - m->gpa >= m->size)
			continue;
		*hpa = m->hpa + (gpa - m->gpa);
		*attr = m->attr;
		return 0;
	}
	return -MV_EFAULT;
}

/* One page-bounded piece of a guest access, through a host mapping. */
static int fake_guest_piece(paddr_t hpa, void *buf, size_t n, bool write)
{
	vaddr_t va;
	int err = aspace_map(hpa, n, MMU_ATTR_RW, &va);

	if (err)
		return err;
	if (write)
		memcpy((void *)va, buf, n);
	else
		memcpy(buf, (void *)va, n);
	aspace_unmap(va);
	return 0;
}

int fake_guest_access(const struct guest *g, gpa_t gpa, void *buf, size_t len,
		      bool write)
{
	size_t done = 0;

	while (done < len) {
		gpa_t at = gpa + done;
		size_t n = MIN(len - done, PAGE_SIZE - (at % PAGE_SIZE));
		unsigned int attr;
		paddr_t hpa;
		int err = fake_guest_s2_lookup(g, at, &hpa, &attr);

		if (err)
			return err;
		if (!(attr & (write ? VM_MAP_WRITE : VM_MAP_READ)))
			return -MV_EPERM;
		err = fake_guest_piece(hpa, (char *)buf + done, n, write);
		if (err)
			return err;
		done += n;
	}
	return 0;
}

/* The fake arch has no emulators of its own. */
const struct vdev_type *vdev_arch_find(const char *compatible)
{
	(void)compatible;
	return NULL;
}
