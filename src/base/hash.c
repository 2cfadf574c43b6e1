/* hash.c: MurmurHash64A (Austin Appleby, public domain), read through
 * memcpy so that no unaligned load is undefined. */
#include "base/hash.h"

#include <string.h>

#include "base/banned.h"

uint64_t hash64(const void *p, size_t len, uint64_t seed)
{
	const uint64_t m = 0xc6a4a7935bd1e995ull;
	const unsigned char *s = p;
	uint64_t h = seed ^ (len * m), k, tail = 0;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&k, s, 8);
		k *= m;
		k ^= k >> 47;
		k *= m;
		h ^= k;
		h *= m;
	}
	if (len) {
		/* the last 1..7 bytes, as the first ones of a word */
		for (size_t i = len; i-- > 0;)
			tail = tail << 8 | s[i];
		h ^= tail;
		h *= m;
	}
	h ^= h >> 47;
	h *= m;
	h ^= h >> 47;
	return h;
}
