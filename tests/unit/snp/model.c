// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's CPU side: RMP storage, MSRs, CPUID, PVALIDATE and
 * RMPADJUST as the hardware would execute them for the guest.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <asm/snp.h>
#include <asm/snp_hw.h>

#include "snp/model.h"

struct snp_model model;

void model_default_config(struct model_config *cfg, paddr_t ram_base,
			  uint64_t ram_size)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_base = ram_base;
	cfg->ram_size = ram_size;
	cfg->sev_status = SEV_STATUS_SEV | SEV_STATUS_SEV_ES | SEV_STATUS_SNP |
			  SEV_STATUS_RESTRICTED_INJ;
	cfg->cpuid_max_ext = 0x80000021;
	cfg->cpuid_sev_eax = 0x1f; /* SME, SEV, page flush, SEV-ES, SNP */
	cfg->cpuid_cbit = 51;
	cfg->hv_ver_min = 1;
	cfg->hv_ver_max = 2;
	cfg->hv_cbit = 51;
	cfg->hv_features = GHCB_HV_FT_SNP | GHCB_HV_FT_SNP_AP_CREATION |
			   GHCB_HV_FT_SNP_MULTI_VMPL;
	cfg->hv_psc_2m = true;
}

void model_init(const struct model_config *cfg)
{
	uint64_t pages = cfg->ram_size / PAGE_SIZE;

	model_fini();
	memset(&model, 0, sizeof(model));
	model.cfg = *cfg;
	model.rmp = calloc(pages, sizeof(*model.rmp));
	model.mem = mmap(NULL, cfg->ram_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!model.rmp || model.mem == MAP_FAILED) {
		fprintf(stderr, "model: out of memory\n");
		abort();
	}
	snp_reset();
	snp_set_va_offset((int64_t)((uintptr_t)model.mem - cfg->ram_base));
}

void model_fini(void)
{
	if (model.mem && model.mem != MAP_FAILED)
		munmap(model.mem, model.cfg.ram_size);
	free(model.rmp);
	model.mem = NULL;
	model.rmp = NULL;
}

struct rmp_entry *model_rmp(paddr_t gpa)
{
	if (gpa < model.cfg.ram_base ||
	    gpa - model.cfg.ram_base >= model.cfg.ram_size)
		return NULL;
	return &model.rmp[(gpa - model.cfg.ram_base) / PAGE_SIZE];
}

void *model_va(paddr_t gpa)
{
	return model.mem + (gpa - model.cfg.ram_base);
}

void model_launch(paddr_t gpa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		struct rmp_entry *e = model_rmp(gpa + off);

		memset(e, 0, sizeof(*e));
		e->assigned = e->validated = true;
	}
}

static uint64_t model_count(paddr_t gpa, uint64_t size, int what)
{
	uint64_t n = 0;

	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(gpa + off);

		if (what == 0)
			n += e->assigned && e->validated;
		else if (what == 1)
			n += e->assigned;
		else
			n += e->huge;
	}
	return n;
}

uint64_t model_count_validated(paddr_t gpa, uint64_t size)
{
	return model_count(gpa, size, 0);
}

uint64_t model_count_assigned(paddr_t gpa, uint64_t size)
{
	return model_count(gpa, size, 1);
}

uint64_t model_count_huge(paddr_t gpa, uint64_t size)
{
	return model_count(gpa, size, 2);
}

void model_fault(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(model.fault, sizeof(model.fault), fmt, ap);
	va_end(ap);
	model.exit = MODEL_FAULTED;
	longjmp(model.jmp, MODEL_FAULTED);
}

/* Split the 2 MiB entry that holds @gpa into 4 KiB entries (PSMASH). */
static void model_smash(paddr_t gpa)
{
	paddr_t base = ALIGN_DOWN(gpa, SNP_2M);

	for (unsigned int i = 0; i < SNP_PAGES_PER_2M; i++) {
		struct rmp_entry *e = model_rmp(base + i * PAGE_SIZE);

		if (e)
			e->huge = false;
	}
}

void model_rmp_update(paddr_t gpa, bool private, bool huge)
{
	struct rmp_entry *e = model_rmp(gpa);

	if (e->huge && !huge)
		model_smash(gpa);
	/* Already private: the hypervisor leaves the entry alone. */
	if (private && e->assigned)
		return;
	memset(e, 0, sizeof(*e));
	e->assigned = private;
	e->huge = private && huge;
}

uint64_t snp_hw_rdmsr(uint32_t msr)
{
	if (msr == MSR_SEV_GHCB)
		return model.msr_ghcb;
	if (msr == MSR_SEV_STATUS)
		return model.cfg.sev_status;
	model_fault("#GP: rdmsr %#x", msr);
}

void snp_hw_wrmsr(uint32_t msr, uint64_t val)
{
	if (msr != MSR_SEV_GHCB)
		model_fault("#GP: wrmsr %#x", msr);
	model.msr_ghcb = val;
}

void snp_hw_vmgexit(void)
{
	model.vmgexits++;
	model_hv_vmgexit();
}

void snp_hw_cpuid(uint32_t leaf, uint32_t subleaf, struct snp_cpuid_regs *r)
{
	(void)subleaf;
	memset(r, 0, sizeof(*r));
	if (leaf == 0x80000000U) {
		r->eax = model.cfg.cpuid_max_ext;
	} else if (leaf == CPUID_SEV_LEAF &&
		   model.cfg.cpuid_max_ext >= CPUID_SEV_LEAF) {
		r->eax = model.cfg.cpuid_sev_eax;
		/* C-bit, 1 bit of address reduction, 4 VMPLs */
		r->ebx = model.cfg.cpuid_cbit | (1U << 6) | (4U << 12);
	}
}

void snp_hw_halt(void)
{
	model.exit = MODEL_HALTED;
	longjmp(model.jmp, MODEL_HALTED);
}

/* Translate a guest VA of the direct map; faults outside model RAM. */
static paddr_t model_gpa_of(vaddr_t va)
{
	uintptr_t base = (uintptr_t)model.mem;

	if (va < base || va - base >= model.cfg.ram_size)
		model_fault("#PF: va %#lx not mapped", (unsigned long)va);
	return model.cfg.ram_base + (va - base);
}

/* The entries a 4 KiB or 2 MiB operation on @gpa covers. */
static unsigned int model_span(unsigned int size)
{
	return size == SNP_PAGE_2M ? SNP_PAGES_PER_2M : 1;
}

/*
 * Size check shared by PVALIDATE and RMPADJUST: a 2 MiB request needs
 * one 2 MiB entry; a 4 KiB request on a 2 MiB entry also fails with a
 * size mismatch here (the hardware result for that case is unverified).
 */
static bool model_size_matches(const struct rmp_entry *e, unsigned int size)
{
	for (unsigned int i = 0; i < model_span(size); i++)
		if (e[i].huge != (size == SNP_PAGE_2M))
			return false;
	return true;
}

static int model_pvalidate_check(paddr_t gpa, unsigned int size)
{
	if (model.cfg.vmpl != 0)
		model_fault("#GP: PVALIDATE at VMPL%u", model.cfg.vmpl);
	if (size > SNP_PAGE_2M ||
	    !IS_ALIGNED(gpa, size == SNP_PAGE_2M ? SNP_2M : PAGE_SIZE))
		return SNP_HW_FAIL_INPUT;
	if (!model_rmp(gpa + (model_span(size) - 1) * PAGE_SIZE))
		model_fault("#NPF: PVALIDATE of %#llx outside RAM",
			    (unsigned long long)gpa);
	for (unsigned int i = 0; i < model_span(size); i++)
		if (!model_rmp(gpa)[i].assigned)
			model_fault("#NPF: PVALIDATE of unassigned %#llx",
				    (unsigned long long)gpa + i * PAGE_SIZE);
	if (!model_size_matches(model_rmp(gpa), size))
		return SNP_HW_FAIL_SIZEMISMATCH;
	return SNP_HW_OK;
}

int snp_hw_pvalidate(vaddr_t va, unsigned int size, bool validate,
		     bool *unchanged)
{
	paddr_t gpa = model_gpa_of(va);
	struct rmp_entry *e;
	int ret;

	model.pvalidate_calls++;
	model.pvalidate_2m_calls += size == SNP_PAGE_2M;
	*unchanged = false;
	if (model.cfg.pvalidate_force)
		return model.cfg.pvalidate_force;
	ret = model_pvalidate_check(gpa, size);
	if (ret != SNP_HW_OK)
		return ret;
	e = model_rmp(gpa);
	if (e->validated == validate) {
		*unchanged = true;
		return SNP_HW_OK;
	}
	for (unsigned int i = 0; i < model_span(size); i++)
		e[i].validated = validate;
	return SNP_HW_OK;
}

int snp_hw_rmpadjust(vaddr_t va, unsigned int size, uint64_t attrs)
{
	unsigned int target = attrs & RMPADJUST_VMPL_MASK;
	uint8_t perms = (attrs >> RMPADJUST_PERM_SHIFT) & 0xff;
	paddr_t gpa = model_gpa_of(va);
	struct rmp_entry *e = model_rmp(gpa);

	model.rmpadjust_calls++;
	if (model.rmpadjust_calls == model.cfg.rmpadjust_fail_call)
		return model.cfg.rmpadjust_fail_code;
	if (target <= model.cfg.vmpl || target > 3)
		return SNP_HW_FAIL_PERMISSION;
	if (size > SNP_PAGE_2M ||
	    !IS_ALIGNED(gpa, size == SNP_PAGE_2M ? SNP_2M : PAGE_SIZE))
		return SNP_HW_FAIL_INPUT;
	if (!e->assigned)
		model_fault("#NPF: RMPADJUST of unassigned %#llx",
			    (unsigned long long)gpa);
	if (!e->validated)
		model_fault("#VC 0x404: RMPADJUST of unvalidated %#llx",
			    (unsigned long long)gpa);
	if (!model_size_matches(e, size))
		return SNP_HW_FAIL_SIZEMISMATCH;
	if (model.cfg.vmpl && (perms & ~e->perms[model.cfg.vmpl]))
		return SNP_HW_FAIL_PERMISSION;
	for (unsigned int i = 0; i < model_span(size); i++) {
		e[i].perms[target] = perms;
		if (model.cfg.vmpl == 0)
			e[i].vmsa = attrs & RMPADJUST_VMSA;
	}
	return SNP_HW_OK;
}
