/* fuzz_store.c: libFuzzer target for the round-trip promise through the
 * store: import then export is the identity. The input is parsed; if it
 * parses cleanly it is imported into a fresh in-memory store. The import
 * may refuse it (an input error: the round trip at import found a fact that
 * would not load back), but if it accepts it, loading the store must
 * succeed and write back exactly the canonical text of the input. A store
 * that accepted a fact it cannot load again (issue 9, item 2) aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
	if (!condition)
		abort();
}

static char *write_text(const chancery_registry *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	check(f != NULL);
	check(chancery_ledger_write(r, f) == 0);
	check(fclose(f) == 0);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts opts = { .author = "fuzz", .recorded_at = "2020-01-01" };
	chancery_registry *r = chancery_registry_new(), *back = NULL;
	chancery_store *s = NULL;
	char *copy = malloc(size ? size : 1), *want = NULL, *got = NULL;
	size_t want_len = 0, got_len = 0;
	int rc;

	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	if (chancery_ledger_parse_buffer_opts(r, "fuzz.ledger", copy, size, &no_includes, &diags) ||
	    chancery_registry_finish(r, &diags))
		goto out; /* the parser's own target covers bad input */
	want = write_text(r, &want_len);
	check(chancery_store_open(":memory:", CHANCERY_STORE_CREATE, &s, &diags) == 0);
	rc = chancery_store_import(s, r, &opts, NULL, &diags);
	check(rc == 0 || rc == -CHANCERY_EINPUT);
	if (rc)
		goto out; /* refused, with a message: the promise is kept */
	back = chancery_registry_new();
	check(chancery_store_load(s, NULL, back, &diags) == 0);
	got = write_text(back, &got_len);
	check(got_len == want_len && !memcmp(got, want, want_len));
out:
	chancery_store_close(s);
	chancery_registry_free(back);
	chancery_registry_free(r);
	chancery_diags_release(&diags);
	free(copy);
	free(want);
	free(got);
	return 0;
}
