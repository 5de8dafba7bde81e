# SPDX-License-Identifier: GPL-2.0-only
subdir-y += lib shell commands devtree
obj-y += init.o
subdir-$(CONFIG_GUEST) += vdev
subdir-$(CONFIG_GUEST) += vserial
subdir-$(CONFIG_GUEST) += guest
subdir-y += bundle
