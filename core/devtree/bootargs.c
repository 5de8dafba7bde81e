// SPDX-License-Identifier: GPL-2.0-only
/*
 * /chosen/bootargs: a space-separated list of `key`, `key=word` and
 * `key="quoted words"`. The hypervisor takes its boot commands from
 * minivisor.bootcmd="cmd1; cmd2", so quoted values keep spaces and `;`.
 */
#include "devtree_priv.h"

const char *devtree_bootargs(const struct devtree *dt)
{
	const char *args;
	int chosen;

	if (!dt_valid(dt))
		return NULL;
	chosen = fdt_path_offset(dt->fdt, "/chosen");
	if (chosen < 0 || devtree_string(dt, chosen, "bootargs", &args))
		return NULL;
	return args;
}

static bool devtree_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One parsed argument: the key and the value (without its quotes). */
struct devtree_arg {
	const char *key, *val;
	size_t key_len, val_len;
};

/*
 * Parse the argument at @p (not a space). Returns the position after it,
 * or NULL for an unterminated quote.
 */
static const char *devtree_next_arg(const char *p, struct devtree_arg *arg)
{
	arg->key = p;
	while (*p && !devtree_is_space(*p) && *p != '=')
		p++;
	arg->key_len = p - arg->key;
	arg->val = p;
	arg->val_len = 0;
	if (*p != '=')
		return p;
	if (*++p == '"') {
		arg->val = ++p;
		p = strchr(p, '"');
		if (!p)
			return NULL;
		arg->val_len = p - arg->val;
		return p + 1;
	}
	arg->val = p;
	while (*p && !devtree_is_space(*p))
		p++;
	arg->val_len = p - arg->val;
	return p;
}

/* Find the last occurrence of @key: later arguments override earlier. */
static int devtree_find_arg(const char *p, const char *key,
			    struct devtree_arg *found)
{
	size_t key_len = strlen(key);
	struct devtree_arg arg;
	int err = -MV_ENOENT;

	while (*p) {
		if (devtree_is_space(*p)) {
			p++;
			continue;
		}
		p = devtree_next_arg(p, &arg);
		if (!p)
			return -MV_EBADMSG;
		if (arg.key_len == key_len && !strncmp(arg.key, key, key_len)) {
			*found = arg;
			err = 0;
		}
	}
	return err;
}

int devtree_bootarg(const struct devtree *dt, const char *key, char *buf,
		    size_t size)
{
	const char *args = devtree_bootargs(dt);
	struct devtree_arg arg;
	int err;

	if (!dt_valid(dt) || !key || !*key || (!buf && size))
		return -MV_EINVAL;
	if (!args)
		return -MV_ENOENT;
	err = devtree_find_arg(args, key, &arg);
	if (err)
		return err;
	if (arg.val_len >= size || arg.val_len > INT32_MAX)
		return -MV_ENOSPC;
	memcpy(buf, arg.val, arg.val_len);
	buf[arg.val_len] = '\0';
	return (int)arg.val_len;
}
