/* SPDX-License-Identifier: GPL-2.0-only */
/* Shell commands of the x86_64-snp port, registered once the shell exists. */
#ifndef ASM_X86_CMDS_H
#define ASM_X86_CMDS_H

/** Register `snp` (status of the SNP layer); 0 or a shell_register error. */
int x86_snp_cmd_register(void);

/** Register `fault` (take an unexpected exception on purpose). */
int x86_fault_cmd_register(void);

#endif
