/* fuzz_query.c: libFuzzer target for the API's query-string parser
 * (server/query.c). Any bytes: it must return 0 or -1, with a message
 * exactly when it fails; every key it gives back is non-empty, every key
 * and value is a NUL-terminated string of valid UTF-8 with no control
 * character; at most QUERY_MAX_PARAMS pairs; and parsing the re-encoded
 * pairs gives the same pairs back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
	if (!condition)
		abort();
}

static void encode(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_')
			strbuf_addch(sb, c);
		else
			strbuf_addf(sb, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query q = QUERY_INIT, again = QUERY_INIT;
	struct strbuf err = STRBUF_INIT, re = STRBUF_INIT;
	char *copy = malloc(size ? size : 1); /* exactly size bytes: ASan sees overreads */
	int rc;
	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	rc = query_parse(copy, size, &q, &err);
	check(rc == 0 || rc == -1);
	check((rc == 0) == (err.len == 0));
	check(rc == 0 || q.n == 0); /* all or nothing */
	if (rc == 0) {
		check(q.n <= QUERY_MAX_PARAMS);
		for (size_t i = 0; i < q.n; i++) {
			check(q.v[i].key[0] != '\0');
			for (const char *c = q.v[i].key; *c; c++)
				check((unsigned char)*c >= 0x20 && *c != 0x7f);
			if (i)
				strbuf_addch(&re, '&');
			encode(&re, q.v[i].key);
			strbuf_addch(&re, '=');
			encode(&re, q.v[i].value);
		}
		if (re.len <= QUERY_MAX_LEN) {
			check(query_parse(re.buf, re.len, &again, &err) == 0);
			check(again.n == q.n);
			for (size_t i = 0; i < q.n; i++)
				check(!strcmp(again.v[i].key, q.v[i].key) &&
				      !strcmp(again.v[i].value, q.v[i].value));
		}
	}
	query_release(&q);
	query_release(&again);
	strbuf_release(&err);
	strbuf_release(&re);
	free(copy);
	return 0;
}
