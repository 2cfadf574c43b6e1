/* sort.h: a stable radix sort of (64-bit key, 32-bit index) pairs, for the
 * big sorts of a registry (events by their days, the dyad index by pair):
 * linear in their number where qsort's comparisons were a sixth of a
 * million-event check. */
#ifndef BASE_SORT_H
#define BASE_SORT_H

#include <stddef.h>
#include <stdint.h>

struct sort_item {
	uint64_t key;
	uint32_t index;
};

/* Sort v[0..n) by key, keeping the order of equal keys (LSD, 16 bits a
 * pass, passes whose digit is the same in every key skipped). Below 65,536
 * items, by comparison of (key, index): give equal keys growing indices. */
void radix_sort(struct sort_item *v, size_t n);

/* The key of a signed 32-bit number, ordered as the numbers are. */
static inline uint32_t radix_i32(int32_t x)
{
	return (uint32_t)x ^ 0x80000000u;
}

#endif
