/* hashmap.c: linear probing with FNV-1a hashes, grown at 50% load. */
#include "base/hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

uint32_t hashmap_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
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
		if (e->hash == h && !strncmp(e->key, key, len) && e->key[len] == '\0')
			return e;
	}
}

static void grow(struct hashmap *m)
{
	struct hashmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
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

static struct hashmap_entry *slot_for_insert(struct hashmap *m, const char *key, uint32_t *h)
{
	size_t len = strlen(key);
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	*h = hashmap_hash(key, len);
	return find_slot(m, key, len, *h);
}

int hashmap_put(struct hashmap *m, const char *key, uint64_t value, uint64_t *old)
{
	uint32_t h;
	struct hashmap_entry *e = slot_for_insert(m, key, &h);
	if (e->key) {
		if (old)
			*old = e->value;
		return 0;
	}
	e->key = key;
	e->hash = h;
	e->value = value;
	m->n++;
	return 1;
}

void hashmap_set(struct hashmap *m, const char *key, uint64_t value)
{
	uint32_t h;
	struct hashmap_entry *e = slot_for_insert(m, key, &h);
	if (!e->key) {
		e->key = key;
		e->hash = h;
		m->n++;
	}
	e->value = value;
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
