/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The minivisor hypercall ABI (HVC #0 from an arm64 guest). Shared by
 * the hypervisor and the in-tree test guest; plain C, no dependencies.
 *
 * Function IDs follow the SMCCC "vendor specific hypervisor service"
 * range (owner 6): x0 = ID, x1..x3 = arguments; x0 returns a value
 * >= 0 or a negative MV_E* code. PSCI IDs (owner 4) are handled apart.
 */
#ifndef MINIVISOR_HYPERCALL_H
#define MINIVISOR_HYPERCALL_H

#define MV_HC_BASE 0x86000000UL

/** Returns MV_HC_MAGIC: a cheap round trip (test guest `hvc N`). */
#define MV_HC_PING (MV_HC_BASE + 0)
/** Returns the hypervisor version as (major << 16 | minor << 8 | patch). */
#define MV_HC_VERSION (MV_HC_BASE + 1)
/** Write the byte in x1 to the guest's vserial console (debug). */
#define MV_HC_PUTC (MV_HC_BASE + 2)

#define MV_HC_MAGIC 0x6d76UL /* "mv" */

#endif
