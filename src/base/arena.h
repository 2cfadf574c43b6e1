/* arena.h: a bump allocator for everything one registry holds, released in
 * one call (git's mem-pool). Pointers stay valid until arena_release. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_total; /* bytes handed out, for benchmarks */
};

#define ARENA_INIT { 0 }

void *arena_alloc(struct arena *a, size_t n);  /* 8-byte aligned, zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_release(struct arena *a);

#endif
