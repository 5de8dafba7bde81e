// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the input is a sequence of host_ram and buddy
 * operations, good and bad, replayed against both allocators and a
 * byte-per-frame / byte-per-block model. After every operation the
 * return code, the counts, the model and the allocator's own check()
 * must agree; any disagreement aborts.
 *
 * Input: 4 header bytes (bank 0 and 1 sizes, buddy size, bank 1 start
 * offset), then 4-byte records: op, a, b, c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <minivisor/buddy.h>
#include <minivisor/errno.h>
#include <minivisor/host_ram.h>

#define PG 4096ULL
#define MAXF 1024 /* frames per bank */
#define MAXB 1024 /* buddy min blocks */
#define B0 0x40000000ULL
#define B1 0x40400000ULL
#define BBASE 0x100000ULL

#define CHECK(c)                 \
	do {                     \
		if (!(c))        \
			abort(); \
	} while (0)

enum { FREE, USED, RESV };

struct bank {
	paddr_t start;
	uint64_t n;
	unsigned char st[MAXF];
};

static struct bank banks[2];
static unsigned char bst[MAXB]; /* buddy model: per min block */
static unsigned char bhead[MAXB]; /* order + 1 at a live head, else 0 */
static uint64_t bn;
static struct buddy bd;
static uint64_t hr_meta[2][(MAXF + 1024) / 8 + 64];
static uint64_t bd_meta[4096];

/* Lowest frame of bank @b where @count frames at @align fit, or -1. */
static int64_t fit(const struct bank *b, uint64_t count, uint64_t align)
{
	static uint64_t run[MAXF + 1];
	uint64_t f;

	run[b->n] = 0;
	for (f = b->n; f-- > 0;)
		run[f] = b->st[f] == FREE ? run[f + 1] + 1 : 0;
	for (f = 0; f < b->n; f++)
		if ((b->start / PG + f) % align == 0 && run[f] >= count)
			return (int64_t)f;
	return -1;
}

static void hr_alloc(uint8_t a, uint8_t b)
{
	uint64_t count = a % 4 ? 1 + a % 16 : 1 + a * 3ULL;
	uint64_t align = 1ULL << (b % 11), i;
	int64_t want = -1;
	unsigned int k;
	paddr_t pa;
	int rc = host_ram_alloc(count, align * PG, &pa);

	for (k = 0; k < 2 && want < 0; k++)
		want = fit(&banks[k], count, align);
	if (want < 0) {
		CHECK(rc == -MV_ENOMEM);
		return;
	}
	k--;
	CHECK(rc == 0 && pa == banks[k].start + (uint64_t)want * PG);
	for (i = 0; i < count; i++)
		banks[k].st[want + (int64_t)i] = USED;
}

/* A frame address near or inside bank @k from byte @a. */
static paddr_t hr_addr(unsigned int k, uint8_t a, uint8_t c)
{
	int64_t f = (int64_t)(a * banks[k].n / 256) - 2 + (c & 3);

	return banks[k].start + (uint64_t)(f * (int64_t)PG) + ((c & 8) ? 8 : 0);
}

/* Expected result of freeing @count frames at @pa; *@k = their bank. */
static int hr_free_want(paddr_t pa, uint64_t count, unsigned int *k)
{
	uint64_t f, i;
	int want = 0;

	for (*k = 0; *k < 2; (*k)++) {
		const struct bank *b = &banks[*k];

		if (pa % PG || pa < b->start || pa >= b->start + b->n * PG)
			continue;
		f = (pa - b->start) / PG;
		if (!count || f + count > b->n)
			return -MV_EINVAL;
		for (i = f; i < f + count; i++)
			if (b->st[i] == RESV)
				return -MV_EPERM;
		for (i = f; i < f + count; i++)
			if (b->st[i] == FREE)
				want = -MV_EALREADY;
		return want;
	}
	return -MV_EINVAL;
}

static void hr_free(uint8_t a, uint8_t b, uint8_t c)
{
	paddr_t pa = hr_addr(c >> 7, a, c);
	uint64_t count = b % 8, i;
	unsigned int k;
	int want = hr_free_want(pa, count, &k);

	CHECK(host_ram_free(pa, count) == want);
	for (i = 0; !want && i < count; i++)
		banks[k].st[(pa - banks[k].start) / PG + i] = FREE;
}

static void hr_reserve(uint8_t a, uint8_t b, uint8_t c)
{
	unsigned int k = c >> 7;
	paddr_t pa = hr_addr(k, a, c) + (c & 16 ? 100 : 0);
	uint64_t size = (b % 8) * PG + (c & 32 ? 1 : 0), f;
	int want = size ? 0 : -MV_EINVAL;
	unsigned int j;

	for (j = 0; j < 2; j++)
		for (f = 0; size && f < banks[j].n; f++) {
			paddr_t fa = banks[j].start + f * PG;

			if (fa + PG > pa && fa < pa + size &&
			    banks[j].st[f] == USED)
				want = -MV_EBUSY;
		}
	CHECK(host_ram_reserve(pa, size) == want);
	for (j = 0; !want && j < 2; j++)
		for (f = 0; f < banks[j].n; f++) {
			paddr_t fa = banks[j].start + f * PG;

			if (fa + PG > pa && fa < pa + size)
				banks[j].st[f] = RESV;
		}
}

static void hr_verify(void)
{
	struct host_ram_info info;
	uint64_t nfree = 0, nresv = 0, f, words[MAXF / 64];
	unsigned int k;

	for (k = 0; k < 2; k++) {
		CHECK(host_ram_bank_bitmap(k, 0, words, MAXF / 64) ==
		      (int)((banks[k].n + 63) / 64));
		for (f = 0; f < banks[k].n; f++) {
			nfree += banks[k].st[f] == FREE;
			nresv += banks[k].st[f] == RESV;
			CHECK((words[f / 64] >> (f % 64) & 1) ==
			      (banks[k].st[f] != FREE));
		}
	}
	host_ram_get_info(&info);
	CHECK(info.free_frames == nfree && info.reserved_frames == nresv);
	CHECK(host_ram_check() == 0);
}

static void bd_alloc(uint8_t a)
{
	unsigned int k = a % 8;
	uint64_t size = (PG << k) - (a & 0x80 ? PG - 1 : 0), p, i;
	uint64_t addr;
	int rc = buddy_alloc(&bd, size, &addr);

	if (size > bn * PG) {
		CHECK(rc == -MV_EINVAL);
		return;
	}
	if (rc) {
		CHECK(rc == -MV_ENOMEM);
		for (p = 0; p + (1ULL << k) <= bn; p += 1ULL << k) {
			for (i = 0; i < (1ULL << k) && bst[p + i] == FREE; i++)
				;
			CHECK(i < (1ULL << k)); /* a free block was missed */
		}
		return;
	}
	p = (addr - BBASE) / PG;
	CHECK(p % (1ULL << k) == 0 && p + (1ULL << k) <= bn);
	for (i = 0; i < (1ULL << k); i++) {
		CHECK(bst[p + i] == FREE);
		bst[p + i] = USED;
	}
	bhead[p] = (unsigned char)(k + 1);
}

static void bd_free(uint8_t a, uint8_t c)
{
	uint64_t p = a * (bn + 4) / 256, i;
	uint64_t addr = BBASE + p * PG + (c & 1 ? 16 : 0);
	int rc = buddy_free(&bd, addr);

	if (addr % PG || p >= bn || !bhead[p]) {
		CHECK(rc == (p < bn && !(addr % PG) && bst[p] == FREE ?
				     -MV_EALREADY :
				     -MV_EINVAL));
		return;
	}
	CHECK(rc == 0);
	for (i = 0; i < (1ULL << (bhead[p] - 1)); i++)
		bst[p + i] = FREE;
	bhead[p] = 0;
}

static void bd_reserve(uint8_t a, uint8_t b, bool undo)
{
	uint64_t p = a * bn / 256, len = 1 + b % 6, i;
	bool ok = p + len <= bn;
	int rc;

	for (i = 0; ok && i < len; i++)
		ok = bst[p + i] == (undo ? RESV : FREE);
	rc = undo ? buddy_unreserve(&bd, BBASE + p * PG, len * PG) :
		    buddy_reserve(&bd, BBASE + p * PG, len * PG);
	CHECK(ok ? rc == 0 : rc == -MV_EINVAL || rc == -MV_EBUSY);
	for (i = 0; ok && i < len; i++)
		bst[p + i] = undo ? FREE : RESV;
}

static void bd_verify(void)
{
	struct buddy_info info;
	uint64_t used = 0, i;

	for (i = 0; i < bn; i++)
		used += bst[i] != FREE;
	buddy_get_info(&bd, &info);
	CHECK(info.used_bytes == used * PG && buddy_check(&bd) == 0);
}

static void setup(const uint8_t *h)
{
	unsigned int k;
	size_t msz;

	host_ram_reset();
	memset(banks, 0, sizeof(banks));
	banks[0] = (struct bank){ .start = B0, .n = 1 + h[0] * 4 };
	banks[1] = (struct bank){ .start = B1 + (h[3] % 8) * PG,
				  .n = 1 + h[1] * 4 };
	for (k = 0; k < 2; k++)
		CHECK(host_ram_add_bank(banks[k].start, banks[k].n * PG,
					hr_meta[k]) == (int)k);
	bn = 1 + h[2] * 4;
	msz = buddy_meta_size(bn * PG, 12);
	CHECK(msz && msz <= sizeof(bd_meta));
	CHECK(buddy_init(&bd, BBASE, bn * PG, 12, bd_meta, msz) == 0);
	memset(bst, 0, sizeof(bst));
	memset(bhead, 0, sizeof(bhead));
}

static void step(const uint8_t *r)
{
	switch (r[0] % 8) {
	case 0:
	case 1:
		hr_alloc(r[1], r[2]);
		break;
	case 2:
		hr_free(r[1], r[2], r[3]);
		break;
	case 3:
		hr_reserve(r[1], r[2], r[3]);
		break;
	case 4:
		bd_alloc(r[1]);
		break;
	case 5:
		bd_free(r[1], r[3]);
		break;
	default:
		bd_reserve(r[1], r[2], r[0] % 8 == 7);
		break;
	}
	if (r[0] % 8 < 4)
		hr_verify();
	else
		bd_verify();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	if (size < 4)
		return 0;
	CHECK(host_ram_bank_meta_size(MAXF * PG) <= sizeof(hr_meta[0]));
	setup(data);
	for (i = 4; i + 4 <= size; i += 4)
		step(data + i);
	return 0;
}
