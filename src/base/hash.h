/* hash.h: one fast 64-bit hash of bytes (MurmurHash64A's mixing, eight
 * bytes a step), for the string map and for the checksums of the
 * snapshot file. Not for adversaries: it guards against corruption and
 * spreads keys, nothing more. */
#ifndef BASE_HASH_H
#define BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of p[0..len) under seed. The same bytes give the same value on
 * every machine of one byte order (the snapshot file records its own). */
uint64_t hash64(const void *p, size_t len, uint64_t seed);

#endif
