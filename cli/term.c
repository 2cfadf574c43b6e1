/* term.c: stderr that cannot drive the terminal. Messages echo what the
 * user or a file gave (an unknown party, a bad date), and a byte such as
 * ESC would let that text recolour, retitle or rewrite the terminal. Every
 * byte written to stderr passes through a filter that writes control
 * characters (C0 but tab and newline, DEL, the C1 range U+0080..U+009F)
 * and bytes that are not UTF-8 as visible escapes: "\x1b", "\u009b"; and
 * the format characters that make text display otherwise than it reads
 * (utf8_deceptive) as "\u202e".
 * One place, so that no message can forget it. */
#define _GNU_SOURCE /* fopencookie */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "base/utf8.h"
#include "base/banned.h"

struct filter {
	int fd;
	unsigned char pending[4]; /* a UTF-8 sequence split across writes */
	size_t n_pending, need;
};

static void put(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			return; /* nowhere to report a failing stderr */
		p += n;
		len -= (size_t)n;
	}
}

/* "\x1b" for a byte, "\u0085" for a code point (unicode = 1). */
static void put_escape(int fd, int unicode, unsigned value)
{
	char buf[16];
	int n = unicode ? snprintf(buf, sizeof(buf), "\\u%04x", value)
			: snprintf(buf, sizeof(buf), "\\x%02x", value);
	put(fd, buf, (size_t)n);
}

/* The length a UTF-8 sequence starting with c has, or 0 if c cannot
 * start one. */
static size_t utf8_length(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* A whole sequence has arrived: write it, or its escape. */
static void flush_sequence(struct filter *f)
{
	const unsigned char *s = f->pending;
	unsigned long cp3 = f->n_pending == 3
		? (unsigned long)(s[0] & 0x0f) << 12 | (unsigned long)(s[1] & 0x3f) << 6 | (s[2] & 0x3f)
		: 0;
	if (f->n_pending == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		put_escape(f->fd, 1, s[1]); /* C1 control: U+0080..U+009F */
	else if (utf8_deceptive(cp3))
		put_escape(f->fd, 1, (unsigned)cp3); /* a bidi override, a zero-width space */
	else if ((f->n_pending == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
		 (f->n_pending == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
		 (f->n_pending == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
		 (f->n_pending == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		for (size_t i = 0; i < f->n_pending; i++) /* overlong or surrogate */
			put_escape(f->fd, 0, s[i]);
	else
		put(f->fd, s, f->n_pending);
	f->n_pending = f->need = 0;
}

static void drop_pending(struct filter *f)
{
	for (size_t i = 0; i < f->n_pending; i++)
		put_escape(f->fd, 0, f->pending[i]);
	f->n_pending = f->need = 0;
}

static int plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t';
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *f = cookie;
	size_t i = 0;
	while (i < size) {
		unsigned char c = (unsigned char)buf[i];
		if (f->need) {
			if ((c & 0xc0) == 0x80) {
				f->pending[f->n_pending++] = c;
				if (f->n_pending == f->need)
					flush_sequence(f);
				i++;
				continue;
			}
			drop_pending(f); /* a sequence cut short */
		}
		if (plain(c)) {
			size_t j = i + 1;
			while (j < size && plain((unsigned char)buf[j]))
				j++;
			put(f->fd, buf + i, j - i);
			i = j;
			continue;
		}
		i++;
		if (c < 0x80 || !(f->need = utf8_length(c))) {
			put_escape(f->fd, 0, c); /* C0, DEL, or no UTF-8 */
			continue;
		}
		f->pending[0] = c;
		f->n_pending = 1;
	}
	return (ssize_t)size;
}

static int filter_close(void *cookie)
{
	struct filter *f = cookie;
	drop_pending(f);
	return 0;
}

static int filter_free(void *cookie)
{
	filter_close(cookie);
	free(cookie);
	return 0;
}

FILE *term_filtered(FILE *to)
{
	static const cookie_io_functions_t io = { NULL, filter_write, NULL, filter_free };
	struct filter *f = calloc(1, sizeof(*f));
	FILE *safe;
	if (!f)
		return NULL;
	fflush(to);
	f->fd = fileno(to);
	safe = fopencookie(f, "w", io);
	if (!safe)
		free(f);
	return safe;
}

void stderr_make_safe(void)
{
	static struct filter f;
	static const cookie_io_functions_t io = { NULL, filter_write, NULL, filter_close };
	FILE *safe;
	f.fd = fileno(stderr);
	safe = fopencookie(&f, "w", io);
	if (!safe)
		return; /* keep the plain stderr rather than none */
	setvbuf(safe, NULL, _IONBF, 0); /* as stderr is */
	stderr = safe;
}
