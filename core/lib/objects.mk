# SPDX-License-Identifier: GPL-2.0-only
obj-y += errno.o string.o strtol.o vsprintf.o console.o printk.o parse.o bitmap.o
