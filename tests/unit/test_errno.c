// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/errno.h>

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(mv_strerror(-MV_ENOMEM), "ENOMEM");
	assert_string_equal(mv_strerror(MV_EINVAL), "EINVAL");
	assert_string_equal(mv_strerror(-9999), "E?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
