/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A software model of SEV-SNP for host tests: the RMP (one entry per
 * 4 KiB page of model RAM), PVALIDATE/RMPADJUST/CPUID/MSR semantics
 * (snp-facts.md 4-7, 10), and the hypervisor side of the GHCB MSR
 * protocol, the GHCB page, IOIO and Page State Change, with knobs for
 * partial progress and errors. It implements asm/snp_hw.h.
 *
 * A termination request, a fault the hardware would raise (#NPF, #VC,
 * #GP) and a halt do not return: the model records them and longjmps
 * to model.jmp; wrap calls in MODEL_TRY().
 */
#ifndef SNP_MODEL_H
#define SNP_MODEL_H

#include <setjmp.h>

#include <minivisor/types.h>

/** One RMP entry (a 4 KiB page). VMPL0 always has every permission. */
struct rmp_entry {
	bool assigned; /* guest-owned (private); else hypervisor/shared */
	bool validated;
	bool huge; /* member of a 2 MiB entry (512 aligned pages) */
	bool vmsa;
	uint8_t perms[4]; /* per-VMPL permission mask, bits 3:0 = R W XU XS */
};

/** How the model's CPU and hypervisor behave. */
struct model_config {
	paddr_t ram_base; /* model RAM: the range the RMP covers */
	uint64_t ram_size;
	uint64_t sev_status; /* MSR 0xC0010131 */
	unsigned int vmpl; /* VMPL the guest runs at */
	/* CPUID */
	uint32_t cpuid_max_ext; /* leaf 0x80000000 EAX */
	uint32_t cpuid_sev_eax; /* leaf 0x8000001F */
	unsigned int cpuid_cbit;
	/* hypervisor: MSR protocol */
	unsigned int hv_ver_min, hv_ver_max, hv_cbit;
	uint64_t hv_features;
	bool hv_reg_bad_echo; /* answer GHCB registration with another GFN */
	unsigned int hv_msr_bad_resp; /* code 0 for: 1 SEV info, 2 features */
	bool hv_msr_psc_fail; /* MSR-protocol PSC returns an error */
	/* hypervisor: page state change */
	bool hv_psc_2m; /* back 2 MiB requests with 2 MiB RMP entries */
	unsigned int psc_entries_per_exit; /* 0 = unlimited */
	unsigned int psc_pages_per_exit; /* 0 = unlimited (4 KiB units) */
	unsigned int psc_fail_exit; /* the n-th PSC exit fails (1-based) */
	uint64_t psc_fail_value; /* SW_EXITINFO2 it returns */
	bool psc_corrupt_header; /* write reserved != 0 back */
	bool psc_stall; /* return without doing anything */
	/* hypervisor misbehaviour */
	bool hv_ignore_terminate; /* return from a termination request */
	int hv_nae_force; /* 0 normal, else one of enum model_nae_force */
	int pvalidate_force; /* PVALIDATE returns this code (0: normal) */
	uint64_t rmpadjust_fail_call; /* this RMPADJUST (1-based count)... */
	int rmpadjust_fail_code; /* ...returns this code, changing nothing */
};

/** Ways the model's hypervisor can spoil any NAE exit. */
enum model_nae_force {
	NAE_FORCE_EXCEPTION = 1, /* SW_EXITINFO1 = 1: inject an exception */
	NAE_FORCE_NO_VALID = 2, /* leave SW_EXITINFO1 unmarked */
	NAE_FORCE_UNKNOWN = 3, /* SW_EXITINFO1 = 7 */
	NAE_FORCE_NO_RAX = 4, /* success, but RAX not marked valid */
};

/** Why control came back to the test. */
enum model_exit {
	MODEL_RETURNED = 0, /* the call returned normally */
	MODEL_TERMINATED = 1, /* termination request */
	MODEL_FAULTED = 2, /* the hardware would have faulted */
	MODEL_HALTED = 3, /* snp_hw_halt() */
};

/** The whole model; tests read it freely. */
struct snp_model {
	struct model_config cfg;
	struct rmp_entry *rmp;
	uint8_t *mem; /* backing of model RAM; guest VA = mem + offset */
	uint64_t msr_ghcb;
	paddr_t ghcb_gpa; /* registered GHCB, 0 if none */
	unsigned int term_set, term_code;
	char fault[160];
	jmp_buf jmp;
	enum model_exit exit;
	/* counters */
	uint64_t vmgexits, msr_calls, psc_exits, ioio_exits;
	uint64_t pvalidate_calls, pvalidate_2m_calls, rmpadjust_calls;
	uint64_t guest_reads, guest_writes; /* SVSM accesses (model_svsm.c) */
	paddr_t last_read; /* the SVSM's last read of guest memory... */
	uint8_t last_read_perms; /* ...and what VMPL1-3 could do there */
	uint64_t tlb_flushes; /* svsm_hw_flush_tlb() */
	uint64_t flushes_at_last_read; /* tlb_flushes at the last read */
	/* 16550 at 0x3f8 behind IOIO */
	char con_out[4096];
	size_t con_len;
	const char *con_in;
};

extern struct snp_model model;

/** Run the statement(s); afterwards model.exit says how it ended. */
#define MODEL_TRY(...)                        \
	do {                                  \
		model.exit = MODEL_RETURNED;  \
		if (setjmp(model.jmp) == 0) { \
			__VA_ARGS__;          \
		}                             \
	} while (0)

/** A configuration of a well-behaved SNP platform over @ram_size. */
void model_default_config(struct model_config *cfg, paddr_t ram_base,
			  uint64_t ram_size);

/**
 * Create the model from @cfg (all RAM hypervisor-owned) and reset the
 * SNP layer, pointing its direct map at the model's memory.
 */
void model_init(const struct model_config *cfg);

/** Free the model's memory. */
void model_fini(void);

/** Mark [@gpa, @gpa + @size) assigned and validated, as SNP launch does. */
void model_launch(paddr_t gpa, uint64_t size);

/** The RMP entry of @gpa (NULL outside model RAM). */
struct rmp_entry *model_rmp(paddr_t gpa);

/** Guest virtual address of @gpa in the model's direct map. */
void *model_va(paddr_t gpa);

/**
 * Count RMP entries in [@gpa, @gpa + @size) that are assigned and
 * validated / assigned / huge.
 */
uint64_t model_count_validated(paddr_t gpa, uint64_t size);
uint64_t model_count_assigned(paddr_t gpa, uint64_t size);
uint64_t model_count_huge(paddr_t gpa, uint64_t size);

/**
 * Write a VMSA page at @gpa as the guest would: zeroes, then the VMPL,
 * EFER and SEV_FEATURES fields the SVSM checks (model_svsm.c).
 */
void model_vmsa_fill(paddr_t gpa, uint8_t vmpl, uint64_t efer,
		     uint64_t sev_features);

/** True if @vmpl has any access to validated private page @gpa. */
bool model_guest_can_access(paddr_t gpa, unsigned int vmpl);

/* Used inside the model: raise a fault and longjmp. */
void __attribute__((noreturn, format(printf, 1, 2)))
model_fault(const char *fmt, ...);

/* The hypervisor's VMGEXIT handler (model_hv.c). */
void model_hv_vmgexit(void);

/* RMPUPDATE by the hypervisor: assign (private) or unassign a page. */
void model_rmp_update(paddr_t gpa, bool private, bool huge);

#endif
