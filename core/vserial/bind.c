// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bound mode: one vserial at a time is attached to the hypervisor
 * console. vserial_poll() is a non-blocking pump: it copies new guest
 * output to the console and console input to the guest, and watches
 * for the escape Ctrl-] q. The escape is not QEMU's Ctrl-A, so it
 * passes through `-nographic` serial consoles untouched.
 */
#include <arch/console.h>
#include <minivisor/console.h>
#include <minivisor/console_lock.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

#include <string.h>

#include "vserial_priv.h"

/* Bytes moved per vserial_poll() call, so one call stays short. */
#define POLL_OUT_BUDGET 1024
#define POLL_IN_BUDGET 64
#define POLL_CHUNK 64

/* All protected by the registry lock. */
static struct vserial *bound;
static uint64_t bound_pos; /* next output byte to show */
static bool esc_pending; /* Ctrl-] seen, waiting for the next byte */
static bool bound_gone; /* the bound vserial was destroyed */

static void (*vserial_idle)(void) = arch_cpu_relax;

bool vserial_is_bound_locked(const struct vserial *vs)
{
	return vs && bound == vs;
}

void vserial_bind_forget_locked(struct vserial *vs)
{
	if (bound == vs) {
		bound = NULL;
		bound_gone = true;
	}
}

int vserial_bind(struct vserial *vs)
{
	uint64_t pos;
	irqflags_t flags;

	if (!vs)
		return -MV_EINVAL;
	/* Start at the current line so an already printed prompt shows. */
	pos = vserial_line_start(vs);
	flags = vserial_registry_lock();
	bound = vs;
	bound_pos = pos;
	esc_pending = false;
	bound_gone = false;
	vserial_registry_unlock(flags);
	return 0;
}

void vserial_unbind(void)
{
	irqflags_t flags = vserial_registry_lock();

	bound = NULL;
	esc_pending = false;
	vserial_registry_unlock(flags);
}

struct vserial *vserial_bound(void)
{
	return READ_ONCE(bound);
}

/* Copy up to POLL_OUT_BUDGET new output bytes to the console. */
static void vserial_pump_output(void)
{
	char buf[POLL_CHUNK];
	size_t total = 0, n;
	uint64_t lost;
	irqflags_t flags;

	do {
		flags = vserial_registry_lock();
		if (!bound) {
			vserial_registry_unlock(flags);
			return;
		}
		n = vserial_read_output(bound, &bound_pos, buf, sizeof(buf),
					&lost);
		vserial_registry_unlock(flags);
		if (lost)
			printk("\n[vserial: %llu bytes dropped]\n",
			       (unsigned long long)lost);
		console_write_raw(buf, n);
		total += n;
	} while (n == sizeof(buf) && total < POLL_OUT_BUDGET);
}

/*
 * Feed one console byte through the escape state machine. Returns
 * false once the byte unbound the console (stop reading input: the
 * rest belongs to the shell).
 */
static bool vserial_input_byte(char c)
{
	static const char esc = VSERIAL_ESCAPE;
	irqflags_t flags = vserial_registry_lock();
	bool still = true;

	if (!bound) {
		still = false;
	} else if (esc_pending) {
		esc_pending = false;
		if (c == 'q' || c == 'Q') {
			bound = NULL;
			still = false;
		} else if (c == VSERIAL_ESCAPE) {
			vserial_send(bound, &esc, 1);
		} else {
			char two[2] = { VSERIAL_ESCAPE, c };

			vserial_send(bound, two, 2);
		}
	} else if (c == VSERIAL_ESCAPE) {
		esc_pending = true;
	} else {
		vserial_send(bound, &c, 1);
	}
	vserial_registry_unlock(flags);
	return still;
}

static void vserial_pump_input(void)
{
	for (int i = 0; i < POLL_IN_BUDGET; i++) {
		int c = console_getc();

		if (c < 0 || !vserial_input_byte((char)c))
			return;
	}
}

bool vserial_poll(void)
{
	if (!vserial_bound())
		return false;
	vserial_pump_output();
	vserial_pump_input();
	return vserial_bound() != NULL;
}

void vserial_set_idle(void (*fn)(void))
{
	vserial_idle = fn ? fn : arch_cpu_relax;
}

int vserial_bind_run(struct vserial *vs)
{
	char name[VSERIAL_NAME_MAX];
	irqflags_t flags;
	bool gone;
	int ret;

	if (!vs)
		return -MV_EINVAL;
	mv_snprintf(name, sizeof(name), "%s", vserial_name(vs));
	ret = vserial_bind(vs);
	if (ret)
		return ret;
	printk("[vserial: bound to %s; Ctrl-] q returns]\n", name);
	while (vserial_poll())
		vserial_idle();

	flags = vserial_registry_lock();
	gone = bound_gone;
	bound_gone = false;
	vserial_registry_unlock(flags);
	if (gone) {
		printk("\n[vserial: %s removed]\n", name);
		return -MV_ENODEV;
	}
	printk("\n[vserial: unbound %s]\n", name);
	return 0;
}
