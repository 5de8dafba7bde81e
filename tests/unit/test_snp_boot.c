// SPDX-License-Identifier: GPL-2.0-only
/*
 * The portable parts of the x86_64-snp boot, on the host: platform
 * detection (against the SNP model), PVH start-info parsing, the
 * built-in device tree reconciled with the PVH memory map, SEV_STATUS
 * decoding and the `snp status` command on an SNP platform.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <minivisor/errno.h>
#include <minivisor/shell.h>
#include <asm/dtfix.h>
#include <asm/fake.h>
#include <asm/platform.h>
#include <asm/pvh.h>
#include <asm/snp.h>
#include <asm/x86_cmds.h>

#include "snp/fixture.h"

/* --- platform detection ---------------------------------------------- */

static void test_detect_snp(void **state)
{
	uint64_t st;

	(void)state;
	fx_setup(NULL);
	assert_int_equal(x86_platform_detect(&st), X86_PLATFORM_SNP);
	assert_int_equal(st, model.cfg.sev_status);
	model_fini();
}

static void test_detect_native(void **state)
{
	struct model_config cfg;
	uint64_t st = 123;

	(void)state;
	fx_config(&cfg);
	cfg.cpuid_max_ext = 0x8000001e; /* QEMU -cpu EPYC: no SEV leaf */
	fx_setup(&cfg);
	assert_int_equal(x86_platform_detect(&st), X86_PLATFORM_NATIVE);
	assert_int_equal(st, 0); /* and SEV_STATUS not trusted */
	model.cfg.cpuid_max_ext = 0x80000021;
	model.cfg.cpuid_sev_eax = 0x1; /* SME only */
	assert_int_equal(x86_platform_detect(&st), X86_PLATFORM_NATIVE);
	model.cfg.cpuid_sev_eax = 0x1f;
	model.cfg.sev_status = SEV_STATUS_SEV | SEV_STATUS_SEV_ES;
	assert_int_equal(x86_platform_detect(&st), X86_PLATFORM_NATIVE);
	assert_int_equal(st, SEV_STATUS_SEV | SEV_STATUS_SEV_ES);
	model_fini();
}

static void test_snp_platform_ops(void **state)
{
	volatile uint8_t v = 0;

	(void)state;
	fx_setup(NULL);
	assert_true(fx_boot());
	x86_platform_set(&x86_platform_snp);
	assert_string_equal(x86_platform()->name, "snp");
	assert_int_equal(CALL(snp_mem_make_private(0x400000, 0x3000)), 0);
	assert_int_equal(model_count_validated(0x400000, 0x3000), 3);
	assert_int_equal(CALL(snp_mem_make_shared(0x400000, 0x3000)), 0);
	assert_int_equal(model_count_assigned(0x400000, 0x3000), 0);
	/* Validation alone needs the pages assigned: launch pages are. */
	assert_int_equal(CALL(snp_mem_validate(FX_IMAGE, 0x2000, false)), 0);
	assert_int_equal(model_count_validated(FX_IMAGE, 0x2000), 0);
	MODEL_TRY(x86_io_write8(0x3f8, 'z'), v = x86_io_read8(0x3fd));
	assert_int_equal(model.exit, MODEL_RETURNED);
	assert_int_equal(model.con_out[0], 'z');
	assert_int_equal(v, 0x60);
	MODEL_TRY(x86_platform()->terminate(SNP_TERM_SET_GHCB, 0));
	assert_int_equal(model.exit, MODEL_TERMINATED);
	x86_platform_set(NULL);
	assert_int_equal(x86_io_read8(0x3fd), 0xff); /* no platform yet */
	model_fini();
}

/* --- PVH start info ---------------------------------------------------- */

struct pvh_blob {
	struct hvm_start_info si;
	struct hvm_memmap_entry map[40];
	char cmdline[64];
};

static void *host_p2v(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

static void pvh_init(struct pvh_blob *b, unsigned int n)
{
	memset(b, 0, sizeof(*b));
	b->si.magic = PVH_START_MAGIC;
	b->si.version = 1;
	b->si.memmap_paddr = (uintptr_t)b->map;
	b->si.memmap_entries = n;
}

static void pvh_entry(struct pvh_blob *b, unsigned int i, uint64_t addr,
		      uint64_t size, uint32_t type)
{
	b->map[i] = (struct hvm_memmap_entry){ addr, size, type, 0 };
}

/* A QEMU-like map, shuffled, with a split and an unaligned range. */
static void pvh_qemu_like(struct pvh_blob *b, uint64_t top)
{
	pvh_init(b, 6);
	pvh_entry(b, 0, 0x100000, 0x800000, PVH_MEMMAP_RAM);
	pvh_entry(b, 1, 0, 0x9fc00, PVH_MEMMAP_RAM);
	pvh_entry(b, 2, 0x9fc00, 0x400, 2);
	pvh_entry(b, 3, 0x900000, top - 0x900000, PVH_MEMMAP_RAM);
	pvh_entry(b, 4, 0x800000, 0x180000, PVH_MEMMAP_RAM); /* overlaps */
	pvh_entry(b, 5, top, 0x20000, 2);
	strcpy(b->cmdline, "minivisor.bootcmd=\"snp status\"");
	b->si.cmdline_paddr = (uintptr_t)b->cmdline;
}

static void test_pvh_parse_merges(void **state)
{
	static struct pvh_blob b;
	struct pvh_info info;

	(void)state;
	pvh_qemu_like(&b, 0x7fe0000);
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), 0);
	assert_int_equal(info.entries, 6);
	assert_int_equal(info.nram, 2);
	assert_int_equal(info.ram[0].start, 0);
	assert_int_equal(info.ram[0].size, 0x9f000); /* rounded in */
	assert_int_equal(info.ram[1].start, 0x100000);
	assert_int_equal(info.ram[1].size, 0x7fe0000 - 0x100000);
	assert_string_equal(info.cmdline, b.cmdline);
	assert_true(pvh_is_ram(&info, 0x1000000, 0x1000000));
	assert_false(pvh_is_ram(&info, 0x7000000, 0x1000000));
	assert_false(pvh_is_ram(&info, 0x9e000, 0x2000)); /* spans a hole */
	assert_false(pvh_is_ram(&info, 0x1000, 0));
}

static void test_pvh_parse_refuses(void **state)
{
	static struct pvh_blob b;
	struct pvh_info info;

	(void)state;
	pvh_qemu_like(&b, 0x4000000);
	b.si.magic ^= 1;
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), -MV_EINVAL);
	pvh_qemu_like(&b, 0x4000000);
	b.si.version = 0;
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), -MV_EINVAL);
	pvh_qemu_like(&b, 0x4000000);
	b.si.memmap_entries = 0;
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), -MV_EINVAL);
	b.si.memmap_entries = 100000;
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), -MV_EINVAL);
	assert_int_equal(pvh_parse(NULL, host_p2v, &info), -MV_EINVAL);
	/* More disjoint RAM ranges than the SVSM keeps. */
	pvh_init(&b, 40);
	for (unsigned int i = 0; i < 40; i++)
		pvh_entry(&b, i, i * 0x20000, 0x10000, PVH_MEMMAP_RAM);
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), -MV_ENOSPC);
}

static void test_pvh_intersect(void **state)
{
	static struct pvh_blob b;
	struct pvh_info info;
	struct pvh_range r[4];

	(void)state;
	pvh_qemu_like(&b, 0x1800000);
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), 0);
	assert_int_equal(pvh_ram_intersect(&info, 0x1000000, 0x1000000, r, 4),
			 1);
	assert_int_equal(r[0].start, 0x1000000);
	assert_int_equal(r[0].size, 0x800000);
	assert_int_equal(pvh_ram_intersect(&info, 0x50000, 0x100000, r, 4), 2);
	assert_int_equal(r[0].size, 0x4f000);
	assert_int_equal(r[1].start, 0x100000);
	assert_int_equal(r[1].size, 0x50000);
	assert_int_equal(pvh_ram_intersect(&info, 0x50000, 0x100000, r, 1), 1);
}

/* --- the built-in device tree ---------------------------------------- */

static void *dtb;
static uint8_t dtbuf[16384];

static int load_dtb(void **state)
{
	FILE *f = fopen(SNP_TEST_DTB, "rb");
	long n;

	(void)state;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	dtb = malloc(n);
	assert_int_equal(fread(dtb, 1, n, f), n);
	fclose(f);
	return 0;
}

static int free_dtb(void **state)
{
	(void)state;
	free(dtb);
	return 0;
}

/* /memory@1000000 holds exactly one range, [@start, @start + @size). */
static void assert_memory_reg(uint64_t start, uint64_t size)
{
	int node = fdt_path_offset(dtbuf, "/memory@1000000"), len;
	const fdt64_t *reg = fdt_getprop(dtbuf, node, "reg", &len);

	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_int_equal(fdt64_ld(&reg[0]), start);
	assert_int_equal(fdt64_ld(&reg[1]), size);
}

static void test_dt_all_ram(void **state)
{
	static struct pvh_blob b;
	struct dtfix_report rep;
	struct pvh_info info;
	int node;

	(void)state;
	pvh_qemu_like(&b, 0x7fe0000);
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), 0);
	assert_int_equal(x86_dt_prepare(dtbuf, sizeof(dtbuf), dtb, &info, &rep),
			 0);
	assert_int_equal(rep.nmismatch, 0);
	assert_int_equal(rep.nmem, 1);
	assert_true(rep.bootargs_set);
	assert_int_equal(rep.guest_start, 0x2000000);
	assert_int_equal(rep.guest_size, 0x2000000);
	node = fdt_path_offset(dtbuf, "/chosen");
	assert_string_equal(fdt_getprop(dtbuf, node, "bootargs", NULL),
			    b.cmdline);
	assert_memory_reg(0x1000000, 0x1000000);
}

static void test_dt_clipped_to_ram(void **state)
{
	static struct pvh_blob b;
	struct dtfix_report rep;
	struct pvh_info info;

	(void)state;
	pvh_qemu_like(&b, 0x17e0000); /* -m 24M */
	b.si.cmdline_paddr = 0;
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), 0);
	assert_int_equal(x86_dt_prepare(dtbuf, sizeof(dtbuf), dtb, &info, &rep),
			 0);
	assert_false(rep.bootargs_set);
	assert_int_equal(rep.nmismatch, 2);
	assert_false(rep.mismatch[0].guest_region);
	assert_int_equal(rep.mismatch[0].start, 0x1000000);
	assert_int_equal(rep.mismatch[0].size, 0x1000000);
	assert_int_equal(rep.mismatch[0].ram_bytes, 0x7e0000);
	assert_true(rep.mismatch[1].guest_region);
	assert_int_equal(rep.mismatch[1].ram_bytes, 0);
	assert_memory_reg(0x1000000, 0x7e0000);
}

static void test_dt_no_ram_at_all(void **state)
{
	static struct pvh_blob b;
	struct dtfix_report rep;
	struct pvh_info info;
	int node, len;

	(void)state;
	pvh_init(&b, 1);
	pvh_entry(&b, 0, 0, 0x9fc00, PVH_MEMMAP_RAM);
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), 0);
	assert_int_equal(x86_dt_prepare(dtbuf, sizeof(dtbuf), dtb, &info, &rep),
			 0);
	assert_int_equal(rep.nmismatch, 2);
	node = fdt_path_offset(dtbuf, "/memory@1000000");
	assert_non_null(fdt_getprop(dtbuf, node, "reg", &len));
	assert_int_equal(len, 0); /* no range left: init finds no bank */
}

static void test_dt_refuses_bad_blob_and_small_buffer(void **state)
{
	static struct pvh_blob b;
	static uint8_t bad[256];
	struct dtfix_report rep;
	struct pvh_info info;

	(void)state;
	pvh_qemu_like(&b, 0x7fe0000);
	assert_int_equal(pvh_parse(&b.si, host_p2v, &info), 0);
	memcpy(bad, dtb, sizeof(bad));
	bad[0] ^= 0xff; /* magic */
	assert_int_equal(x86_dt_prepare(dtbuf, sizeof(dtbuf), bad, &info, &rep),
			 -MV_EBADMSG);
	assert_int_equal(x86_dt_prepare(dtbuf, 128, dtb, &info, &rep),
			 -MV_ENOSPC);
}

/* --- SEV_STATUS names and `snp status` ------------------------------- */

static void test_sev_status_names(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(snp_sev_status_names(0, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "none");
	snp_sev_status_names(0x27, buf, sizeof(buf));
	assert_string_equal(buf, "sev sev-es snp restricted-injection");
	snp_sev_status_names(BIT_ULL(13) | BIT_ULL(63) | BIT_ULL(17), buf,
			     sizeof(buf));
	assert_string_equal(buf, "bit13 smt-protection bit63");
	/* Truncation: like snprintf, the full length is returned. */
	assert_int_equal(snp_sev_status_names(0x7, buf, 6), 14);
	assert_string_equal(buf, "sev s");
}

static void test_snp_status_command(void **state)
{
	static char out[4096];
	size_t n;

	(void)state;
	fx_setup(NULL);
	assert_true(fx_boot());
	assert_int_equal(CALL(snp_mem_make_private(0x400000, 0x200000)), 0);
	x86_platform_set(&x86_platform_snp);
	fake_console_echo(false);
	shell_init();
	assert_int_equal(x86_snp_cmd_register(), 0);
	fake_console_take(out, sizeof(out));
	assert_int_equal(shell_exec_line("snp status"), 0);
	n = fake_console_take(out, sizeof(out) - 1);
	out[n] = '\0';
	for (char *r; (r = strchr(out, '\r'));) /* the console adds CRs */
		memmove(r, r + 1, strlen(r));
	assert_non_null(strstr(out, "platform snp\n"));
	assert_non_null(strstr(out, "sev-status 0x27\n"));
	assert_non_null(strstr(
		out, "sev-features sev sev-es snp restricted-injection\n"));
	assert_non_null(strstr(out, "cbit 51\n"));
	assert_non_null(strstr(out, "vmpl 0\n"));
	assert_non_null(strstr(out, "ghcb-version 2\n"));
	assert_non_null(strstr(out, "ghcb-gpa 0x1011000\n"));
	assert_non_null(strstr(out, "validated-pages 512\n"));
	assert_non_null(strstr(out, "psc-requests 1\n"));
	assert_int_equal(shell_exec_line("snp status extra"), -MV_EINVAL);
	x86_platform_set(NULL);
	model_fini();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_snp),
		cmocka_unit_test(test_detect_native),
		cmocka_unit_test(test_snp_platform_ops),
		cmocka_unit_test(test_pvh_parse_merges),
		cmocka_unit_test(test_pvh_parse_refuses),
		cmocka_unit_test(test_pvh_intersect),
		cmocka_unit_test_setup_teardown(test_dt_all_ram, load_dtb,
						free_dtb),
		cmocka_unit_test_setup_teardown(test_dt_clipped_to_ram,
						load_dtb, free_dtb),
		cmocka_unit_test_setup_teardown(test_dt_no_ram_at_all, load_dtb,
						free_dtb),
		cmocka_unit_test_setup_teardown(
			test_dt_refuses_bad_blob_and_small_buffer, load_dtb,
			free_dtb),
		cmocka_unit_test(test_sev_status_names),
		cmocka_unit_test(test_snp_status_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
