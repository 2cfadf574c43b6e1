/* query.c: the query strings of the API ("a=Abkhazia&b=RU&on=2009-06-01"),
 * decoded by hand rather than by libmicrohttpd so that every malformed
 * string is refused with a message that names the place, and so that the
 * fuzzer (fuzz/fuzz_query.c) can reach it. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into a new string; at is the offset of s in the whole
 * query string, for messages. */
static char *decode(const char *s, size_t n, size_t at, const char *what, struct strbuf *err)
{
	struct strbuf out = STRBUF_INIT;
	size_t bad;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			strbuf_addch(&out, ' ');
		} else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				strbuf_addf(err, "query string, character %zu: bad escape in the %s; "
						 "expected '%%' and two hex digits",
					    at + i + 1, what);
				strbuf_release(&out);
				return NULL;
			}
			strbuf_addch(&out, hi << 4 | lo);
			i += 2;
		} else {
			strbuf_addch(&out, s[i]);
		}
	}
	bad = utf8_first_bad(out.buf, out.len, UTF8_NO_CONTROLS);
	if (bad < out.len) {
		strbuf_addf(err, "query string, character %zu: the %s is not UTF-8 text "
				 "(a control character or a malformed byte sequence)",
			    at + 1, what);
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

static int parse_pairs(const char *s, size_t len, struct query *q, struct strbuf *err)
{
	size_t i = 0;
	if (len > QUERY_MAX_LEN) {
		strbuf_addf(err, "query string too long: %zu bytes; at most %d", len, QUERY_MAX_LEN);
		return -1;
	}
	while (i < len) {
		size_t start = i, eq = (size_t)-1;
		char *key, *value;
		while (i < len && s[i] != '&') {
			if (s[i] == '=' && eq == (size_t)-1)
				eq = i;
			i++;
		}
		if (i == start) { /* "a=1&&b=2" or a trailing '&': nothing between */
			i++;
			continue;
		}
		if (eq == (size_t)-1) {
			/* "series": a flag, the same as "series=1" */
			key = decode(s + start, i - start, start, "parameter name", err);
			value = key ? xstrdup("1") : NULL;
		} else {
			key = decode(s + start, eq - start, start, "parameter name", err);
			value = key ? decode(s + eq + 1, i - eq - 1, eq + 1, "value", err) : NULL;
		}
		if (!key || !value) {
			free(key);
			return -1;
		}
		if (!*key) {
			strbuf_addf(err, "query string, character %zu: a value without a name",
				    start + 1);
			free(key);
			free(value);
			return -1;
		}
		if (q->n >= QUERY_MAX_PARAMS) {
			strbuf_addf(err, "query string: more than %d parameters", QUERY_MAX_PARAMS);
			free(key);
			free(value);
			return -1;
		}
		ALLOC_GROW(q->v, q->n + 1, q->alloc);
		q->v[q->n].key = key;
		q->v[q->n].value = value;
		q->n++;
		i++; /* the '&' */
	}
	return 0;
}

int query_parse(const char *s, size_t len, struct query *q, struct strbuf *err)
{
	/* all or nothing: a string with an error gives no pairs */
	if (parse_pairs(s, len, q, err)) {
		query_release(q);
		return -1;
	}
	return 0;
}

void query_release(struct query *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->v[i].key);
		free(q->v[i].value);
	}
	free(q->v);
	q->v = NULL;
	q->n = q->alloc = 0;
}
