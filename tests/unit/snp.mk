# SPDX-License-Identifier: GPL-2.0-only
#
# SNP layer tests: arch/x86_64-snp/snp/*.c compiled for the host (MV_HOST)
# and linked with the software model in tests/unit/snp/. Each
# tests/unit/test_snp_*.c is already in UNIT_BINS (unit.mk's wildcard), so
# unit-bins builds it and unit-run runs it; the static pattern rule below
# is explicit, so it wins over unit.mk's generic pattern rule.
SNP_SRCS := $(wildcard $(srctree)/arch/x86_64-snp/snp/*.c) \
	$(wildcard $(srctree)/tests/unit/snp/*.c)
SNP_OBJS := $(patsubst $(srctree)/%.c,$(O)/snp-host/%.o,$(SNP_SRCS))
SNP_BINS := $(filter $(O)/tests/unit/test_snp_%,$(UNIT_BINS))
SNP_CPPFLAGS = $(CPPFLAGS) -I$(srctree)/arch/x86_64-snp/include \
	-I$(srctree)/tests/unit

$(O)/snp-host/%.o: $(srctree)/%.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      snp-host/$*.o")
	$(Q)$(CC) $(SNP_CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(SNP_BINS): $(O)/tests/unit/%: $(srctree)/tests/unit/%.c $(SNP_OBJS) $(IMAGE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST    $* (SNP model)")
	$(Q)$(CC) $(SNP_CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -MMD -MP \
		$< $(SNP_OBJS) -o $@ $(IMAGE) -lcmocka $(HOST_LIBS)

-include $(SNP_OBJS:.o=.d)
