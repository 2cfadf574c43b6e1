/* hashmap.h: an open-addressing map from NUL-terminated strings to
 * uint64_t values. Keys are not copied: they must outlive the map (they
 * live in the registry's arena). */
#ifndef HASHMAP_H
#define HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap_entry {
	const char *key;
	uint64_t value;
	uint32_t hash;
};

struct hashmap {
	struct hashmap_entry *v;
	size_t n, cap; /* cap is 0 or a power of two */
};

#define HASHMAP_INIT { 0 }

uint32_t hashmap_hash(const char *s, size_t len);
/* Insert key -> value unless key is present. Returns 1 if inserted, 0 if
 * the key was there already (its value is then left as it was and written
 * to *old, if old is not NULL). */
int hashmap_put(struct hashmap *m, const char *key, uint64_t value, uint64_t *old);
/* Insert or replace. */
void hashmap_set(struct hashmap *m, const char *key, uint64_t value);
/* Find key[0..len) (need not be NUL-terminated). Returns 1 and sets *value
 * if present. */
int hashmap_getn(const struct hashmap *m, const char *key, size_t len, uint64_t *value);
int hashmap_get(const struct hashmap *m, const char *key, uint64_t *value);
void hashmap_clear(struct hashmap *m);
void hashmap_release(struct hashmap *m);

#endif
