# SPDX-License-Identifier: GPL-2.0-only
#
# minivisor top-level Makefile: Kconfig configuration, per-directory
# object lists (objects.mk), out-of-tree builds (O=), tests and benchmarks.

VERSION := 0.1.0
MAKEFLAGS += --no-print-directory

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O ?= build
override O := $(abspath $(O))
export srctree

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Python with Debian's pytest/pexpect (a pyenv shim may shadow python3).
PYTHON ?= /usr/bin/python3
BOOTSTRAP := $(srctree)/tools/bootstrap.sh
DEPS := $(srctree)/build/deps

KCONFIG_ENV := srctree=$(srctree) KCONFIG_CONFIG=$(O)/.config
KCONF := cd $(O) && $(KCONFIG_ENV) kconfig-conf
KCONFIG_FILES := $(shell find $(srctree) -path $(srctree)/build -prune -o \
	-name Kconfig -print)
AUTOCONF := $(O)/include/config/auto.conf
AUTOHEADER := $(O)/include/generated/autoconf.h

# Goals that compile in $(O) and so need its configuration: `all`, the
# host test/bench/fuzz goals, and files under $(O). Every other goal
# (test, run, bench, help...) drives sub-makes with their own O=.
compile-goals := all unit-run unit-bins bench-run bench-bins fuzz-run fuzz-bins

.DEFAULT_GOAL := all
.PHONY: all help deps clean distclean

# ---------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------
$(O)/.kconfig-dirs:
	$(Q)mkdir -p $(O)/include/config $(O)/include/generated
	$(Q)touch $@

%_defconfig: $(O)/.kconfig-dirs
	$(Q)test -f $(srctree)/configs/$@ || \
		{ echo "error: no such defconfig: configs/$@"; exit 1; }
	$(Q)$(KCONF) -s --defconfig=$(srctree)/configs/$@ Kconfig
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(O) syncconfig
	@echo "configured $(O) from configs/$@"

menuconfig: $(O)/.kconfig-dirs
	$(Q)cd $(O) && $(KCONFIG_ENV) kconfig-mconf $(srctree)/Kconfig
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(O) syncconfig

olddefconfig: syncconfig

savedefconfig: $(O)/.kconfig-dirs
	$(Q)$(KCONF) --savedefconfig=$(O)/defconfig Kconfig
	@echo "wrote $(O)/defconfig"

.PHONY: syncconfig
# .config -> resolved (olddefconfig), then auto.conf and autoconf.h.
syncconfig: $(O)/.kconfig-dirs
	$(Q)$(KCONF) -s --olddefconfig Kconfig
	$(Q)cd $(O) && $(KCONFIG_ENV) \
		KCONFIG_AUTOCONFIG=$(AUTOCONF) \
		KCONFIG_AUTOHEADER=$(AUTOHEADER) \
		KCONFIG_TRISTATE=$(O)/include/config/tristate.conf \
		kconfig-conf -s --silentoldconfig Kconfig </dev/null

# Regenerate auto.conf when .config or any Kconfig file changes.
$(AUTOCONF): $(O)/.config $(KCONFIG_FILES)
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(O) syncconfig

$(O)/.config:
	@echo "error: $(O) is not configured."
	@echo "  run 'make arm64_virt_defconfig' or 'make x86_64_snp_defconfig'"
	@echo "  (add O=<dir> for another build directory); 'make help' lists all"
	@exit 1

# ---------------------------------------------------------------------
# Build (only when a configuration exists and a build goal was asked)
# ---------------------------------------------------------------------
build-goals := $(filter $(compile-goals) $(O)/%,$(or $(MAKECMDGOALS),all))

ifneq ($(build-goals),)
ifeq ($(wildcard $(O)/.config),)
all $(filter-out all,$(build-goals)): $(O)/.config
else
-include $(AUTOCONF)
include $(srctree)/tools/make/build.mk
endif
endif

# ---------------------------------------------------------------------
# Tests, benchmarks, running
# ---------------------------------------------------------------------
include $(srctree)/tools/make/targets.mk

deps:
	$(Q)bash $(BOOTSTRAP)

clean:
	$(Q)rm -rf $(O)/core $(O)/mm $(O)/arch $(O)/drivers $(O)/dts \
		$(O)/tests $(O)/minivisor* $(O)/libminivisor.a

distclean:
	$(Q)rm -rf $(srctree)/build

help:
	@echo "minivisor $(VERSION)"
	@echo ""
	@echo "Start here:"
	@echo "  make run            build arm64_virt_defconfig and boot it in QEMU"
	@echo "  make test           everything CI checks (installs what it needs)"
	@echo ""
	@echo "Configuration (O=<dir>, default build/):"
	@echo "  make arm64_virt_defconfig   arm64 EL2 hypervisor for QEMU virt"
	@echo "  make x86_64_snp_defconfig   x86_64 SEV-SNP SVSM"
	@echo "  make fake_defconfig         host build for tests (libminivisor.a)"
	@echo "  make menuconfig             edit the configuration"
	@echo "  make olddefconfig           update .config after Kconfig changes"
	@echo "  make savedefconfig          write a minimal defconfig to O/defconfig"
	@echo ""
	@echo "Building:"
	@echo "  make [O=dir] [V=1] [CROSS_COMPILE=prefix]"
	@echo ""
	@echo "Running and testing:"
	@echo "  make run [GIC=2|3] [SMP=n] [MEM=512M] [QEMU_ARGS=...]"
	@echo "  make run-x86        boot the x86_64-snp SVSM in QEMU"
	@echo "  make debug          start QEMU with the gdb stub (debug-x86: SVSM)"
	@echo "  make unit-test      host unit tests (cmocka, ASan+UBSan)"
	@echo "  make system-test    QEMU system tests (pytest + pexpect)"
	@echo "  make fuzz           run the libFuzzer targets longer (FUZZ_SECONDS=)"
	@echo "  make bench          benchmarks, one 'BENCH name value unit' per line"
	@echo "  make deps           install the Debian packages the project needs"
	@echo "  make check-format   verify .clang-format style"
