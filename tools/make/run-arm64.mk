# SPDX-License-Identifier: GPL-2.0-only
#
# make run / make debug: build arm64_virt_defconfig in build/arm64 and
# boot it in QEMU virt at EL2 (tools/qemu-arm64.sh).
#   make run [DEFCONFIG=arm64_virt_defconfig|x86_64_snp_defconfig]
#   make run [GIC=2|3] [SMP=n] [MEM=512M] [CPU=model] [BANKS=1|2]
#            [BOOTCMD='guest create guest0'] [APPEND='minivisor.bootcmd="..."']
#            [BUNDLE=bundle.cpio] [QEMU_ARGS=...]
# Quit QEMU with Ctrl-A x (or the `poweroff` command).
#
# By default the boot command creates guest0, the test guest (docs/
# arm64-guests.md): `guest kick guest0`, then `vserial bind guest0/uart0`
# (Ctrl-] q comes back). BOOTCMD= (empty) boots without it; APPEND
# replaces the whole command line. BUNDLE loads a boot bundle (guest
# images and a guests.dtb) through tools/qemu-arm64.sh --bundle.

ARM64_IMAGE := $(ARM64_O)/minivisor.elf
BOOTCMD ?= guest create guest0
ARM64_APPEND = $(or $(APPEND),$(if $(BOOTCMD),minivisor.bootcmd="$(BOOTCMD)"))
ARM64_RUN_OPTS = --image $(ARM64_IMAGE) --gic $(or $(GIC),3) \
	--smp $(or $(SMP),2) --mem $(or $(MEM),512M) \
	--cpu $(or $(CPU),cortex-a57) --banks $(or $(BANKS),1) \
	$(if $(ARM64_APPEND),--append '$(ARM64_APPEND)') \
	$(if $(BUNDLE),--bundle '$(abspath $(BUNDLE))')

.PHONY: run debug arm64-image

arm64-image: deps-ok
	$(Q)$(call configure,$(ARM64_O),arm64_virt_defconfig)
	$(Q)$(SUBMAKE) O=$(ARM64_O) all

# `make run DEFCONFIG=x86_64_snp_defconfig` boots the SVSM instead.
ifeq ($(DEFCONFIG),x86_64_snp_defconfig)
run: run-x86
else ifneq ($(filter-out arm64_virt_defconfig,$(DEFCONFIG)),)
run:
	@echo "error: make run knows arm64_virt_defconfig and x86_64_snp_defconfig, not $(DEFCONFIG)"
	@exit 1
else
run: arm64-image
	$(Q)bash $(srctree)/tools/qemu-arm64.sh $(ARM64_RUN_OPTS) -- $(QEMU_ARGS)
endif

debug: arm64-image
	@echo "QEMU waits for gdb on localhost:1234. In another terminal:"
	@echo "  gdb-multiarch -q $(ARM64_IMAGE) -x $(srctree)/tools/gdb/minivisor.gdb -ex mv-connect"
	@command -v gdb-multiarch >/dev/null || \
		echo "  (gdb-multiarch is not installed: apt-get install gdb-multiarch)"
	$(Q)bash $(srctree)/tools/qemu-arm64.sh $(ARM64_RUN_OPTS) --debug -- $(QEMU_ARGS)
