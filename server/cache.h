/* cache.h: the answers already given from one served registry (cache.c).
 * A registry is immutable, so an answer is a function of the request's
 * address and, where the day defaults to today, of today: it is kept
 * with the registry and dies with it. */
#ifndef SERVER_CACHE_H
#define SERVER_CACHE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_MAX_ENTRIES 4096
#define CACHE_MAX_BYTES ((size_t)64 << 20)

struct cache_entry {
	struct cache_entry *next;
	uint64_t hash;
	int32_t day;          /* today, when it was answered */
	char *key;            /* the address as received */
	char *body;
	size_t len;
	const char *content_type; /* static */
	char etag[24];
};

struct cache {
	pthread_rwlock_t lock;
	struct cache_entry **buckets; /* CACHE_MAX_ENTRIES of them */
	size_t n, bytes;
};

void cache_init(struct cache *c);
void cache_release(struct cache *c);
/* The answer to key on day, copied into out (a strbuf), with its type and
 * ETag; 1 if found. */
struct strbuf;
int cache_get(struct cache *c, const char *key, int32_t day, struct strbuf *out,
	      const char **content_type, char etag[24]);
/* Keep an answer, unless the cache is full (it then keeps what it has). */
void cache_put(struct cache *c, const char *key, int32_t day, const char *body, size_t len,
	       const char *content_type, const char *etag);
/* FNV-1a, 64 bits, of s[0..n). */
uint64_t cache_hash(const char *s, size_t n);

#endif
