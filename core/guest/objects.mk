# SPDX-License-Identifier: GPL-2.0-only
#
# Built when CONFIG_GUEST is set (core/objects.mk: subdir-$(CONFIG_GUEST));
# CONFIG_GUEST depends on the ports that provide the arch guest hooks
# (include/arch/guest.h, struct vm_arch/vcpu_arch in asm/guest.h).
obj-y += table.o access.o err.o config.o image.o parse.o parse_region.o \
	check.o mem.o build.o vcpu.o sched.o lifecycle.o init.o
