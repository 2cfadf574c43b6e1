/* db_sqlite.c: the SQLite driver of db.h, a thin wrapper: the store was
 * written against SQLite's statement model, so each call is one SQLite
 * call. The connection is made and configured in schema.c. */
#include <sqlite3.h>
#include <stdlib.h>

#include "base/strbuf.h"
#include "store/db.h"
#include "base/banned.h"

struct sqlite_db {
	struct db base;
	sqlite3 *h;
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	sqlite3 *h;
};

#define H(db) (((struct sqlite_db *)(db))->h)
#define ST(s) (((struct sqlite_stmt *)(s))->st)

static void s_close(struct db *db)
{
	sqlite3_close_v2(H(db));
	free(db);
}

static int s_exec(struct db *db, const char *sql)
{
	return sqlite3_exec(H(db), sql, NULL, NULL, NULL);
}

/* A writer takes the write lock at once (BEGIN IMMEDIATE): two imports
 * that both read and then write would otherwise deadlock on upgrade. */
static int s_begin(struct db *db, enum db_txn txn)
{
	return s_exec(db, txn == DB_TXN_WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int s_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(H(db));
}

static const char *s_errmsg(struct db *db)
{
	return sqlite3_errmsg(H(db));
}

static const struct db_driver sqlite_driver;

static int s_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(H(db), sql, -1, &st, NULL);
	struct sqlite_stmt *s;
	*out = NULL;
	if (rc != SQLITE_OK)
		return rc;
	s = xcalloc(1, sizeof(*s));
	s->base.drv = &sqlite_driver;
	s->st = st;
	s->h = H(db);
	*out = &s->base;
	return SQLITE_OK;
}

static int s_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(ST(st), i, v);
}

static int s_bind_text(struct db_stmt *st, int i, const char *s, int len)
{
	return sqlite3_bind_text(ST(st), i, s, len, SQLITE_STATIC);
}

static int s_bind_blob(struct db_stmt *st, int i, const void *p, int len)
{
	return sqlite3_bind_blob(ST(st), i, p, len, SQLITE_STATIC);
}

static int s_bind_null(struct db_stmt *st, int i)
{
	return sqlite3_bind_null(ST(st), i);
}

static int s_step(struct db_stmt *st)
{
	return sqlite3_step(ST(st));
}

static int s_reset(struct db_stmt *st)
{
	return sqlite3_reset(ST(st));
}

static void s_finalize(struct db_stmt *st)
{
	sqlite3_finalize(ST(st));
	free(st);
}

static int s_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

static const char *s_column_name(struct db_stmt *st, int c)
{
	return sqlite3_column_name(ST(st), c);
}

static int s_column_type(struct db_stmt *st, int c)
{
	return sqlite3_column_type(ST(st), c);
}

static int64_t s_column_int64(struct db_stmt *st, int c)
{
	return sqlite3_column_int64(ST(st), c);
}

static const char *s_column_text(struct db_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(ST(st), c);
}

static const void *s_column_blob(struct db_stmt *st, int c)
{
	return sqlite3_column_blob(ST(st), c);
}

static int s_column_bytes(struct db_stmt *st, int c)
{
	return sqlite3_column_bytes(ST(st), c);
}

static int64_t s_changes(struct db_stmt *st)
{
	return sqlite3_changes(((struct sqlite_stmt *)st)->h);
}

static const struct db_driver sqlite_driver = {
	.name = "sqlite",
	.close = s_close,
	.exec = s_exec,
	.begin = s_begin,
	.in_transaction = s_in_transaction,
	.errmsg = s_errmsg,
	.prepare = s_prepare,
	.bind_int64 = s_bind_int64,
	.bind_text = s_bind_text,
	.bind_blob = s_bind_blob,
	.bind_null = s_bind_null,
	.step = s_step,
	.reset = s_reset,
	.finalize = s_finalize,
	.column_count = s_column_count,
	.column_name = s_column_name,
	.column_type = s_column_type,
	.column_int64 = s_column_int64,
	.column_text = s_column_text,
	.column_blob = s_column_blob,
	.column_bytes = s_column_bytes,
	.changes = s_changes,
};

struct db *db_sqlite_wrap(sqlite3 *handle)
{
	struct sqlite_db *db = xcalloc(1, sizeof(*db));
	db->base.drv = &sqlite_driver;
	db->h = handle;
	return &db->base;
}

sqlite3 *db_sqlite_handle(struct db *db)
{
	return db && db->drv == &sqlite_driver ? H(db) : NULL;
}
