# SPDX-License-Identifier: GPL-2.0-only
#
# The arm64 image: an ELF linked at CONFIG_ARM64_LOAD_ADDR for
# qemu-system-aarch64 -M virt,virtualization=on -kernel.
IMAGE := $(O)/minivisor.elf
ARM64_LDS := $(O)/arch/arm64/boot/minivisor.lds

$(ARM64_LDS): $(srctree)/arch/arm64/boot/minivisor.lds.S $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LDS     $(notdir $@)")
	$(Q)$(CC) $(CPPFLAGS) -D__ASSEMBLY__ -E -P -x assembler-with-cpp $< -o $@

$(IMAGE): $(OBJS) $(ARM64_LDS)
	$(if $(Q),@echo "  LD      $(notdir $@)")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -T $(ARM64_LDS) -Wl,--gc-sections -Wl,--build-id=none \
		-Wl,-Map,$(O)/minivisor.map -o $@ $(OBJS) $(LIBS)
