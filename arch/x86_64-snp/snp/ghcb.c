// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GHCB page: valid bitmap, shared buffer and NAE exits. The page is
 * shared with the hypervisor, so everything read back from it is
 * checked before use.
 */
#include <string.h>

#include <minivisor/errno.h>
#include <asm/ghcb.h>
#include <asm/snp_hw.h>

BUILD_BUG_ON(sizeof(struct ghcb) != PAGE_SIZE);
BUILD_BUG_ON(GHCB_OFF(cpl) != 0xcb);
BUILD_BUG_ON(GHCB_OFF(rax) != 0x1f8);
BUILD_BUG_ON(GHCB_OFF(rcx) != 0x308);
BUILD_BUG_ON(GHCB_OFF(rbx) != 0x318);
BUILD_BUG_ON(GHCB_OFF(sw_exit_code) != 0x390);
BUILD_BUG_ON(GHCB_OFF(sw_exit_info1) != 0x398);
BUILD_BUG_ON(GHCB_OFF(sw_exit_info2) != 0x3a0);
BUILD_BUG_ON(GHCB_OFF(sw_scratch) != 0x3a8);
BUILD_BUG_ON(GHCB_OFF(valid_bitmap) != 0x3f0);
BUILD_BUG_ON(GHCB_OFF(shared_buffer) != 0x800);
BUILD_BUG_ON(GHCB_OFF(protocol_version) != 0xffa);
BUILD_BUG_ON(GHCB_OFF(ghcb_usage) != 0xffc);

static struct ghcb *ghcb_cur;
static paddr_t ghcb_cur_pa;

void ghcb_mark_valid(struct ghcb *g, size_t off)
{
	size_t slot = off / 8;

	g->valid_bitmap[slot / 8] |= (uint8_t)(1U << (slot % 8));
}

bool ghcb_is_valid(const struct ghcb *g, size_t off)
{
	size_t slot = off / 8;

	return g->valid_bitmap[slot / 8] & (1U << (slot % 8));
}

void ghcb_clear(struct ghcb *g)
{
	/* Stale fields from a previous exit must not look valid. */
	memset(g, 0, GHCB_OFF(shared_buffer));
}

void ghcb_set_page(struct ghcb *g, paddr_t pa)
{
	ghcb_cur = g;
	ghcb_cur_pa = g ? pa : 0;
}

struct ghcb *ghcb_page(void)
{
	return ghcb_cur;
}

void ghcb_point_scratch(struct ghcb *g)
{
	GHCB_SET(g, sw_scratch, ghcb_cur_pa + GHCB_OFF(shared_buffer));
}

int ghcb_set_shared_buffer(struct ghcb *g, const void *data, size_t len)
{
	if (len > GHCB_SHARED_BUF_SIZE)
		return -MV_EINVAL;
	memcpy(g->shared_buffer, data, len);
	ghcb_point_scratch(g);
	return 0;
}

static int ghcb_result(const struct ghcb *g)
{
	if (!ghcb_is_valid(g, GHCB_OFF(sw_exit_info1)))
		return -MV_EIO;
	switch (g->sw_exit_info1 & 0xffffffffULL) {
	case GHCB_RESULT_OK:
		return 0;
	case GHCB_RESULT_EXCEPTION:
		return -MV_EFAULT;
	case GHCB_RESULT_INPUT_ERROR:
		return -MV_EINVAL;
	default:
		return -MV_EIO;
	}
}

int ghcb_nae_exit(struct ghcb *g, uint64_t code, uint64_t info1, uint64_t info2)
{
	if (!g || g != ghcb_cur)
		return -MV_ENODEV;
	g->protocol_version = GHCB_PROTOCOL_MAX;
	g->ghcb_usage = 0;
	GHCB_SET(g, sw_exit_code, code);
	GHCB_SET(g, sw_exit_info1, info1);
	GHCB_SET(g, sw_exit_info2, info2);
	snp_hw_wrmsr(MSR_SEV_GHCB, ghcb_cur_pa);
	snp_hw_vmgexit();
	return ghcb_result(g);
}
