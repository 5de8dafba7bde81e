# SPDX-License-Identifier: GPL-2.0-only
#
# The guest manager needs the arch's guest hooks (include/arch/guest.h,
# struct vm_arch/vcpu_arch in asm/guest.h): until a port provides them
# it is not built for that port.
ifneq ($(wildcard $(srctree)/arch/$(ARCH)/include/asm/guest.h),)
obj-y += table.o access.o err.o config.o image.o parse.o parse_region.o \
	check.o mem.o build.o vcpu.o sched.o lifecycle.o init.o
endif
