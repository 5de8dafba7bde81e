# SPDX-License-Identifier: GPL-2.0-only
#
# arm64 port tests: the port's pure C parts (translation tables) compiled
# for the host. Each tests/unit/test_arm64_*.c is already in UNIT_BINS
# (unit.mk's wildcard); the explicit static pattern rule below wins over
# unit.mk's generic one and adds the port objects. The arm64 headers come
# after arch/fake's (-idirafter), so only those fake lacks are taken.
ARM64_PORT_SRCS := pgtable.c
ARM64_OBJS := $(patsubst %.c,$(O)/arm64-host/arch/arm64/%.o,$(ARM64_PORT_SRCS))
ARM64_BINS := $(filter $(O)/tests/unit/test_arm64_%,$(UNIT_BINS))
ARM64_CPPFLAGS = $(CPPFLAGS) -idirafter $(srctree)/arch/arm64/include

$(O)/arm64-host/%.o: $(srctree)/%.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      arm64-host/$*.o")
	$(Q)$(CC) $(ARM64_CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(ARM64_BINS): $(O)/tests/unit/%: $(srctree)/tests/unit/%.c $(ARM64_OBJS) \
		$(IMAGE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST    $* (arm64 port)")
	$(Q)$(CC) $(ARM64_CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -MMD -MP \
		$< $(ARM64_OBJS) -o $@ $(IMAGE) -lcmocka $(HOST_LIBS)

-include $(ARM64_OBJS:.o=.d)
