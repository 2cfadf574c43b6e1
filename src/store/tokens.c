/* tokens.c: the server's accounts in the store (tokens.h). Two append-only
 * tables: `token` (one row per token issued: its hash, account, role and
 * time) and `token_revocation` (one row per token revoked). They are made
 * on the first `chancery token add`, so stores made before them keep
 * working and need no migration. */
#include "store/internal.h"
#include "store/tokens.h"

#include "base/banned.h"

static const char tokens_sql[] =
	"CREATE TABLE IF NOT EXISTS token (\n"
	"  tid INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL CHECK (name <> ''),\n"
	"  role TEXT NOT NULL CHECK (role = 'reader' OR role = 'editor' OR role = 'admin'),\n"
	"  hash BLOB NOT NULL UNIQUE,\n"
	"  created_at TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS token_revocation (\n"
	"  tid INTEGER PRIMARY KEY REFERENCES token (tid),\n"
	"  revoked_at TEXT NOT NULL\n"
	");\n"
	"CREATE TRIGGER IF NOT EXISTS token_no_update BEFORE UPDATE ON token"
	" BEGIN SELECT RAISE(ABORT, 'token is append-only'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS token_no_delete BEFORE DELETE ON token"
	" BEGIN SELECT RAISE(ABORT, 'token is append-only'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS token_revocation_no_update BEFORE UPDATE ON token_revocation"
	" BEGIN SELECT RAISE(ABORT, 'token_revocation is append-only'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS token_revocation_no_delete BEFORE DELETE ON token_revocation"
	" BEGIN SELECT RAISE(ABORT, 'token_revocation is append-only'); END;\n";

int chancery_token_role_valid(const char *role)
{
	return role && (!strcmp(role, "reader") || !strcmp(role, "editor") || !strcmp(role, "admin"));
}

static int has_tables(chancery_store *s)
{
	sqlite3_stmt *st;
	int found = 0;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'token'",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* An account name is what an import's author becomes: printable, no
 * spaces, at most 64 bytes. */
static int name_valid(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 64)
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
	sqlite3_stmt *st = NULL;
	char now[24];
	int rc;

	if (!name_valid(name)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "bad account name '%s': expected 1 to 64 characters, no spaces",
				   name);
		return -CHANCERY_EINPUT;
	}
	if (!chancery_token_role_valid(role)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "unknown role '%s'; expected reader, editor or admin", role);
		return -CHANCERY_EINPUT;
	}
	utc_now(now);
	rc = store_exec(s->db, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_exec(s->db, tokens_sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db,
					"INSERT INTO token (name, role, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
					-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, hash, (int)hash_len, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK) {
		*tid = sqlite3_last_insert_rowid(s->db);
		rc = store_exec(s->db, "COMMIT");
	}
	if (rc != SQLITE_OK) {
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
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (!has_tables(s))
		return 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, diags, "read the tokens of");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct chancery_token *t;
		ALLOC_GROW(v, count + 1, alloc);
		t = &v[count++];
		t->tid = sqlite3_column_int64(st, 0);
		t->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		snprintf(t->role, sizeof(t->role), "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(t->created_at, sizeof(t->created_at), "%s",
			 (const char *)sqlite3_column_text(st, 3));
		snprintf(t->revoked_at, sizeof(t->revoked_at), "%s",
			 (const char *)sqlite3_column_text(st, 4));
	}
	if (rc != SQLITE_DONE) {
		rc = store_fail(s, diags, "read the tokens of");
		sqlite3_finalize(st);
		chancery_store_tokens_free(v, count);
		return rc;
	}
	sqlite3_finalize(st);
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
	sqlite3_stmt *st = NULL;
	char now[24];
	int rc;

	*count = 0;
	if (!has_tables(s)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "no valid token for '%s' in store '%s'", name, s->path);
		return -CHANCERY_ENOTFOUND;
	}
	utc_now(now);
	rc = sqlite3_prepare_v2(s->db, all_digits(name) ? by_tid : by_name, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, diags, "revoke a token in");
	*count = (size_t)sqlite3_changes(s->db);
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
	sqlite3_stmt *st;
	int rc, found = 0;

	memset(out, 0, sizeof(*out));
	if (!has_tables(s))
		return -CHANCERY_ENOTFOUND;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, diags, "read the tokens of");
	sqlite3_bind_blob(st, 1, hash, (int)hash_len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (size_t)sqlite3_column_bytes(st, 4) == hash_len) {
		out->tid = sqlite3_column_int64(st, 0);
		out->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		snprintf(out->role, sizeof(out->role), "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(out->created_at, sizeof(out->created_at), "%s",
			 (const char *)sqlite3_column_text(st, 3));
		memcpy(out_hash, sqlite3_column_blob(st, 4), hash_len);
		found = 1;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return store_fail(s, diags, "read the tokens of");
	}
	sqlite3_finalize(st);
	return found ? 0 : -CHANCERY_ENOTFOUND;
}

int chancery_store_last_record(chancery_store *s, int64_t *rec, struct chancery_diags *diags)
{
	sqlite3_stmt *st;
	int rc;
	*rec = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(rec), 0) FROM record", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_fail(s, diags, "read");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*rec = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, diags, "read");
}
