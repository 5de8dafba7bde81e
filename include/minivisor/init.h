/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The portable boot sequence (core/init.c), shared by every port.
 *
 * A port's entry code brings one CPU far enough to run C (stack,
 * exception vectors, an early map that covers the image, the boot data
 * and the early console), fills a struct init_boot and calls
 * init_main(). init_main() then runs, in this order: devtree -> host_ram
 * banks (metadata carved from RAM) with every boot-time reservation ->
 * vapool -> heap -> mempools -> drivers (by `compatible`, stage by stage)
 * -> secondary CPUs -> boot commands -> shell.
 *
 * The port talks back through struct init_arch_ops, so init.c has no
 * link-time dependency on any port and can be tested on the host.
 */
#ifndef MINIVISOR_INIT_H
#define MINIVISOR_INIT_H

#include <minivisor/compiler.h>
#include <minivisor/devtree.h>
#include <minivisor/types.h>

/** Longest boot command string (`minivisor.bootcmd="..."`). */
#define INIT_BOOTCMD_MAX 512

/** Driver stages, probed in this order (console first, for messages). */
enum init_stage {
	INIT_STAGE_CONSOLE,
	INIT_STAGE_IRQCHIP,
	INIT_STAGE_TIMER,
	INIT_STAGE_OTHER,
	INIT_STAGE_COUNT
};

/** A host device driver, matched against device-tree `compatible`. */
struct init_driver {
	const char *name;
	const char *const *compatible; /* NULL-terminated list */
	enum init_stage stage;
	/**
	 * Probe one matching node. Returns 0 or a negative MV_E* code; a
	 * failure is logged and the boot goes on without the device.
	 */
	int (*probe)(const struct devtree *dt, int node);
};

/** Put driver @drv (a struct init_driver) into the probe table. */
#define INIT_DRIVER(drv)                                                  \
	static const struct init_driver *const __init_driver_##drv __used \
		__section("mv_drivers") __aligned(sizeof(void *)) = &(drv)

/** What a port lets init do on its behalf. NULL hooks are skipped. */
struct init_arch_ops {
	const char *name; /* "arm64", "x86_64-snp" */
	/**
	 * Make RAM [@pa, @pa + @size) reachable at phys_to_virt(@pa). Called
	 * once per bank before host_ram knows the bank (no frame allocator
	 * yet). A failure drops the bank.
	 */
	int (*map_ram)(paddr_t pa, uint64_t size);
	/** The hypervisor's address of RAM byte @pa (NULL: identity). */
	void *(*phys_to_virt)(paddr_t pa);
	/** Base of a free, aligned VA window of @size bytes for vapool. */
	vaddr_t (*vapool_window)(uint64_t size);
	/** The frame allocator, vapool and heap exist (e.g. page tables). */
	int (*mm_ready)(void);
	/**
	 * Start the other CPUs (@dt may be NULL); how many are online.
	 * NULL: the port runs on the boot CPU only.
	 */
	int (*start_cpus)(const struct devtree *dt);
	/** Last step before boot commands and prompt (enable interrupts). */
	void (*ready)(void);
};

/** What the port knows at entry. */
struct init_boot {
	const struct init_arch_ops *ops;
	const void *dtb; /* mapped device tree: RAM, reservations, bootargs */
	size_t dtb_max; /* readable bytes at @dtb */
	struct dt_range image; /* the loaded image, .bss and stacks included */
};

/**
 * Run the boot sequence on the boot CPU; never returns. Anything that
 * makes the boot impossible (no valid DTB, no RAM) is reported on the
 * console and the CPU halts.
 */
void __noreturn init_main(const struct init_boot *boot);

/** The host device tree opened by init_main(), or NULL. */
const struct devtree *init_host_devtree(void);

/** arch_time_ns() at which the first prompt was printed (0 before). */
uint64_t init_prompt_ns(void);

/**
 * Choose where @size bytes of bank metadata go inside @bank: the highest
 * page-aligned spot that overlaps none of @resv[0..@nresv). Returns 0
 * and *@pa, or -MV_ENOSPC when no spot exists.
 */
int init_place_meta(const struct dt_range *bank, uint64_t size,
		    const struct dt_range *resv, unsigned int nresv,
		    paddr_t *pa);

/**
 * Copy the value of `minivisor.bootcmd=` in @args (quoted with "..." or
 * one word) to @buf. Returns its length, -MV_ENOENT if absent,
 * -MV_ENOSPC if it does not fit, -MV_EINVAL for a missing closing quote.
 */
int init_parse_bootcmd(const char *args, char *buf, size_t size);

#endif
