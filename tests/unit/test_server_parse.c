/* test_server_parse.c: unit tests of the server's parsers: query strings
 * (server/query.c), the JSON body of POST /api/import (server/body.c), and
 * the network a client's address counts in for --per-ip (server/http.c).
 * Every expected value was worked out by hand from docs/api.md: '+' is a
 * space, %XX a byte, a name alone a flag "1", empty pairs skipped, and
 * each error names its character or field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "server/server.h"

static void parse_ok(const char *qs, struct query *q)
{
	struct strbuf err = STRBUF_INIT;
	if (query_parse(qs, strlen(qs), q, &err))
		fail_msg("'%s' should parse: %s", qs, err.buf);
	strbuf_release(&err);
}

static void parse_fails(const char *qs, const char *message)
{
	struct query q = QUERY_INIT;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(query_parse(qs, strlen(qs), &q, &err), -1);
	assert_int_equal(q.n, 0);
	if (!strstr(err.buf, message))
		fail_msg("'%s': message '%s' lacks '%s'", qs, err.buf, message);
	query_release(&q);
	strbuf_release(&err);
}

static void test_query_pairs(void **state)
{
	struct query q = QUERY_INIT;
	parse_ok("a=Abkhazia&b=RU&on=2009-06-01", &q);
	assert_int_equal(q.n, 3);
	assert_string_equal(q.v[0].key, "a");
	assert_string_equal(q.v[0].value, "Abkhazia");
	assert_string_equal(q.v[1].value, "RU");
	assert_string_equal(q.v[2].key, "on");
	assert_string_equal(q.v[2].value, "2009-06-01");
	query_release(&q);
	(void)state;
}

static void test_query_decoding(void **state)
{
	struct query q = QUERY_INIT;
	/* '+' and %20 are spaces, %C3%A9 is é, "series" alone is a flag, an
	 * empty value stays empty, and "&&" and a trailing '&' are nothing */
	parse_ok("b=russian+federation&x=a%20b&name=Abkhaz%C3%ADa&series&&on=&", &q);
	assert_int_equal(q.n, 5);
	assert_string_equal(q.v[0].value, "russian federation");
	assert_string_equal(q.v[1].value, "a b");
	assert_string_equal(q.v[2].value, "Abkhaz\xc3\xad" "a");
	assert_string_equal(q.v[3].key, "series");
	assert_string_equal(q.v[3].value, "1");
	assert_string_equal(q.v[4].key, "on");
	assert_string_equal(q.v[4].value, "");
	query_release(&q);
	/* '=' inside a value is kept; the first '=' splits */
	parse_ok("q=a=b", &q);
	assert_string_equal(q.v[0].value, "a=b");
	query_release(&q);
	parse_ok("", &q);
	assert_int_equal(q.n, 0);
	query_release(&q);
	(void)state;
}

static void test_query_errors(void **state)
{
	/* the character is counted from 1 in the query string */
	parse_fails("a=AB&b=%zz", "character 8: bad escape in the value");
	parse_fails("a=%4", "character 3: bad escape in the value");
	parse_fails("%=x", "character 1: bad escape in the parameter name");
	parse_fails("=x", "character 1: a value without a name");
	parse_fails("a=%ff", "the value is not UTF-8 text");
	parse_fails("a=%00", "not UTF-8 text");       /* a NUL byte */
	parse_fails("a=%1b%5b2J", "not UTF-8 text");  /* an escape sequence */
	parse_fails("a=%ed%a0%80", "not UTF-8 text"); /* a surrogate */
	parse_fails("a=%c0%af", "not UTF-8 text");    /* an overlong '/' */
	(void)state;
}

static void test_query_limits(void **state)
{
	struct strbuf qs = STRBUF_INIT;
	struct query q = QUERY_INIT;
	for (int i = 0; i < QUERY_MAX_PARAMS; i++)
		strbuf_addf(&qs, "%sk%d=v", i ? "&" : "", i);
	parse_ok(qs.buf, &q); /* 32 is allowed */
	assert_int_equal(q.n, QUERY_MAX_PARAMS);
	query_release(&q);
	strbuf_addstr(&qs, "&one=more");
	parse_fails(qs.buf, "more than 32 parameters");
	strbuf_reset(&qs);
	strbuf_addstr(&qs, "q=");
	while (qs.len <= QUERY_MAX_LEN)
		strbuf_addch(&qs, 'x');
	parse_fails(qs.buf, "query string too long: 4097 bytes; at most 4096");
	strbuf_release(&qs);
	(void)state;
}

static void body_fails(const char *json, const char *message)
{
	struct import_body b;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(import_body_parse_json(json, strlen(json), &b, &err), -1);
	assert_null(b.ledger);
	assert_null(b.origin);
	if (!strstr(err.buf, message))
		fail_msg("'%s': message '%s' lacks '%s'", json, err.buf, message);
	strbuf_release(&err);
}

static void test_body(void **state)
{
	static const char full[] =
		"{\"ledger\": \"2008-08-26 recognise RU AB source=abru\\n\", \"origin\": \"x.ledger\", "
		"\"check\": true}";
	struct import_body b;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(import_body_parse_json(full, strlen(full), &b, &err), 0);
	assert_string_equal(b.ledger, "2008-08-26 recognise RU AB source=abru\n");
	assert_int_equal(b.ledger_len, 39);
	assert_string_equal(b.origin, "x.ledger");
	assert_int_equal(b.check, 1);
	import_body_release(&b);
	assert_int_equal(import_body_parse_json("{\"ledger\": \"\"}", 14, &b, &err), 0);
	assert_int_equal(b.ledger_len, 0);
	assert_null(b.origin);
	assert_int_equal(b.check, 0);
	import_body_release(&b);
	strbuf_release(&err);

	body_fails("{\"ledger\": 5}", "field 'ledger': expected a string, got a number");
	body_fails("{\"ledger\": \"x\", \"check\": \"yes\"}", "field 'check': expected true or false");
	body_fails("{\"origin\": \"x\"}", "field 'ledger' is missing");
	body_fails("{\"ledger\": \"x\", \"colour\": 1}", "unknown field 'colour'");
	body_fails("[1]", "expected a JSON object");
	body_fails("{\"ledger\": \"a\", \"ledger\": \"b\"}", "body, line 1");
	body_fails("{\"ledger\": \"a\\u0000b\"}", "body, line 1");
	body_fails("{\"ledger\":\n \"x\",", "body, line 2, column");
	(void)state;
}

static void key_of(const char *addr, unsigned char key[SERVER_NET_KEY])
{
	struct sockaddr_in a4 = { 0 };
	struct sockaddr_in6 a6 = { 0 };
	if (inet_pton(AF_INET, addr, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons(1234);
		assert_int_equal(server_net_key((struct sockaddr *)&a4, key), 0);
	} else {
		assert_int_equal(inet_pton(AF_INET6, addr, &a6.sin6_addr), 1);
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons(4321);
		assert_int_equal(server_net_key((struct sockaddr *)&a6, key), 0);
	}
}

static int same_net(const char *a, const char *b)
{
	unsigned char ka[SERVER_NET_KEY], kb[SERVER_NET_KEY];
	key_of(a, ka);
	key_of(b, kb);
	return !memcmp(ka, kb, SERVER_NET_KEY);
}

/* An IPv6 client is given a /64 (RFC 6177), so it is counted as one: else
 * one client has 2^64 addresses to open connections from. An IPv4
 * address is a network of its own, whether it comes as IPv4 or mapped
 * into IPv6 (a dual-stack listener sees ::ffff:a.b.c.d). */
static void test_net_key(void **state)
{
	struct sockaddr_un_like { sa_family_t family; char path[8]; } other = { AF_UNIX, "x" };
	unsigned char key[SERVER_NET_KEY];
	(void)state;
	assert_true(same_net("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff"));
	assert_true(same_net("2001:db8:1:2::1", "2001:db8:1:2:0:0:0:2"));
	assert_false(same_net("2001:db8:1:2::1", "2001:db8:1:3::1"));
	assert_false(same_net("2001:db8::1", "2001:db9::1"));
	assert_true(same_net("203.0.113.7", "203.0.113.7"));
	assert_false(same_net("203.0.113.7", "203.0.113.8"));
	assert_true(same_net("203.0.113.7", "::ffff:203.0.113.7"));
	assert_false(same_net("::ffff:203.0.113.7", "::ffff:203.0.113.8"));
	/* an IPv4 address and the IPv6 network of the same bytes differ */
	assert_false(same_net("0.0.0.0", "::"));
	key_of("2001:db8:1:2::1", key);
	assert_int_equal(key[0], 6);
	assert_int_equal(key[1], 0x20);
	assert_int_equal(key[8], 0x02);
	assert_int_equal(key[9], 0); /* the interface half is not kept */
	key_of("::ffff:10.1.2.3", key);
	assert_int_equal(key[0], 4);
	assert_int_equal(key[1], 10);
	assert_int_equal(key[4], 3);
	assert_int_equal(server_net_key((struct sockaddr *)(void *)&other, key), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_pairs),
		cmocka_unit_test(test_query_decoding),
		cmocka_unit_test(test_query_errors),
		cmocka_unit_test(test_query_limits),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_net_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
