// SPDX-License-Identifier: GPL-2.0-only
/* SEV_STATUS decoding for `snp status` (names after snp-facts.md 6). */
#include <minivisor/printk.h>
#include <asm/snp.h>

static const char *const sev_status_bit_names[] = {
	[0] = "sev",
	[1] = "sev-es",
	[2] = "snp",
	[3] = "vtom",
	[4] = "reflect-vc",
	[5] = "restricted-injection",
	[6] = "alternate-injection",
	[7] = "debug-swap",
	[8] = "prevent-host-ibs",
	[9] = "btb-isolation",
	[10] = "vmpl-sss",
	[11] = "secure-tsc",
	[12] = "vmgexit-parameter",
	[14] = "ibs-virtualization",
	[16] = "vmsa-reg-protection",
	[17] = "smt-protection",
	[23] = "ibpb-on-entry",
};

static const char *sev_bit_name(unsigned int bit)
{
	if (bit < ARRAY_SIZE(sev_status_bit_names))
		return sev_status_bit_names[bit];
	return NULL;
}

int snp_sev_status_names(uint64_t status, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	if (!status)
		return mv_snprintf(buf, size, "none");
	for (unsigned int bit = 0; bit < 64; bit++) {
		const char *name = sev_bit_name(bit);
		size_t room = len < size ? size - len : 0;

		if (!(status & BIT_ULL(bit)))
			continue;
		if (name)
			len += mv_snprintf(buf + (room ? len : 0), room, "%s%s",
					   len ? " " : "", name);
		else
			len += mv_snprintf(buf + (room ? len : 0), room,
					   "%sbit%u", len ? " " : "", bit);
	}
	return (int)len;
}
