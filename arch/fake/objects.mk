# SPDX-License-Identifier: GPL-2.0-only
obj-y += cpu.o console.o mmu.o hostinfo.o
obj-$(CONFIG_GUEST) += guest.o
