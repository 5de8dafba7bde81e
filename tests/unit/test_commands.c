// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core shell commands on arch/fake: host_ram over memfd "RAM" with
 * two banks, vapool over a reserved window, aspace mappings, a heap on
 * a host arena. Output is checked line by line against the figures of
 * the mm info APIs, and every misuse gets its error line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asm/fake.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/host_ram.h>
#include <minivisor/mempool.h>
#include <minivisor/shell.h>
#include <minivisor/vapool.h>

#include "helpers/console_capture.h"
#include "helpers/shell_expect.h"

#define BANK0 0x40000000ULL
#define BANK0_SIZE MIB(1) /* 256 frames */
#define BANK1 0x80000000ULL
#define BANK1_SIZE KIB(200) /* 50 frames: a partial last word */
#define VA_SIZE MIB(16)
#define HEAP_SIZE MIB(1)

static void *meta0, *meta1, *vp_meta, *arena;
static vaddr_t window;
static char want[16384];

static int setup(void **state)
{
	(void)state;
	capcon_install();
	shell_init();
	assert_int_equal(fake_ram_setup(BANK0, BANK0_SIZE), 0);
	host_ram_reset();
	meta0 = malloc(host_ram_bank_meta_size(BANK0_SIZE));
	meta1 = malloc(host_ram_bank_meta_size(BANK1_SIZE));
	assert_int_equal(host_ram_add_bank(BANK0, BANK0_SIZE, meta0), 0);
	assert_int_equal(host_ram_add_bank(BANK1, BANK1_SIZE, meta1), 1);
	if (!window)
		window = fake_va_window(VA_SIZE);
	vp_meta = malloc(vapool_meta_size(VA_SIZE));
	assert_int_equal(vapool_init(window, VA_SIZE, vp_meta,
				     vapool_meta_size(VA_SIZE)),
			 0);
	aspace_reset();
	if (!arena) {
		arena = aligned_alloc(PAGE_SIZE, HEAP_SIZE);
		assert_int_equal(heap_init(arena, HEAP_SIZE), 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	aspace_reset();
	host_ram_reset();
	free(meta0);
	free(meta1);
	free(vp_meta);
	return 0;
}

static int appendf(size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int appendf(size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(want + *pos, sizeof(want) - *pos, fmt, ap);
	va_end(ap);
	*pos += (size_t)n;
	return n;
}

/* Runs first, before any setup: nothing is initialised yet. */
static void test_vapool_state_before_init(void **state)
{
	(void)state;
	capcon_install();
	shell_init();
	expect_exec("host vapool state", -MV_ENODEV,
		    "error: host vapool state: vapool not set up\n");
}

static void test_help_lists_every_command(void **state)
{
	const char *out, *p;
	const struct shell_cmd *cmd;
	unsigned int n = 0;

	(void)state;
	expect_exec_first("help", 0, "exit      leave the shell");
	out = capcon_output();
	assert_non_null(strstr(out, "\nhelp      list the commands, or show "
				    "how to use one\n"));
	assert_non_null(strstr(out, "\npoweroff  power the machine off\n"));
	/* One line per registered command, in order, name first. */
	for (p = out; *p; p = strchr(p, '\n') + 1) {
		cmd = shell_cmd_at(n++);
		assert_non_null(cmd);
		assert_memory_equal(p, cmd->name, strlen(cmd->name));
		assert_int_equal(p[strlen(cmd->name)], ' ');
	}
	assert_null(shell_cmd_at(n));
	for (const char *const *name =
		     (const char *const[]){ "help", "version", "host", "heap",
					    "reset", "poweroff", "exit", NULL };
	     *name; name++)
		assert_non_null(shell_find(*name));
}

static void test_help_command(void **state)
{
	(void)state;
	expect_exec("help heap", 0,
		    "heap: hypervisor heap figures and size classes\n"
		    "usage: heap info\n"
		    "       heap state\n");
	expect_exec("help nosuch", -MV_ENOENT,
		    "error: help: unknown command 'nosuch' (try 'help')\n");
	expect_exec("help a b", -MV_EINVAL,
		    "error: help: too many arguments\n"
		    "usage: help\n"
		    "       help <command>\n");
}

static void test_version(void **state)
{
	(void)state;
	expect_exec("version", 0, "minivisor " MV_VERSION " fake\n");
	expect_exec("version now", -MV_EINVAL,
		    "error: version: too many arguments\nusage: version\n");
}

static void test_host_info(void **state)
{
	(void)state;
	expect_exec("host info", 0,
		    "arch fake\ncpus 1\nram_banks 2\nram_size 0x132000\n"
		    "ram_free 0x132000\nplatform host\n");
	expect_exec("host cpu info", 0,
		    "cpus 1\ncpu 0 online yes model fake\n");
}

static void test_host_ram_info(void **state)
{
	struct host_ram_bank_info b[2];
	struct host_ram_info t;
	paddr_t pa;
	size_t pos = 0;

	(void)state;
	assert_int_equal(host_ram_reserve(BANK0, 3 * PAGE_SIZE), 0);
	assert_int_equal(host_ram_alloc_frame(&pa), 0);
	assert_int_equal(host_ram_free(BANK0, 1), -MV_EPERM);
	assert_int_equal(host_ram_bank_info(0, &b[0]), 0);
	assert_int_equal(host_ram_bank_info(1, &b[1]), 0);
	host_ram_get_info(&t);
	appendf(&pos, "banks 2 frame_size 4096\n");
	appendf(&pos,
		"bank 0 start 0x40000000 size 0x100000 frames 256 free 252 "
		"reserved 3 meta %llu\n",
		(unsigned long long)b[0].meta_bytes);
	appendf(&pos,
		"bank 1 start 0x80000000 size 0x32000 frames 50 free 50 "
		"reserved 0 meta %llu\n",
		(unsigned long long)b[1].meta_bytes);
	appendf(&pos, "total frames 306 free 302 reserved 3 meta %llu\n",
		(unsigned long long)t.meta_bytes);
	appendf(&pos, "failures alloc 0 bad_free 1 bad_reserve 0\n");
	expect_exec("host ram info", 0, want);
	expect_exec("host ram info x", -MV_EINVAL,
		    "error: host ram info: too many arguments\n"
		    "usage: host ram info\n");
	expect_exec("host ram", -MV_EINVAL,
		    "error: host ram: missing subcommand\n"
		    "usage: host ram info\n"
		    "       host ram bitmap [bank] [first] [count]\n");
	expect_exec("host", -MV_EINVAL,
		    "error: host: missing subcommand\n"
		    "usage: host info\n"
		    "       host cpu info\n"
		    "       host ram info\n"
		    "       host ram bitmap [bank] [first] [count]\n"
		    "       host vapool info\n"
		    "       host vapool state\n"
		    "       host aspace info\n");
}

static void test_host_ram_bitmap(void **state)
{
	paddr_t pa;
	size_t pos = 0;

	(void)state;
	/* Frames 0-2 reserved, 3-4 allocated, 10 allocated. */
	assert_int_equal(host_ram_reserve(BANK0, 3 * PAGE_SIZE), 0);
	assert_int_equal(host_ram_alloc(2, PAGE_SIZE, &pa), 0);
	assert_int_equal(pa, BANK0 + 3 * PAGE_SIZE);
	assert_int_equal(host_ram_reserve(BANK0 + 10 * PAGE_SIZE, 1), 0);
	appendf(&pos, "bank 0 first 0 count 256 used 6\n");
	appendf(&pos, "0x0000000040000000 111110000010%052d\n", 0);
	for (int i = 1; i < 4; i++)
		appendf(&pos, "0x%016llx %064d\n",
			(unsigned long long)(BANK0 + i * 64 * PAGE_SIZE), 0);
	expect_exec("host ram bitmap", 0, want);
	/* An unaligned start and a short count. */
	expect_exec("host ram bitmap 0 2 10", 0,
		    "bank 0 first 2 count 10 used 4\n"
		    "0x0000000040002000 1110000010\n");
	/* Count is clipped to the bank; bank 1 has a partial last word. */
	expect_exec("host ram bitmap 1 0x2c 1k", 0,
		    "bank 1 first 44 count 6 used 0\n"
		    "0x000000008002c000 000000\n");
	expect_exec("host ram bitmap 0 255", 0,
		    "bank 0 first 255 count 1 used 0\n"
		    "0x00000000400ff000 0\n");
}

static void test_host_ram_bitmap_errors(void **state)
{
	(void)state;
	expect_exec("host ram bitmap 2", -MV_ENOENT,
		    "error: host ram bitmap: no bank 2\n");
	expect_exec(
		"host ram bitmap 0 256", -MV_ERANGE,
		"error: host ram bitmap: first frame 256 out of range (bank "
		"0 has 256 frames)\n");
	expect_exec("host ram bitmap 0 0 0", -MV_EINVAL,
		    "error: host ram bitmap: count must be at least 1\n");
	expect_exec("host ram bitmap x", -MV_EINVAL,
		    "error: host ram bitmap: bad bank 'x'\n");
	expect_exec("host ram bitmap 0 -1", -MV_EINVAL,
		    "error: host ram bitmap: bad first frame '-1'\n");
	expect_exec("host ram bitmap 0 0 5q", -MV_EINVAL,
		    "error: host ram bitmap: bad count '5q'\n");
	expect_exec("host ram bitmap 4294967296", -MV_ERANGE,
		    "error: host ram bitmap: bank '4294967296' out of range\n");
	expect_exec("host ram bitmap 0 99999999999999999999999", -MV_ERANGE,
		    "error: host ram bitmap: first frame "
		    "'99999999999999999999999' out of range\n");
	expect_exec(
		"host ram bitmap 0 0xffffffffffffffff", -MV_ERANGE,
		"error: host ram bitmap: first frame 18446744073709551615 out "
		"of range (bank 0 has 256 frames)\n");
	expect_exec_first("host ram bitmap 0 0 1 1", -MV_EINVAL,
			  "error: host ram bitmap: too many arguments");
}

static void test_host_vapool(void **state)
{
	struct buddy_info v;
	vaddr_t va;
	size_t pos = 0;

	(void)state;
	assert_int_equal(vapool_alloc(PAGE_SIZE, &va), 0);
	assert_int_equal(vapool_alloc(MIB(1), &va), 0);
	assert_int_equal(vapool_free(va + PAGE_SIZE), -MV_EINVAL);
	vapool_get_info(&v);
	appendf(&pos, "base 0x%llx size 0x1000000 min_order 12 max_order 24\n",
		(unsigned long long)window);
	appendf(&pos, "free 0x%llx used 0x101000 meta 0x%llx\n",
		(unsigned long long)(VA_SIZE - 0x101000),
		(unsigned long long)v.meta_bytes);
	appendf(&pos, "allocs 2 frees 0 alloc_failures 0 bad_frees 1\n");
	expect_exec("host vapool info", 0, want);
	pos = 0;
	/* One free block of each order 12..19 and 21..23 remain. */
	for (unsigned int o = 12; o <= 24; o++) {
		unsigned int nfree = o != 20 && o != 24;

		assert_int_equal(v.nfree[o], nfree);
		appendf(&pos, "order %u block 0x%llx free %u\n", o, 1ULL << o,
			nfree);
	}
	expect_exec("host vapool state", 0, want);
}

static void test_host_aspace(void **state)
{
	vaddr_t va;

	(void)state;
	expect_exec("host aspace info", 0,
		    "mappings 0 mapped 0x0 map_failures 0 bad_unmaps 0\n");
	assert_int_equal(aspace_alloc_pages(3, &va), 0);
	assert_int_equal(aspace_unmap(va + 1), -MV_EINVAL);
	expect_exec("host aspace info", 0,
		    "mappings 1 mapped 0x3000 map_failures 0 bad_unmaps 1\n");
	assert_int_equal(aspace_free_pages(va), 0);
}

static void test_heap(void **state)
{
	struct heap_info h;
	struct heap_class_info c;
	void *p = mv_malloc(40);
	size_t pos = 0;

	(void)state;
	assert_non_null(p);
	heap_get_info(&h);
	appendf(&pos, "base 0x%llx size 0x100000 meta 0x%llx\n",
		(unsigned long long)(uintptr_t)arena,
		(unsigned long long)h.meta_bytes);
	appendf(&pos, "free 0x%llx used 0x%llx\n",
		(unsigned long long)h.free_bytes,
		(unsigned long long)h.used_bytes);
	appendf(&pos,
		"allocs %llu frees %llu alloc_failures %llu bad_frees %llu "
		"corruptions 0\n",
		(unsigned long long)h.allocs, (unsigned long long)h.frees,
		(unsigned long long)h.alloc_failures,
		(unsigned long long)h.bad_frees);
	expect_exec("heap info", 0, want);
	pos = 0;
	for (unsigned int i = 0; heap_class_info(i, &c) == 0; i++)
		appendf(&pos,
			"class %u size %u pages %llu objects %llu free %llu\n",
			i, c.size, (unsigned long long)c.pages,
			(unsigned long long)c.objects,
			(unsigned long long)c.free_objects);
	assert_true(pos > 0);
	expect_exec("heap state", 0, want);
	assert_int_equal(mv_free(p), 0);
	expect_exec_first("heap", -MV_EINVAL,
			  "error: heap: missing subcommand");
	expect_exec_first("heap bogus", -MV_EINVAL,
			  "error: heap: unknown subcommand 'bogus'");
	expect_exec_first("heap state 1", -MV_EINVAL,
			  "error: heap state: too many arguments");
}

/* Append @pool's expected `mempool list` line to want. */
static void want_pool_line(size_t *pos, const struct mempool *pool)
{
	struct mempool_info i;

	mempool_get_info(pool, &i);
	appendf(pos,
		"pool %s backing %s obj_size %zu capacity %u free %u meta %llu "
		"alloc_failures %llu bad_frees %llu\n",
		i.name, mempool_backing_name(i.backing), i.obj_size, i.capacity,
		i.free, (unsigned long long)i.meta_bytes,
		(unsigned long long)i.alloc_failures,
		(unsigned long long)i.bad_frees);
}

static void test_mempool_list(void **state)
{
	static unsigned char raw[4096] __attribute__((aligned(64)));
	struct mempool *heap_pool, *raw_pool, *ram_pool;
	void *a, *b, *frames[4];
	size_t pos = 0;

	(void)state;
	expect_exec("mempool list", 0, "pools 0\n");
	heap_pool = mempool_create_heap("objs", 64, 10);
	raw_pool = mempool_create_raw("rawbuf", 128, raw, sizeof(raw));
	ram_pool = mempool_create_ram("frames", 4096, 4);
	assert_non_null(heap_pool);
	assert_non_null(raw_pool);
	assert_non_null(ram_pool);
	a = mempool_alloc(heap_pool);
	b = mempool_alloc(heap_pool);
	assert_int_equal(mempool_free(heap_pool, b), 0);
	assert_int_equal(mempool_free(heap_pool, b), -MV_EALREADY);
	for (int i = 0; i < 4; i++)
		assert_non_null(frames[i] = mempool_alloc(ram_pool));
	assert_null(mempool_alloc(ram_pool)); /* one failure */
	appendf(&pos, "pools 3\n");
	want_pool_line(&pos, heap_pool);
	want_pool_line(&pos, raw_pool);
	want_pool_line(&pos, ram_pool);
	expect_exec("mempool list", 0, want);
	/* The figures themselves, not only their agreement with info. */
	assert_non_null(strstr(want, "pool objs backing heap obj_size 64 "
				     "capacity 10 free 9 meta "));
	assert_non_null(strstr(want, " alloc_failures 0 bad_frees 1\n"));
	assert_non_null(strstr(want, "pool rawbuf backing raw obj_size 128 "
				     "capacity 32 free 32 meta "));
	assert_non_null(strstr(want, "pool frames backing ram obj_size 4096 "
				     "capacity 4 free 0 meta "));
	assert_non_null(strstr(want, " alloc_failures 1 bad_frees 0\n"));
	expect_exec_first("mempool list all", -MV_EINVAL,
			  "error: mempool list: too many arguments");
	expect_exec_first("mempool", -MV_EINVAL,
			  "error: mempool: missing subcommand");
	assert_int_equal(mempool_free(heap_pool, a), 0);
	assert_int_equal(mempool_destroy(heap_pool), 0);
	assert_int_equal(mempool_destroy(raw_pool), 0);
	assert_int_equal(mempool_destroy(ram_pool), -MV_EBUSY);
	for (int i = 0; i < 4; i++)
		assert_int_equal(mempool_free(ram_pool, frames[i]), 0);
	assert_int_equal(mempool_destroy(ram_pool), 0);
	expect_exec("mempool list", 0, "pools 0\n");
}

static void test_host_misuse(void **state)
{
	(void)state;
	expect_exec_first("host", -MV_EINVAL,
			  "error: host: missing subcommand");
	expect_exec_first("host foo", -MV_EINVAL,
			  "error: host: unknown subcommand 'foo'");
	expect_exec_first("host ram", -MV_EINVAL,
			  "error: host ram: missing subcommand");
	expect_exec_first("host ram foo", -MV_EINVAL,
			  "error: host ram: unknown subcommand 'foo'");
	expect_exec_first("host vapool info 1", -MV_EINVAL,
			  "error: host vapool info: too many arguments");
}

/* Run @line in a child; return its exit status and output. */
static int run_in_child(const char *line, char *out, size_t size)
{
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		shell_exec_line(line);
		/* Not reached if the command powered off or reset. */
		_exit(99);
	}
	close(fds[1]);
	n = read(fds[0], out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_poweroff_and_reset(void **state)
{
	char out[64];

	(void)state;
	expect_exec("poweroff now", -MV_EINVAL,
		    "error: poweroff: too many arguments\nusage: poweroff\n");
	expect_exec("reset 1", -MV_EINVAL,
		    "error: reset: too many arguments\nusage: reset\n");
	/* arch/fake powers off and resets by exiting with status 0. */
	assert_int_equal(run_in_child("poweroff", out, sizeof(out)), 0);
	assert_int_equal(run_in_child("reset", out, sizeof(out)), 0);
	assert_int_equal(run_in_child("version", out, sizeof(out)), 99);
}

static int stop_when_drained_calls;

static void stop_when_drained(void)
{
	stop_when_drained_calls++;
	if (!capcon_pending())
		shell_stop();
}

/* Type @input into shell_run() until it is consumed; the output. */
static const char *type_into_shell(const char *input)
{
	capcon_clear();
	capcon_feed(input);
	shell_set_idle(stop_when_drained);
	shell_run();
	shell_set_idle(NULL);
	return capcon_output();
}

static void test_completion_with_real_commands(void **state)
{
	(void)state;
	assert_string_equal(type_into_shell("help ve\t\r"),
			    "minivisor# help version \n"
			    "version: show the minivisor version and "
			    "architecture\nusage: version\nminivisor# ");
	assert_string_equal(type_into_shell("ho\tv\ts\t\r"),
			    "minivisor# host vapool state \n"
			    "order 12 block 0x1000 free 0\n"
			    "order 13 block 0x2000 free 0\n"
			    "order 14 block 0x4000 free 0\n"
			    "order 15 block 0x8000 free 0\n"
			    "order 16 block 0x10000 free 0\n"
			    "order 17 block 0x20000 free 0\n"
			    "order 18 block 0x40000 free 0\n"
			    "order 19 block 0x80000 free 0\n"
			    "order 20 block 0x100000 free 0\n"
			    "order 21 block 0x200000 free 0\n"
			    "order 22 block 0x400000 free 0\n"
			    "order 23 block 0x800000 free 0\n"
			    "order 24 block 0x1000000 free 1\n"
			    "minivisor# ");
	assert_string_equal(type_into_shell("host ram \t\x03"),
			    "minivisor# host ram \ninfo  bitmap  \n"
			    "minivisor# host ram ^C\nminivisor# ");
}

static void test_exit(void **state)
{
	(void)state;
	capcon_clear();
	capcon_feed("exit 1\rexit\rversion\r");
	shell_set_idle(stop_when_drained);
	stop_when_drained_calls = 0;
	shell_run();
	assert_string_equal(capcon_output(),
			    "minivisor# exit 1\n"
			    "error: exit: too many arguments\nusage: exit\n"
			    "minivisor# exit\n");
	assert_int_equal(stop_when_drained_calls, 0);
	assert_int_equal(capcon_pending(), 8);
	shell_set_idle(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vapool_state_before_init),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_help_lists_every_command),
		T(test_help_command),
		T(test_version),
		T(test_host_info),
		T(test_host_ram_info),
		T(test_host_ram_bitmap),
		T(test_host_ram_bitmap_errors),
		T(test_host_vapool),
		T(test_host_aspace),
		T(test_heap),
		T(test_mempool_list),
		T(test_host_misuse),
		T(test_poweroff_and_reset),
		T(test_completion_with_real_commands),
		T(test_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
