// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reconcile the built-in device tree with the PVH boot information
 * (asm/dtfix.h). Runs before init_main(), on a private copy of the blob.
 */
#include <libfdt.h>
#include <string.h>

#include <minivisor/errno.h>
#include <asm/dtfix.h>

#define DTFIX_MAX_REG 16

static int fdt_err(int err)
{
	return err == -FDT_ERR_NOSPACE ? -MV_ENOSPC : -MV_EBADMSG;
}

static void report_add(struct dtfix_report *rep, bool guest, paddr_t start,
		       uint64_t size, uint64_t ram)
{
	if (rep->nmismatch < DTFIX_MAX_MISMATCH)
		rep->mismatch[rep->nmismatch] =
			(struct dtfix_mismatch){ guest, start, size, ram };
	rep->nmismatch++;
}

static int set_bootargs(void *fdt, const char *cmdline)
{
	int node = fdt_path_offset(fdt, "/chosen");

	if (node < 0)
		node = fdt_add_subnode(fdt, 0, "chosen");
	if (node < 0)
		return fdt_err(node);
	node = fdt_setprop_string(fdt, node, "bootargs", cmdline);
	return node < 0 ? fdt_err(node) : 0;
}

/* Clip the (2, 2)-cell reg of memory node @node to RAM; rewrite it. */
static int clip_memory(void *fdt, int node, const struct pvh_info *pvh,
		       struct dtfix_report *rep)
{
	fdt64_t out[DTFIX_MAX_REG * 2];
	const fdt64_t *reg;
	int len, n = 0, ret;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len % 16 || len / 16 > DTFIX_MAX_REG)
		return -MV_EBADMSG;
	for (int i = 0; i < len / 16; i++) {
		paddr_t s = fdt64_ld(&reg[2 * i]);
		uint64_t sz = fdt64_ld(&reg[2 * i + 1]), kept = 0;
		struct pvh_range piece[4];
		int np = pvh_ram_intersect(pvh, s, sz, piece, 4);

		for (int k = 0; k < np && n < DTFIX_MAX_REG; k++, n++) {
			out[2 * n] = cpu_to_fdt64(piece[k].start);
			out[2 * n + 1] = cpu_to_fdt64(piece[k].size);
			kept += piece[k].size;
		}
		if (kept != sz)
			report_add(rep, false, s, sz, kept);
		rep->nmem++;
	}
	ret = fdt_setprop(fdt, node, "reg", out, sizeof(*out) * 2 * n);
	return ret < 0 ? fdt_err(ret) : 0;
}

static int check_memory(void *fdt, const struct pvh_info *pvh,
			struct dtfix_report *rep)
{
	int node = -1, ret;

	if (fdt_address_cells(fdt, 0) != 2 || fdt_size_cells(fdt, 0) != 2)
		return -MV_EBADMSG;
	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", 7)) >= 0) {
		ret = clip_memory(fdt, node, pvh, rep);
		if (ret)
			return ret;
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : fdt_err(node);
}

/* The guest region must be RAM and stay out of the SVSM's memory. */
static void check_guest(const void *fdt, const struct pvh_info *pvh,
			struct dtfix_report *rep)
{
	int node = fdt_path_offset(fdt, "/svsm"), len;
	const fdt64_t *p;

	rep->guest_start = rep->guest_size = 0;
	if (node < 0)
		return;
	p = fdt_getprop(fdt, node, "guest-region", &len);
	if (!p || len != 16)
		return;
	rep->guest_start = fdt64_ld(&p[0]);
	rep->guest_size = fdt64_ld(&p[1]);
	if (!pvh_is_ram(pvh, rep->guest_start, rep->guest_size)) {
		struct pvh_range piece[4];
		uint64_t ram = 0;
		int n = pvh_ram_intersect(pvh, rep->guest_start,
					  rep->guest_size, piece, 4);

		for (int i = 0; i < n; i++)
			ram += piece[i].size;
		report_add(rep, true, rep->guest_start, rep->guest_size, ram);
	}
}

int x86_dt_prepare(void *buf, size_t size, const void *dtb,
		   const struct pvh_info *pvh, struct dtfix_report *rep)
{
	int ret;

	memset(rep, 0, sizeof(*rep));
	if (fdt_check_header(dtb))
		return -MV_EBADMSG;
	ret = fdt_open_into(dtb, buf, (int)size);
	if (ret)
		return fdt_err(ret);
	if (pvh->cmdline && pvh->cmdline[0]) {
		ret = set_bootargs(buf, pvh->cmdline);
		if (ret)
			return ret;
		rep->bootargs_set = true;
	}
	ret = check_memory(buf, pvh, rep);
	if (ret)
		return ret;
	check_guest(buf, pvh, rep);
	ret = fdt_pack(buf);
	return ret ? fdt_err(ret) : 0;
}
