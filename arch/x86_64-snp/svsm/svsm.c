// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SVSM request path: configuration, the calling-area handshake, the
 * dispatch on RAX (protocol table, then the protocol's call table) and
 * the per-call / per-result counters that `svsm status` shows.
 */
#include <string.h>

#include <minivisor/errno.h>
#include <asm/snp.h>
#include <asm/snp_hw.h>
#include <asm/svsm.h>

struct svsm_state svsm_state;

/* Every protocol served; empty until svsm_init() with serve set. */
static const struct svsm_protocol *const svsm_protocols[] = {
	&svsm_core_protocol,
};

static const struct {
	uint64_t code;
	const char *name;
} svsm_results[] = {
	{ SVSM_SUCCESS, "success" },
	{ SVSM_ERR_INCOMPLETE, "incomplete" },
	{ SVSM_ERR_UNSUPPORTED_PROTOCOL, "unsupported-protocol" },
	{ SVSM_ERR_UNSUPPORTED_CALL, "unsupported-call" },
	{ SVSM_ERR_INVALID_ADDRESS, "invalid-address" },
	{ SVSM_ERR_INVALID_FORMAT, "invalid-format" },
	{ SVSM_ERR_INVALID_PARAMETER, "invalid-parameter" },
	{ SVSM_ERR_INVALID_REQUEST, "invalid-request" },
	{ SVSM_ERR_BUSY, "busy" },
	{ SVSM_ERR_FAIL_INPUT, "fail-input" },
	{ SVSM_ERR_FAIL_PERMISSION, "fail-permission" },
	{ SVSM_ERR_VMSA_IN_USE, "vmsa-in-use" },
	{ SVSM_ERR_FAIL_SIZEMISMATCH, "fail-sizemismatch" },
	{ SVSM_ERR_FAIL_UNCHANGED, "fail-unchanged" },
};

/* Name of @code in svsm_results, or NULL. */
static const char *svsm_result_lookup(uint64_t code)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(svsm_results); i++)
		if (svsm_results[i].code == code)
			return svsm_results[i].name;
	return NULL;
}

bool svsm_result_known(uint64_t code)
{
	return svsm_result_lookup(code) != NULL;
}

const char *svsm_result_name(uint64_t code)
{
	const char *name = svsm_result_lookup(code);

	return name ? name : "unknown";
}

void svsm_reset(void)
{
	memset(&svsm_state, 0, sizeof(svsm_state));
	svsm_gmem_reset();
}

static int svsm_check_config(const struct svsm_config *cfg)
{
	if (!cfg->guest_size || !IS_ALIGNED(cfg->guest_base, PAGE_SIZE) ||
	    !IS_ALIGNED(cfg->guest_size, PAGE_SIZE) ||
	    cfg->guest_base + cfg->guest_size < cfg->guest_base)
		return -MV_EINVAL;
	if (cfg->guest_size > SVSM_MAX_GUEST_SIZE)
		return -MV_E2BIG;
	if (cfg->guest_vmpl < 1 || cfg->guest_vmpl > 3 ||
	    cfg->nsvsm_mem > SVSM_MAX_SVSM_RANGES)
		return -MV_EINVAL;
	for (unsigned int i = 0; i < cfg->nsvsm_mem; i++)
		if (svsm_ranges_overlap(cfg->svsm_mem[i].start,
					cfg->svsm_mem[i].size, cfg->guest_base,
					cfg->guest_size))
			return -MV_EINVAL;
	return 0;
}

int svsm_init(const struct svsm_config *cfg)
{
	int ret = svsm_check_config(cfg);

	if (ret)
		return ret;
	svsm_reset();
	svsm_state.cfg = *cfg;
	svsm_state.configured = true;
	svsm_state.active = cfg->serve;
	return 0;
}

int svsm_rmp_set(paddr_t gpa, bool huge, uint8_t perms, bool vmsa)
{
	vaddr_t va = snp_pa_to_va(gpa);
	unsigned int size = huge ? SNP_PAGE_2M : SNP_PAGE_4K;

	/* Never VMPL0 (ours): unconfigured, there is no guest VMPL. */
	if (svsm_state.cfg.guest_vmpl < 1)
		return SNP_HW_FAIL_INPUT;
	/*
	 * Every RMPADJUST from VMPL0 rewrites the VMSA bit, so the guest
	 * VMPL, which carries it, goes last.
	 */
	for (int vmpl = 3; vmpl >= (int)svsm_state.cfg.guest_vmpl; vmpl--) {
		uint64_t attrs = (uint64_t)vmpl;
		int ret;

		if (vmpl == (int)svsm_state.cfg.guest_vmpl)
			attrs |= (uint64_t)perms << RMPADJUST_PERM_SHIFT |
				 (vmsa ? RMPADJUST_VMSA : 0);
		ret = snp_hw_rmpadjust(va, size, attrs);
		if (ret != SNP_HW_OK)
			return ret;
	}
	return SNP_HW_OK;
}

int svsm_guest_adopt(paddr_t gpa, uint64_t size)
{
	if (!svsm_state.configured || !IS_ALIGNED(gpa, PAGE_SIZE) ||
	    !IS_ALIGNED(size, PAGE_SIZE) ||
	    svsm_gmem_check(gpa, size) != SVSM_SUCCESS)
		return -MV_EINVAL;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		if (svsm_rmp_set(gpa + off, false, SVSM_PERM_RWX, false))
			return -MV_EIO;
		svsm_gmem_track(gpa + off, PAGE_SIZE, true);
	}
	return 0;
}

static const struct svsm_protocol *svsm_protocol_find(uint32_t id)
{
	if (!svsm_state.active)
		return NULL;
	for (unsigned int i = 0; i < ARRAY_SIZE(svsm_protocols); i++)
		if (svsm_protocols[i]->id == id)
			return svsm_protocols[i];
	return NULL;
}

const struct svsm_protocol *svsm_protocol_at(unsigned int i)
{
	if (!svsm_state.active || i >= ARRAY_SIZE(svsm_protocols))
		return NULL;
	return svsm_protocols[i];
}

static void svsm_count_result(uint64_t code)
{
	struct svsm_error_count *e = svsm_state.errors;

	if (code == SVSM_SUCCESS)
		return;
	/*
	 * The defined codes fit; only odd hardware codes (0x8000_1000 + n)
	 * beyond the table's size would go uncounted.
	 */
	for (unsigned int i = 0; i < SVSM_MAX_ERROR_CODES; i++) {
		if (e[i].count && e[i].code != code)
			continue;
		e[i].code = code;
		e[i].count++;
		return;
	}
}

uint64_t svsm_query_protocol(uint64_t rcx)
{
	const struct svsm_protocol *p = svsm_protocol_find(rcx >> 32);
	uint32_t version = (uint32_t)rcx;

	if (!p || version < p->min || version > p->max)
		return 0;
	return (uint64_t)p->max << 32 | p->min;
}

uint64_t svsm_dispatch(struct svsm_call *c)
{
	const struct svsm_protocol *p = svsm_protocol_find(c->rax >> 32);
	uint32_t id = (uint32_t)c->rax;
	uint64_t ret;

	if (!p) {
		ret = SVSM_ERR_UNSUPPORTED_PROTOCOL;
		svsm_state.calls_other++;
	} else if (id >= p->ncalls || !p->calls[id]) {
		ret = SVSM_ERR_UNSUPPORTED_CALL;
		svsm_state.calls_other++;
	} else {
		if (p->id == SVSM_CORE_PROTOCOL)
			svsm_state.calls[id]++;
		ret = p->calls[id](c);
	}
	svsm_count_result(ret);
	c->rax = ret;
	return ret;
}

bool svsm_handle_call(struct svsm_call *c)
{
	paddr_t pending = c->caa + SVSM_CA_CALL_PENDING;
	uint8_t flag = 0;

	/*
	 * The calling vCPU is stopped while its call is handled and the
	 * calling area is its own, so read-then-clear cannot race with it.
	 * A calling area that became a VMSA is not written to.
	 */
	if (svsm_overlaps_vmsa(pending, 1) ||
	    svsm_gmem_read(pending, &flag, 1) || !flag) {
		svsm_state.not_pending++;
		return false;
	}
	flag = 0;
	if (svsm_gmem_write(pending, &flag, 1)) {
		svsm_state.not_pending++;
		return false;
	}
	svsm_dispatch(c);
	return true;
}
