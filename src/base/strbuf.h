/* strbuf.h: a growable, always NUL-terminated byte buffer (after git's
 * strbuf). `buf` is never NULL; STRBUF_INIT needs no allocation. Allocation
 * failure aborts: there is no sensible way on from there. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc, len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Take the buffer; the caller frees it. sb is left empty and reusable. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Read a whole file ("-": standard input); returns 0, or -1 with errno
 * set. Refuses files over
 * max bytes (errno EFBIG; a regular file before a byte is read), and
 * devices that are not a terminal or /dev/null, such as /dev/zero, before
 * a byte is read (ENODEV). A pipe or FIFO is read as it comes, as cat reads it (so
 * that `<(zcat x.gz)` works): one nobody writes to waits for a writer. */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max);
/* What strbuf_read_file's errno e means, in words. */
const char *strbuf_read_strerror(int e);

/* xmalloc and friends: abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Grow an array to hold at least n elements (alloc doubles). */
#define ALLOC_GROW(p, n, alloc)                                                   \
	do {                                                                      \
		if ((n) > (alloc)) {                                              \
			size_t new_alloc_ = (alloc) ? (alloc) * 2 : 16;           \
			while (new_alloc_ < (n))                                  \
				new_alloc_ *= 2;                                  \
			(p) = xrealloc((p), new_alloc_ * sizeof(*(p)));           \
			(alloc) = new_alloc_;                                     \
		}                                                                 \
	} while (0)

#endif
