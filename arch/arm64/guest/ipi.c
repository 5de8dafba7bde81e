// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kick IPI: SGI ARM64_SGI_KICK makes another CPU leave its guest
 * (HCR_EL2.IMO routes it to EL2) or its WFI and call sched_pick()
 * again. The SGI is sent by the host interrupt controller's send_sgi
 * operation, whichever GIC it is. The handler itself does nothing:
 * taking the interrupt is the point.
 */
#include <asm/guest.h>
#include <asm/irq.h>
#include <minivisor/errno.h>

static const struct arm64_irqchip *ipi_chip;

static void ipi_handler(uint32_t intid, void *arg)
{
}

int arm64_ipi_init(const struct devtree *dt)
{
	const struct arm64_irqchip *chip = arm64_irqchip_get();

	(void)dt;
	if (!chip || !chip->send_sgi)
		return -MV_ENODEV;
	ipi_chip = chip;
	return arm64_irq_request(ARM64_SGI_KICK, ipi_handler, NULL);
}

void arm64_ipi_cpu_init(void)
{
	arm64_irq_unmask(ARM64_SGI_KICK);
}

void arm64_ipi_send(unsigned int cpu)
{
	if (ipi_chip)
		ipi_chip->send_sgi(ARM64_SGI_KICK, cpu);
}
