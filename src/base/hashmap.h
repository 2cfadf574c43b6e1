/* hashmap.h: an open-addressing map from NUL-terminated strings to
 * uint64_t values. Keys are not copied: they must outlive the map (they
 * live in the registry's arena). And a map from pointers to values, for
 * keys that are their own identity (interned ids: equal ids are equal
 * pointers), which is found without reading the string at all. */
#ifndef HASHMAP_H
#define HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap_entry {
	const char *key;
	uint64_t value;
	uint32_t hash;
	uint32_t len; /* of key: a probe compares lengths before bytes */
};

struct hashmap {
	struct hashmap_entry *v;
	size_t n, cap; /* cap is 0 or a power of two */
};

#define HASHMAP_INIT { 0 }

uint32_t hashmap_hash(const char *s, size_t len);
/* Make room for n keys without growing (a map filled from a known count). */
void hashmap_reserve(struct hashmap *m, size_t n);
/* Insert key -> value unless key is present. Returns 1 if inserted, 0 if
 * the key was there already (its value is then left as it was and written
 * to *old, if old is not NULL). */
int hashmap_put(struct hashmap *m, const char *key, uint64_t value, uint64_t *old);
/* The same for key[0..len), which must be NUL-terminated at len. */
int hashmap_putn(struct hashmap *m, const char *key, size_t len, uint64_t value, uint64_t *old);
/* The entry of key[0..len) in one probe: 1 if it is there; else 0 and a
 * new entry for it, whose key the caller must set at once to a copy of
 * key[0..len), NUL-terminated, that outlives the map (and its value):
 * interning finds or adds with one hash. */
int hashmap_entry_for(struct hashmap *m, const char *key, size_t len, struct hashmap_entry **e);
/* Insert or replace. */
void hashmap_set(struct hashmap *m, const char *key, uint64_t value);
/* Find key[0..len) (need not be NUL-terminated). Returns 1 and sets *value
 * if present. */
int hashmap_getn(const struct hashmap *m, const char *key, size_t len, uint64_t *value);
int hashmap_get(const struct hashmap *m, const char *key, uint64_t *value);
void hashmap_clear(struct hashmap *m);
void hashmap_release(struct hashmap *m);

/* Pointers to values. */
struct ptrmap {
	struct ptrmap_entry {
		const void *key; /* NULL: empty */
		uint64_t value;
	} *v;
	size_t n, cap;
};

void ptrmap_reserve(struct ptrmap *m, size_t n);
/* Insert key -> value (key not NULL) unless key is there: the first
 * value stays, as with hashmap_put. */
void ptrmap_put(struct ptrmap *m, const void *key, uint64_t value);
/* 1 and *value if key is present. */
int ptrmap_get(const struct ptrmap *m, const void *key, uint64_t *value);
void ptrmap_clear(struct ptrmap *m);
void ptrmap_release(struct ptrmap *m);

#endif
