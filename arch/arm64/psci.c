// SPDX-License-Identifier: GPL-2.0-only
/*
 * PSCI over SMC: at EL2 the hypervisor itself owns HVC, so firmware
 * calls go one level up (QEMU implements PSCI as the SMC conduit when
 * no EL3 is emulated). Also the arch/power.h interface.
 */
#include <arch/power.h>
#include <asm/arm64.h>
#include <minivisor/errno.h>

#define PSCI_CPU_ON_64 0xc4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL

long arm64_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC 1.0 lets the callee corrupt x4-x17. */
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (long)x0;
}

/* PSCI return codes (negative) to MV_E* codes. */
static int psci_to_errno(long ret)
{
	switch (ret) {
	case 0:
		return 0;
	case -1: /* NOT_SUPPORTED */
		return -MV_ENOTSUP;
	case -2: /* INVALID_PARAMETERS */
	case -9: /* INVALID_ADDRESS */
		return -MV_EINVAL;
	case -3: /* DENIED */
		return -MV_EPERM;
	case -4: /* ALREADY_ON */
	case -5: /* ON_PENDING */
		return -MV_EALREADY;
	case -7: /* NOT_PRESENT */
		return -MV_ENODEV;
	default:
		return -MV_EIO;
	}
}

int arm64_psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t ctx)
{
	return psci_to_errno(
		arm64_psci_call(PSCI_CPU_ON_64, mpidr, entry, ctx));
}

int arch_system_poweroff(void)
{
	arm64_psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	return -MV_EIO; /* only reached if the firmware refused */
}

int arch_system_reset(void)
{
	arm64_psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	return -MV_EIO;
}
