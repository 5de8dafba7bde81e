// SPDX-License-Identifier: GPL-2.0-only
/*
 * vserial registry and buffers: a sorted list of named ports, each
 * with an output ring (guest -> host) and an input queue (host ->
 * guest). The guest side never blocks: a full ring drops its oldest
 * bytes, a full input queue refuses new ones, and both are counted.
 */
#include <string.h>

#include <minivisor/errno.h>
#include <minivisor/heap.h>

#include "vserial_priv.h"

static LIST_HEAD(vserial_list);
static arch_spinlock_t vserial_registry = ARCH_SPINLOCK_INIT;
static unsigned int vserial_nr;

irqflags_t vserial_registry_lock(void)
{
	return arch_spin_lock_irqsave(&vserial_registry);
}

void vserial_registry_unlock(irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&vserial_registry, flags);
}

/* Each vserial's lock masks interrupts too: a vCPU trap may write. */
static irqflags_t vs_lock(struct vserial *vs)
{
	return arch_spin_lock_irqsave(&vs->lock);
}

static void vs_unlock(struct vserial *vs, irqflags_t flags)
{
	arch_spin_unlock_irqrestore(&vs->lock, flags);
}

/* Names must be typed in the shell unquoted. */
static bool vserial_name_ok(const char *name)
{
	size_t n;

	if (!name)
		return false;
	n = strnlen(name, VSERIAL_NAME_MAX);
	if (n == 0 || n == VSERIAL_NAME_MAX)
		return false;
	for (; *name; name++)
		if (*name <= ' ' || *name > '~' || strchr("'\"\\;#", *name))
			return false;
	return true;
}

static struct vserial *vserial_find_locked(const char *name)
{
	struct vserial *vs;

	list_for_each_entry(vs, &vserial_list, node)
		if (!strcmp(vs->name, name))
			return vs;
	return NULL;
}

/* Insert @vs keeping the list sorted by name (stable `vserial list`). */
static void vserial_insert_locked(struct vserial *vs)
{
	struct vserial *pos;

	list_for_each_entry(pos, &vserial_list, node) {
		if (strcmp(pos->name, vs->name) > 0) {
			list_add_tail(&vs->node, &pos->node);
			return;
		}
	}
	list_add_tail(&vs->node, &vserial_list);
}

int vserial_create(const char *name, struct vserial **out)
{
	struct vserial *vs;
	irqflags_t flags;

	if (!out || !vserial_name_ok(name))
		return -MV_EINVAL;
	vs = mv_zalloc(sizeof(*vs));
	if (!vs)
		return -MV_ENOMEM;
	vs->out = mv_malloc(CONFIG_VSERIAL_BUF_SIZE);
	if (!vs->out) {
		mv_free(vs);
		return -MV_ENOMEM;
	}
	memcpy(vs->name, name, strlen(name) + 1); /* length checked */
	vs->lock = (arch_spinlock_t)ARCH_SPINLOCK_INIT;

	flags = vserial_registry_lock();
	if (vserial_find_locked(name)) {
		vserial_registry_unlock(flags);
		mv_free(vs->out);
		mv_free(vs);
		return -MV_EEXIST;
	}
	vserial_insert_locked(vs);
	vserial_nr++;
	vserial_registry_unlock(flags);
	*out = vs;
	return 0;
}

void vserial_destroy(struct vserial *vs)
{
	irqflags_t flags;

	if (!vs)
		return;
	flags = vserial_registry_lock();
	vserial_bind_forget_locked(vs);
	list_del(&vs->node);
	vserial_nr--;
	vserial_registry_unlock(flags);
	mv_free(vs->out);
	mv_free(vs);
}

struct vserial *vserial_find(const char *name)
{
	struct vserial *vs;
	irqflags_t flags;

	if (!name)
		return NULL;
	flags = vserial_registry_lock();
	vs = vserial_find_locked(name);
	vserial_registry_unlock(flags);
	return vs;
}

/*
 * The callback runs without the registry lock (it prints, and printing
 * may be slow); creation and destruction happen from the same shell
 * context as the listing, which is why @fn must not do either.
 */
int vserial_for_each(int (*fn)(struct vserial *vs, void *arg), void *arg)
{
	struct vserial *vs, *next;
	int ret;

	list_for_each_entry_safe(vs, next, &vserial_list, node) {
		ret = fn(vs, arg);
		if (ret)
			return ret;
	}
	return 0;
}

unsigned int vserial_count(void)
{
	return READ_ONCE(vserial_nr);
}

const char *vserial_name(const struct vserial *vs)
{
	return vs->name;
}

/* Stream position of the oldest byte still in the output ring. */
static uint64_t vserial_start_locked(const struct vserial *vs)
{
	return vs->out_head > CONFIG_VSERIAL_BUF_SIZE ?
		       vs->out_head - CONFIG_VSERIAL_BUF_SIZE :
		       0;
}

void vserial_get_info(struct vserial *vs, struct vserial_info *info)
{
	irqflags_t flags = vserial_registry_lock();

	info->bound = vserial_is_bound_locked(vs);
	vserial_registry_unlock(flags);

	flags = vs_lock(vs);
	info->name = vs->name;
	info->out_bytes = vs->out_head;
	info->out_dropped = vserial_start_locked(vs);
	info->out_kept = (size_t)(vs->out_head - info->out_dropped);
	info->in_bytes = vs->in_bytes;
	info->in_dropped = vs->in_dropped;
	info->in_pending = vs->in_count;
	vs_unlock(vs, flags);
}

/* ---- guest side ---------------------------------------------------- */

static void vserial_out_locked(struct vserial *vs, char c)
{
	vs->out[vs->out_head % CONFIG_VSERIAL_BUF_SIZE] = c;
	vs->out_head++;
}

void vserial_putc(struct vserial *vs, char c)
{
	irqflags_t flags = vs_lock(vs);

	vserial_out_locked(vs, c);
	vs_unlock(vs, flags);
}

void vserial_write(struct vserial *vs, const char *buf, size_t len)
{
	irqflags_t flags = vs_lock(vs);

	while (len--)
		vserial_out_locked(vs, *buf++);
	vs_unlock(vs, flags);
}

int vserial_getc(struct vserial *vs)
{
	irqflags_t flags = vs_lock(vs);
	int c = -1;

	if (vs->in_count) {
		c = (unsigned char)vs->in[vs->in_head];
		vs->in_head = (vs->in_head + 1) % VSERIAL_IN_SIZE;
		vs->in_count--;
	}
	vs_unlock(vs, flags);
	return c;
}

size_t vserial_input_pending(struct vserial *vs)
{
	return READ_ONCE(vs->in_count);
}

void vserial_set_input_notify(struct vserial *vs, void (*fn)(void *ctx),
			      void *ctx)
{
	irqflags_t flags = vs_lock(vs);

	vs->notify = fn;
	vs->notify_ctx = ctx;
	vs_unlock(vs, flags);
}

/* ---- host side ----------------------------------------------------- */

size_t vserial_send(struct vserial *vs, const char *buf, size_t len)
{
	void (*notify)(void *ctx);
	irqflags_t flags;
	size_t done = 0;
	void *ctx;

	if (!len)
		return 0;
	flags = vs_lock(vs);
	for (; done < len && vs->in_count < VSERIAL_IN_SIZE; done++) {
		unsigned int tail =
			(vs->in_head + vs->in_count) % VSERIAL_IN_SIZE;

		vs->in[tail] = buf[done];
		vs->in_count++;
	}
	vs->in_bytes += done;
	vs->in_dropped += len - done;
	notify = vs->notify;
	ctx = vs->notify_ctx;
	vs_unlock(vs, flags);
	/* Outside our lock: the UART takes its own and may raise an IRQ. */
	if (done && notify)
		notify(ctx);
	return done;
}

void vserial_flush_input(struct vserial *vs)
{
	irqflags_t flags = vs_lock(vs);

	vs->in_head = vs->in_count = 0;
	vs_unlock(vs, flags);
}

size_t vserial_read_output(struct vserial *vs, uint64_t *pos, char *buf,
			   size_t len, uint64_t *lost)
{
	irqflags_t flags = vs_lock(vs);
	uint64_t start = vserial_start_locked(vs), skipped = 0;
	size_t n = 0;

	if (*pos < start) {
		skipped = start - *pos;
		*pos = start;
	}
	if (*pos > vs->out_head) /* a position from the future: clamp */
		*pos = vs->out_head;
	for (; n < len && *pos < vs->out_head; n++, (*pos)++)
		buf[n] = vs->out[*pos % CONFIG_VSERIAL_BUF_SIZE];
	vs_unlock(vs, flags);
	if (lost)
		*lost = skipped;
	return n;
}

uint64_t vserial_output_start(struct vserial *vs)
{
	irqflags_t flags = vs_lock(vs);
	uint64_t start = vserial_start_locked(vs);

	vs_unlock(vs, flags);
	return start;
}

uint64_t vserial_output_end(struct vserial *vs)
{
	irqflags_t flags = vs_lock(vs);
	uint64_t end = vs->out_head;

	vs_unlock(vs, flags);
	return end;
}

uint64_t vserial_line_start(struct vserial *vs)
{
	irqflags_t flags = vs_lock(vs);
	uint64_t start = vserial_start_locked(vs), pos = vs->out_head;

	while (pos > start &&
	       vs->out[(pos - 1) % CONFIG_VSERIAL_BUF_SIZE] != '\n')
		pos--;
	vs_unlock(vs, flags);
	return pos;
}
