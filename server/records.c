/* records.c: the JSON of what the store keeps beside the registry: its
 * records (the audit trail), the versions of one id, an import's counts
 * and the accounts. `chancery log`, `history`, `import` and `token list`
 * print them with --json, and the API answers with them: one function
 * each. (They are here, not in src/publish, because they read the store's
 * structures, which publish may not use.) */
#include "server.h"

#include <jansson.h>

#include "store/store.h"
#include "store/tokens.h"
#include "base/banned.h"

json_t *server_records_json(const struct chancery_store_record *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_pack("{s:I, s:s, s:s, s:s?, s:I, s:I, s:I}", "record",
				      (json_int_t)v[i].rec, "recorded_at", v[i].recorded_at, "author",
				      v[i].author, "origin", v[i].origin, "added", (json_int_t)v[i].added,
				      "changed", (json_int_t)v[i].changed, "retracted",
				      (json_int_t)v[i].retracted);
		if (v[i].original_at[0])
			json_object_set_new(x, "amended",
					    json_pack("{s:s, s:s, s:s, s:s}", "original_recorded_at",
						      v[i].original_at, "by", v[i].amended_by, "at",
						      v[i].amended_at, "reason", v[i].amend_reason));
		json_array_append_new(a, x);
	}
	return a;
}

json_t *server_versions_json(const struct chancery_store_version *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			a, json_pack("{s:I, s:I, s:s, s:s, s:s?, s:b, s:s}", "version", (json_int_t)(i + 1),
				     "record", (json_int_t)v[i].rec, "recorded_at", v[i].recorded_at,
				     "author", v[i].author, "origin", v[i].origin, "retracted",
				     v[i].retracted, "text", v[i].text));
	return a;
}

json_t *server_import_json(const char *store, int dry_run, const struct chancery_import_stats *st)
{
	return json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:s}", "store", store, "dry_run", dry_run,
			 "added", (json_int_t)st->added, "changed", (json_int_t)st->changed,
			 "unchanged", (json_int_t)st->unchanged, "retracted", (json_int_t)st->retracted,
			 "checked_with", st->partial ? "the facts it touches" : "the whole store");
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
