# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_SHELL) += table.o help.o version.o host.o host_bitmap.o heap.o \
	mempool.o reset.o poweroff.o exit.o
obj-$(CONFIG_SHELL) += devtree.o
obj-$(and $(CONFIG_SHELL),$(CONFIG_GUEST)) += vserial.o
# guest/vcpu need the guest manager, built once the port has the arch
# guest hooks (see core/guest/objects.mk).
ifneq ($(wildcard $(srctree)/arch/$(ARCH)/include/asm/guest.h),)
obj-$(and $(CONFIG_SHELL),$(CONFIG_GUEST)) += guest.o vcpu.o
endif
