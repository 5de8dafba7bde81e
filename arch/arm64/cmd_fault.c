// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fault <cpu> [kind]`: make a secondary CPU take an unexpected EL2
 * exception on purpose, to check that the report (decoded ESR, FAR,
 * ELR, SPSR, registers) is printed, that only that CPU stops, and that
 * the MMU enforces the image's permissions (text not writable, rodata
 * not writable, data not executable). The CPU acts on the request when
 * its idle loop next wakes (at the latest on its next timer tick). The
 * CPU running the shell is refused: nothing typed may stop the shell.
 */
#include <arch/cpu.h>
#include <arch/time.h>
#include <asm/arm64.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>
#include <minivisor/string.h>
#include <string.h>

#define FAULT_WAIT_NS 2000000000ULL

/* An address no mapping covers (the boot map leaves page 0 unmapped). */
#define FAULT_ADDR 0x10UL

static int fault_exec(int argc, char **argv);

static const struct shell_cmd fault_cmd = {
	.name = "fault",
	.desc = "make a CPU take an unexpected exception (tests the report)",
	.usage = "fault <cpu> [data|undef|brk|write-text|write-rodata|"
		 "exec-data]",
	.exec = fault_exec,
};

static const struct {
	const char *name;
	int req;
} fault_kinds[] = {
	{ "data", CPU_REQ_FAULT_DATA },
	{ "undef", CPU_REQ_FAULT_UNDEF },
	{ "brk", CPU_REQ_FAULT_BRK },
	{ "write-text", CPU_REQ_FAULT_WRITE_TEXT },
	{ "write-rodata", CPU_REQ_FAULT_WRITE_RODATA },
	{ "exec-data", CPU_REQ_FAULT_EXEC_DATA },
};

/* A RET instruction in writable data: executing it must fault (WXN). */
static uint32_t fault_ret_insn = 0xd65f03c0;

void arm64_cpu_do_request(struct arm64_percpu *cpu)
{
	int req = cpu->request;

	cpu->request = CPU_REQ_NONE;
	switch (req) {
	case CPU_REQ_FAULT_DATA:
		__asm__ volatile("ldr xzr, [%0]"
				 :
				 : "r"(FAULT_ADDR)
				 : "memory");
		break;
	case CPU_REQ_FAULT_UNDEF:
		__asm__ volatile("udf #0");
		break;
	case CPU_REQ_FAULT_BRK:
		__asm__ volatile("brk #0x3e8");
		break;
	case CPU_REQ_FAULT_WRITE_TEXT:
		__asm__ volatile("str wzr, [%0]"
				 :
				 : "r"(arm64_cpu_do_request)
				 : "memory");
		break;
	case CPU_REQ_FAULT_WRITE_RODATA:
		__asm__ volatile("str xzr, [%0]"
				 :
				 : "r"(&fault_cmd)
				 : "memory");
		break;
	case CPU_REQ_FAULT_EXEC_DATA:
		((void (*)(void))(uintptr_t)&fault_ret_insn)();
		break;
	default:
		break;
	}
}

static int fault_kind(const char *s)
{
	if (!s)
		return CPU_REQ_FAULT_DATA;
	for (size_t i = 0; i < ARRAY_SIZE(fault_kinds); i++)
		if (!strcmp(s, fault_kinds[i].name))
			return fault_kinds[i].req;
	return -MV_EINVAL;
}

/* Post @req to secondary @cpu and wait until it has stopped. */
static int fault_remote(struct arm64_percpu *cpu, int req)
{
	uint64_t end = arch_time_ns() + FAULT_WAIT_NS;

	__atomic_store_n(&cpu->request, req, __ATOMIC_RELEASE);
	sev();
	while (READ_ONCE(cpu->state) != CPU_HALTED) {
		if (arch_time_ns() > end)
			return shell_error(-MV_ETIMEDOUT, "cpu%u did not stop",
					   cpu->id);
		arch_cpu_relax();
	}
	printk("cpu%u stopped\n", cpu->id);
	return 0;
}

static int fault_exec(int argc, char **argv)
{
	uint64_t id;
	int req;

	if (argc < 2 || argc > 3)
		return shell_usage_error(&fault_cmd,
					 "expected 1 or 2 arguments");
	if (str_parse_u64_max(argv[1], arm64_cpu_known() - 1, &id))
		return shell_usage_error(&fault_cmd, "no such CPU: %s",
					 argv[1]);
	req = fault_kind(argc > 2 ? argv[2] : NULL);
	if (req < 0)
		return shell_usage_error(&fault_cmd, "unknown kind: %s",
					 argv[2]);
	if (id == arch_cpu_id())
		return shell_error(-MV_EBUSY,
				   "cpu%llu runs the shell; pick another CPU",
				   (unsigned long long)id);
	if (READ_ONCE(arm64_cpus[id].state) != CPU_ONLINE)
		return shell_error(-MV_ENODEV, "cpu%llu is not online",
				   (unsigned long long)id);
	return fault_remote(&arm64_cpus[id], req);
}

void arm64_fault_cmd_register(void)
{
	shell_register(&fault_cmd);
}
