# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_ARM_GENERIC_TIMER) += arm_arch_timer.o
