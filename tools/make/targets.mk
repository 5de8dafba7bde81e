# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level goals that drive several builds: test, bench, fuzz, run.
# Each build has its own directory under build/ so they never collide.

B := $(srctree)/build
HOST_O := $(B)/host
BENCH_O := $(B)/bench
FUZZ_O := $(B)/fuzz
ARM64_O := $(B)/arm64
X86_O := $(B)/x86_64
SUBMAKE := $(MAKE) -f $(srctree)/Makefile

# Configure a build directory once: $(call configure,dir,defconfig)
configure = test -f $(1)/.config || $(SUBMAKE) O=$(1) $(2) >/dev/null

.PHONY: test unit-test system-test fuzz fuzz-smoke bench build-all deps-ok \
	check-format format

# The dependency check runs once per top-level goal: sub-makes of a goal
# get MV_DEPS_OK=1 and skip it.
deps-ok:
	$(Q)$(if $(MV_DEPS_OK),true,bash $(BOOTSTRAP))

unit-test: deps-ok
	$(Q)$(call configure,$(HOST_O),fake_defconfig)
	$(Q)$(SUBMAKE) O=$(HOST_O) HOSTFLAVOR=test unit-run

build-all: deps-ok
	$(Q)$(call configure,$(ARM64_O),arm64_virt_defconfig)
	$(Q)$(SUBMAKE) O=$(ARM64_O) all
	$(Q)$(call configure,$(X86_O),x86_64_snp_defconfig)
	$(Q)$(SUBMAKE) O=$(X86_O) all

# A short run of every fuzz target (make test); `make fuzz` runs longer.
fuzz-smoke:
	$(Q)$(SUBMAKE) fuzz FUZZ_SECONDS=$(or $(FUZZ_SECONDS),10)

fuzz: FUZZ_SECONDS ?= 300
fuzz: deps-ok
	$(Q)$(call configure,$(FUZZ_O),fake_defconfig)
	$(Q)$(SUBMAKE) O=$(FUZZ_O) HOSTFLAVOR=fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz-run

system-test: build-all
	$(Q)cd $(srctree) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/system

# Everything CI checks. The pytest summary line is the last output.
test: deps-ok
	$(Q)$(SUBMAKE) MV_DEPS_OK=1 unit-test
	$(Q)$(SUBMAKE) MV_DEPS_OK=1 fuzz-smoke
	$(Q)$(SUBMAKE) check-format
	$(Q)$(SUBMAKE) MV_DEPS_OK=1 system-test

bench: deps-ok
	$(Q)$(call configure,$(BENCH_O),fake_bench_defconfig)
	$(Q)$(SUBMAKE) O=$(BENCH_O) HOSTFLAVOR=bench bench-run
	$(Q)for s in $(sort $(wildcard $(srctree)/tools/bench/*.sh)); do bash $$s || exit 1; done

# run/debug goals of each port (tools/make/run-*.mk)
-include $(wildcard $(srctree)/tools/make/run-*.mk)

FORMAT_FILES = $(shell cd $(srctree) && git ls-files -co --exclude-standard \
	'*.c' '*.h' | grep -v '^build/')
check-format:
	$(Q)cd $(srctree) && clang-format --dry-run --Werror $(FORMAT_FILES)
	@echo "format: clean"

format:
	$(Q)cd $(srctree) && clang-format -i $(FORMAT_FILES)
