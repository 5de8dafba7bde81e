/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The platform the SVSM runs on, detected at boot from CPUID 0x8000001F
 * and the SEV_STATUS MSR: `native` (plain QEMU/KVM, no SEV) or `snp`.
 * Everything that differs between them - page state, validation, port
 * I/O (the console) and termination - goes through one ops struct.
 */
#ifndef ASM_PLATFORM_H
#define ASM_PLATFORM_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

enum x86_platform_kind {
	X86_PLATFORM_NATIVE,
	X86_PLATFORM_SNP,
};

/** What a platform does for the rest of the SVSM. */
struct x86_platform_ops {
	const char *name; /* "native" or "snp" */
	enum x86_platform_kind kind;
	/** Write one byte to I/O port @port. */
	int (*io_write8)(uint16_t port, uint8_t val);
	/** Read one byte from I/O port @port into *@val. */
	int (*io_read8)(uint16_t port, uint8_t *val);
	/** Leave for good, telling the host why (GHCB set/code on SNP). */
	void __noreturn (*terminate)(unsigned int set, unsigned int code);
};

/** The SNP implementation (the SNP layer behind the ops). */
extern const struct x86_platform_ops x86_platform_snp;

/** The native implementation (port I/O instructions, isa-debug-exit). */
extern const struct x86_platform_ops x86_platform_native;

/**
 * Which platform this is: SNP when CPUID 0x8000001F reports SEV and
 * SEV_STATUS has SNP enabled; SEV_STATUS is read only when CPUID says
 * the MSR exists (reading it elsewhere would #GP).
 */
enum x86_platform_kind x86_platform_detect(uint64_t *sev_status);

/** Select the platform; before this, x86_platform() is NULL. */
void x86_platform_set(const struct x86_platform_ops *ops);

/** The selected platform, or NULL very early in boot. */
const struct x86_platform_ops *x86_platform(void);

/** Port I/O through the platform; 0xff / dropped before selection. */
uint8_t x86_io_read8(uint16_t port);

/** Write @val to @port through the platform. */
void x86_io_write8(uint16_t port, uint8_t val);

#endif
