/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual serial ports (vserial): the host side of a guest's console.
 * Each emulated UART owns one vserial named "<guest>/<uart>". Guest
 * output is kept in a ring of CONFIG_VSERIAL_BUF_SIZE bytes (the oldest
 * bytes are dropped and counted); guest input waits in a small queue
 * until the UART reads it.
 *
 * At most one vserial is "bound" to the hypervisor console at a time:
 * its output is copied live to the console and console input goes to
 * the guest, until the escape sequence Ctrl-] q (docs/vserial.md).
 * Everything here is non-blocking; vserial_poll() moves the bytes and
 * is meant to be called from the console loop's idle path.
 */
#ifndef MINIVISOR_VSERIAL_H
#define MINIVISOR_VSERIAL_H

#include <minivisor/types.h>

/** Longest name, NUL included ("<guest>/<uart>"). */
#define VSERIAL_NAME_MAX 64
/** Input bytes queued for the guest before new ones are dropped. */
#define VSERIAL_IN_SIZE 256
/** The escape byte of bound mode: Ctrl-] (0x1d); then 'q' unbinds. */
#define VSERIAL_ESCAPE 0x1d

#ifndef CONFIG_VSERIAL_BUF_SIZE
#define CONFIG_VSERIAL_BUF_SIZE 4096
#endif

struct vserial;

/** Figures of one vserial for `vserial list`. */
struct vserial_info {
	const char *name;
	uint64_t out_bytes; /* written by the guest since creation */
	uint64_t out_dropped; /* of those, pushed out of the ring */
	size_t out_kept; /* bytes in the ring now */
	uint64_t in_bytes; /* accepted for the guest */
	uint64_t in_dropped; /* refused: input queue full */
	size_t in_pending; /* queued, not read by the guest yet */
	bool bound;
};

/* ---- registry ---------------------------------------------------- */

/**
 * Create the vserial called @name (printable, no blanks, quotes, ';',
 * '#' or '\\', shorter than VSERIAL_NAME_MAX). Returns 0 with *@out
 * set, -MV_EINVAL for a bad name or NULL @out, -MV_EEXIST if the name
 * is taken, -MV_ENOMEM when the heap is exhausted.
 */
int vserial_create(const char *name, struct vserial **out);

/**
 * Destroy @vs (NULL is ignored): unbind it if bound and free it. The
 * owner (its UART emulator) must not use it afterwards.
 */
void vserial_destroy(struct vserial *vs);

/** The vserial called @name, or NULL. */
struct vserial *vserial_find(const char *name);

/**
 * Call @fn for every vserial in name order; stops at the first non-zero
 * return and returns it (0 when all were visited). @fn must not create
 * or destroy vserials.
 */
int vserial_for_each(int (*fn)(struct vserial *vs, void *arg), void *arg);

/** Number of vserials. */
unsigned int vserial_count(void);

/** @vs's name. */
const char *vserial_name(const struct vserial *vs);

/** Fill @info with @vs's current figures. */
void vserial_get_info(struct vserial *vs, struct vserial_info *info);

/* ---- the guest side (called by the UART emulator) ---------------- */

/** Record one byte of guest output (never blocks). */
void vserial_putc(struct vserial *vs, char c);

/** Record @len bytes of guest output. */
void vserial_write(struct vserial *vs, const char *buf, size_t len);

/** Take the next input byte for the guest: 0..255, or -1 if none. */
int vserial_getc(struct vserial *vs);

/** Number of input bytes waiting for the guest. */
size_t vserial_input_pending(struct vserial *vs);

/**
 * Call @fn(@ctx) after input was queued for @vs (the UART recomputes
 * its RX interrupt). Called without any vserial lock held. NULL clears.
 */
void vserial_set_input_notify(struct vserial *vs, void (*fn)(void *ctx),
			      void *ctx);

/* ---- the host side ----------------------------------------------- */

/**
 * Queue @len input bytes for the guest. Returns how many were accepted;
 * the rest (queue full) are dropped and counted.
 */
size_t vserial_send(struct vserial *vs, const char *buf, size_t len);

/** Forget queued input (guest reset). */
void vserial_flush_input(struct vserial *vs);

/**
 * Copy guest output starting at stream position *@pos (bytes since
 * creation) into @buf, at most @len bytes, and advance *@pos. When
 * *@pos is older than the ring's oldest byte it is moved forward first
 * and the number of bytes skipped is stored in *@lost (if not NULL;
 * else set to 0). Returns the number of bytes copied.
 */
size_t vserial_read_output(struct vserial *vs, uint64_t *pos, char *buf,
			   size_t len, uint64_t *lost);

/** Stream position of the oldest byte still in the ring. */
uint64_t vserial_output_start(struct vserial *vs);

/** Stream position just past the newest output byte. */
uint64_t vserial_output_end(struct vserial *vs);

/* ---- binding to the hypervisor console --------------------------- */

/**
 * Bind @vs to the console (replacing any previous binding). Output is
 * shown from the start of the guest's current line, so a prompt
 * printed before the bind is visible. Returns 0 or -MV_EINVAL.
 */
int vserial_bind(struct vserial *vs);

/** Drop the binding, if any. */
void vserial_unbind(void);

/** The bound vserial, or NULL. */
struct vserial *vserial_bound(void);

/**
 * One non-blocking step of bound mode: copy pending output of the bound
 * vserial to the console, then read the console input that is pending
 * and forward it to the guest, watching for the escape (Ctrl-] q
 * unbinds; Ctrl-] Ctrl-] sends one Ctrl-]; Ctrl-] followed by anything
 * else sends both bytes). Returns true while a vserial is bound. Safe
 * (and cheap) to call when nothing is bound: it reads no input then.
 */
bool vserial_poll(void);

/**
 * What the bind loop calls between polls: the port installs the same
 * function it gave shell_set_idle() (e.g. one that lets vCPUs run).
 * NULL restores the default, arch_cpu_relax().
 */
void vserial_set_idle(void (*fn)(void));

/**
 * Bind @vs and run bound mode until it is unbound (escape typed) or
 * destroyed: vserial_poll() then the idle hook, in a loop. Used by
 * `vserial bind`. Returns 0 after the escape, -MV_ENODEV if @vs was
 * destroyed meanwhile, or vserial_bind()'s error.
 */
int vserial_bind_run(struct vserial *vs);

#endif
