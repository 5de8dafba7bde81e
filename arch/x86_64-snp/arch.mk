# SPDX-License-Identifier: GPL-2.0-only
# Native gcc with freestanding flags: no red zone, no SSE, no PIE.
CROSS_COMPILE ?=

GCC_INC := $(shell $(CROSS_COMPILE)gcc -print-file-name=include)
CFLAGS += -ffreestanding -nostdinc -isystem $(GCC_INC) -fno-pie \
	-fno-stack-protector -mno-red-zone -mgeneral-regs-only \
	-mcmodel=small -fno-omit-frame-pointer -fno-asynchronous-unwind-tables
CPPFLAGS += -I$(srctree)/include/libc -I$(O)/include/fdt
LDFLAGS += -nostdlib -static -no-pie -z max-page-size=4096
LIBS += /usr/lib/x86_64-linux-gnu/libfdt.a -lgcc

# Debian's libfdt headers live beside glibc's; copy just those three.
FDT_HDRS := $(addprefix $(O)/include/fdt/,libfdt.h libfdt_env.h fdt.h)
$(O)/include/fdt/%.h: /usr/include/%.h
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(OBJS): | $(FDT_HDRS)

-include $(srctree)/arch/x86_64-snp/image.mk
ifeq ($(IMAGE),)
IMAGE := $(O)/built-in.a
$(IMAGE): $(OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^
endif
