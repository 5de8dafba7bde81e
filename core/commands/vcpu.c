// SPDX-License-Identifier: GPL-2.0-only
/* `vcpu ...`: vCPU states, registers and exit counters. */
#include <minivisor/errno.h>
#include <minivisor/guest.h>
#include <minivisor/printk.h>

#include "commands.h"

static int vcpu_cmd_list(int argc, char **argv)
{
	for (unsigned int id = 0; id < CONFIG_GUEST_MAX; id++) {
		struct guest *g = guest_by_id(id);
		struct vcpu *v;

		for (unsigned int i = 0; g && (v = guest_vcpu(g, i)); i++)
			printk("vcpu %s/%u state %s host_cpu %u mpidr 0x%llx\n",
			       guest_name(g), i, vcpu_state_name(vcpu_state(v)),
			       vcpu_host_cpu(v), ULL(vcpu_mpidr(v)));
	}
	return 0;
}

/* vCPU @argv[1] of guest @argv[0], or an error line and NULL. */
static struct vcpu *vcpu_cmd_find(const char *op, char **argv, int *err)
{
	struct guest *g = guest_find(argv[0]);
	char where[16];
	uint64_t idx;
	struct vcpu *v;

	if (!g) {
		*err = shell_error(-MV_ENOENT, "vcpu %s: no guest '%s'", op,
				   argv[0]);
		return NULL;
	}
	mv_snprintf(where, sizeof(where), "vcpu %s", op);
	*err = cmd_parse_u64(where, "vcpu", argv[1], UINT32_MAX, &idx);
	if (*err)
		return NULL;
	v = guest_vcpu(g, (unsigned int)idx);
	if (!v)
		*err = shell_error(-MV_ENOENT, "vcpu %s: %s has no vcpu %llu",
				   op, argv[0], ULL(idx));
	return v;
}

static int vcpu_cmd_dumpreg(int argc, char **argv)
{
	int err;
	struct vcpu *v = vcpu_cmd_find("dumpreg", argv, &err);

	if (!v)
		return err;
	vcpu_dump_regs(v);
	return 0;
}

static int vcpu_cmd_dumpstat(int argc, char **argv)
{
	int err;
	struct vcpu *v = vcpu_cmd_find("dumpstat", argv, &err);
	const struct vcpu_stats *s;

	if (!v)
		return err;
	s = vcpu_stats(v);
	printk("exits %llu\nirq_exits %llu\nhvc %llu\npsci %llu\nsmc %llu\n",
	       ULL(s->exits), ULL(s->irq_exits), ULL(s->hvc), ULL(s->psci),
	       ULL(s->smc));
	printk("mmio_reads %llu\nmmio_writes %llu\nwfi %llu\nwfe %llu\n",
	       ULL(s->mmio_reads), ULL(s->mmio_writes), ULL(s->wfi),
	       ULL(s->wfe));
	printk("sysreg %llu\naborts_injected %llu\nundefs_injected %llu\n",
	       ULL(s->sysreg), ULL(s->aborts_injected),
	       ULL(s->undefs_injected));
	printk("runs %llu\npreemptions %llu\nblocks %llu\n", ULL(s->runs),
	       ULL(s->preemptions), ULL(s->blocks));
	return 0;
}

static const struct shell_subcmd vcpu_subcmds[] = {
	{ "list", 0, 0, vcpu_cmd_list },
	{ "dumpreg", 2, 2, vcpu_cmd_dumpreg },
	{ "dumpstat", 2, 2, vcpu_cmd_dumpstat },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_vcpu = {
	.name = "vcpu",
	.desc = "list vCPUs, dump their registers and exit counters",
	.usage = "vcpu list\n"
		 "vcpu dumpreg <guest> <vcpu>\n"
		 "vcpu dumpstat <guest> <vcpu>",
	.subcmds = vcpu_subcmds,
};
