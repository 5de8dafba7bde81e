# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz_svsm_*: the SVSM protocol over the SNP layer and its model, so
# linked with $(SNP_OBJS) (tests/unit/snp.mk, included by every host
# flavour) besides libminivisor.a. A static pattern rule: it wins over
# fuzz.mk's generic one.
FUZZ_SVSM_BINS := $(filter $(O)/tests/fuzz/fuzz_svsm%,$(FUZZ_BINS))

$(FUZZ_SVSM_BINS): $(O)/tests/fuzz/%: $(srctree)/tests/fuzz/%.c $(SNP_OBJS) \
		$(IMAGE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  FUZZ    $* (SNP model)")
	$(Q)$(CC) $(SNP_CPPFLAGS) \
		$(filter-out -fsanitize=fuzzer-no-link%,$(CFLAGS)) \
		-fsanitize=fuzzer,address,undefined -Wno-missing-prototypes \
		$< $(SNP_OBJS) -o $@ $(IMAGE) $(HOST_LIBS)

# The model and the fixture are the harness, not the code under test:
# no comparison tracing there (it was most of the run time, in the
# whole-RMP invariant checks after every call).
ifeq ($(HOSTFLAVOR),fuzz)
$(filter $(O)/snp-host/tests/unit/snp/%,$(SNP_OBJS)): \
	CFLAGS += -fno-sanitize-coverage=trace-cmp
endif
