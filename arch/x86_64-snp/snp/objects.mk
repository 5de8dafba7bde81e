# SPDX-License-Identifier: GPL-2.0-only
# The SEV-SNP layer (also built for the host by tests/unit/snp.mk).
obj-y += ghcb.o ghcb_msr.o mem.o psc.o pvalidate.o snp.o status.o
