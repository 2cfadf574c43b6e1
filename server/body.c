/* body.c: the JSON form of a POST /api/import body, read with jansson and
 * checked field by field, so that a client learns which field is wrong and
 * what was expected ("field 'ledger': expected a string"). The fuzzer
 * (fuzz/fuzz_body.c) feeds it arbitrary bytes. */
#include "server.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

int import_body_parse_json(const char *s, size_t len, struct import_body *out, struct strbuf *err)
{
	json_error_t e;
	json_t *root, *v;
	const char *key;

	memset(out, 0, sizeof(*out));
	/* JSON_REJECT_DUPLICATES: two "ledger" fields are a mistake, not a
	 * choice to make for the client. NUL bytes stay refused (no
	 * JSON_ALLOW_NUL): a ledger is text. */
	root = json_loadb(s, len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		strbuf_addf(err, "body, line %d, column %d: %s", e.line, e.column, e.text);
		return -1;
	}
	if (!json_is_object(root)) {
		strbuf_addf(err, "body: expected a JSON object with a \"ledger\" string, got %s",
			    json_type_name(root));
		json_decref(root);
		return -1;
	}
	json_object_foreach(root, key, v) {
		if (!strcmp(key, "ledger")) {
			if (!json_is_string(v))
				goto wrong;
			out->ledger_len = json_string_length(v);
			out->ledger = xmalloc(out->ledger_len + 1);
			memcpy(out->ledger, json_string_value(v), out->ledger_len + 1);
		} else if (!strcmp(key, "origin")) {
			if (!json_is_string(v) || json_string_length(v) > 256 ||
			    utf8_first_bad(json_string_value(v), json_string_length(v),
					   UTF8_NO_CONTROLS) != json_string_length(v))
				goto wrong; /* a NUL or ESC would reach the log's reader */
			out->origin = xstrdup(json_string_value(v));
		} else if (!strcmp(key, "check")) {
			if (!json_is_boolean(v))
				goto wrong;
			out->check = json_is_true(v);
		} else {
			strbuf_addf(err, "body: unknown field '%s'; expected ledger, origin or check",
				    key);
			goto fail;
		}
	}
	if (!out->ledger) {
		strbuf_addstr(err, "body: field 'ledger' is missing; expected the ledger text as a string");
		goto fail;
	}
	json_decref(root);
	return 0;
wrong:
	strbuf_addf(err, "body: field '%s': expected %s, got %s", key,
		    !strcmp(key, "check") ? "true or false"
		    : !strcmp(key, "origin") ? "a string of at most 256 bytes, no control characters"
					      : "a string",
		    json_type_name(v));
fail:
	json_decref(root);
	import_body_release(out);
	return -1;
}

void import_body_release(struct import_body *b)
{
	free(b->ledger);
	free(b->origin);
	memset(b, 0, sizeof(*b));
}
