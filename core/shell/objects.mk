# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_SHELL) += tokenize.o registry.o exec.o run.o lineedit.o \
	lineedit_hist.o lineedit_comp.o
