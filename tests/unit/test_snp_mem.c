// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot-time memory sequence against the model, end to end: two RAM
 * banks with unaligned ends around a launched image become private and
 * validated (2 MiB where possible), then go to host_ram, and every frame
 * host_ram hands out is validated in the RMP. Also: failures terminate
 * with the right reason, and shared/private round trips leave the RMP
 * exactly as expected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>
#include <minivisor/host_ram.h>
#include <asm/snp.h>

#include "snp/fixture.h"

static struct model_config cfg;

/* Bank A holds the image; bank B has unaligned ends on both sides. */
static const struct snp_range bank_a = { 0x100000, 0x2245000 };
static const struct snp_range bank_b = { 0x2403000, 0x1bf8000 };
static const struct snp_range launched[] = {
	{ FX_IMAGE, FX_IMAGE_SIZE },
};

#define DYN_PAGES (3840 + 4898 + 7160) /* both banks minus the image */
#define DYN_2M_BLOCKS (7 + 8 + 12)

static int setup(void **state)
{
	(void)state;
	fx_config(&cfg);
	host_ram_reset();
	return 0;
}

static int teardown(void **state)
{
	host_ram_reset();
	return fx_teardown(state);
}

static void boot(void)
{
	fx_setup(&cfg);
	assert_true(fx_boot());
}

/* What init does with a prepared bank: metadata on top, image reserved. */
static int bank_to_host_ram(const struct snp_range *b)
{
	size_t meta = ALIGN_UP(host_ram_bank_meta_size(b->size), PAGE_SIZE);
	paddr_t meta_pa = b->start + b->size - meta;
	int ret = host_ram_add_bank(b->start, b->size, model_va(meta_pa));

	if (ret < 0)
		return ret;
	ret = host_ram_reserve(meta_pa, meta);
	return ret ? ret : host_ram_reserve(FX_IMAGE, FX_IMAGE_SIZE);
}

static void boot_memory(void)
{
	MODEL_TRY(snp_mem_prepare_bank(bank_a.start, bank_a.size, launched, 1),
		  snp_mem_prepare_bank(bank_b.start, bank_b.size, launched, 1));
	assert_int_equal(model.exit, MODEL_RETURNED);
	assert_int_equal(bank_to_host_ram(&bank_a), 0);
	assert_int_equal(bank_to_host_ram(&bank_b), 0);
}

static bool in_range(paddr_t pa, const struct snp_range *r)
{
	return pa >= r->start && pa - r->start < r->size;
}

/* The RMP must be exactly: dynamic memory validated, image as launched. */
static void assert_rmp_after_boot(void)
{
	for (paddr_t pa = 0; pa < FX_RAM_SIZE; pa += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(pa);
		bool image = in_range(pa, &launched[0]);
		bool ram = in_range(pa, &bank_a) || in_range(pa, &bank_b);

		if (pa == FX_GHCB_PAGE) {
			assert_false(e->assigned);
		} else if (image || ram) {
			assert_true(e->assigned);
			assert_true(e->validated);
		} else {
			assert_false(e->assigned);
			assert_false(e->validated);
		}
		if (image)
			assert_false(e->huge);
	}
}

static void test_boot_sequence_2m_hypervisor(void **state)
{
	struct host_ram_info info;

	(void)state;
	boot();
	boot_memory();
	assert_rmp_after_boot();
	assert_int_equal(snp_state.validated_pages, DYN_PAGES);
	assert_int_equal(model_count_huge(0, FX_RAM_SIZE), DYN_2M_BLOCKS * 512);
	assert_int_equal(model.pvalidate_2m_calls, DYN_2M_BLOCKS);
	assert_int_equal(snp_state.pvalidate_fallbacks, 0);
	host_ram_get_info(&info);
	assert_int_equal(info.nbanks, 2);
	assert_int_equal(info.frames, 0x2245 + 0x1bf8);
}

static void test_boot_sequence_4k_partial_hypervisor(void **state)
{
	(void)state;
	cfg.hv_psc_2m = false;
	cfg.psc_pages_per_exit = 37;
	boot();
	boot_memory();
	assert_rmp_after_boot();
	assert_int_equal(snp_state.validated_pages, DYN_PAGES);
	assert_int_equal(model_count_huge(0, FX_RAM_SIZE), 0);
	assert_int_equal(snp_state.pvalidate_fallbacks, DYN_2M_BLOCKS);
	/* Re-issued until done: far more exits than requests. */
	assert_true(model.psc_exits >= DYN_PAGES / 37);
	assert_true(snp_state.psc_requests < model.psc_exits);
}

static void test_every_frame_handed_out_is_validated(void **state)
{
	struct host_ram_info info;
	uint64_t n = 0;
	paddr_t pa;

	(void)state;
	cfg.psc_entries_per_exit = 5;
	boot();
	boot_memory();
	host_ram_get_info(&info);
	while (host_ram_alloc_frame(&pa) == 0) {
		const struct rmp_entry *e = model_rmp(pa);

		assert_non_null(e);
		assert_true(e->assigned && e->validated);
		assert_false(in_range(pa, &launched[0]));
		n++;
	}
	assert_int_equal(n, info.free_frames);
	assert_true(n > DYN_PAGES - 64); /* all but the bank metadata */
}

static void expect_mem_term(unsigned int code)
{
	MODEL_TRY(snp_mem_prepare_bank(bank_a.start, bank_a.size, launched, 1));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_set, SNP_TERM_SET_SVSM);
	assert_int_equal(model.term_code, code);
}

static void test_psc_error_terminates(void **state)
{
	(void)state;
	cfg.psc_fail_exit = 2;
	cfg.psc_fail_value = 0x100ULL << 32;
	boot();
	expect_mem_term(SNP_TERM_PSC);
}

static void test_psc_bad_header_terminates(void **state)
{
	(void)state;
	cfg.psc_corrupt_header = true;
	boot();
	expect_mem_term(SNP_TERM_PSC);
}

static void test_revalidating_image_terminates(void **state)
{
	(void)state;
	boot();
	/* Forgetting the launched image means validating it twice. */
	MODEL_TRY(snp_mem_prepare_bank(bank_a.start, bank_a.size, NULL, 0));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_PVALIDATE);
	assert_true(model_rmp(FX_IMAGE)->validated);
}

static void test_too_many_pieces_terminates(void **state)
{
	struct snp_range holes[20];

	(void)state;
	boot();
	for (int i = 0; i < 20; i++)
		holes[i] = (struct snp_range){ 0x200000 + i * 0x10000, 0x1000 };
	MODEL_TRY(snp_mem_prepare_bank(bank_a.start, bank_a.size, holes, 20));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_MEMORY);
	assert_int_equal(model.psc_exits, 0);
}

static int hand_off_fail(paddr_t start, uint64_t size, void *arg)
{
	(*(int *)arg)++;
	return start == 0x400000 && size ? -MV_ENOMEM : 0;
}

static void test_hand_off(void **state)
{
	const struct snp_range r[] = { { 0x200000, 0x200000 },
				       { 0x400000, 0x1000 },
				       { 0x600000, 0x1000 } };
	int calls = 0;

	(void)state;
	boot();
	MODEL_TRY(snp_mem_init(r, 3, hand_off_fail, &calls));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_MEMORY);
	assert_int_equal(calls, 2);
	assert_false(model_rmp(0x600000)->assigned); /* never reached */
}

static void test_unaligned_range_terminates(void **state)
{
	const struct snp_range r = { 0x200800, 0x1000 };

	(void)state;
	boot();
	MODEL_TRY(snp_mem_init(&r, 1, NULL, NULL));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	assert_int_equal(model.term_code, SNP_TERM_MEMORY);
}

static void assert_state(paddr_t start, uint64_t size, bool priv)
{
	for (paddr_t pa = start; pa < start + size; pa += PAGE_SIZE) {
		const struct rmp_entry *e = model_rmp(pa);

		assert_int_equal(e->assigned, priv);
		assert_int_equal(e->validated, priv);
		assert_false(e->vmsa);
		for (int v = 1; v < 4; v++)
			assert_int_equal(e->perms[v], 0);
	}
}

#define RT_START 0x1ff000ULL
#define RT_SIZE (0x603000ULL - RT_START)

static void round_trip(void)
{
	const paddr_t s = RT_START;
	const uint64_t n = RT_SIZE;

	assert_int_equal(CALL(snp_mem_make_private(s, n)), 0);
	assert_state(s, n, true);
	assert_int_equal(snp_state.validated_pages, n / PAGE_SIZE);
	assert_int_equal(CALL(snp_mem_make_shared(s, n)), 0);
	assert_state(s, n, false);
	assert_int_equal(snp_state.validated_pages, 0);
	assert_int_equal(model_count_huge(s, n), 0);
}

static void round_trips(void)
{
	const paddr_t s = RT_START;
	const uint64_t n = RT_SIZE;

	for (int i = 0; i < 3; i++)
		round_trip();
	/* Neighbours untouched. */
	assert_false(model_rmp(s - PAGE_SIZE)->assigned);
	assert_false(model_rmp(s + n)->assigned);
}

static void test_round_trips_2m(void **state)
{
	(void)state;
	boot();
	round_trips();
	assert_int_equal(snp_state.pvalidate_fallbacks, 0);
}

static void test_round_trips_4k_partial(void **state)
{
	(void)state;
	cfg.hv_psc_2m = false;
	cfg.psc_pages_per_exit = 300;
	boot();
	round_trips();
	assert_int_equal(snp_state.pvalidate_fallbacks, 3 * 2 * 2);
}

static void test_round_trip_shares_single_page_of_2m(void **state)
{
	(void)state;
	boot();
	assert_int_equal(CALL(snp_mem_make_private(0x400000, SNP_2M)), 0);
	/* A 4K rescind inside a 2M RMP entry is a size mismatch. */
	assert_int_equal(CALL(snp_mem_make_shared(0x401000, PAGE_SIZE)),
			 -MV_ERANGE);
	assert_state(0x400000, SNP_2M, true);
}

static void test_range_subtract(void **state)
{
	const struct snp_range r = { 0x1000, 0x9000 }; /* [0x1000, 0xa000) */
	const struct snp_range x[] = { { 0x8000, 0x800 }, /* rounds out */
				       { 0x3000, 0x2000 },
				       { 0x20000, 0x1000 } }; /* outside */
	struct snp_range out[4];

	(void)state;
	assert_int_equal(snp_range_subtract(&r, x, 3, out, 4), 3);
	assert_int_equal(out[0].start, 0x1000);
	assert_int_equal(out[0].size, 0x2000);
	assert_int_equal(out[1].start, 0x5000);
	assert_int_equal(out[1].size, 0x3000);
	assert_int_equal(out[2].start, 0x9000);
	assert_int_equal(out[2].size, 0x1000);
	assert_int_equal(snp_range_subtract(&r, x, 3, out, 2), -MV_ENOSPC);
	assert_int_equal(snp_range_subtract(&r, NULL, 0, out, 1), 1);
	assert_int_equal(out[0].size, 0x9000);
	/* Fully covered: nothing left. */
	assert_int_equal(snp_range_subtract(&r, &r, 1, out, 1), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_boot_sequence_2m_hypervisor),
		T(test_boot_sequence_4k_partial_hypervisor),
		T(test_every_frame_handed_out_is_validated),
		T(test_psc_error_terminates),
		T(test_psc_bad_header_terminates),
		T(test_revalidating_image_terminates),
		T(test_too_many_pieces_terminates),
		T(test_hand_off),
		T(test_unaligned_range_terminates),
		T(test_round_trips_2m),
		T(test_round_trips_4k_partial),
		T(test_round_trip_shares_single_page_of_2m),
		T(test_range_subtract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
