# SPDX-License-Identifier: GPL-2.0-only
#
# Host build: libminivisor.a plus the unit tests, benchmarks and fuzz
# targets that link against it. HOSTFLAVOR selects the instrumentation:
#   test  (default) gcc, ASan + UBSan, every error fatal
#   bench gcc -O2, no sanitizers
#   fuzz  clang, libFuzzer + ASan + UBSan
HOSTFLAVOR ?= test
CROSS_COMPILE :=

ifeq ($(HOSTFLAVOR),fuzz)
HOSTCC_OVERRIDE := clang
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
else ifeq ($(HOSTFLAVOR),bench)
SANFLAGS :=
CFLAGS := $(filter-out -O1,$(CFLAGS)) -O2 -DNDEBUG
else
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
endif
CFLAGS += $(SANFLAGS)
CPPFLAGS += -DMV_HOST=1

IMAGE := $(O)/libminivisor.a

$(IMAGE): $(OBJS)
	$(if $(Q),@echo "  AR      $(notdir $@)")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

HOST_LIBS := -lfdt
include $(srctree)/tests/unit/unit.mk
include $(srctree)/tests/bench/bench.mk
include $(srctree)/tests/fuzz/fuzz.mk
