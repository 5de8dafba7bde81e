# SPDX-License-Identifier: GPL-2.0-only
subdir-y += snp
