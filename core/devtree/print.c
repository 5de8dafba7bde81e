// SPDX-License-Identifier: GPL-2.0-only
/*
 * `devtree print`: a subtree in a dts-like text that dtc can read back.
 * The format is fixed (docs/devtree.md) so tests and scripts can parse
 * it: one tab per level, properties in blob order before subnodes,
 * values shown as strings, cells or bytes by the rules in
 * devtree_print_value().
 */
#include <minivisor/printk.h>

#include "devtree_priv.h"

struct devtree_printer {
	const struct devtree *dt;
	devtree_out_fn out;
	void *arg;
};

static void devtree_puts(struct devtree_printer *pr, const char *s)
{
	pr->out(pr->arg, s, strlen(s));
}

static void devtree_putc(struct devtree_printer *pr, char c)
{
	pr->out(pr->arg, &c, 1);
}

/* @val in hex, at least @digits digits, after "0x" with @prefix. */
static void devtree_put_hex(struct devtree_printer *pr, uint64_t val,
			    int digits, bool prefix)
{
	char buf[24];
	int n = mv_snprintf(buf, sizeof(buf), "%s%0*llx", prefix ? "0x" : "",
			    digits, (unsigned long long)val);

	pr->out(pr->arg, buf, n);
}

static void devtree_indent(struct devtree_printer *pr, int depth)
{
	for (int i = 0; i < depth; i++)
		devtree_putc(pr, '\t');
}

static bool devtree_is_print(char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* Names come from the blob: keep control bytes off the console. */
static void devtree_put_name(struct devtree_printer *pr, const char *s, int len)
{
	for (int i = 0; i < len; i++)
		devtree_putc(pr, devtree_is_print(s[i]) ? s[i] : '?');
}

/* A non-empty list of non-empty, printable, NUL-terminated strings. */
static bool devtree_is_strings(const char *val, int len)
{
	if (len == 0 || val[len - 1] != '\0' || val[0] == '\0')
		return false;
	for (int i = 0; i < len - 1; i++) {
		if (val[i] == '\0' && val[i + 1] == '\0')
			return false;
		if (val[i] != '\0' && !devtree_is_print(val[i]))
			return false;
	}
	return true;
}

static void devtree_print_strings(struct devtree_printer *pr, const char *val,
				  int len)
{
	devtree_putc(pr, '"');
	for (int i = 0; i < len - 1; i++) {
		if (val[i] == '\0') {
			devtree_puts(pr, "\", \"");
			continue;
		}
		if (val[i] == '"' || val[i] == '\\')
			devtree_putc(pr, '\\');
		devtree_putc(pr, val[i]);
	}
	devtree_putc(pr, '"');
}

static void devtree_print_cells(struct devtree_printer *pr, const char *val,
				int len)
{
	devtree_putc(pr, '<');
	for (int i = 0; i < len; i += 4) {
		if (i)
			devtree_putc(pr, ' ');
		devtree_put_hex(pr, fdt32_ld((const fdt32_t *)(val + i)), 1,
				true);
	}
	devtree_putc(pr, '>');
}

static void devtree_print_bytes(struct devtree_printer *pr, const char *val,
				int len)
{
	devtree_putc(pr, '[');
	for (int i = 0; i < len; i++) {
		if (i)
			devtree_putc(pr, ' ');
		devtree_put_hex(pr, (uint8_t)val[i], 2, false);
	}
	devtree_putc(pr, ']');
}

static void devtree_print_value(struct devtree_printer *pr, const char *val,
				int len)
{
	if (len == 0)
		return;
	devtree_puts(pr, " = ");
	if (devtree_is_strings(val, len))
		devtree_print_strings(pr, val, len);
	else if (len % 4 == 0)
		devtree_print_cells(pr, val, len);
	else
		devtree_print_bytes(pr, val, len);
}

static int devtree_print_props(struct devtree_printer *pr, int node, int depth)
{
	const char *name, *val;
	int prop, len;

	fdt_for_each_property_offset(prop, pr->dt->fdt, node) {
		val = fdt_getprop_by_offset(pr->dt->fdt, prop, &name, &len);
		if (!val || !name)
			return -MV_EBADMSG;
		devtree_indent(pr, depth);
		devtree_put_name(pr, name, strlen(name));
		devtree_print_value(pr, val, len);
		devtree_puts(pr, ";\n");
	}
	return prop == -FDT_ERR_NOTFOUND ? 0 : dt_errno(prop);
}

/* "name {" and the properties of @node. */
static int devtree_print_open(struct devtree_printer *pr, int node, int depth)
{
	const char *name;
	int len;

	name = fdt_get_name(pr->dt->fdt, node, &len);
	if (!name)
		return dt_errno(len);
	devtree_indent(pr, depth);
	if (node == 0)
		devtree_putc(pr, '/');
	else
		devtree_put_name(pr, name, len);
	devtree_puts(pr, " {\n");
	return devtree_print_props(pr, node, depth + 1);
}

/* Close levels @from down to @to (inclusive). */
static void devtree_print_close(struct devtree_printer *pr, int from, int to)
{
	for (int d = from; d >= to; d--) {
		devtree_indent(pr, d);
		devtree_puts(pr, "};\n");
	}
}

static int devtree_print_header(struct devtree_printer *pr)
{
	int n = fdt_num_mem_rsv(pr->dt->fdt);
	uint64_t base, size;

	devtree_puts(pr, "/dts-v1/;\n\n");
	for (int i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(pr->dt->fdt, i, &base, &size))
			return -MV_EBADMSG;
		devtree_puts(pr, "/memreserve/ ");
		devtree_put_hex(pr, base, 1, true);
		devtree_putc(pr, ' ');
		devtree_put_hex(pr, size, 1, true);
		devtree_puts(pr, ";\n");
	}
	if (n > 0)
		devtree_putc(pr, '\n');
	return n < 0 ? dt_errno(n) : 0;
}

/* Walk the subtree in blob order; depth is relative to @node. */
static int devtree_print_walk(struct devtree_printer *pr, int node)
{
	int depth = 0, prev, err;

	err = devtree_print_open(pr, node, 0);
	while (!err) {
		prev = depth;
		node = fdt_next_node(pr->dt->fdt, node, &depth);
		if (node < 0 && node != -FDT_ERR_NOTFOUND)
			return dt_errno(node);
		if (node < 0 || depth <= 0) {
			devtree_print_close(pr, prev, 0);
			return 0;
		}
		devtree_print_close(pr, prev, depth);
		err = devtree_print_open(pr, node, depth);
	}
	return err;
}

int devtree_print(const struct devtree *dt, int node, devtree_out_fn out,
		  void *arg)
{
	struct devtree_printer pr = { .dt = dt, .out = out, .arg = arg };
	int err;

	if (!dt_valid(dt) || !out || node < 0)
		return -MV_EINVAL;
	err = fdt_get_name(dt->fdt, node, NULL) ? 0 : -MV_EINVAL;
	if (!err && node == 0)
		err = devtree_print_header(&pr);
	return err ? err : devtree_print_walk(&pr, node);
}

int devtree_print_path(const struct devtree *dt, const char *path,
		       devtree_out_fn out, void *arg)
{
	int node = 0;

	if (path && *path) {
		node = devtree_path(dt, path);
		if (node < 0)
			return node;
	}
	return devtree_print(dt, node, out, arg);
}
