// SPDX-License-Identifier: GPL-2.0-only
/*
 * `svsm status`: what the SVSM serves and what it was asked, one
 * "key value" line each: the configuration, the protocols served
 * ("none" natively), the calls handled per core call ID and the
 * results returned per error code. Built for the target and, with the
 * SNP model, for the host.
 */
#include <minivisor/errno.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>
#include <asm/svsm.h>

static void svsm_status_protocols(void)
{
	const struct svsm_protocol *p;

	printk("protocols");
	if (!svsm_protocol_at(0))
		printk(" none");
	for (unsigned int i = 0; (p = svsm_protocol_at(i)); i++)
		printk(" %s:%u-%u", p->name, p->min, p->max);
	printk("\n");
}

static void svsm_status_counts(void)
{
	uint64_t total = svsm_state.calls_other;
	unsigned int vcpus = 0;

	for (unsigned int i = 0; i < SVSM_CORE_NR_CALLS; i++)
		total += svsm_state.calls[i];
	for (unsigned int i = 0; i < SVSM_MAX_VCPUS; i++)
		vcpus += svsm_state.vcpus[i].vmsa != 0;
	printk("calls %llu\n", (unsigned long long)total);
	for (unsigned int i = 0; i < SVSM_CORE_NR_CALLS; i++)
		printk("call core.%s %llu\n", svsm_core_call_name(i),
		       (unsigned long long)svsm_state.calls[i]);
	printk("call unsupported %llu\n",
	       (unsigned long long)svsm_state.calls_other);
	printk("not-pending %llu\n",
	       (unsigned long long)svsm_state.not_pending);
	for (unsigned int i = 0; i < SVSM_MAX_ERROR_CODES; i++)
		if (svsm_state.errors[i].count)
			printk("error 0x%llx %s %llu\n",
			       (unsigned long long)svsm_state.errors[i].code,
			       svsm_result_name(svsm_state.errors[i].code),
			       (unsigned long long)svsm_state.errors[i].count);
	printk("vcpus %u\nguest-validated-pages %llu\n", vcpus,
	       (unsigned long long)svsm_state.guest_validated);
}

static int svsm_status(int argc, char **argv)
{
	const struct svsm_config *cfg = &svsm_state.cfg;

	(void)argc;
	(void)argv;
	printk("active %s\n", svsm_state.active ? "yes" : "no");
	if (!svsm_state.configured) {
		printk("guest-region none\nguest-vmpl none\n");
	} else {
		printk("guest-region 0x%llx-0x%llx\n",
		       (unsigned long long)cfg->guest_base,
		       (unsigned long long)(cfg->guest_base + cfg->guest_size -
					    1));
		printk("guest-vmpl %u\n", cfg->guest_vmpl);
	}
	svsm_status_protocols();
	svsm_status_counts();
	return 0;
}

static const struct shell_subcmd svsm_subcmds[] = {
	{ "status", 0, 0, svsm_status },
	{ NULL, 0, 0, NULL },
};

static const struct shell_cmd svsm_cmd = {
	.name = "svsm",
	.desc = "SVSM protocol: configuration, protocols served, call counts",
	.usage = "svsm status",
	.subcmds = svsm_subcmds,
};

int svsm_cmd_register(void)
{
	int ret = shell_register(&svsm_cmd);

	/* A second probe (or a test) may register it again: harmless. */
	return ret == -MV_EEXIST ? 0 : ret;
}
