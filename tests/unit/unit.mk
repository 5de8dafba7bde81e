# SPDX-License-Identifier: GPL-2.0-only
#
# Host unit tests: every tests/unit/test_*.c is one cmocka program
# linked against libminivisor.a (built with ASan + UBSan).
UNIT_SRCS := $(wildcard $(srctree)/tests/unit/test_*.c)
UNIT_BINS := $(patsubst $(srctree)/%.c,$(O)/%,$(UNIT_SRCS))
UNIT_HELPERS := $(patsubst $(srctree)/%.c,$(O)/%.o,\
	$(wildcard $(srctree)/tests/unit/helpers/*.c))

$(O)/tests/unit/helpers/%.o: $(srctree)/tests/unit/helpers/%.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -I$(srctree)/tests/unit $(CFLAGS) \
		-Wno-missing-prototypes -MMD -MP -c $< -o $@

$(O)/tests/unit/%: $(srctree)/tests/unit/%.c $(IMAGE) $(UNIT_HELPERS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST    $*")
	$(Q)$(CC) $(CPPFLAGS) -I$(srctree)/tests/unit $(CFLAGS) \
		-Wno-missing-prototypes -MMD -MP $< $(UNIT_HELPERS) \
		-o $@ $(IMAGE) -lcmocka $(HOST_LIBS)

-include $(UNIT_BINS:=.d)

# Keep helper objects: they are shared by every test program.
.SECONDARY: $(UNIT_HELPERS)

.PHONY: unit-bins unit-run
unit-bins: $(UNIT_BINS)

# Runs every test program; prints one summary line at the end.
unit-run: unit-bins
	$(Q)$(srctree)/tools/run-unit-tests.sh $(UNIT_BINS)

# Extra host test programs that need more than libminivisor.a (e.g. the
# SNP layer against its software model): tests/unit/*.mk fragments.
-include $(filter-out %/unit.mk,$(wildcard $(srctree)/tests/unit/*.mk))
