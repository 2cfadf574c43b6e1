/* cache.c: answers kept with the registry they came from (cache.h). Readers
 * share a read lock; an insert takes the write lock for a pointer store.
 * Bounded by count and bytes: when full it stops keeping, and the next
 * registry (after a write) starts empty. */
#include "cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

/* FNV-1a's step over 8 bytes at a time, with a shift to spread the high
 * bits: the ETag of a 90 KB answer costs microseconds, not a tenth of a
 * millisecond. Not for security: a tag, and a hash table's key. */
uint64_t cache_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return h ^ (h >> 32);
}

void cache_init(struct cache *c)
{
	memset(c, 0, sizeof(*c));
	pthread_rwlock_init(&c->lock, NULL);
	c->buckets = xcalloc(CACHE_MAX_ENTRIES, sizeof(*c->buckets));
}

void cache_release(struct cache *c)
{
	for (size_t i = 0; i < CACHE_MAX_ENTRIES; i++) {
		struct cache_entry *e = c->buckets[i], *next;
		for (; e; e = next) {
			next = e->next;
			free(e->key);
			free(e->body);
			free(e);
		}
	}
	free(c->buckets);
	pthread_rwlock_destroy(&c->lock);
}

int cache_get(struct cache *c, const char *key, int32_t day, struct strbuf *out,
	      const char **content_type, char etag[24])
{
	uint64_t h = cache_hash(key, strlen(key));
	int found = 0;
	pthread_rwlock_rdlock(&c->lock);
	for (struct cache_entry *e = c->buckets[h % CACHE_MAX_ENTRIES]; e; e = e->next)
		if (e->hash == h && e->day == day && !strcmp(e->key, key)) {
			strbuf_reset(out);
			strbuf_add(out, e->body, e->len);
			*content_type = e->content_type;
			memcpy(etag, e->etag, 24);
			found = 1;
			break;
		}
	pthread_rwlock_unlock(&c->lock);
	return found;
}

void cache_put(struct cache *c, const char *key, int32_t day, const char *body, size_t len,
	       const char *content_type, const char *etag)
{
	uint64_t h = cache_hash(key, strlen(key));
	struct cache_entry *e;
	pthread_rwlock_wrlock(&c->lock);
	if (c->n >= CACHE_MAX_ENTRIES || c->bytes + len > CACHE_MAX_BYTES)
		goto out;
	for (e = c->buckets[h % CACHE_MAX_ENTRIES]; e; e = e->next)
		if (e->hash == h && e->day == day && !strcmp(e->key, key))
			goto out; /* another thread answered it first */
	e = xcalloc(1, sizeof(*e));
	e->hash = h;
	e->day = day;
	e->key = xstrdup(key);
	e->body = xmalloc(len ? len : 1);
	memcpy(e->body, body, len);
	e->len = len;
	e->content_type = content_type;
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
	e->next = c->buckets[h % CACHE_MAX_ENTRIES];
	c->buckets[h % CACHE_MAX_ENTRIES] = e;
	c->n++;
	c->bytes += len + strlen(key);
out:
	pthread_rwlock_unlock(&c->lock);
}
