/* SPDX-License-Identifier: GPL-2.0-only */
/* vserial internals shared by vserial.c (buffers) and bind.c. */
#ifndef CORE_VSERIAL_PRIV_H
#define CORE_VSERIAL_PRIV_H

#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <minivisor/list.h>
#include <minivisor/vserial.h>

struct vserial {
	struct list_head node; /* in vserial_list, sorted by name */
	char name[VSERIAL_NAME_MAX];
	arch_spinlock_t lock; /* the buffers and counters below */
	char *out; /* ring of CONFIG_VSERIAL_BUF_SIZE bytes */
	uint64_t out_head; /* stream position of the next byte */
	char in[VSERIAL_IN_SIZE];
	unsigned int in_head, in_count;
	uint64_t in_bytes, in_dropped;
	void (*notify)(void *ctx);
	void *notify_ctx;
};

/*
 * The registry lock protects the list and the binding. Lock order:
 * registry lock, then a vserial's lock; the input notifier may take
 * its device's lock under the registry lock, never the reverse.
 */
irqflags_t vserial_registry_lock(void);
void vserial_registry_unlock(irqflags_t flags);

/** Called by vserial_destroy() with the registry lock held. */
void vserial_bind_forget_locked(struct vserial *vs);

/**
 * Stream position where the guest's current (last, unfinished) output
 * line starts, at most one ring back.
 */
uint64_t vserial_line_start(struct vserial *vs);

/** True when @vs is the bound vserial (registry lock held). */
bool vserial_is_bound_locked(const struct vserial *vs);

#endif
