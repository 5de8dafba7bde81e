// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest images by name: files of the boot bundle first (so a bundle can
 * replace a built-in payload without a rebuild), then blobs the port
 * registered (payloads embedded in the hypervisor image).
 */
#include <string.h>

#include <minivisor/bundle.h>
#include <minivisor/errno.h>

#include "guest_priv.h"

#define GUEST_IMAGES_MAX 16

struct guest_image {
	char name[GUEST_NAME_MAX * 2];
	const void *data;
	size_t size;
};

static struct guest_image images[GUEST_IMAGES_MAX];
static unsigned int nimages;

static struct guest_image *image_lookup(const char *name)
{
	for (unsigned int i = 0; i < nimages; i++)
		if (!strcmp(images[i].name, name))
			return &images[i];
	return NULL;
}

int guest_image_register(const char *name, const void *data, size_t size)
{
	struct guest_image *img;

	if (!name || !*name || !data || strlen(name) >= sizeof(images[0].name))
		return -MV_EINVAL;
	if (image_lookup(name))
		return -MV_EEXIST;
	if (nimages == GUEST_IMAGES_MAX)
		return -MV_ENOSPC;
	img = &images[nimages++];
	strcpy(img->name, name);
	img->data = data;
	img->size = size;
	return 0;
}

void guest_image_clear(void)
{
	nimages = 0;
}

int guest_image_find(const char *name, const void **data, size_t *size)
{
	const struct bundle *b = bundle_boot();
	struct guest_image *img;

	if (!name || !*name)
		return -MV_ENOENT;
	if (b && !bundle_find(b, name, data, size))
		return 0;
	img = image_lookup(name);
	if (!img)
		return -MV_ENOENT;
	*data = img->data;
	*size = img->size;
	return 0;
}
