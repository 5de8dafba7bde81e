// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest table: one slot per guest (its id), the VMID allocator and
 * the lock that serialises state changes. Long operations (create,
 * reset, destroy) run without the lock: they mark the guest busy
 * instead, so that nothing else changes it meanwhile.
 */
#include <string.h>

#include <arch/spinlock.h>
#include <minivisor/bitmap.h>
#include <minivisor/errno.h>

#include "guest_priv.h"

static struct guest *guest_slots[CONFIG_GUEST_MAX];
static DECLARE_BITMAP(vmid_used, GUEST_VMID_TRACKED);
static arch_spinlock_t guest_table_lock = ARCH_SPINLOCK_INIT;

irqflags_t guest_lock(void)
{
	return arch_spin_lock_irqsave(&guest_table_lock);
}

void guest_unlock(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&guest_table_lock, flags);
}

/* Highest VMID + 1 the core hands out. */
static unsigned int vmid_limit(void)
{
	unsigned int n = vm_arch_vmid_count();

	return n < GUEST_VMID_TRACKED ? n : GUEST_VMID_TRACKED;
}

/* A free VMID (>= 1) marked used, or 0 when none is left. */
static unsigned int vmid_take(void)
{
	unsigned int limit = vmid_limit();
	size_t id = bitmap_find_next_zero(vmid_used, limit, 1);

	if (id >= limit)
		return 0;
	bitmap_set_bit(vmid_used, id);
	return (unsigned int)id;
}

static void vmid_put(unsigned int id)
{
	bitmap_clear_bit(vmid_used, id);
}

/* The first free slot, or -1. Lock held. */
static int guest_slot_free(void)
{
	for (int i = 0; i < CONFIG_GUEST_MAX; i++)
		if (!guest_slots[i])
			return i;
	return -1;
}

static struct guest *guest_find_locked(const char *name)
{
	for (int i = 0; i < CONFIG_GUEST_MAX; i++)
		if (guest_slots[i] && !strcmp(guest_slots[i]->name, name))
			return guest_slots[i];
	return NULL;
}

int guest_table_add(struct guest *g, struct guest_err *e)
{
	irqflags_t flags = guest_lock();
	int slot = guest_slot_free();
	int err = 0;

	if (guest_find_locked(g->name))
		err = guest_err_msg(e, -MV_EEXIST, "%s: guest exists", g->name);
	else if (slot < 0)
		err = guest_err_msg(e, -MV_ENOSPC,
				    "%s: %d guests exist (CONFIG_GUEST_MAX)",
				    g->name, CONFIG_GUEST_MAX);
	else if (!(g->vmid = vmid_take()))
		err = guest_err_msg(e, -MV_ENOSPC, "%s: no free VMID (%u)",
				    g->name, vmid_limit() - 1);
	if (!err) {
		g->id = (unsigned int)slot;
		g->busy = true;
		guest_slots[slot] = g;
	}
	guest_unlock(flags);
	return err;
}

void guest_table_remove(struct guest *g)
{
	irqflags_t flags = guest_lock();

	if (g->id < CONFIG_GUEST_MAX && guest_slots[g->id] == g) {
		guest_slots[g->id] = NULL;
		vmid_put(g->vmid);
	}
	guest_unlock(flags);
}

int guest_begin(struct guest *g)
{
	irqflags_t flags = guest_lock();
	int err = 0;

	if (g->busy)
		err = -MV_EBUSY;
	else
		g->busy = true;
	guest_unlock(flags);
	return err;
}

void guest_end(struct guest *g, enum guest_state state)
{
	irqflags_t flags = guest_lock();

	g->state = state;
	g->busy = false;
	guest_unlock(flags);
}

struct guest *guest_find(const char *name)
{
	irqflags_t flags;
	struct guest *g;

	if (!name)
		return NULL;
	flags = guest_lock();
	g = guest_find_locked(name);
	guest_unlock(flags);
	return g;
}

struct guest *guest_by_id(unsigned int id)
{
	return id < CONFIG_GUEST_MAX ? READ_ONCE(guest_slots[id]) : NULL;
}

unsigned int guest_count(void)
{
	unsigned int n = 0;

	for (int i = 0; i < CONFIG_GUEST_MAX; i++)
		n += READ_ONCE(guest_slots[i]) != NULL;
	return n;
}
