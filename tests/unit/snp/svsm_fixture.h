/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A model machine for the SVSM tests (the SNP fixture's RAM and image):
 * SVSM memory 16-32 MiB, guest memory 32-64 MiB at VMPL1, laid out as
 *   32-34 MiB  4 KiB RMP entries, validated at launch and adopted
 *              (the calling area is its first page, a spare list page
 *              its second)
 *   34-36 MiB  one 2 MiB RMP entry, assigned, not validated
 *   36-38 MiB  512 4 KiB entries, assigned, not validated
 *   38-64 MiB  4 KiB entries, assigned, not validated
 * Every guest page is private, so no SVSM access can hit a shared one.
 * No cmocka here: the fuzz target links it too.
 */
#ifndef SNP_SVSM_FIXTURE_H
#define SNP_SVSM_FIXTURE_H

#include <asm/svsm.h>

#include "snp/fixture.h"

#define SFX_SVSM_BASE 0x1000000ULL
#define SFX_SVSM_SIZE 0x1000000ULL
#define SFX_GUEST_BASE 0x2000000ULL
#define SFX_GUEST_SIZE 0x2000000ULL
#define SFX_GUEST_VMPL 1U
#define SFX_ADOPTED 0x2000000ULL /* 2 MiB, validated */
#define SFX_CA SFX_ADOPTED
#define SFX_LIST (SFX_ADOPTED + PAGE_SIZE)
#define SFX_2M_ENTRY 0x2200000ULL /* one 2 MiB RMP entry */
#define SFX_4K_RANGE 0x2400000ULL /* 2 MiB of 4 KiB entries */
#define SFX_FREE 0x2600000ULL /* 4 KiB entries up to the end */
#define SFX_SEV_FEATURES 0x1ULL /* SNPActive */

/**
 * Build the machine and configure the SVSM to serve it. Returns 0, or
 * the first svsm_init()/svsm_guest_adopt() error.
 */
int sfx_setup(void);

/** sfx_setup() with the cmocka setup signature. */
int sfx_cmocka_setup(void **state);

/** svsm_reset() then fx_teardown() (cmocka teardown signature). */
int sfx_teardown(void **state);

/** The configuration sfx_setup() uses. */
void sfx_config(struct svsm_config *cfg);

/**
 * Issue a call from the guest: set call_pending in the calling area
 * @c->caa, then run svsm_handle_call() under MODEL_TRY. Returns true
 * if the SVSM handled it and the model did not fault.
 */
bool sfx_call(struct svsm_call *c);

/** A call from the fixture's vCPU: RAX for (@proto, @id) and RCX..R8. */
void sfx_call_init(struct svsm_call *c, uint32_t proto, uint32_t id,
		   uint64_t rcx, uint64_t rdx, uint64_t r8);

/**
 * Write a PVALIDATE list at @gpa: header (@n entries, @next) and
 * @entries, as the guest would.
 */
void sfx_write_list(paddr_t gpa, uint16_t n, uint16_t next,
		    const uint64_t *entries);

/** The list's `next` as the SVSM left it. */
uint16_t sfx_list_next(paddr_t gpa);

/**
 * Check the invariants every request must keep: no SVSM memory page
 * is accessible to any lower VMPL or a VMSA; the SVSM's record of
 * validated guest pages equals the RMP; the RMP VMSA bit is set
 * exactly on the VMSAs the SVSM created. Returns NULL or what broke.
 */
const char *sfx_check_invariants(void);

#endif
