/* arena.c: blocks of 256 KiB (or one larger block for a large request),
 * carved front to back. */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

#define ARENA_BLOCK (256 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(8) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	void *p;
	n = (n + 7) & ~(size_t)7;
	if (n > ARENA_BLOCK / 4) {
		/* A large request gets a block of its own, kept behind the head
		 * so that the head's free space is not lost. */
		b = xmalloc(sizeof(*b) + n);
		b->size = b->used = n;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
		}
		a->used_total += n;
		memset(b->data, 0, n);
		return b->data;
	}
	if (!b || b->size - b->used < n) {
		b = xmalloc(sizeof(*b) + ARENA_BLOCK);
		b->size = ARENA_BLOCK;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	a->used_total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}
