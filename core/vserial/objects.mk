# SPDX-License-Identifier: GPL-2.0-only
obj-y += vserial.o bind.o
