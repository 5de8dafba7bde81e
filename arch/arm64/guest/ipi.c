// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kick IPI: SGI ARM64_SGI_KICK makes another CPU leave its guest
 * (HCR_EL2.IMO routes it to EL2) or its WFI and call sched_pick()
 * again. The host GIC drivers do not send SGIs, so the port does:
 * GICv3 through ICC_SGI1R_EL1 (by affinity), GICv2 through the
 * distributor's GICD_SGIR (by CPU interface number, which each CPU
 * reads from its banked GICD_ITARGETSR0). The handler itself does
 * nothing: taking the interrupt is the point.
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <asm/guest.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <minivisor/aspace.h>
#include <minivisor/errno.h>
#include <minivisor/printk.h>

#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define GICD_ITARGETSR0 0x800
#define GICD_SGIR 0xf00

static const char *const gicv2_compat[] = { "arm,cortex-a15-gic", "arm,gic-400",
					    "arm,cortex-a9-gic", NULL };

static bool ipi_v3;
static volatile uint8_t *gicv2_dist; /* our own mapping of its page */
static uint8_t gicv2_cpu_mask[CONFIG_MAX_CPUS];
static uint64_t ipi_received[CONFIG_MAX_CPUS];

static void ipi_handler(uint32_t intid, void *arg)
{
	ipi_received[arch_cpu_id()]++;
}

static int ipi_map_gicv2(const struct devtree *dt)
{
	struct dt_range r;
	vaddr_t va;
	int node = -1, err;

	for (unsigned int i = 0; gicv2_compat[i] && node < 0; i++)
		node = devtree_find_compatible(dt, -1, gicv2_compat[i]);
	if (node < 0)
		return -MV_ENODEV;
	err = devtree_reg(dt, node, 0, &r);
	if (!err)
		err = aspace_map(r.base, PAGE_SIZE, MMU_ATTR_IO, &va);
	if (!err)
		gicv2_dist = (volatile uint8_t *)va;
	return err;
}

int arm64_ipi_init(const struct devtree *dt)
{
	const struct arm64_irqchip *chip = arm64_irqchip_get();
	int err;

	if (!chip || !dt)
		return -MV_ENODEV;
	ipi_v3 = !strcmp(chip->name, "GICv3");
	if (!ipi_v3) {
		err = ipi_map_gicv2(dt);
		if (err)
			return err;
	}
	return arm64_irq_request(ARM64_SGI_KICK, ipi_handler, NULL);
}

void arm64_ipi_cpu_init(void)
{
	unsigned int cpu = arch_cpu_id();

	if (gicv2_dist) {
		uint8_t mask = readb(gicv2_dist + GICD_ITARGETSR0);

		gicv2_cpu_mask[cpu] = mask ? mask : (uint8_t)(1U << cpu);
	}
	arm64_irq_unmask(ARM64_SGI_KICK);
}

void arm64_ipi_send(unsigned int cpu)
{
	uint64_t mpidr = arm64_cpus[cpu].mpidr;

	dsb(ishst); /* what the target is told about is visible first */
	if (ipi_v3) {
		uint64_t aff0 = mpidr & 0xff;
		uint64_t sgi = (mpidr >> 32 & 0xff) << 48 |
			       (mpidr >> 16 & 0xff) << 32 |
			       (uint64_t)ARM64_SGI_KICK << 24 |
			       (mpidr >> 8 & 0xff) << 16 | (aff0 >> 4) << 44 |
			       1ULL << (aff0 & 0xf);

		write_sysreg_s(ICC_SGI1R_EL1, sgi);
		isb();
	} else if (gicv2_dist) {
		writel((uint32_t)gicv2_cpu_mask[cpu] << 16 | ARM64_SGI_KICK,
		       gicv2_dist + GICD_SGIR);
	}
}

uint64_t arm64_ipi_count(unsigned int cpu)
{
	return cpu < CONFIG_MAX_CPUS ? ipi_received[cpu] : 0;
}
