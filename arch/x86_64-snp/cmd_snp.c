// SPDX-License-Identifier: GPL-2.0-only
/*
 * `snp status`: the platform and what the SNP layer found and did, one
 * "key value" line each ("none" where the native platform has no such
 * thing). Built for the target and, with the SNP model, for the host.
 */
#include <minivisor/printk.h>
#include <minivisor/shell.h>
#include <asm/platform.h>
#include <asm/snp.h>
#include <asm/x86_cmds.h>

static int snp_status(int argc, char **argv)
{
	const struct x86_platform_ops *p = x86_platform();
	bool snp = p && p->kind == X86_PLATFORM_SNP && snp_state.active;
	char names[256];

	(void)argc;
	(void)argv;
	printk("platform %s\n", p ? p->name : "unknown");
	snp_sev_status_names(snp_state.sev_status, names, sizeof(names));
	printk("sev-status 0x%llx\n", (unsigned long long)snp_state.sev_status);
	printk("sev-features %s\n", names);
	if (!snp) {
		printk("cbit none\nvmpl none\nghcb-version none\n");
	} else {
		printk("cbit %u\nvmpl %u\nghcb-version %u\n", snp_state.cbit,
		       snp_state.vmpl, snp_state.ghcb_version);
		printk("ghcb-gpa 0x%llx\n",
		       (unsigned long long)snp_state.ghcb_pa);
		printk("hv-features 0x%llx\n",
		       (unsigned long long)snp_state.hv_features);
	}
	printk("validated-pages %llu\n",
	       (unsigned long long)snp_state.validated_pages);
	printk("psc-requests %llu\npsc-exits %llu\npvalidate-fallbacks %llu\n",
	       (unsigned long long)snp_state.psc_requests,
	       (unsigned long long)snp_state.psc_exits,
	       (unsigned long long)snp_state.pvalidate_fallbacks);
	return 0;
}

static const struct shell_subcmd snp_subcmds[] = {
	{ "status", 0, 0, snp_status },
	{ NULL, 0, 0, NULL },
};

static const struct shell_cmd snp_cmd = {
	.name = "snp",
	.desc = "SEV-SNP platform state (validation, GHCB, VMPL)",
	.usage = "snp status",
	.subcmds = snp_subcmds,
};

int x86_snp_cmd_register(void)
{
	return shell_register(&snp_cmd);
}
