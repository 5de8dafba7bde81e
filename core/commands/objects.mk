# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_SHELL) += table.o help.o version.o host.o host_bitmap.o heap.o \
	mempool.o reset.o poweroff.o exit.o
obj-$(CONFIG_SHELL) += devtree.o
obj-$(and $(CONFIG_SHELL),$(CONFIG_GUEST)) += vserial.o
# guest/vcpu need the guest manager (CONFIG_GUEST, see core/guest).
obj-$(and $(CONFIG_SHELL),$(CONFIG_GUEST)) += guest.o vcpu.o
