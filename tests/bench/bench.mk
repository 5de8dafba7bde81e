# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks: every tests/bench/bench_*.c is one program that prints
# "BENCH <name> <value> <unit>" lines. Built with HOSTFLAVOR=bench.
BENCH_SRCS := $(wildcard $(srctree)/tests/bench/bench_*.c)
BENCH_BINS := $(patsubst $(srctree)/%.c,$(O)/%,$(BENCH_SRCS))

$(O)/tests/bench/%: $(srctree)/tests/bench/%.c $(srctree)/tests/bench/bench.h $(IMAGE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  BENCH   $*")
	$(Q)$(CC) $(CPPFLAGS) -I$(srctree)/tests/bench $(CFLAGS) \
		-Wno-missing-prototypes $< -o $@ $(IMAGE) $(HOST_LIBS) -lm

.PHONY: bench-bins bench-run
bench-bins: $(BENCH_BINS)
bench-run: bench-bins
	$(Q)for b in $(BENCH_BINS); do $$b || exit 1; done
