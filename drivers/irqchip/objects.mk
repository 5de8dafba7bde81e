# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_GIC_V2) += gic-v2.o
obj-$(CONFIG_GIC_V3) += gic-v3.o
ifneq ($(CONFIG_GIC_V2)$(CONFIG_GIC_V3),)
obj-y += gic-common.o
endif
