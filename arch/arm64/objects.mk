# SPDX-License-Identifier: GPL-2.0-only
obj-y += boot/head.o entry.o setup.o cpu.o early_con.o time.o psci.o
obj-y += traps.o irq.o mmu.o pgtable.o smp.o stackprot.o cmd_fault.o hostinfo.o
subdir-$(CONFIG_GUEST) += guest vgic
