// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `guest` and `vcpu` shell commands: exact output of every
 * subcommand (formats of docs/guests.md) and one error line, plus
 * usage, for every misuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/shell.h>

#include "helpers/console_capture.h"
#include "helpers/shell_expect.h"
#include "test_guest_util.h"

extern const struct shell_cmd shell_cmd_guest, shell_cmd_vcpu;

static char want[8192];

static int setup(void **state)
{
	tg_setup(state);
	capcon_install();
	shell_register(&shell_cmd_guest);
	shell_register(&shell_cmd_vcpu);
	fake_guest_kick_respond(false);
	return 0;
}

static void test_lifecycle_cmds(void **state)
{
	(void)state;
	expect_exec("guest list", 0, "");
	expect_exec_line("guest create g1", 0,
			 "guest g1 id 0 vmid 1 state reset");
	expect_exec_line("guest create g2", 0,
			 "guest g2 id 1 vmid 2 state reset");
	expect_exec(
		"guest list", 0,
		"guest 0 name g1 state reset vcpus 1 ram 0x100000 vmid 1\n"
		"guest 1 name g2 state reset vcpus 3 ram 0x200000 vmid 2\n");
	expect_exec_line("guest kick g1", 0, "guest g1 state running");
	expect_exec_line("guest kick g1", -MV_EBUSY,
			 "error: guest kick: g1: not allowed in state running");
	expect_exec_line(
		"guest resume g1", -MV_EINVAL,
		"error: guest resume: g1: not allowed in state running");
	expect_exec_line("guest pause g1", 0, "guest g1 state paused");
	expect_exec_line("guest resume g1", 0, "guest g1 state running");
	expect_exec("guest halt g1", 0,
		    "g1: halted (shell)\nguest g1 state halted\n");
	expect_exec_line("guest kick g1", -MV_EINVAL,
			 "error: guest kick: g1: not allowed in state halted");
	expect_exec_line("guest reset g1", 0, "guest g1 state reset");
	expect_exec_line("guest destroy g2", 0, "guest g2 destroyed");
	expect_exec(
		"guest list", 0,
		"guest 0 name g1 state reset vcpus 1 ram 0x100000 vmid 1\n");
	expect_exec_line("guest destroy g2", -MV_ENOENT,
			 "error: guest destroy: no guest 'g2'");
	expect_exec_line("guest kick nobody", -MV_ENOENT,
			 "error: guest kick: no guest 'nobody'");
	expect_exec_line("guest create g1", -MV_EEXIST,
			 "error: g1: guest exists");
}

static void test_create_errors(void **state)
{
	struct tg_snap before;

	(void)state;
	tg_snap(&before);
	expect_exec_line("guest create no_size", -MV_EBADMSG,
			 "error: /guests/no_size/aspace/mem: physical_size: "
			 "missing");
	expect_exec_line("guest create big", -MV_ENOMEM,
			 "error: /guests/big/aspace/mem: no 0x8000000 bytes of "
			 "host RAM aligned to 0x1000");
	expect_exec_line("guest create nothing", -MV_ENOENT,
			 "error: /guests/nothing: no such guest description");
	assert_true(tg_same(&before));
}

static void test_usage(void **state)
{
	(void)state;
	expect_exec_first("guest", -MV_EINVAL,
			  "error: guest: missing subcommand");
	expect_exec_first("guest fly g1", -MV_EINVAL,
			  "error: guest: unknown subcommand 'fly'");
	expect_exec("guest create", -MV_EINVAL,
		    "error: guest create: missing argument\n"
		    "usage: guest create <name>\n");
	expect_exec_first("guest kick a b", -MV_EINVAL,
			  "error: guest kick: too many arguments");
	expect_exec_first("guest region", -MV_EINVAL,
			  "error: guest region: missing subcommand");
	expect_exec_first("guest dumpmem g1 0", -MV_EINVAL,
			  "error: guest dumpmem: missing argument");
	expect_exec_first("vcpu", -MV_EINVAL,
			  "error: vcpu: missing subcommand");
	expect_exec_first("vcpu dumpreg g1", -MV_EINVAL,
			  "error: vcpu dumpreg: missing argument");
	expect_exec_first("vcpu list x", -MV_EINVAL,
			  "error: vcpu list: too many arguments");
}

static void test_dumpmem(void **state)
{
	(void)state;
	tg_create("g1");
	expect_exec("guest dumpmem g1 0 20", 0,
		    "0x0: 01 08 0f 16 1d 24 2b 32 39 40 47 4e 55 5c 63 6a\n"
		    "0x10: 71 78 7f 86\n");
	expect_exec_line("guest dumpmem g1 0x40000ffe 4", 0,
			 "0x40000ffe: 00 00 d0 d1");
	/* Emulated, unmapped, wrapping, beyond the end: refused. */
	expect_exec_line(
		"guest dumpmem g1 0x9000000 4", -MV_EFAULT,
		"error: guest dumpmem: g1: 0x9000000+0x4 is not all guest "
		"RAM or ROM");
	expect_exec_line(
		"guest dumpmem g1 0xfff0 0x20", -MV_EFAULT,
		"error: guest dumpmem: g1: 0xfff0+0x20 is not all guest "
		"RAM or ROM");
	expect_exec_line(
		"guest dumpmem g1 0xffffffffffffffff 2", -MV_EFAULT,
		"error: guest dumpmem: g1: 0xffffffffffffffff+0x2 is not "
		"all guest RAM or ROM");
	expect_exec_line("guest dumpmem g1 0 0", -MV_EINVAL,
			 "error: guest dumpmem: length 0");
	expect_exec_line("guest dumpmem g1 0 0x1001", -MV_ERANGE,
			 "error: guest dumpmem: length '0x1001' out of range");
	expect_exec_line("guest dumpmem g1 zero 4", -MV_EINVAL,
			 "error: guest dumpmem: bad address 'zero'");
	expect_exec_line("guest dumpmem nog 0 4", -MV_ENOENT,
			 "error: guest dumpmem: no guest 'nog'");
}

static void test_region_list(void **state)
{
	struct guest *g = tg_create("g1");
	const struct guest_region *rom = guest_region_at(g, 0);
	const struct guest_region *mem = guest_region_at(g, 3);

	(void)state;
	snprintf(want, sizeof(want),
		 "region rom@0 gpa 0x0 size 0x10000 type alloced_rom hpa "
		 "0x%llx flags r-x\n"
		 "region uart0@9000000 gpa 0x9000000 size 0x1000 type "
		 "emulated device pl011 flags rw-\n"
		 "region testdev@a000000 gpa 0xa000000 size 0x1000 type "
		 "emulated device testdev flags rw-\n"
		 "region mem@40000000 gpa 0x40000000 size 0x100000 type "
		 "alloced_ram hpa 0x%llx flags rwx\n",
		 (unsigned long long)rom->hpa, (unsigned long long)mem->hpa);
	expect_exec("guest region list g1", 0, want);
	tg_create("g3");
	expect_exec(
		"guest region list g3", 0,
		"region ram@80000000 gpa 0x80000000 size 0x10000 type ram hpa "
		"0x20000000 flags rwx\n"
		"region rom@90000000 gpa 0x90000000 size 0x1000 type rom hpa "
		"0x20010000 flags r-x\n");
	expect_exec_line("guest region list zz", -MV_ENOENT,
			 "error: guest region list: no guest 'zz'");
}

static void test_vcpu_cmds(void **state)
{
	struct guest *g2;
	struct vcpu *v;

	(void)state;
	tg_create("g1");
	g2 = tg_create("g2");
	assert_int_equal(guest_kick(g2), 0);
	/* Placement leaves CPU 0 (the shell's) alone while others tie. */
	assert_ptr_equal(sched_pick(2), guest_vcpu(g2, 0));
	expect_exec("vcpu list", 0,
		    "vcpu g1/0 state off host_cpu 1 mpidr 0x0\n"
		    "vcpu g2/0 state running host_cpu 2 mpidr 0x0\n"
		    "vcpu g2/1 state ready host_cpu 1 mpidr 0x100\n"
		    "vcpu g2/2 state off host_cpu 3 mpidr 0x2\n");
	v = guest_vcpu(g2, 0);
	v->stats.exits = 7;
	v->stats.hvc = 3;
	v->stats.undefs_injected = 1;
	expect_exec("vcpu dumpstat g2 0", 0,
		    "exits 7\nirq_exits 0\nhvc 3\npsci 0\nsmc 0\nmmio_reads 0\n"
		    "mmio_writes 0\nwfi 0\nwfe 0\nsysreg 0\naborts_injected 0\n"
		    "undefs_injected 1\nruns 1\npreemptions 0\nblocks 0\n");
	expect_exec_first(
		"vcpu dumpreg g2 0", 0,
		"pc 0x0000000040000000 pstate 0x3c5 mpidr 0x80000000");
	assert_non_null(
		strstr(capcon_output(),
		       "x0  0x0000000044000000  x1  0x0000000000000001"));
	expect_exec_line("vcpu dumpreg g2 3", -MV_ENOENT,
			 "error: vcpu dumpreg: g2 has no vcpu 3");
	expect_exec_line("vcpu dumpstat g2 x", -MV_EINVAL,
			 "error: vcpu dumpstat: bad vcpu 'x'");
	expect_exec_line("vcpu dumpstat g9 0", -MV_ENOENT,
			 "error: vcpu dumpstat: no guest 'g9'");
	expect_exec_line(
		"vcpu dumpreg g2 99999999999", -MV_ERANGE,
		"error: vcpu dumpreg: vcpu '99999999999' out of range");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, tg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_lifecycle_cmds), T(test_create_errors),
		T(test_usage),		T(test_dumpmem),
		T(test_region_list),	T(test_vcpu_cmds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
