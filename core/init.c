// SPDX-License-Identifier: GPL-2.0-only
/*
 * The portable boot sequence (see minivisor/init.h): device tree ->
 * host RAM banks and reservations -> vapool -> heap -> drivers -> CPUs
 * -> boot commands -> shell. Anything that leaves no way to boot (no
 * valid DTB, no RAM) is reported and stops the CPU; anything else is
 * reported and the boot goes on without it.
 */
#include <arch/cpu.h>
#include <arch/time.h>
#include <minivisor/errno.h>
#include <minivisor/heap.h>
#include <minivisor/host_ram.h>
#include <minivisor/init.h>
#include <minivisor/printk.h>
#include <minivisor/shell.h>
#include <minivisor/vapool.h>
#include <string.h>

#define BOOTCMD_KEY "minivisor.bootcmd="

/* Driver table (linker section); absent symbols mean no drivers. */
extern const struct init_driver *const __start_mv_drivers[]
	__attribute__((weak));
extern const struct init_driver *const __stop_mv_drivers[]
	__attribute__((weak));

static struct devtree host_dt;
static bool host_dt_valid;
static uint64_t prompt_ns;

/* Boot-time reservations: DT ones, the image, bank metadata. */
static struct dt_range resv[DT_LAYOUT_MAX_RESV + 1 + DT_LAYOUT_MAX_BANKS];
static unsigned int nresv;

const struct devtree *init_host_devtree(void)
{
	return host_dt_valid ? &host_dt : NULL;
}

uint64_t init_prompt_ns(void)
{
	return prompt_ns;
}

/* RAM byte @pa as the hypervisor sees it: the port's map, or identity. */
static void *init_ram_va(const struct init_arch_ops *ops, paddr_t pa)
{
	return ops->phys_to_virt ? ops->phys_to_virt(pa) :
				   (void *)(uintptr_t)pa;
}

static void __noreturn init_fail(const char *why)
{
	printk("minivisor: cannot boot: %s\n", why);
	arch_cpu_halt();
}

int init_place_meta(const struct dt_range *bank, uint64_t size,
		    const struct dt_range *rs, unsigned int n, paddr_t *pa)
{
	uint64_t need = ALIGN_UP(size, PAGE_SIZE);
	paddr_t lo = ALIGN_UP(bank->base, PAGE_SIZE);
	paddr_t top = ALIGN_DOWN(bank->base + bank->size, PAGE_SIZE);

	if (!size || need < size || bank->base + bank->size < bank->base)
		return -MV_ENOSPC;
	while (top > lo && top - lo >= need) {
		paddr_t cand = top - need, low = top;

		/* Below every reservation that overlaps the candidate. */
		for (unsigned int i = 0; i < n; i++)
			if (ranges_overlap(cand, need, rs[i].base, rs[i].size))
				low = MIN(low, rs[i].base);
		if (low == top) {
			*pa = cand;
			return 0;
		}
		top = ALIGN_DOWN(low, PAGE_SIZE);
	}
	return -MV_ENOSPC;
}

/* Copy the value at @p (quoted with \" and \\ escapes, or one word). */
static int bootcmd_copy(const char *p, char *buf, size_t size)
{
	bool quoted = *p == '"';
	size_t n = 0;

	for (p += quoted; *p && (quoted ? *p != '"' : *p != ' '); p++) {
		if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		if (n + 1 >= size)
			return -MV_ENOSPC;
		buf[n++] = *p;
	}
	if (quoted && *p != '"')
		return -MV_EINVAL;
	buf[n] = '\0';
	return (int)n;
}

int init_parse_bootcmd(const char *args, char *buf, size_t size)
{
	size_t klen = strlen(BOOTCMD_KEY);

	if (!args || !buf || !size)
		return -MV_ENOENT;
	for (const char *p = args; *p; p++) {
		if ((p == args || p[-1] == ' ' || p[-1] == '\t') &&
		    !strncmp(p, BOOTCMD_KEY, klen))
			return bootcmd_copy(p + klen, buf, size);
	}
	return -MV_ENOENT;
}

static void resv_add(uint64_t base, uint64_t size)
{
	if (size && nresv < ARRAY_SIZE(resv)) {
		resv[nresv].base = base;
		resv[nresv].size = size;
		nresv++;
	}
}

static void init_devtree(const struct init_boot *boot)
{
	if (devtree_open(&host_dt, boot->dtb, boot->dtb_max)) {
		printk("minivisor: device tree at %p refused: %s\n", boot->dtb,
		       devtree_last_error());
		init_fail("no valid device tree");
	}
	host_dt_valid = true;
	printk("dtb: %p, %zu bytes\n", boot->dtb, host_dt.size);
}

/* RAM banks and reservations from the DTB, and the image. */
static int init_layout(const struct init_boot *boot, struct dt_layout *l)
{
	int ret = devtree_layout(&host_dt, l);

	for (int i = 0; i < l->nr_resv; i++)
		resv_add(l->resv[i].base, l->resv[i].size);
	resv_add(boot->image.base, boot->image.size);
	return ret;
}

/* Map one bank, carve its metadata from it, hand it to host_ram. */
static int init_bank(const struct init_arch_ops *ops, struct dt_range bank)
{
	paddr_t start = ALIGN_UP(bank.base, PAGE_SIZE);
	paddr_t end = ALIGN_DOWN(bank.base + bank.size, PAGE_SIZE);
	struct dt_range r = { start, end - start };
	size_t meta = host_ram_bank_meta_size(r.size);
	paddr_t meta_pa;
	int ret;

	if (end <= start)
		return -MV_EINVAL;
	ret = init_place_meta(&r, meta, resv, nresv, &meta_pa);
	if (!ret && ops->map_ram)
		ret = ops->map_ram(r.base, r.size);
	if (!ret)
		ret = host_ram_add_bank(r.base, r.size,
					init_ram_va(ops, meta_pa));
	if (ret < 0)
		return ret;
	resv_add(meta_pa, ALIGN_UP(meta, PAGE_SIZE));
	printk("ram: bank %d: 0x%010llx-0x%010llx, %llu MiB\n", ret,
	       (unsigned long long)r.base,
	       (unsigned long long)(r.base + r.size - 1),
	       (unsigned long long)(r.size >> 20));
	return 0;
}

static void init_memory(const struct init_boot *boot)
{
	static struct dt_layout layout;
	struct host_ram_info info;
	int ret = init_layout(boot, &layout);

	if (ret)
		printk("ram: device tree layout: %s\n", mv_strerror(ret));
	for (int i = 0; i < layout.nr_banks; i++) {
		ret = init_bank(boot->ops, layout.bank[i]);
		if (ret)
			pr_warn("ram: bank 0x%llx skipped: %s\n",
				(unsigned long long)layout.bank[i].base,
				mv_strerror(ret));
	}
	for (unsigned int i = 0; i < nresv; i++)
		if (host_ram_reserve(resv[i].base, resv[i].size))
			pr_warn("ram: cannot reserve 0x%llx+0x%llx\n",
				(unsigned long long)resv[i].base,
				(unsigned long long)resv[i].size);
	host_ram_get_info(&info);
	if (!info.nbanks)
		init_fail("no usable RAM bank");
	printk("ram: %u bank(s), %llu frames, %llu reserved, %llu free\n",
	       info.nbanks, (unsigned long long)info.frames,
	       (unsigned long long)info.reserved_frames,
	       (unsigned long long)info.free_frames);
}

/* @size bytes of zeroed, mapped frames; NULL when RAM is short. */
static void *init_frames(const struct init_arch_ops *ops, uint64_t size)
{
	paddr_t pa;

	if (host_ram_alloc(DIV_ROUND_UP(size, PAGE_SIZE), PAGE_SIZE, &pa))
		return NULL;
	return init_ram_va(ops, pa);
}

static void init_vapool(const struct init_arch_ops *ops)
{
	struct host_ram_info info;
	uint64_t size;
	vaddr_t base;
	size_t meta;
	void *meta_va;

	host_ram_get_info(&info);
	size = vapool_size_for_ram(info.frames * PAGE_SIZE);
	base = ops->vapool_window ? ops->vapool_window(size) : 0;
	meta = vapool_meta_size(size);
	meta_va = init_frames(ops, meta);
	if (!base || !meta_va || vapool_init(base, size, meta_va, meta)) {
		pr_err("vapool: no window of %llu MiB\n",
		       (unsigned long long)(size >> 20));
		return;
	}
	printk("vapool: 0x%llx, %llu MiB\n", (unsigned long long)base,
	       (unsigned long long)(size >> 20));
}

static void init_heap(const struct init_arch_ops *ops)
{
	uint64_t size = KIB(CONFIG_HEAP_SIZE_KB);
	void *base = init_frames(ops, size);

	if (!base || heap_init(base, size)) {
		pr_err("heap: cannot set up %u KiB\n", CONFIG_HEAP_SIZE_KB);
		return;
	}
	printk("heap: %u KiB at %p\n", CONFIG_HEAP_SIZE_KB, base);
}

/* True if an earlier entry of @drv's list already matches @node. */
static bool driver_matched_before(const struct init_driver *drv,
				  unsigned int idx, int node)
{
	for (unsigned int j = 0; j < idx; j++)
		if (devtree_is_compatible(&host_dt, node, drv->compatible[j]))
			return true;
	return false;
}

static void init_probe(const struct init_driver *drv)
{
	char path[64];
	int node, ret;

	for (unsigned int i = 0; drv->compatible[i]; i++) {
		node = -1;
		while ((node = devtree_find_compatible(
				&host_dt, node, drv->compatible[i])) >= 0) {
			if (driver_matched_before(drv, i, node))
				continue;
			ret = drv->probe(&host_dt, node);
			if (ret && devtree_node_path(&host_dt, node, path,
						     sizeof(path)))
				path[0] = '\0';
			if (ret)
				pr_warn("%s: %s: %s\n", drv->name, path,
					mv_strerror(ret));
		}
	}
}

static void init_drivers(void)
{
	const struct init_driver *const *d;

	if (!__start_mv_drivers)
		return;
	for (int stage = 0; stage < INIT_STAGE_COUNT; stage++)
		for (d = __start_mv_drivers; d < __stop_mv_drivers; d++)
			if ((int)(*d)->stage == stage)
				init_probe(*d);
}

static void init_bootcmd(void)
{
	static char cmd[INIT_BOOTCMD_MAX];
	int ret = init_parse_bootcmd(devtree_bootargs(&host_dt), cmd,
				     sizeof(cmd));

	if (ret == -MV_ENOENT || ret == 0)
		return;
	if (ret < 0) {
		pr_err("bootcmd: %s: ignored\n", mv_strerror(ret));
		return;
	}
	printk("bootcmd: %s\n", cmd);
	shell_exec_line(cmd);
}

static void init_cpus(const struct init_arch_ops *ops)
{
	int n = ops->start_cpus ? ops->start_cpus(init_host_devtree()) : 1;

	if (n < 0)
		pr_err("cpus: %s\n", mv_strerror(n));
	else
		printk("cpus: %d online\n", n);
}

void init_main(const struct init_boot *boot)
{
	const struct init_arch_ops *ops = boot->ops;

	printk("\nminivisor %s (%s)\n", MV_VERSION, ops->name);
	init_devtree(boot);
	init_memory(boot);
	init_vapool(ops);
	init_heap(ops);
	if (ops->mm_ready && ops->mm_ready())
		pr_err("mm: port setup failed\n");
	init_drivers();
	init_cpus(ops);
	shell_init();
	if (ops->ready)
		ops->ready();
	init_bootcmd();
	prompt_ns = arch_time_ns();
	printk("boot: ready in %llu.%03llu ms\n",
	       (unsigned long long)(prompt_ns / 1000000),
	       (unsigned long long)(prompt_ns / 1000 % 1000));
	for (;;)
		shell_run();
}
