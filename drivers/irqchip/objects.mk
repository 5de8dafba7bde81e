# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_GIC_V2) += gic-v2.o
obj-$(CONFIG_GIC_V3) += gic-v3.o
