// SPDX-License-Identifier: GPL-2.0-only
/*
 * One-line create errors: "<node path>: <property>: <what is wrong>",
 * so that a malformed description is fixed without guessing.
 */
#include <stdarg.h>

#include <minivisor/printk.h>

#include "guest_priv.h"

static void guest_err_vset(struct guest_err *e, size_t used, const char *fmt,
			   va_list ap)
{
	if (!e || !e->buf || used >= e->size)
		return;
	mv_vsnprintf(e->buf + used, e->size - used, fmt, ap);
}

int guest_err_msg(struct guest_err *e, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	guest_err_vset(e, 0, fmt, ap);
	va_end(ap);
	return err;
}

int guest_err_node(struct guest_err *e, int err, const struct devtree *dt,
		   int node, const char *prop, const char *fmt, ...)
{
	char path[128];
	va_list ap;
	int n;

	if (!e || !e->buf || !e->size)
		return err;
	if (devtree_node_path(dt, node, path, sizeof(path)))
		mv_snprintf(path, sizeof(path), "(node %d)", node);
	n = prop ? mv_snprintf(e->buf, e->size, "%s: %s: ", path, prop) :
		   mv_snprintf(e->buf, e->size, "%s: ", path);
	va_start(ap, fmt);
	guest_err_vset(e, n > 0 ? (size_t)n : 0, fmt, ap);
	va_end(ap);
	return err;
}
