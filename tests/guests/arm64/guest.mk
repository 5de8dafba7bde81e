# SPDX-License-Identifier: GPL-2.0-only
#
# The arm64 test guest (docs/test-guest.md). Include this fragment with
# $(srctree) and $(O) set; it defines
#   TESTGUEST_BIN       $(O)/tests/guests/arm64/testguest.bin  (raw image,
#                       load at IPA 0 and enter at its first byte)
#   TESTGUEST_ELF       the same, linked, with symbols (for gdb/objdump)
#   TESTGUEST_BLOB_OBJ  an arm64 object holding the .bin between the
#                       symbols testguest_start and testguest_end (in
#                       .rodata.testguest), for linking into the image
# and the phony goal `testguest`. It uses its own compiler flags and
# never touches CFLAGS/CPPFLAGS of the including build.
TG_SRC := $(srctree)/tests/guests/arm64
TG_OUT := $(O)/tests/guests/arm64
TG_CROSS ?= aarch64-linux-gnu-
TG_CC := $(TG_CROSS)gcc
TG_OBJCOPY := $(TG_CROSS)objcopy

# MMU off in the guest: every access is Device memory, so no unaligned
# accesses (-mstrict-align) and no FP/SIMD (nothing enables it).
TG_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wmissing-prototypes \
	-ffreestanding -nostdinc \
	-isystem $(shell $(TG_CC) -print-file-name=include) \
	-fno-builtin -fno-tree-loop-distribute-patterns \
	-mgeneral-regs-only -mstrict-align -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-I$(TG_SRC) -I$(srctree)/include $(TG_DEFS)
TG_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack

TG_OBJS := $(addprefix $(TG_OUT)/,start.o main.o lib.o cmds.o mem.o irq.o)
TG_LDS := $(TG_OUT)/testguest.lds
TESTGUEST_ELF := $(TG_OUT)/testguest.elf
TESTGUEST_BIN := $(TG_OUT)/testguest.bin
TESTGUEST_BLOB_OBJ := $(TG_OUT)/testguest_blob.o

$(TG_OUT)/%.o: $(TG_SRC)/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TGCC    $(notdir $@)")
	$(Q)$(TG_CC) $(TG_CFLAGS) -MMD -MP -c $< -o $@

$(TG_OUT)/%.o: $(TG_SRC)/%.S
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TGAS    $(notdir $@)")
	$(Q)$(TG_CC) $(TG_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(TG_LDS): $(TG_SRC)/testguest.ld.S $(TG_SRC)/layout.h
	@mkdir -p $(dir $@)
	$(Q)$(TG_CC) $(filter -D% -I%,$(TG_CFLAGS)) -E -P -x c $< -o $@

$(TESTGUEST_ELF): $(TG_OBJS) $(TG_LDS)
	$(if $(Q),@echo "  TGLD    $(notdir $@)")
	$(Q)$(TG_CC) $(TG_CFLAGS) $(TG_LDFLAGS) -T $(TG_LDS) \
		-Wl,-Map,$(TG_OUT)/testguest.map -o $@ $(TG_OBJS)

$(TESTGUEST_BIN): $(TESTGUEST_ELF)
	$(Q)$(TG_OBJCOPY) -O binary $< $@

# The .bin path is a dependency, so the blob follows every rebuild.
$(TESTGUEST_BLOB_OBJ): $(TG_SRC)/testguest_blob.S $(TESTGUEST_BIN)
	$(Q)$(TG_CC) -D__ASSEMBLY__ -DTESTGUEST_BIN_PATH='"$(TESTGUEST_BIN)"' \
		-c $< -o $@

.PHONY: testguest
testguest: $(TESTGUEST_BIN) $(TESTGUEST_BLOB_OBJ)

-include $(TG_OBJS:.o=.d)
