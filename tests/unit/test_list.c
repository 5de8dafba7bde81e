// SPDX-License-Identifier: GPL-2.0-only
/* Intrusive lists: order, removal while iterating, moves and splices. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minivisor/list.h>

struct item {
	int value;
	struct list_head link;
};

/* Check that @head holds exactly @want[0..n) in order, both ways. */
static void check_order(struct list_head *head, const int *want, size_t n)
{
	struct item *it;
	size_t i = 0;

	assert_int_equal(list_count(head), n);
	list_for_each_entry(it, head, link) {
		assert_true(i < n);
		assert_int_equal(it->value, want[i++]);
	}
	assert_int_equal(i, n);
	/* Walk backwards through prev to check the other direction. */
	for (struct list_head *p = head->prev; p != head; p = p->prev)
		assert_int_equal(list_entry(p, struct item, link)->value,
				 want[--i]);
}

static void test_empty(void **state)
{
	LIST_HEAD(head);
	struct list_head dyn;

	(void)state;
	INIT_LIST_HEAD(&dyn);
	assert_true(list_empty(&head));
	assert_true(list_empty(&dyn));
	assert_false(list_is_singular(&head));
	assert_int_equal(list_count(&head), 0);
	assert_null(list_first_entry_or_null(&head, struct item, link));
}

static void test_add_and_add_tail(void **state)
{
	LIST_HEAD(head);
	struct item a = { .value = 1 }, b = { .value = 2 }, c = { .value = 3 };
	const int want[] = { 2, 1, 3 };

	(void)state;
	list_add(&a.link, &head);
	assert_true(list_is_singular(&head));
	list_add(&b.link, &head);
	list_add_tail(&c.link, &head);
	check_order(&head, want, 3);
	assert_ptr_equal(list_first_entry(&head, struct item, link), &b);
	assert_ptr_equal(list_last_entry(&head, struct item, link), &c);
	assert_true(list_is_last(&c.link, &head));
	assert_false(list_is_last(&a.link, &head));
}

static void test_del(void **state)
{
	LIST_HEAD(head);
	struct item it[4] = {
		{ .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 }
	};
	const int want[] = { 0, 3 };

	(void)state;
	for (int i = 0; i < 4; i++)
		list_add_tail(&it[i].link, &head);
	list_del(&it[1].link);
	list_del(&it[2].link);
	check_order(&head, want, 2);
	/* A deleted item is self-linked: deleting again is harmless. */
	assert_true(list_empty(&it[1].link));
	list_del(&it[1].link);
	check_order(&head, want, 2);
	list_del(&it[0].link);
	list_del(&it[3].link);
	assert_true(list_empty(&head));
}

static void test_delete_while_iterating(void **state)
{
	LIST_HEAD(head);
	struct item it[10], *pos, *n;
	const int want[] = { 1, 3, 5, 7, 9 };

	(void)state;
	for (int i = 0; i < 10; i++) {
		it[i].value = i;
		list_add_tail(&it[i].link, &head);
	}
	list_for_each_entry_safe(pos, n, &head, link)
		if (pos->value % 2 == 0)
			list_del(&pos->link);
	check_order(&head, want, 5);

	struct list_head *p, *q;

	list_for_each_safe(p, q, &head)
		list_del(p);
	assert_true(list_empty(&head));
}

static void test_move_and_splice(void **state)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item it[5];
	const int want_a[] = { 4, 0, 2 };
	const int want_b[] = { 1, 3 };
	const int want_all[] = { 4, 0, 2, 1, 3 };

	(void)state;
	for (int i = 0; i < 5; i++) {
		it[i].value = i;
		list_add_tail(&it[i].link, &a);
	}
	list_move_tail(&it[1].link, &b);
	list_move_tail(&it[3].link, &b);
	list_move(&it[4].link, &a);
	check_order(&a, want_a, 3);
	check_order(&b, want_b, 2);
	list_splice_tail_init(&b, &a);
	assert_true(list_empty(&b));
	check_order(&a, want_all, 5);
	/* Splicing an empty list changes nothing. */
	list_splice_tail_init(&b, &a);
	check_order(&a, want_all, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_and_add_tail),
		cmocka_unit_test(test_del),
		cmocka_unit_test(test_delete_while_iterating),
		cmocka_unit_test(test_move_and_splice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
