# SPDX-License-Identifier: GPL-2.0-only
obj-y += boot/head.o entry.o setup.o cpu.o traps.o time.o power.o
obj-y += early_con.o stackprot.o mmu.o mm/pgtable.o pvh.o dtfix.o dtb.o
obj-y += platform.o platform_native.o hostinfo.o cmd_snp.o cmd_fault.o
subdir-y += snp
subdir-y += svsm
obj-y += cmd_svsm.o
