# SPDX-License-Identifier: GPL-2.0-only
#
# The x86_64-snp image: an ELF64 with a PVH entry note, linked at
# CONFIG_X86_LOAD_ADDR, for qemu-system-x86_64 -kernel. The device tree
# dts/x86_64-snp.dts is compiled with dtc and embedded by dtb.S.
IMAGE := $(O)/minivisor-x86_64.elf
X86_LDS := $(O)/arch/x86_64-snp/boot/minivisor.lds
X86_DTB := $(O)/dts/x86_64-snp.dtb
DTC ?= dtc

$(X86_LDS): $(srctree)/arch/x86_64-snp/boot/minivisor.lds.S $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LDS     $(notdir $@)")
	$(Q)$(CC) $(CPPFLAGS) -D__ASSEMBLY__ -E -P -x assembler-with-cpp $< -o $@

$(X86_DTB): $(srctree)/dts/x86_64-snp.dts
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  DTC     $(notdir $@)")
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $<

$(O)/arch/x86_64-snp/dtb.o: $(X86_DTB)
$(O)/arch/x86_64-snp/dtb.o: ASFLAGS += -DX86_DTB_FILE='"$(X86_DTB)"'

$(IMAGE): $(OBJS) $(X86_LDS)
	$(if $(Q),@echo "  LD      $(notdir $@)")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -T $(X86_LDS) -Wl,--gc-sections -Wl,--build-id=none \
		-Wl,--no-warn-rwx-segments \
		-Wl,-Map,$(O)/minivisor-x86_64.map -o $@ $(OBJS) $(LIBS)
