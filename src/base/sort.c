/* sort.c: LSD radix sort with 16-bit digits. The counts of all four
 * digits are taken in one pass; a digit that is the same in every key (the
 * high halves of small numbers) costs no pass. */
#include "base/sort.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

enum { DIGITS = 4, BUCKETS = 1 << 16 };

static int cmp_item(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void radix_sort(struct sort_item *v, size_t n)
{
	struct sort_item *tmp, *from = v, *to;
	size_t *count;
	if (n < 32) {
		/* a few: insertion, stable too */
		for (size_t i = 1; i < n; i++) {
			struct sort_item x = v[i];
			size_t j = i;
			for (; j > 0 && v[j - 1].key > x.key; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	if (n < 65536) {
		/* fewer than the buckets of one pass: the 2 MB of counts would
		 * cost more than the sort (a query's small registry). The
		 * indices break ties, which keeps the input order of equal
		 * keys where, as in every use here, they grow with it. */
		qsort(v, n, sizeof(*v), cmp_item);
		return;
	}
	count = xcalloc((size_t)DIGITS * BUCKETS, sizeof(*count));
	for (size_t i = 0; i < n; i++)
		for (int d = 0; d < DIGITS; d++)
			count[(size_t)d * BUCKETS + (v[i].key >> (16 * d) & 0xffff)]++;
	tmp = xmalloc(n * sizeof(*tmp));
	to = tmp;
	for (int d = 0; d < DIGITS; d++) {
		size_t *c = count + (size_t)d * BUCKETS, sum = 0;
		if (c[from[0].key >> (16 * d) & 0xffff] == n)
			continue; /* every key has this digit */
		for (size_t b = 0; b < BUCKETS; b++) {
			size_t k = c[b];
			c[b] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			to[c[from[i].key >> (16 * d) & 0xffff]++] = from[i];
		to = from;
		from = from == v ? tmp : v;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
	free(tmp);
	free(count);
}
