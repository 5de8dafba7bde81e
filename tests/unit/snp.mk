# SPDX-License-Identifier: GPL-2.0-only
#
# SNP layer tests: arch/x86_64-snp/snp/*.c compiled for the host (MV_HOST)
# and linked with the software model in tests/unit/snp/. Each
# tests/unit/test_snp_*.c is already in UNIT_BINS (unit.mk's wildcard), so
# unit-bins builds it and unit-run runs it; the static pattern rule below
# is explicit, so it wins over unit.mk's generic pattern rule.
# The portable parts of the port are tested the same way, and so is the
# SVSM protocol (arch/x86_64-snp/svsm/, tests/unit/test_svsm_*.c).
SNP_PORT_SRCS := platform.c pvh.c dtfix.c cmd_snp.c cmd_svsm.c mm/pgtable.c
SNP_SRCS := $(wildcard $(srctree)/arch/x86_64-snp/snp/*.c) \
	$(wildcard $(srctree)/arch/x86_64-snp/svsm/*.c) \
	$(addprefix $(srctree)/arch/x86_64-snp/,$(SNP_PORT_SRCS)) \
	$(wildcard $(srctree)/tests/unit/snp/*.c)
SNP_OBJS := $(patsubst $(srctree)/%.c,$(O)/snp-host/%.o,$(SNP_SRCS))
SNP_BINS := $(filter $(O)/tests/unit/test_snp_% $(O)/tests/unit/test_svsm_%,\
	$(UNIT_BINS))
# The port's built-in device tree, for the device-tree fix-up tests.
SNP_DTB := $(O)/snp-host/x86_64-snp.dtb
SNP_CPPFLAGS = $(CPPFLAGS) -I$(srctree)/arch/x86_64-snp/include \
	-I$(srctree)/tests/unit -DSNP_TEST_DTB='"$(SNP_DTB)"'

$(SNP_DTB): $(srctree)/dts/x86_64-snp.dts
	@mkdir -p $(dir $@)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

$(O)/snp-host/%.o: $(srctree)/%.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      snp-host/$*.o")
	$(Q)$(CC) $(SNP_CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(SNP_BINS): $(O)/tests/unit/%: $(srctree)/tests/unit/%.c $(SNP_OBJS) $(IMAGE) \
		$(SNP_DTB)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST    $* (SNP model)")
	$(Q)$(CC) $(SNP_CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -MMD -MP \
		$< $(SNP_OBJS) -o $@ $(IMAGE) -lcmocka $(HOST_LIBS)

-include $(SNP_OBJS:.o=.d)
