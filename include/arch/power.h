/* SPDX-License-Identifier: GPL-2.0-only */
/* Whole-system power control. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

/** Power the machine off; returns a negative error if it could not. */
int arch_system_poweroff(void);

/** Reset the machine; returns a negative error if it could not. */
int arch_system_reset(void);

#endif
