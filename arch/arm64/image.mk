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
		-Wl,-Map,$(O)/minivisor.map -o $@ $(OBJS) $(ARM64_BLOBS) $(LIBS)

# The same image as a raw arm64 Image (header in boot/head.S): booted
# with -kernel it gets the DTB in x0 and QEMU loads -initrd for it.
ARM64_BIN := $(O)/minivisor.bin
$(ARM64_BIN): $(IMAGE)
	$(if $(Q),@echo "  OBJCOPY $(notdir $@)")
	$(Q)$(OBJCOPY) -O binary $< $@
all: $(ARM64_BIN)

ifeq ($(CONFIG_GUEST),y)
# Guest payloads built into the image: the test guest (its own make
# fragment, docs/test-guest.md) and the guest descriptions compiled
# from dts/arm64/guests.dts, both registered by arch/arm64/guest/setup.c.
include $(srctree)/tests/guests/arm64/guest.mk

GUESTS_DTB := $(O)/dts/arm64/guests.dtb
ARM64_BLOBS := $(TESTGUEST_BLOB_OBJ)

$(GUESTS_DTB): $(srctree)/dts/arm64/guests.dts
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  DTC     $(notdir $@)")
	$(Q)dtc -q -I dts -O dtb -o $@ $<

$(O)/arch/arm64/guest/blobs.o: $(GUESTS_DTB)
$(O)/arch/arm64/guest/blobs.o: CPPFLAGS += -DGUESTS_DTB_PATH='"$(GUESTS_DTB)"'
$(IMAGE): $(ARM64_BLOBS)
endif
