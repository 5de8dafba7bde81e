/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intrusive circular doubly linked lists, as in Linux: embed a struct
 * list_head in each element and reach the element with list_entry().
 * A list is a head whose next/prev point at itself when empty.
 */
#ifndef MINIVISOR_LIST_H
#define MINIVISOR_LIST_H

#include <minivisor/compiler.h>
#include <minivisor/types.h>

/** A list head, or the link embedded in a list element. */
struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

/** Define and initialise an empty list called @name. */
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/** Make @head an empty list (or an unlinked element). */
static inline void INIT_LIST_HEAD(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

/* Link @item between two known consecutive entries. */
static inline void list_link_between(struct list_head *item,
				     struct list_head *prev,
				     struct list_head *next)
{
	next->prev = item;
	item->next = next;
	item->prev = prev;
	prev->next = item;
}

/** Insert @item right after @head (at the front: stack order). */
static inline void list_add(struct list_head *item, struct list_head *head)
{
	list_link_between(item, head, head->next);
}

/** Insert @item right before @head (at the back: queue order). */
static inline void list_add_tail(struct list_head *item, struct list_head *head)
{
	list_link_between(item, head->prev, head);
}

/**
 * Unlink @item. Its pointers are left pointing at itself, so a second
 * list_del() or a list_empty() on it is harmless.
 */
static inline void list_del(struct list_head *item)
{
	item->prev->next = item->next;
	item->next->prev = item->prev;
	INIT_LIST_HEAD(item);
}

/** True when @head has no elements (or @head is an unlinked item). */
static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/** True when @head has exactly one element. */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/** True when @item is the last element of @head. */
static inline bool list_is_last(const struct list_head *item,
				const struct list_head *head)
{
	return item->next == head;
}

/** Move @item from its list to the front of @head. */
static inline void list_move(struct list_head *item, struct list_head *head)
{
	list_del(item);
	list_add(item, head);
}

/** Move @item from its list to the back of @head. */
static inline void list_move_tail(struct list_head *item,
				  struct list_head *head)
{
	list_del(item);
	list_add_tail(item, head);
}

/** Append all elements of @from to @to, leaving @from empty. */
static inline void list_splice_tail_init(struct list_head *from,
					 struct list_head *to)
{
	if (list_empty(from))
		return;
	from->next->prev = to->prev;
	to->prev->next = from->next;
	from->prev->next = to;
	to->prev = from->prev;
	INIT_LIST_HEAD(from);
}

/** Number of elements (O(n): for info commands and tests). */
static inline size_t list_count(const struct list_head *head)
{
	size_t n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/** The element of type @type that embeds @ptr as @member. */
#define list_entry(ptr, type, member) container_of(ptr, type, member)

/** The first element of a non-empty list. */
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)

/** The last element of a non-empty list. */
#define list_last_entry(head, type, member) \
	list_entry((head)->prev, type, member)

/** The first element, or NULL when the list is empty. */
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))

/** Iterate over the links of @head. Do not remove @pos inside. */
#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/** Iterate over links; @pos may be removed (@n is the next one). */
#define list_for_each_safe(pos, n, head)                               \
	for ((pos) = (head)->next, (n) = (pos)->next; (pos) != (head); \
	     (pos) = (n), (n) = (pos)->next)

/** Iterate over the elements of @head (type of @pos, via @member). */
#define list_for_each_entry(pos, head, member)                             \
	for ((pos) = list_entry((head)->next, __typeof__(*(pos)), member); \
	     &(pos)->member != (head);                                     \
	     (pos) = list_entry((pos)->member.next, __typeof__(*(pos)),    \
				member))

/** Iterate over elements; @pos may be removed (@n is the next one). */
#define list_for_each_entry_safe(pos, n, head, member)                        \
	for ((pos) = list_entry((head)->next, __typeof__(*(pos)), member),    \
	    (n) = list_entry((pos)->member.next, __typeof__(*(pos)), member); \
	     &(pos)->member != (head); (pos) = (n),                           \
	    (n) = list_entry((n)->member.next, __typeof__(*(n)), member))

#endif
