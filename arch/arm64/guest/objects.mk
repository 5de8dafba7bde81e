# SPDX-License-Identifier: GPL-2.0-only
obj-y += stage2.o vcpu.o guest.o exit.o sysreg.o hvc.o run.o ipi.o setup.o \
	cmd_time.o blobs.o
obj-y += cache.o
