/* records.c: the JSON of what the store keeps beside the registry: its
 * records (the audit trail), the versions of one id, an import's counts
 * and the accounts. `chancery log`, `history`, `import` and `token list`
 * print them with --json, and the API answers with them: one function
 * each. (They are here, not in src/publish, because they read the store's
 * structures, which publish may not use.) */
#include "server.h"

#include <jansson.h>
#include <string.h>

#include "store/store.h"
#include "store/tokens.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/banned.h"

/* A JSON string of text the store keeps from others (an author, an
 * origin, a reason): a store written before they were checked may hold
 * bytes that are not UTF-8, which jansson refuses, and the whole record
 * would go missing from the audit trail. Each such byte becomes U+FFFD;
 * NULL stays NULL (json_pack's "o?" makes it null). */
static json_t *text_json(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	size_t n, at = 0;
	json_t *j;
	if (!s)
		return NULL;
	n = strlen(s);
	while (at < n) {
		size_t bad = at + utf8_first_bad(s + at, n - at, 0);
		strbuf_add(&out, s + at, bad - at);
		if (bad < n)
			strbuf_addstr(&out, "\xef\xbf\xbd");
		at = bad + 1;
	}
	j = json_stringn(out.buf ? out.buf : "", out.len);
	strbuf_release(&out);
	return j;
}

json_t *server_records_json(const struct chancery_store_record *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_pack("{s:I, s:s, s:o, s:o?, s:I, s:I, s:I}", "record",
				      (json_int_t)v[i].rec, "recorded_at", v[i].recorded_at, "author",
				      text_json(v[i].author), "origin", text_json(v[i].origin),
				      "added", (json_int_t)v[i].added,
				      "changed", (json_int_t)v[i].changed, "retracted",
				      (json_int_t)v[i].retracted);
		if (v[i].original_at[0])
			json_object_set_new(x, "amended",
					    json_pack("{s:s, s:o, s:s, s:o}", "original_recorded_at",
						      v[i].original_at, "by", text_json(v[i].amended_by),
						      "at", v[i].amended_at, "reason",
						      text_json(v[i].amend_reason)));
		json_array_append_new(a, x);
	}
	return a;
}

json_t *server_versions_json(const struct chancery_store_version *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			a, json_pack("{s:I, s:I, s:s, s:o, s:o?, s:b, s:s}", "version", (json_int_t)(i + 1),
				     "record", (json_int_t)v[i].rec, "recorded_at", v[i].recorded_at,
				     "author", text_json(v[i].author), "origin", text_json(v[i].origin),
				     "retracted",
				     v[i].retracted, "text", v[i].text));
	return a;
}

json_t *server_import_json(const char *store, int dry_run, const struct chancery_import_stats *st)
{
	json_t *j = json_pack("{s:b, s:I, s:I, s:I, s:I, s:s}", "dry_run", dry_run, "added",
			      (json_int_t)st->added, "changed", (json_int_t)st->changed, "unchanged",
			      (json_int_t)st->unchanged, "retracted", (json_int_t)st->retracted,
			      "checked_with",
			      st->partial ? "the facts it touches" : "the whole store");
	if (store) /* the command line's; the server names no path (SECURITY.md) */
		json_object_set_new(j, "store", json_string(store));
	return j;
}

json_t *server_tokens_json(const struct chancery_token *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id", (json_int_t)v[i].tid,
						   "name", v[i].name, "role", v[i].role, "created_at",
						   v[i].created_at, "revoked_at",
						   v[i].revoked_at[0] ? v[i].revoked_at : NULL));
	return a;
}
