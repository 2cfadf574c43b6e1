/* strbuf.c: the growable buffer and the allocation wrappers every module
 * uses. */
#include "base/strbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/banned.h"

char strbuf_slopbuf[1];

static void die_oom(size_t n)
{
	fprintf(stderr, "chancery: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;
	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	int new_buf = !sb->alloc;
	if (extra > SIZE_MAX - sb->len - 1)
		die_oom(SIZE_MAX);
	if (sb->len + extra + 1 <= sb->alloc)
		return;
	if (new_buf)
		sb->buf = NULL;
	{
		size_t want = sb->len + extra + 1;
		size_t alloc = sb->alloc ? sb->alloc : 64;
		while (alloc < want)
			alloc = alloc < SIZE_MAX / 2 ? alloc * 2 : want;
		sb->buf = xrealloc(sb->buf, alloc);
		sb->alloc = alloc;
	}
	if (new_buf)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		if (len)
			abort();
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if (!sb->alloc || (size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

const char *strbuf_read_strerror(int e)
{
	return e == EFBIG    ? "larger than the input budget"
	       : e == ENODEV ? "a device, not a file or a pipe"
			     : strerror(e);
}

/* Close what strbuf_read_file opened; standard input stays open. */
static void done(FILE *f, int is_stdin)
{
	if (!is_stdin)
		fclose(f);
}

int strbuf_read_file(struct strbuf *sb, const char *path, size_t max)
{
	int is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct stat st;
	char chunk[65536];
	size_t n;
	long size;
	if (!f)
		return -1;
	if (!fstat(fileno(f), &st)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR
			: (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) &&
					  !isatty(fileno(f)) && st.st_rdev != makedev(1, 3) /* /dev/null */
				? ENODEV
			: S_ISREG(st.st_mode) && (uint64_t)st.st_size > max ? EFBIG
									    : 0;
		if (e) {
			done(f, is_stdin);
			errno = e;
			return -1;
		}
	}
	/* Reserve the file's size at once: growing by doubling would hold up
	 * to twice a large file in memory. */
	if (!fseek(f, 0, SEEK_END) && (size = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET) &&
	    (size_t)size <= max)
		strbuf_grow(sb, (size_t)size);
	else
		rewind(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb->len + n > max) {
			done(f, is_stdin);
			errno = EFBIG;
			return -1;
		}
		strbuf_add(sb, chunk, n);
	}
	if (ferror(f)) {
		int e = errno;
		done(f, is_stdin);
		errno = e ? e : EIO;
		return -1;
	}
	done(f, is_stdin);
	return 0;
}
