# SPDX-License-Identifier: GPL-2.0-only
obj-y += core.o hw.o regs.o vgic.o vtimer.o
