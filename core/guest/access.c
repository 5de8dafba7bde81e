// SPDX-License-Identifier: GPL-2.0-only
/* Read-only accessors of struct guest and struct vcpu for core code. */
#include <minivisor/compiler.h>

#include "guest_priv.h"

const char *guest_name(const struct guest *g)
{
	return g->name;
}

unsigned int guest_id(const struct guest *g)
{
	return g->id;
}

unsigned int guest_vmid(const struct guest *g)
{
	return g->vmid;
}

enum guest_state guest_state(const struct guest *g)
{
	return READ_ONCE(g->state);
}

const char *guest_state_name(enum guest_state s)
{
	static const char *const names[] = {
		[GUEST_STATE_RESET] = "reset",
		[GUEST_STATE_RUNNING] = "running",
		[GUEST_STATE_PAUSED] = "paused",
		[GUEST_STATE_HALTED] = "halted",
	};

	return (unsigned int)s < ARRAY_SIZE(names) ? names[s] : "?";
}

const char *guest_halt_reason(const struct guest *g)
{
	return g->halt_reason;
}

unsigned int guest_vcpu_count(const struct guest *g)
{
	return g->nvcpus;
}

struct vcpu *guest_vcpu(const struct guest *g, unsigned int i)
{
	return i < g->nvcpus ? &g->vcpus[i] : NULL;
}

struct vcpu *guest_vcpu_by_mpidr(const struct guest *g, uint64_t mpidr)
{
	for (unsigned int i = 0; i < g->nvcpus; i++)
		if (g->vcpus[i].tmpl.mpidr == mpidr)
			return &g->vcpus[i];
	return NULL;
}

uint64_t guest_ram_size(const struct guest *g)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < g->nregions; i++)
		if (g->regions[i].type == GUEST_REGION_ALLOCED_RAM ||
		    g->regions[i].type == GUEST_REGION_RAM)
			sum += g->regions[i].size;
	return sum;
}

unsigned int guest_region_count(const struct guest *g)
{
	return g->nregions;
}

const struct guest_region *guest_region_at(const struct guest *g,
					   unsigned int i)
{
	return i < g->nregions ? &g->regions[i] : NULL;
}

struct guest_region *guest_region_find(const struct guest *g, gpa_t gpa)
{
	unsigned int lo = 0, hi = g->nregions;

	/* Regions are sorted by gpa and disjoint: binary search. */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		struct guest_region *r = &g->regions[mid];

		if (gpa < r->gpa)
			hi = mid;
		else if (gpa - r->gpa >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

const char *guest_region_type_name(enum guest_region_type t)
{
	static const char *const names[] = {
		[GUEST_REGION_ALLOCED_RAM] = "alloced_ram",
		[GUEST_REGION_ALLOCED_ROM] = "alloced_rom",
		[GUEST_REGION_RAM] = "ram",
		[GUEST_REGION_ROM] = "rom",
		[GUEST_REGION_EMULATED] = "emulated",
	};

	return (unsigned int)t < ARRAY_SIZE(names) ? names[t] : "?";
}

struct guest *vcpu_guest(const struct vcpu *v)
{
	return v->guest;
}

unsigned int vcpu_index(const struct vcpu *v)
{
	return v->index;
}

enum vcpu_state vcpu_state(const struct vcpu *v)
{
	return READ_ONCE(v->state);
}

const char *vcpu_state_name(enum vcpu_state s)
{
	static const char *const names[] = {
		[VCPU_STATE_OFF] = "off",
		[VCPU_STATE_READY] = "ready",
		[VCPU_STATE_RUNNING] = "running",
		[VCPU_STATE_BLOCKED] = "blocked",
		[VCPU_STATE_PAUSED] = "paused",
	};

	return (unsigned int)s < ARRAY_SIZE(names) ? names[s] : "?";
}

unsigned int vcpu_host_cpu(const struct vcpu *v)
{
	return v->host_cpu;
}

uint64_t vcpu_mpidr(const struct vcpu *v)
{
	return v->tmpl.mpidr;
}

struct vcpu_stats *vcpu_stats(struct vcpu *v)
{
	return &v->stats;
}

void vcpu_dump_regs(const struct vcpu *v)
{
	vcpu_arch_dump_regs(v);
}
