# SPDX-License-Identifier: GPL-2.0-only
obj-$(CONFIG_SERIAL_PL011) += pl011.o
obj-$(CONFIG_SERIAL_NS16550) += ns16550.o
