/* SPDX-License-Identifier: GPL-2.0-only */
/* Compiler helpers shared by every target and the host build. */
#ifndef MINIVISOR_COMPILER_H
#define MINIVISOR_COMPILER_H

#define __noreturn __attribute__((__noreturn__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __unused __attribute__((__unused__))
#define __section(s) __attribute__((__section__(s)))
#define __used __attribute__((__used__))
#define __printf(a, b) __attribute__((__format__(__printf__, a, b)))
#define __must_check __attribute__((__warn_unused_result__))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
