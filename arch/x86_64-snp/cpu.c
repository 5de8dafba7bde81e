// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot CPU setup (GDT, TSS with IST stacks, IDT) and the CPU part of
 * the arch interface. Interrupts stay masked: the SVSM polls its
 * console, and every exception is unexpected.
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <asm/x86.h>

/* IST slots: #DF, NMI, #MC and #VC each get their own stack. */
enum { IST_DF = 1, IST_NMI, IST_MC, IST_VC, IST_OTHER, IST_COUNT };

struct x86_tss {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t rsvd1;
	uint64_t ist[7];
	uint64_t rsvd2;
	uint16_t rsvd3;
	uint16_t iomap_base;
} __packed;

struct x86_idt_entry {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, rsvd;
} __packed;

struct x86_desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

static uint64_t gdt[5] __aligned(16);
static struct x86_tss tss __aligned(16);
static struct x86_idt_entry idt[X86_NR_EXCEPTIONS] __aligned(16);
static uint8_t ist_stacks[IST_COUNT - 1][X86_IST_STACK_SIZE] __aligned(16);

static void gdt_set_tss(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	gdt[1] = 0x00af9a000000ffffULL; /* X86_CS64 */
	gdt[2] = 0x00cf92000000ffffULL; /* X86_DS */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | /* present, 64-bit available TSS */
		 (((limit >> 16) & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	gdt[4] = base >> 32;
}

static void gdt_load(void)
{
	struct x86_desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };

	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "ltr %w3"
		     :
		     : "m"(p), "i"(X86_CS64), "i"(X86_DS), "r"(X86_TSS)
		     : "rax", "memory");
}

static unsigned int vector_ist(unsigned int v)
{
	switch (v) {
	case 2:
		return IST_NMI;
	case 8:
		return IST_DF;
	case 18:
		return IST_MC;
	case 29:
		return IST_VC;
	default:
		return IST_OTHER;
	}
}

static void idt_init(void)
{
	struct x86_desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };

	for (unsigned int v = 0; v < X86_NR_EXCEPTIONS; v++) {
		uint64_t h = x86_exception_stubs[v];

		idt[v] = (struct x86_idt_entry){
			.off_lo = h & 0xffff,
			.sel = X86_CS64,
			.ist = (uint8_t)vector_ist(v),
			.type = 0x8e, /* present, interrupt gate */
			.off_mid = (h >> 16) & 0xffff,
			.off_hi = h >> 32,
		};
	}
	asm volatile("lidt %0" ::"m"(p));
}

void x86_cpu_init(void)
{
	for (unsigned int i = 1; i < IST_COUNT; i++)
		tss.ist[i - 1] =
			(uint64_t)&ist_stacks[i - 1][X86_IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);
	gdt_set_tss();
	gdt_load();
	idt_init();
}

unsigned int arch_cpu_id(void)
{
	return 0;
}

void arch_cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

void arch_cpu_wait(void)
{
	/* No interrupt sources are enabled: HLT would never wake. */
	arch_cpu_relax();
}

void arch_cpu_halt(void)
{
	for (;;)
		asm volatile("cli; hlt" ::: "memory");
}

irqflags_t arch_irq_save(void)
{
	irqflags_t flags;

	asm volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	return flags;
}

void arch_irq_restore(irqflags_t flags)
{
	if (flags & (1UL << 9)) /* IF */
		asm volatile("sti" ::: "memory");
}

void arch_irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

void arch_irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

void arch_spin_lock(arch_spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (READ_ONCE(lock->locked))
			arch_cpu_relax();
}

bool arch_spin_trylock(arch_spinlock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}
