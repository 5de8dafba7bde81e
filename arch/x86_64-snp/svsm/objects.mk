# SPDX-License-Identifier: GPL-2.0-only
# The SVSM protocol (also built for the host by tests/unit/snp.mk).
obj-y += svsm.o core.o gmem.o pvalidate.o vcpu.o probe.o
