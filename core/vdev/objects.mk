# SPDX-License-Identifier: GPL-2.0-only
obj-y += vdev.o vpl011.o vtestdev.o
