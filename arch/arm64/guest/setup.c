// SPDX-License-Identifier: GPL-2.0-only
/*
 * Starting the arm64 guest layer at boot: the per-CPU guest setup runs
 * on every CPU as it comes online (so it is registered before the
 * secondaries start), then, once the shell exists, the guest manager is
 * started and given what this image carries: the test guest image, the
 * guest descriptions compiled from dts/arm64/guests.dts, and the boot
 * bundle QEMU loaded as the initrd (docs/guest-dt.md). The shell and
 * `vserial bind` get the idle hook that runs vCPUs on the shell CPU.
 */
#include <arch/guest.h>
#include <arch/mmu.h>
#include <asm/guest.h>
#include <asm/irq.h>
#include <minivisor/bundle.h>
#include <minivisor/devtree.h>
#include <minivisor/errno.h>
#include <minivisor/guest.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>
#include <minivisor/vserial.h>

extern const char testguest_start[], testguest_end[];
extern const char arm64_guests_dtb_start[], arm64_guests_dtb_end[];

static bool guest_layer_ok;

int arm64_guest_start_cpus(const struct devtree *dt)
{
	int err = arm64_stage2_probe();

	if (err) {
		pr_err("guests: CPU without 40-bit stage-2 IPA: no guests\n");
	} else {
		guest_layer_ok = true;
		arm64_sysreg_init();
		err = arm64_ipi_init(dt);
		if (err)
			pr_warn("guests: no kick SGI (%s): CPUs notice "
				"work at their next tick\n",
				mv_strerror(err));
		err = vgic_init();
		if (err)
			pr_warn("guests: no virtual GIC (%s): guests get "
				"no interrupts\n",
				mv_strerror(err));
		err = arm64_cpu_hook_register(arm64_guest_cpu_setup);
		if (err)
			pr_err("guests: per-CPU setup: %s\n", mv_strerror(err));
	}
	return arm64_smp_start(dt);
}

/* True when [@pa, @pa + @size) is in the identity map (host RAM). */
static bool range_mapped(paddr_t pa, uint64_t size)
{
	paddr_t out;

	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		if (arch_mmu_va2pa(pa + off, &out) || out != pa + off)
			return false;
	return !arch_mmu_va2pa(pa + size - 1, &out) && out == pa + size - 1;
}

/* The initrd named in /chosen, if any, is the boot bundle. */
static void guest_bundle_setup(const struct devtree *dt)
{
	int chosen = dt ? devtree_path(dt, "/chosen") : -MV_ENOENT;
	uint64_t start, end;
	int err;

	if (chosen < 0 ||
	    devtree_u64(dt, chosen, "linux,initrd-start", &start) ||
	    devtree_u64(dt, chosen, "linux,initrd-end", &end))
		return;
	if (end <= start || !range_mapped(start, end - start)) {
		pr_err("bundle: initrd 0x%llx-0x%llx is not in host RAM\n",
		       (unsigned long long)start, (unsigned long long)end);
		return;
	}
	err = bundle_set_boot((const void *)(uintptr_t)start, end - start);
	if (err) {
		pr_err("bundle: initrd at 0x%llx refused: %s\n",
		       (unsigned long long)start, bundle_last_error());
		return;
	}
	err = guest_config_add_bundle(bundle_boot());
	if (err && err != -MV_ENOENT)
		pr_err("bundle: %u file(s) at 0x%llx, guests.dtb refused (%s)\n",
		       bundle_boot()->nfiles, (unsigned long long)start,
		       mv_strerror(err));
	else
		printk("bundle: %u file(s) at 0x%llx, guests.dtb %s\n",
		       bundle_boot()->nfiles, (unsigned long long)start,
		       err ? "absent" : "added");
}

static void guest_print_described(void)
{
	char line[128];
	const char *name;
	unsigned int i, len = 0;

	line[0] = '\0';
	for (i = 0; (name = guest_config_name_at(i)); i++)
		if (len < sizeof(line))
			len += (unsigned int)mv_snprintf(
				line + len, sizeof(line) - len, " %s", name);
	printk("guests: %u described:%s\n", i, line);
}

void arm64_guest_setup(void)
{
	const struct devtree *dt = init_host_devtree();
	int err;

	if (!guest_layer_ok)
		return;
	err = guest_init();
	if (err) {
		pr_err("guests: scheduler: %s\n", mv_strerror(err));
		return;
	}
	guest_config_set_host_tree(dt);
	err = guest_image_register("testguest.bin", testguest_start,
				   (size_t)(testguest_end - testguest_start));
	if (err)
		pr_err("guests: testguest.bin: %s\n", mv_strerror(err));
	err = guest_config_add_tree(
		arm64_guests_dtb_start,
		(size_t)(arm64_guests_dtb_end - arm64_guests_dtb_start));
	if (err)
		pr_err("guests: built-in descriptions: %s\n", mv_strerror(err));
	guest_bundle_setup(dt);
	guest_print_described();
	arm64_guest_console_watch();
	shell_set_idle(arm64_guest_shell_idle);
	vserial_set_idle(arm64_guest_shell_idle);
	arm64_time_cmd_register();
}
