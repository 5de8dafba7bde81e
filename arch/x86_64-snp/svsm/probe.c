// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SVSM as a device-tree "device": the `minivisor,svsm` node gives
 * the guest memory (guest-region) and the guest's VMPL (guest-vmpl);
 * the memory nodes are the SVSM's own memory, which requests may never
 * name. The protocols are served only on the SNP platform; natively the
 * configuration is kept for `svsm status` and nothing is served.
 */
#include <libfdt.h>

#include <minivisor/errno.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>
#include <asm/platform.h>
#include <asm/snp.h>
#include <asm/svsm.h>

static int svsm_probe_config(const struct devtree *dt, int node,
			     struct svsm_config *cfg)
{
	struct dt_range mem[SVSM_MAX_SVSM_RANGES];
	const fdt64_t *p;
	uint32_t vmpl = 1;
	int len, n;

	p = fdt_getprop(dt->fdt, node, "guest-region", &len);
	if (!p || len != 16)
		return -MV_EBADMSG;
	cfg->guest_base = fdt64_ld(&p[0]);
	cfg->guest_size = fdt64_ld(&p[1]);
	devtree_u32(dt, node, "guest-vmpl", &vmpl);
	cfg->guest_vmpl = vmpl;
	n = devtree_memory(dt, mem, SVSM_MAX_SVSM_RANGES);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		cfg->svsm_mem[i].start = mem[i].base;
		cfg->svsm_mem[i].size = mem[i].size;
	}
	cfg->nsvsm_mem = (unsigned int)n;
	return 0;
}

static int svsm_probe(const struct devtree *dt, int node)
{
	const struct x86_platform_ops *p = x86_platform();
	struct svsm_config cfg = { 0 };
	int ret = svsm_probe_config(dt, node, &cfg);

	cfg.serve = p && p->kind == X86_PLATFORM_SNP && snp_state.active;
	if (!ret)
		ret = svsm_init(&cfg);
	/* `svsm status` answers even when the configuration is refused. */
	if (svsm_cmd_register())
		pr_warn("svsm: cannot register the svsm command\n");
	if (ret)
		return ret;
	pr_info("svsm: guest 0x%llx-0x%llx at VMPL%u, protocols %s\n",
		(unsigned long long)cfg.guest_base,
		(unsigned long long)(cfg.guest_base + cfg.guest_size - 1),
		cfg.guest_vmpl, cfg.serve ? "served" : "not served (native)");
	return 0;
}

static const char *const svsm_compat[] = { "minivisor,svsm", NULL };

static const struct init_driver svsm_driver = {
	.name = "svsm",
	.compatible = svsm_compat,
	.stage = INIT_STAGE_OTHER,
	.probe = svsm_probe,
};
INIT_DRIVER(svsm_driver);
