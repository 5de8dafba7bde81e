# SPDX-License-Identifier: GPL-2.0-only
CROSS_COMPILE ?= aarch64-linux-gnu-

GCC_INC := $(shell $(CROSS_COMPILE)gcc -print-file-name=include)
LIBFDT_DIR := $(DEPS)/arm64/usr
CFLAGS += -ffreestanding -nostdinc -isystem $(GCC_INC) -fno-pie \
	-fno-stack-protector -mgeneral-regs-only -mstrict-align \
	-fno-omit-frame-pointer -ffunction-sections -fdata-sections
CPPFLAGS += -I$(srctree)/include/libc -I$(LIBFDT_DIR)/include
LDFLAGS += -nostdlib -static -no-pie -z max-page-size=4096
LIBS += $(LIBFDT_DIR)/lib/aarch64-linux-gnu/libfdt.a -lgcc

-include $(srctree)/arch/arm64/image.mk
ifeq ($(IMAGE),)
IMAGE := $(O)/built-in.a
$(IMAGE): $(OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^
endif
