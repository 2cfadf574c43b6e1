/* tokens.c: the server's accounts in the store (tokens.h). Two append-only
 * tables: `token` (one row per token issued: its hash, account, role and
 * time) and `token_revocation` (one row per token revoked). In SQLite they
 * are made on the first `chancery token add`, so stores made before them
 * keep working and need no migration (schema.c); PostgreSQL stores have
 * them from the start (schema_pg.c). */
#include "store/internal.h"
#include "store/tokens.h"

#include "base/utf8.h"
#include "base/banned.h"

int chancery_token_role_valid(const char *role)
{
	return role && (!strcmp(role, "reader") || !strcmp(role, "editor") || !strcmp(role, "admin"));
}

static int has_tables(chancery_store *s)
{
	return store_has_table(s, "token");
}

/* An account name is what an import's author becomes: printable UTF-8,
 * no spaces, at most 64 bytes. */
static int name_valid(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 64 || utf8_first_bad(name, n, UTF8_NO_CONTROLS) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= ' ' || c == 0x7f)
			return 0;
	}
	return 1;
}

int chancery_store_token_add(chancery_store *s, const char *name, const char *role,
			     const unsigned char *hash, size_t hash_len, int64_t *tid,
			     struct chancery_diags *diags)
{
	struct db_stmt *st = NULL;
	char now[24];
	int rc;

	if (!name_valid(name)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "bad account name '%s': expected 1 to 64 bytes of printable UTF-8, no spaces",
				   name);
		return -CHANCERY_EINPUT;
	}
	if (!chancery_token_role_valid(role)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "unknown role '%s'; expected reader, editor or admin", role);
		return -CHANCERY_EINPUT;
	}
	utc_now(now);
	rc = db_begin(s->db, DB_TXN_WRITE);
	if (rc == DB_OK)
		rc = store_exec(s->db, s->engine->tokens_sql);
	if (rc == DB_OK)
		rc = db_prepare(s->db, "INSERT INTO token (tid, name, role, hash, created_at)"
				" SELECT coalesce(max(tid), 0) + 1, ?1, ?2, ?3, ?4 FROM token RETURNING tid", &st);
	if (rc == DB_OK) {
		db_bind_text(st, 1, name, -1);
		db_bind_text(st, 2, role, -1);
		db_bind_blob(st, 3, hash, (int)hash_len);
		db_bind_text(st, 4, now, -1);
		rc = db_step(st);
		if (rc == DB_ROW) {
			*tid = db_column_int64(st, 0);
			rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
		}
	}
	db_finalize(st);
	if (rc == DB_OK)
		rc = store_exec(s->db, "COMMIT");
	if (rc != DB_OK) {
		rc = store_fail(s, diags, "write the token to");
		store_rollback(s->db);
		return rc;
	}
	return 0;
}

int chancery_store_tokens(chancery_store *s, struct chancery_token **out, size_t *n,
			  struct chancery_diags *diags)
{
	static const char sql[] =
		"SELECT t.tid, t.name, t.role, t.created_at, coalesce(r.revoked_at, '')"
		" FROM token AS t LEFT JOIN token_revocation AS r ON r.tid = t.tid ORDER BY t.tid";
	struct chancery_token *v = NULL;
	size_t count = 0, alloc = 0;
	struct db_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = has_tables(s)) <= 0)
		return rc < 0 ? store_fail(s, diags, "read the tokens of") : 0;
	if (db_prepare(s->db, sql, &st) != DB_OK)
		return store_fail(s, diags, "read the tokens of");
	while ((rc = db_step(st)) == DB_ROW) {
		struct chancery_token *t;
		ALLOC_GROW(v, count + 1, alloc);
		t = &v[count++];
		t->tid = db_column_int64(st, 0);
		t->name = xstrdup(db_column_text(st, 1));
		snprintf(t->role, sizeof(t->role), "%s", db_column_text(st, 2));
		snprintf(t->created_at, sizeof(t->created_at), "%s",
			 db_column_text(st, 3));
		snprintf(t->revoked_at, sizeof(t->revoked_at), "%s",
			 db_column_text(st, 4));
	}
	if (rc != DB_DONE) {
		rc = store_fail(s, diags, "read the tokens of");
		db_finalize(st);
		chancery_store_tokens_free(v, count);
		return rc;
	}
	db_finalize(st);
	*out = v;
	*n = count;
	return 0;
}

void chancery_store_tokens_free(struct chancery_token *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int chancery_store_token_revoke(chancery_store *s, const char *name, size_t *count,
				struct chancery_diags *diags)
{
	static const char by_name[] =
		"INSERT INTO token_revocation (tid, revoked_at) SELECT tid, ?2 FROM token"
		" WHERE name = ?1 AND tid NOT IN (SELECT tid FROM token_revocation)";
	static const char by_tid[] =
		"INSERT INTO token_revocation (tid, revoked_at) SELECT tid, ?2 FROM token"
		" WHERE tid = CAST(?1 AS INTEGER) AND tid NOT IN (SELECT tid FROM token_revocation)";
	struct db_stmt *st = NULL;
	char now[24];
	int rc;

	*count = 0;
	if ((rc = has_tables(s)) < 0)
		return store_fail(s, diags, "revoke a token in");
	if (!rc) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "no valid token for '%s' in store '%s'", name, s->path);
		return -CHANCERY_ENOTFOUND;
	}
	utc_now(now);
	rc = db_prepare(s->db, all_digits(name) ? by_tid : by_name, &st);
	if (rc == DB_OK) {
		db_bind_text(st, 1, name, -1);
		db_bind_text(st, 2, now, -1);
		rc = db_step(st);
		if (rc == DB_DONE)
			*count = (size_t)db_changes(st);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return store_fail(s, diags, "revoke a token in");
	if (!*count) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "no valid token for '%s' in store '%s'", name, s->path);
		return -CHANCERY_ENOTFOUND;
	}
	return 0;
}

int chancery_store_token_find(chancery_store *s, const unsigned char *hash, size_t hash_len,
			      struct chancery_token *out, unsigned char *out_hash,
			      struct chancery_diags *diags)
{
	static const char sql[] =
		"SELECT tid, name, role, created_at, hash FROM token WHERE hash = ?1"
		" AND tid NOT IN (SELECT tid FROM token_revocation)";
	struct db_stmt *st;
	int rc, found = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = has_tables(s)) <= 0)
		return rc < 0 ? store_fail(s, diags, "read the tokens of") : -CHANCERY_ENOTFOUND;
	if (db_prepare(s->db, sql, &st) != DB_OK)
		return store_fail(s, diags, "read the tokens of");
	db_bind_blob(st, 1, hash, (int)hash_len);
	rc = db_step(st);
	if (rc == DB_ROW && (size_t)db_column_bytes(st, 4) == hash_len) {
		out->tid = db_column_int64(st, 0);
		out->name = xstrdup(db_column_text(st, 1));
		snprintf(out->role, sizeof(out->role), "%s", db_column_text(st, 2));
		snprintf(out->created_at, sizeof(out->created_at), "%s",
			 db_column_text(st, 3));
		memcpy(out_hash, db_column_blob(st, 4), hash_len);
		found = 1;
	} else if (rc != DB_ROW && rc != DB_DONE) {
		db_finalize(st);
		return store_fail(s, diags, "read the tokens of");
	}
	db_finalize(st);
	return found ? 0 : -CHANCERY_ENOTFOUND;
}

int chancery_store_last_record(chancery_store *s, int64_t *rec, struct chancery_diags *diags)
{
	struct db_stmt *st;
	int rc;
	*rec = 0;
	if (db_prepare(s->db, "SELECT coalesce(max(rec), 0) FROM record", &st) !=
	    DB_OK)
		return store_fail(s, diags, "read");
	rc = db_step(st);
	if (rc == DB_ROW)
		*rec = db_column_int64(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? 0 : store_fail(s, diags, "read");
}
