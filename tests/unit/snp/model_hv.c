// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's hypervisor: what happens on VMGEXIT. The GHCB MSR value
 * selects the MSR protocol (low 12 bits set) or an NAE exit through the
 * registered GHCB page, which must be shared in the RMP.
 */
#include <stdio.h>
#include <string.h>

#include <asm/ghcb.h>
#include <asm/snp.h>

#include "snp/model.h"

#define PSC_ERR_GENERIC (0x100ULL << 32)
#define PSC_ERR_BAD_HEADER ((1ULL << 32) | 1)
#define PSC_ERR_BAD_ENTRY ((1ULL << 32) | 2)

static uint64_t hv_msr_sev_info(void)
{
	return ((uint64_t)model.cfg.hv_ver_max << 48) |
	       ((uint64_t)model.cfg.hv_ver_min << 32) |
	       ((uint64_t)model.cfg.hv_cbit << 24) | GHCB_MSR_SEV_INFO_RESP;
}

static uint64_t hv_msr_register(uint64_t req)
{
	paddr_t gpa = req & ~GHCB_MSR_INFO_MASK;

	if (model.cfg.hv_reg_bad_echo)
		return (gpa + PAGE_SIZE) | GHCB_MSR_REG_GPA_RESP;
	model.ghcb_gpa = gpa;
	return gpa | GHCB_MSR_REG_GPA_RESP;
}

static uint64_t hv_msr_psc(uint64_t req)
{
	paddr_t gpa = ((req >> 12) & GHCB_MSR_PSC_GFN_MASK) << 12;
	unsigned int op = (req >> GHCB_MSR_PSC_OP_SHIFT) & 0xf;

	if (model.cfg.hv_msr_psc_fail || !model_rmp(gpa) ||
	    (op != GHCB_PSC_OP_PRIVATE && op != GHCB_PSC_OP_SHARED))
		return (1ULL << 32) | GHCB_MSR_PSC_RESP;
	model_rmp_update(gpa, op == GHCB_PSC_OP_PRIVATE, false);
	return GHCB_MSR_PSC_RESP;
}

static void hv_msr_terminate(uint64_t req)
{
	model.term_set = (req >> 12) & 0xf;
	model.term_code = (req >> 16) & 0xff;
	if (model.cfg.hv_ignore_terminate)
		return;
	model.exit = MODEL_TERMINATED;
	longjmp(model.jmp, MODEL_TERMINATED);
}

static void hv_msr_protocol(uint64_t req)
{
	uint64_t resp = 0;

	model.msr_calls++;
	if (((model.cfg.hv_msr_bad_resp & 1) &&
	     (req & GHCB_MSR_INFO_MASK) == GHCB_MSR_SEV_INFO_REQ) ||
	    ((model.cfg.hv_msr_bad_resp & 2) &&
	     (req & GHCB_MSR_INFO_MASK) == GHCB_MSR_HV_FT_REQ)) {
		model.msr_ghcb = 0;
		return;
	}
	switch (req & GHCB_MSR_INFO_MASK) {
	case GHCB_MSR_SEV_INFO_REQ:
		resp = hv_msr_sev_info();
		break;
	case GHCB_MSR_HV_FT_REQ:
		resp = (model.cfg.hv_features << 12) | GHCB_MSR_HV_FT_RESP;
		break;
	case GHCB_MSR_REG_GPA_REQ:
		resp = hv_msr_register(req);
		break;
	case GHCB_MSR_PSC_REQ:
		resp = hv_msr_psc(req);
		break;
	case GHCB_MSR_TERM_REQ:
		hv_msr_terminate(req);
		break;
	default:
		break; /* unknown request: response code 0 */
	}
	model.msr_ghcb = resp;
}

/* --- NAE exits through the GHCB page --------------------------------- */

static void hv_set(struct ghcb *g, size_t off, uint64_t val)
{
	*(uint64_t *)((uint8_t *)g + off) = val;
	ghcb_mark_valid(g, off);
}

static void hv_ioio(struct ghcb *g, uint64_t info1, uint64_t rax,
		    bool rax_valid)
{
	uint16_t port = info1 >> IOIO_PORT_SHIFT;
	bool in = info1 & IOIO_TYPE_IN;

	model.ioio_exits++;
	if (!(info1 & IOIO_DATA_8) || (!in && !rax_valid)) {
		hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_INPUT_ERROR);
		hv_set(g, GHCB_OFF(sw_exit_info2), 4); /* missing input */
		return;
	}
	if (!in) {
		if (port == 0x3f8 && model.con_len < sizeof(model.con_out))
			model.con_out[model.con_len++] = (char)rax;
	} else if (port == 0x3fd) {
		hv_set(g, GHCB_OFF(rax),
		       0x60 | (model.con_in && *model.con_in ? 1 : 0));
	} else if (port == 0x3f8 && model.con_in && *model.con_in) {
		hv_set(g, GHCB_OFF(rax), (uint8_t)*model.con_in++);
	} else {
		hv_set(g, GHCB_OFF(rax), 0xff);
	}
	hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_OK);
}

/* PSC entry fields */
static unsigned int ent_op(uint64_t e)
{
	return (e >> PSC_ENTRY_OP_SHIFT) & PSC_ENTRY_OP_MASK;
}

static unsigned int ent_pages(uint64_t e)
{
	return (e & PSC_ENTRY_2M) ? SNP_PAGES_PER_2M : 1;
}

static bool ent_ok(uint64_t e)
{
	paddr_t gpa = PSC_ENTRY_GPA(e);
	unsigned int cur = e & PSC_ENTRY_CUR_PAGE_MASK;

	if (e >> 57) /* reserved bits */
		return false;
	if (ent_op(e) != GHCB_PSC_OP_PRIVATE && ent_op(e) != GHCB_PSC_OP_SHARED)
		return false;
	if ((e & PSC_ENTRY_2M) && !IS_ALIGNED(gpa, SNP_2M))
		return false;
	if (cur > ent_pages(e))
		return false;
	return model_rmp(gpa) &&
	       model_rmp(gpa + (ent_pages(e) - 1) * PAGE_SIZE);
}

/* True when a whole 2 MiB entry can become one 2 MiB RMP entry. */
static bool hv_can_use_2m(paddr_t gpa, bool private)
{
	if (!model.cfg.hv_psc_2m || !private)
		return false;
	for (unsigned int i = 0; i < SNP_PAGES_PER_2M; i++)
		if (model_rmp(gpa + i * PAGE_SIZE)->assigned)
			return false;
	return true;
}

/*
 * Work on one entry within @budget 4 KiB pages (consumed). Returns
 * true when the entry is complete.
 */
static bool hv_psc_entry(uint64_t *e, uint64_t *budget)
{
	paddr_t gpa = PSC_ENTRY_GPA(*e);
	unsigned int cur = *e & PSC_ENTRY_CUR_PAGE_MASK;
	unsigned int n = ent_pages(*e);
	bool private = ent_op(*e) == GHCB_PSC_OP_PRIVATE;

	if (n > 1 && cur == 0 && *budget >= n && hv_can_use_2m(gpa, private)) {
		for (unsigned int i = 0; i < n; i++)
			model_rmp_update(gpa + i * PAGE_SIZE, true, true);
		*budget -= n;
		cur = n;
	}
	while (cur < n && *budget) {
		model_rmp_update(gpa + cur * PAGE_SIZE, private, false);
		cur++;
		(*budget)--;
	}
	*e = (*e & ~PSC_ENTRY_CUR_PAGE_MASK) | cur;
	return cur == n;
}

static uint64_t hv_psc_run(struct snp_psc_desc *d)
{
	uint64_t budget = model.cfg.psc_pages_per_exit ?: ~0ULL;
	unsigned int entries = model.cfg.psc_entries_per_exit ?: ~0U;

	if (d->hdr.reserved || d->hdr.end_entry >= SNP_PSC_MAX_ENTRIES ||
	    d->hdr.cur_entry > d->hdr.end_entry)
		return PSC_ERR_BAD_HEADER;
	if (model.cfg.psc_fail_exit == model.psc_exits)
		return model.cfg.psc_fail_value;
	if (model.cfg.psc_stall)
		return 0;
	while (d->hdr.cur_entry <= d->hdr.end_entry && budget && entries) {
		uint64_t *e = &d->entries[d->hdr.cur_entry];

		if (!ent_ok(*e))
			return PSC_ERR_BAD_ENTRY;
		if (!hv_psc_entry(e, &budget))
			break;
		d->hdr.cur_entry++;
		entries--;
	}
	if (model.cfg.psc_corrupt_header)
		d->hdr.reserved = 1;
	return 0;
}

static void hv_psc(struct ghcb *g, uint64_t scratch, bool scratch_valid)
{
	uint64_t ret;

	model.psc_exits++;
	if (!scratch_valid ||
	    scratch != model.ghcb_gpa + GHCB_OFF(shared_buffer)) {
		hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_INPUT_ERROR);
		hv_set(g, GHCB_OFF(sw_exit_info2), 3); /* bad scratch area */
		return;
	}
	ret = hv_psc_run((struct snp_psc_desc *)g->shared_buffer);
	hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_OK);
	hv_set(g, GHCB_OFF(sw_exit_info2), ret);
}

static struct ghcb *hv_ghcb(paddr_t gpa)
{
	struct rmp_entry *e = model_rmp(gpa);

	if (!gpa || gpa != model.ghcb_gpa)
		model_fault("HV: VMGEXIT with unregistered GHCB %#llx",
			    (unsigned long long)gpa);
	if (!e || e->assigned)
		model_fault("HV: GHCB %#llx is not shared",
			    (unsigned long long)gpa);
	return model_va(gpa);
}

static void hv_nae(paddr_t gpa)
{
	struct ghcb *g = hv_ghcb(gpa);
	uint64_t code = g->sw_exit_code, info1 = g->sw_exit_info1;
	uint64_t rax = g->rax, scratch = g->sw_scratch;
	bool rax_valid = ghcb_is_valid(g, GHCB_OFF(rax));
	bool scratch_valid = ghcb_is_valid(g, GHCB_OFF(sw_scratch));
	bool code_valid = ghcb_is_valid(g, GHCB_OFF(sw_exit_code)) &&
			  ghcb_is_valid(g, GHCB_OFF(sw_exit_info1)) &&
			  ghcb_is_valid(g, GHCB_OFF(sw_exit_info2));

	/* Like KVM: inputs read, the bitmap now describes the outputs. */
	memset(g->valid_bitmap, 0, sizeof(g->valid_bitmap));
	if (!code_valid || g->protocol_version != 2 || g->ghcb_usage) {
		hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_INPUT_ERROR);
		hv_set(g, GHCB_OFF(sw_exit_info2), 4);
	} else if (code == SVM_EXIT_IOIO) {
		hv_ioio(g, info1, rax, rax_valid);
	} else if (code == SVM_VMGEXIT_PSC) {
		hv_psc(g, scratch, scratch_valid);
	} else {
		hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_INPUT_ERROR);
		hv_set(g, GHCB_OFF(sw_exit_info2), 5);
	}
}

static void hv_nae_spoil(struct ghcb *g)
{
	switch (model.cfg.hv_nae_force) {
	case NAE_FORCE_EXCEPTION:
		hv_set(g, GHCB_OFF(sw_exit_info1), GHCB_RESULT_EXCEPTION);
		hv_set(g, GHCB_OFF(sw_exit_info2), 0x80000b0dULL); /* #GP */
		break;
	case NAE_FORCE_NO_VALID:
		memset(g->valid_bitmap, 0, sizeof(g->valid_bitmap));
		break;
	case NAE_FORCE_UNKNOWN:
		hv_set(g, GHCB_OFF(sw_exit_info1), 7);
		break;
	case NAE_FORCE_NO_RAX: {
		size_t slot = GHCB_OFF(rax) / 8;

		g->valid_bitmap[slot / 8] &= (uint8_t) ~(1U << (slot % 8));
		break;
	}
	default:
		break;
	}
}

void model_hv_vmgexit(void)
{
	uint64_t v = model.msr_ghcb;

	if (v & GHCB_MSR_INFO_MASK)
		hv_msr_protocol(v);
	else {
		hv_nae(v);
		hv_nae_spoil(model_va(v));
	}
}
