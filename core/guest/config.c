// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where guest descriptions come from: a small stack of device-tree
 * blobs (the tree embedded in the image, then the boot bundle's
 * guests.dtb), newest first when looking a guest up, and the host tree
 * used to refuse regions over host devices.
 */
#include <string.h>

#include <libfdt.h>

#include <minivisor/bundle.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/printk.h>

#include "guest_priv.h"

#define GUEST_CONFIG_MAX_TREES 4

static struct devtree config_trees[GUEST_CONFIG_MAX_TREES];
static void *config_copies[GUEST_CONFIG_MAX_TREES]; /* owned, or NULL */
static unsigned int config_ntrees;
static const struct devtree *config_host;

/*
 * devtree_open() wants 8-byte aligned blobs; a cpio member is only
 * 4-byte aligned, so such a blob is copied to the heap.
 */
static const void *config_aligned(const void *blob, size_t size, void **copy)
{
	*copy = NULL;
	if (!((uintptr_t)blob & 7))
		return blob;
	*copy = mv_malloc(size ? size : 1);
	if (*copy)
		memcpy(*copy, blob, size);
	return *copy;
}

int guest_config_add_tree(const void *blob, size_t size)
{
	struct devtree *dt = &config_trees[config_ntrees];
	const void *use;
	void *copy;

	if (!blob)
		return -MV_EINVAL;
	if (config_ntrees == GUEST_CONFIG_MAX_TREES)
		return -MV_ENOSPC;
	use = config_aligned(blob, size, &copy);
	if (!use)
		return -MV_ENOMEM;
	if (devtree_open(dt, use, size) || devtree_path(dt, "/guests") < 0) {
		mv_free(copy);
		return -MV_EBADMSG;
	}
	config_copies[config_ntrees++] = copy;
	return 0;
}

int guest_config_add_bundle(const struct bundle *b)
{
	const void *data;
	size_t size;

	if (!b || bundle_find(b, "guests.dtb", &data, &size))
		return -MV_ENOENT;
	return guest_config_add_tree(data, size);
}

void guest_config_set_host_tree(const struct devtree *dt)
{
	config_host = dt;
}

const struct devtree *guest_config_host_tree(void)
{
	return config_host;
}

void guest_config_clear(void)
{
	for (unsigned int i = 0; i < config_ntrees; i++)
		mv_free(config_copies[i]);
	memset(config_copies, 0, sizeof(config_copies));
	config_ntrees = 0;
	config_host = NULL;
}

/* Node /guests/@name of tree @dt, or a negative error. */
static int config_lookup(const struct devtree *dt, const char *name)
{
	int guests = devtree_path(dt, "/guests");

	if (guests < 0)
		return guests;
	/* fdt_subnode_offset() matches a whole name, unit address too. */
	return fdt_subnode_offset(dt->fdt, guests, name);
}

int guest_config_find(const char *name, const struct devtree **dt, int *node)
{
	if (!name || !*name || strchr(name, '/'))
		return -MV_ENOENT;
	for (unsigned int i = config_ntrees; i-- > 0;) {
		int off = config_lookup(&config_trees[i], name);

		if (off >= 0) {
			*dt = &config_trees[i];
			*node = off;
			return 0;
		}
	}
	return -MV_ENOENT;
}

/* True when a tree newer than @t describes @name. */
static bool config_shadowed(unsigned int t, const char *name)
{
	for (unsigned int i = t + 1; i < config_ntrees; i++)
		if (config_lookup(&config_trees[i], name) >= 0)
			return true;
	return false;
}

/* The @*i-th unshadowed guest of tree @t; counts *@i down. */
static const char *config_name_in(unsigned int t, unsigned int *i)
{
	const struct devtree *dt = &config_trees[t];
	int guests = devtree_path(dt, "/guests");
	int node;

	if (guests < 0)
		return NULL;
	fdt_for_each_subnode(node, dt->fdt, guests) {
		const char *name = fdt_get_name(dt->fdt, node, NULL);

		if (!name || config_shadowed(t, name))
			continue;
		if ((*i)-- == 0)
			return name;
	}
	return NULL;
}

const char *guest_config_name_at(unsigned int i)
{
	for (unsigned int t = config_ntrees; t-- > 0;) {
		const char *name = config_name_in(t, &i);

		if (name)
			return name;
	}
	return NULL;
}

int guest_create_all(void)
{
	char err[GUEST_ERR_MAX];
	const char *name;
	int created = 0;

	for (unsigned int i = 0; (name = guest_config_name_at(i)); i++) {
		if (guest_find(name))
			continue;
		if (guest_create(name, NULL, err, sizeof(err)))
			printk("error: %s\n", err);
		else
			created++;
	}
	return created;
}
