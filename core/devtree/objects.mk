# SPDX-License-Identifier: GPL-2.0-only
obj-y += open.o read.o reg.o memory.o bootargs.o print.o layout.o
