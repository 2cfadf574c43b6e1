/* fuzz_body.c: libFuzzer target for the JSON body of POST /api/import
 * (server/body.c). Any bytes: it must return 0 with a ledger string, or
 * -1 with a message and nothing kept; a body it accepts, written out again
 * by jansson, is accepted with the same fields. */
#include <jansson.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_body b, again;
	struct strbuf err = STRBUF_INIT;
	char *copy = malloc(size ? size : 1);
	int rc;
	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	rc = import_body_parse_json(copy, size, &b, &err);
	check(rc == 0 || rc == -1);
	check((rc == 0) == (err.len == 0));
	if (rc == -1) {
		check(b.ledger == NULL && b.origin == NULL);
	} else {
		json_t *o = json_pack("{s:s%, s:b}", "ledger", b.ledger, b.ledger_len, "check", b.check);
		char *text;
		check(o != NULL);
		check(memchr(b.ledger, '\0', b.ledger_len) == NULL);
		if (b.origin)
			json_object_set_new(o, "origin", json_string(b.origin));
		text = json_dumps(o, JSON_COMPACT);
		check(text != NULL);
		check(import_body_parse_json(text, strlen(text), &again, &err) == 0);
		check(again.ledger_len == b.ledger_len && !memcmp(again.ledger, b.ledger, b.ledger_len));
		check(again.check == b.check);
		check((again.origin == NULL) == (b.origin == NULL));
		check(!b.origin || !strcmp(again.origin, b.origin));
		import_body_release(&again);
		free(text);
		json_decref(o);
	}
	import_body_release(&b);
	strbuf_release(&err);
	free(copy);
	return 0;
}
