/* hashmap.c: linear probing, grown at 50% load. Strings are hashed eight
 * bytes a step (base/hash.c; FNV-1a a byte a step was a tenth of a
 * million-event parse) and each entry keeps its key's length, so that a
 * probe compares hash and length before it reads a byte of the key. */
#include "base/hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/strbuf.h"
#include "base/banned.h"

uint32_t hashmap_hash(const char *s, size_t len)
{
	uint32_t h = (uint32_t)hash64(s, len, 0x9e3779b9u);
	return h ? h : 1;
}

static struct hashmap_entry *find_slot(const struct hashmap *m, const char *key, size_t len,
				       uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hashmap_entry *e = &m->v[i];
		if (!e->key)
			return e;
		if (e->hash == h && e->len == len && !memcmp(e->key, key, len))
			return e;
	}
}

static void rehash(struct hashmap *m, size_t cap)
{
	struct hashmap old = *m;
	m->cap = cap;
	m->v = xcalloc(m->cap, sizeof(*m->v));
	/* Keys are unique and their hashes are kept: each entry goes to the
	 * first free slot of its probe sequence, with no string compared. */
	for (size_t i = 0; i < old.cap; i++) {
		size_t mask = m->cap - 1, at;
		if (!old.v[i].key)
			continue;
		for (at = old.v[i].hash & mask; m->v[at].key; at = (at + 1) & mask)
			;
		m->v[at] = old.v[i];
	}
	free(old.v);
}

void hashmap_reserve(struct hashmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;
	while (n * 2 > cap)
		cap *= 2;
	if (cap != m->cap)
		rehash(m, cap);
}

int hashmap_putn(struct hashmap *m, const char *key, size_t len, uint64_t value, uint64_t *old)
{
	struct hashmap_entry *e;
	uint32_t h = hashmap_hash(key, len);
	if ((m->n + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 64);
	e = find_slot(m, key, len, h);
	if (e->key) {
		if (old)
			*old = e->value;
		return 0;
	}
	e->key = key;
	e->hash = h;
	e->len = (uint32_t)len;
	e->value = value;
	m->n++;
	return 1;
}

int hashmap_entry_for(struct hashmap *m, const char *key, size_t len, struct hashmap_entry **e)
{
	uint32_t h = hashmap_hash(key, len);
	if ((m->n + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 64);
	*e = find_slot(m, key, len, h);
	if ((*e)->key)
		return 1;
	(*e)->hash = h;
	(*e)->len = (uint32_t)len;
	(*e)->value = 0;
	m->n++;
	return 0;
}

int hashmap_put(struct hashmap *m, const char *key, uint64_t value, uint64_t *old)
{
	return hashmap_putn(m, key, strlen(key), value, old);
}

void hashmap_set(struct hashmap *m, const char *key, uint64_t value)
{
	size_t len = strlen(key);
	uint64_t old;
	if (!hashmap_putn(m, key, len, value, &old))
		find_slot(m, key, len, hashmap_hash(key, len))->value = value;
}

int hashmap_getn(const struct hashmap *m, const char *key, size_t len, uint64_t *value)
{
	struct hashmap_entry *e;
	if (!m->cap)
		return 0;
	e = find_slot(m, key, len, hashmap_hash(key, len));
	if (!e->key)
		return 0;
	if (value)
		*value = e->value;
	return 1;
}

int hashmap_get(const struct hashmap *m, const char *key, uint64_t *value)
{
	return hashmap_getn(m, key, strlen(key), value);
}

void hashmap_clear(struct hashmap *m)
{
	if (m->cap)
		memset(m->v, 0, m->cap * sizeof(*m->v));
	m->n = 0;
}

void hashmap_release(struct hashmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* ---- pointers ---- */

static size_t ptr_slot(const void *key, size_t cap)
{
	/* Fibonacci hashing of the address: arena strings are close together,
	 * and the multiply spreads their low bits */
	return (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static void ptr_rehash(struct ptrmap *m, size_t cap)
{
	struct ptrmap old = *m;
	m->cap = cap;
	m->n = 0;
	m->v = xcalloc(cap, sizeof(*m->v));
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].key)
			ptrmap_put(m, old.v[i].key, old.v[i].value);
	free(old.v);
}

void ptrmap_reserve(struct ptrmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;
	while (n * 2 > cap)
		cap *= 2;
	if (cap != m->cap)
		ptr_rehash(m, cap);
}

void ptrmap_put(struct ptrmap *m, const void *key, uint64_t value)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap)
		ptr_rehash(m, m->cap ? m->cap * 2 : 64);
	for (i = ptr_slot(key, m->cap); m->v[i].key && m->v[i].key != key; i = (i + 1) & (m->cap - 1))
		;
	if (!m->v[i].key) {
		m->v[i].key = key;
		m->v[i].value = value;
		m->n++;
	}
}

int ptrmap_get(const struct ptrmap *m, const void *key, uint64_t *value)
{
	if (!m->cap)
		return 0;
	for (size_t i = ptr_slot(key, m->cap); m->v[i].key; i = (i + 1) & (m->cap - 1))
		if (m->v[i].key == key) {
			*value = m->v[i].value;
			return 1;
		}
	return 0;
}

void ptrmap_clear(struct ptrmap *m)
{
	if (m->cap)
		memset(m->v, 0, m->cap * sizeof(*m->v));
	m->n = 0;
}

void ptrmap_release(struct ptrmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}
