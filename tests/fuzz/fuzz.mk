# SPDX-License-Identifier: GPL-2.0-only
#
# libFuzzer targets: every tests/fuzz/fuzz_*.c defines
# LLVMFuzzerTestOneInput. Built with HOSTFLAVOR=fuzz (clang).
# Seeds live in tests/fuzz/corpus/<name>/.
FUZZ_SRCS := $(wildcard $(srctree)/tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst $(srctree)/%.c,$(O)/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 10

$(O)/tests/fuzz/%: $(srctree)/tests/fuzz/%.c $(IMAGE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  FUZZ    $*")
	$(Q)$(CC) $(CPPFLAGS) $(filter-out -fsanitize=fuzzer-no-link%,$(CFLAGS)) \
		-fsanitize=fuzzer,address,undefined -Wno-missing-prototypes \
		$< -o $@ $(IMAGE) $(HOST_LIBS)

.PHONY: fuzz-bins fuzz-run
fuzz-bins: $(FUZZ_BINS)

# Each target runs FUZZ_SECONDS on a scratch copy of its seed corpus.
fuzz-run: fuzz-bins
	$(Q)for b in $(FUZZ_BINS); do \
		n=$$(basename $$b); n=$${n#fuzz_}; \
		work=$(O)/tests/fuzz/work-$$n; rm -rf $$work; mkdir -p $$work; \
		seeds=$(srctree)/tests/fuzz/corpus/$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
		$$b -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(O)/tests/fuzz/crash-$$n- \
			$$work $$( [ -d $$seeds ] && echo $$seeds ) \
			> $(O)/tests/fuzz/$$n.log 2>&1 || \
			{ tail -n 40 $(O)/tests/fuzz/$$n.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units' $(O)/tests/fuzz/$$n.log; \
	done

# Fuzz targets that need more than libminivisor.a (e.g. the SVSM protocol
# over the SNP layer and its model) give their own rules in
# tests/fuzz/*.mk fragments; static pattern rules there win over the one
# above.
-include $(filter-out %/fuzz.mk,$(wildcard $(srctree)/tests/fuzz/*.mk))
