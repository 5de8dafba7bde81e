// SPDX-License-Identifier: GPL-2.0-only
/* The model machine of the SVSM tests and the fuzz target. */
#include <stdio.h>
#include <string.h>

#include "snp/svsm_fixture.h"

void sfx_config(struct svsm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->guest_base = SFX_GUEST_BASE;
	cfg->guest_size = SFX_GUEST_SIZE;
	cfg->guest_vmpl = SFX_GUEST_VMPL;
	cfg->svsm_mem[0].start = SFX_SVSM_BASE;
	cfg->svsm_mem[0].size = SFX_SVSM_SIZE;
	cfg->nsvsm_mem = 1;
	cfg->serve = true;
}

/* The guest memory's RMP entries, as the hypervisor assigned them. */
static void sfx_assign_guest(void)
{
	for (paddr_t p = SFX_GUEST_BASE; p < SFX_GUEST_BASE + SFX_GUEST_SIZE;
	     p += PAGE_SIZE) {
		bool huge = p >= SFX_2M_ENTRY && p < SFX_2M_ENTRY + SNP_2M;

		model_rmp_update(p, true, huge);
	}
	model_launch(SFX_ADOPTED, SNP_2M);
}

int sfx_setup(void)
{
	struct svsm_config cfg;
	volatile int ret = -1;

	fx_setup(NULL);
	sfx_assign_guest();
	sfx_config(&cfg);
	MODEL_TRY({
		ret = svsm_init(&cfg);
		if (!ret)
			ret = svsm_guest_adopt(SFX_ADOPTED, SNP_2M);
	});
	return model.exit == MODEL_RETURNED ? ret : -1;
}

int sfx_cmocka_setup(void **state)
{
	(void)state;
	return sfx_setup();
}

int sfx_teardown(void **state)
{
	svsm_reset();
	return fx_teardown(state);
}

void sfx_call_init(struct svsm_call *c, uint32_t proto, uint32_t id,
		   uint64_t rcx, uint64_t rdx, uint64_t r8)
{
	memset(c, 0, sizeof(*c));
	c->rax = SVSM_RAX(proto, id);
	c->rcx = rcx;
	c->rdx = rdx;
	c->r8 = r8;
	c->caa = SFX_CA;
	c->sev_features = SFX_SEV_FEATURES;
}

bool sfx_call(struct svsm_call *c)
{
	volatile bool handled = false;
	struct rmp_entry *e = model_rmp(c->caa);

	/* The guest can write its calling area only where it has access. */
	if (e && e->assigned && e->validated)
		*(uint8_t *)model_va(c->caa) = 1;
	MODEL_TRY(handled = svsm_handle_call(c));
	return model.exit == MODEL_RETURNED && handled;
}

void sfx_write_list(paddr_t gpa, uint16_t n, uint16_t next,
		    const uint64_t *entries)
{
	uint8_t *p = model_va(gpa);

	memcpy(p, &n, 2);
	memcpy(p + 2, &next, 2);
	memset(p + 4, 0, 4);
	for (unsigned int i = 0; i < n && entries; i++)
		memcpy(p + 8 + 8 * i, &entries[i], 8);
}

uint16_t sfx_list_next(paddr_t gpa)
{
	uint16_t next;

	memcpy(&next, (uint8_t *)model_va(gpa) + 2, 2);
	return next;
}

static const char *sfx_check_svsm_mem(void)
{
	static char why[96];

	for (paddr_t p = SFX_SVSM_BASE; p < SFX_SVSM_BASE + SFX_SVSM_SIZE;
	     p += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(p);

		if (e->perms[1] || e->perms[2] || e->perms[3] || e->vmsa) {
			snprintf(why, sizeof(why),
				 "SVSM page %#llx is guest-accessible",
				 (unsigned long long)p);
			return why;
		}
	}
	return NULL;
}

/* The VMSA bit is set on every VMSA the SVSM created. */
static const char *sfx_check_vmsas(void)
{
	for (unsigned int i = 0; i < SVSM_MAX_VCPUS; i++) {
		paddr_t v = svsm_state.vcpus[i].vmsa;

		if (v && !model_rmp(v)->vmsa)
			return "a created VMSA lost its VMSA bit";
	}
	return NULL;
}

const char *sfx_check_invariants(void)
{
	static char why[96];
	const char *bad = sfx_check_svsm_mem();

	if (!bad)
		bad = sfx_check_vmsas();
	if (bad)
		return bad;
	for (paddr_t p = SFX_GUEST_BASE; p < SFX_GUEST_BASE + SFX_GUEST_SIZE;
	     p += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(p);

		if (e->validated != svsm_guest_validated(p))
			snprintf(why, sizeof(why),
				 "page %#llx: RMP validated %d, SVSM says %d",
				 (unsigned long long)p, e->validated,
				 svsm_guest_validated(p));
		else if (e->vmsa && !svsm_vcpu_find(p))
			snprintf(why, sizeof(why),
				 "page %#llx: VMSA bit on a page not created",
				 (unsigned long long)p);
		else if (!e->validated &&
			 (e->perms[1] || e->perms[2] || e->perms[3]))
			snprintf(why, sizeof(why),
				 "page %#llx: not validated but permitted",
				 (unsigned long long)p);
		else
			continue;
		return why;
	}
	return NULL;
}
