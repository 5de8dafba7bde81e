# SPDX-License-Identifier: GPL-2.0-only
#
# make run-x86: build x86_64_snp_defconfig in build/x86_64 and boot it in
# QEMU (tools/qemu-x86.sh: PVH -kernel, -cpu EPYC-Milan, native platform).
#   make run-x86 [MEM=128M] [CPU=model] [APPEND='minivisor.bootcmd="..."']
#                [QEMU_ARGS=...]
# Quit QEMU with Ctrl-A x (or the `poweroff` command).

X86_IMAGE := $(X86_O)/minivisor-x86_64.elf
X86_RUN_OPTS = --image $(X86_IMAGE) --mem $(or $(MEM),128M) \
	--cpu $(or $(CPU),EPYC-Milan) $(if $(APPEND),--append '$(APPEND)')

.PHONY: run-x86 x86-image debug-x86

x86-image: deps-ok
	$(Q)$(call configure,$(X86_O),x86_64_snp_defconfig)
	$(Q)$(SUBMAKE) O=$(X86_O) all

run-x86: x86-image
	$(Q)bash $(srctree)/tools/qemu-x86.sh $(X86_RUN_OPTS) -- $(QEMU_ARGS)

debug-x86: x86-image
	@echo "QEMU waits for gdb on localhost:1234. In another terminal:"
	@echo "  gdb-multiarch -q $(X86_IMAGE) -x $(srctree)/tools/gdb/minivisor.gdb -ex mv-connect"
	$(Q)bash $(srctree)/tools/qemu-x86.sh $(X86_RUN_OPTS) --debug -- $(QEMU_ARGS)
