// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the SVSM request path: each input is a sequence
 * of calls (any protocol, call ID and registers, call_pending set or
 * not, request-list and VMSA bytes written by the guest where it can
 * write) run against a fresh SNP model machine (svsm_fixture.h).
 * Besides "never crash", after every call it checks what must always
 * hold: the model never faulted (the SVSM touched no page it may not),
 * the result is one of the defined codes, no SVSM page is accessible
 * to a lower VMPL or a VMSA, the SVSM's record of validated guest
 * pages equals the RMP, the VMSA bit is set exactly on the VMSAs it
 * created, and a successful PVALIDATE advanced `next` to the end.
 *
 * Call encoding (32 bytes, then entries):
 *   0      protocol: < 224 core, else 1..31 or 0xffffffff
 *   1      call ID (mod 12: 8..11 are unknown)
 *   2      bit 0: leave call_pending clear; bit 1: caller is the last
 *          created VMSA; bit 2: write a VMSA at RCX; bit 3: no list;
 *          bit 4: RCX is the last created VMSA (DELETE_VCPU...)
 *   3      entries that follow (mod 64), 8 bytes each
 *   4..7   RCX (an address chosen by sfx_gpa()), 8..11 RDX, 12..15 R8
 *   16..19 list header: num_entries, next
 *   20     VMSA vmpl; 21 bit 0: EFER.SVME; 22 SEV_FEATURES low byte
 *   23     bit 0: RCX is bytes 24..31 as they are (QUERY_PROTOCOL...)
 * Each entry's upper 4 bytes choose its GPA, the low 12 bits are raw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/svsm.h>

#include "snp/svsm_fixture.h"

#define CALL_BYTES 32U
#define MAX_CALLS 16U /* each call checks the whole RMP afterwards */

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* An interesting address: mostly guest memory, sometimes anything. */
static uint64_t sfx_gpa(uint32_t v)
{
	uint64_t page = (uint64_t)(v & 0x1fff) * PAGE_SIZE;

	switch (v >> 28) {
	case 0 ... 7:
		return SFX_GUEST_BASE + page;
	case 8 ... 9:
		return SFX_GUEST_BASE + page + ((v >> 13) & 0x1ff) * 8;
	case 10 ... 11:
		return SFX_SVSM_BASE + (page & (SFX_SVSM_SIZE - 1));
	case 12:
		return page & 0xfffff;
	case 13:
		return SFX_GUEST_BASE + (uint64_t)(v & 0xf) * SNP_2M;
	case 14:
		return (uint64_t)v << 12;
	default:
		return ~0ULL - page;
	}
}

static __attribute__((noreturn)) void fail(const char *what)
{
	fprintf(stderr, "fuzz_svsm_request: %s\n", what);
	abort();
}

/* The guest writes only where its VMPL has access. */
static bool guest_writable(paddr_t gpa, uint64_t len)
{
	for (paddr_t p = ALIGN_DOWN(gpa, PAGE_SIZE); p < gpa + len;
	     p += PAGE_SIZE)
		if (!model_guest_can_access(p, SFX_GUEST_VMPL) ||
		    (model_rmp(p)->perms[SFX_GUEST_VMPL] & 0x2) == 0)
			return false;
	return gpa + len > gpa;
}

static void write_list(const uint8_t *op, const uint8_t *ents, unsigned int n,
		       paddr_t list)
{
	uint64_t e[64];

	for (unsigned int i = 0; i < n; i++) {
		uint64_t raw;

		memcpy(&raw, ents + 8 * i, sizeof(raw));
		e[i] = (sfx_gpa((uint32_t)(raw >> 32)) & SVSM_PVL_GPA_MASK) |
		       (raw & 0xfff);
	}
	if (!guest_writable(list, SVSM_PVL_HDR_SIZE + 8ULL * n))
		return;
	sfx_write_list(list, 0, 0, NULL);
	memcpy(model_va(list), op + 16, 4); /* num_entries, next */
	memcpy((uint8_t *)model_va(list) + SVSM_PVL_HDR_SIZE, e, 8ULL * n);
}

static void prepare(const uint8_t *op, const uint8_t *ents, unsigned int n,
		    const struct svsm_call *c)
{
	if ((op[2] & 4) && IS_ALIGNED(c->rcx, PAGE_SIZE) &&
	    guest_writable(c->rcx, PAGE_SIZE))
		model_vmsa_fill(c->rcx, op[20],
				(op[21] & 1) ? SVSM_EFER_SVME : 0, op[22]);
	else if (!(op[2] & 8))
		write_list(op, ents, n, c->rcx);
}

static void check(const struct svsm_call *c, bool handled, uint32_t id)
{
	const char *bad;
	uint16_t hdr[2];

	if (model.exit != MODEL_RETURNED)
		fail(model.fault);
	/* SVSM_FUZZ_TRACE=1: one line per call, to check seeds by hand. */
	if (getenv("SVSM_FUZZ_TRACE"))
		fprintf(stderr, "call %u rcx %#llx: %s %#llx\n", id,
			(unsigned long long)c->rcx,
			handled ? "handled" : "not handled",
			(unsigned long long)c->rax);
	if (!handled)
		return;
	if (!svsm_result_known(c->rax))
		fail("result code outside the defined set");
	bad = sfx_check_invariants();
	if (bad)
		fail(bad);
	if ((c->rax >> 32) == 0 && id == SVSM_CORE_PVALIDATE &&
	    c->rax == SVSM_SUCCESS) {
		memcpy(hdr, model_va(c->rcx), sizeof(hdr));
		if (hdr[1] != hdr[0])
			fail("PVALIDATE succeeded but next != num_entries");
	}
}

/* One call; returns the bytes it used. */
static size_t one_call(const uint8_t *op, size_t left, paddr_t *caa,
		       paddr_t *last_vmsa)
{
	unsigned int n = op[3] % 64;
	uint32_t proto = op[0] < 224 ? 0 : op[0] == 255 ? ~0U : op[0] - 223;
	uint32_t id = op[1] % 12;
	struct svsm_call c;
	bool handled;

	if (left < CALL_BYTES + 8ULL * n)
		n = (unsigned int)((left - CALL_BYTES) / 8);
	sfx_call_init(&c, proto, id, sfx_gpa(get_u32(op + 4)),
		      sfx_gpa(get_u32(op + 8)), get_u32(op + 12));
	if (op[23] & 1)
		memcpy(&c.rcx, op + 24, sizeof(c.rcx));
	if (op[2] & 0x10)
		c.rcx = *last_vmsa;
	c.caa = *caa;
	if (op[2] & 2)
		c.vmsa = *last_vmsa;
	prepare(op, op + CALL_BYTES, n, &c);
	if ((op[2] & 1) && guest_writable(c.caa, 1)) {
		*(uint8_t *)model_va(c.caa) = 0;
		MODEL_TRY(handled = svsm_handle_call(&c));
		if (handled && model.exit == MODEL_RETURNED)
			fail("handled a call without call_pending");
		handled = false;
	} else {
		handled = sfx_call(&c);
	}
	check(&c, handled, id);
	if (handled && c.rax == SVSM_SUCCESS && proto == 0 &&
	    id == SVSM_CORE_CREATE_VCPU)
		*last_vmsa = c.rcx;
	*caa = c.caa;
	return CALL_BYTES + 8ULL * n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	paddr_t caa = SFX_CA, last_vmsa = 0;
	unsigned int calls = 0;

	if (sfx_setup())
		fail("fixture setup");
	while (size >= CALL_BYTES && calls++ < MAX_CALLS) {
		size_t used = one_call(data, size, &caa, &last_vmsa);

		data += used;
		size -= used;
	}
	svsm_reset();
	return 0;
}
