/* db.h: the one interface between the store's logic and a database engine
 * (issue 24). The store's files (import, load, history, tokens, ...) speak
 * SQL through these calls only; two drivers implement them: db_sqlite.c
 * (the embedded default, a file) and db_pg.c (PostgreSQL through libpq, a
 * postgresql:// URL). The calls follow SQLite's statement model (prepare,
 * bind, step, column, reset, finalize) because the store was written
 * against it; the codes keep SQLite's values, so DB_ROW is SQLITE_ROW.
 *
 * SQL is written once for both engines, in the common subset: `?N`
 * parameters (the PostgreSQL driver renumbers them `$N`), no engine
 * functions beyond count/max/min/coalesce, `INSERT ... RETURNING`. What
 * differs is kept in the drivers: the schema (schema.c, schema_pg.c), how
 * a transaction that writes is begun (db_begin), and what a lost
 * connection means (db_pg.c reconnects). docs/scale.md, docs/schema.md. */
#ifndef STORE_DB_H
#define STORE_DB_H

#include <stddef.h>
#include <stdint.h>

/* Result codes: SQLite's values. */
enum {
	DB_OK = 0,
	DB_ERROR = 1,
	DB_ABORT = 4,
	DB_BUSY = 5, /* a lock was not granted in time */
	DB_NOMEM = 7,
	DB_READONLY = 8,
	DB_IOERR = 10,
	DB_CONSTRAINT = 19,
	DB_ROW = 100,
	DB_DONE = 101,
};

/* Column types (SQLite's fundamental types). */
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

/* What a transaction is for (db_begin). */
enum db_txn {
	DB_TXN_READ,  /* a consistent view over several statements */
	DB_TXN_WRITE, /* serialised with every other writer of the store */
};

struct db;
struct db_stmt;

struct db_driver {
	const char *name; /* "sqlite", "postgresql" */
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*begin)(struct db *db, enum db_txn txn);
	int (*in_transaction)(struct db *db);
	const char *(*errmsg)(struct db *db);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	int (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	int (*bind_text)(struct db_stmt *st, int i, const char *s, int len);
	int (*bind_blob)(struct db_stmt *st, int i, const void *p, int len);
	int (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	int (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int c);
	int (*column_type)(struct db_stmt *st, int c);
	int64_t (*column_int64)(struct db_stmt *st, int c);
	const char *(*column_text)(struct db_stmt *st, int c);
	const void *(*column_blob)(struct db_stmt *st, int c);
	int (*column_bytes)(struct db_stmt *st, int c);
	int64_t (*changes)(struct db_stmt *st); /* rows the last step wrote */
};

/* Every connection and statement starts with its driver. */
struct db {
	const struct db_driver *drv;
};
struct db_stmt {
	const struct db_driver *drv;
	int may_defer; /* db_may_defer */
};

/* Opening is the schema's business (schema.c for SQLite, schema_pg.c for
 * PostgreSQL): each makes its connection and wraps it. */
struct sqlite3;
struct db *db_sqlite_wrap(struct sqlite3 *handle);
struct sqlite3 *db_sqlite_handle(struct db *db); /* NULL for another engine */

/* Connect to a PostgreSQL database (db_pg.c): DB_OK and *out, or a code
 * and the reason in why. */
int db_pg_connect(const char *url, struct db **out, char *why, size_t why_size);

/* Open a PostgreSQL store, when the program was linked with the driver
 * (chancery_store_enable_postgresql sets it); NULL in one that was not. */
struct chancery_store;
struct chancery_diags;
extern int (*store_pg_open)(const char *url, unsigned flags, struct chancery_store **out,
			    struct chancery_diags *diags);


static inline int db_exec(struct db *db, const char *sql) { return db->drv->exec(db, sql); }
static inline int db_begin(struct db *db, enum db_txn t) { return db->drv->begin(db, t); }
static inline int db_in_transaction(struct db *db) { return db->drv->in_transaction(db); }
static inline const char *db_errmsg(struct db *db)
{
	return db ? db->drv->errmsg(db) : "out of memory";
}
static inline void db_close(struct db *db)
{
	if (db)
		db->drv->close(db);
}
static inline int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	return db->drv->prepare(db, sql, out);
}
static inline int db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	return st->drv->bind_int64(st, i, v);
}
/* The text must stay valid until the statement is stepped. */
static inline int db_bind_text(struct db_stmt *st, int i, const char *s, int len)
{
	return st->drv->bind_text(st, i, s, len);
}
static inline int db_bind_blob(struct db_stmt *st, int i, const void *p, int len)
{
	return st->drv->bind_blob(st, i, p, len);
}
static inline int db_bind_null(struct db_stmt *st, int i) { return st->drv->bind_null(st, i); }
static inline int db_step(struct db_stmt *st) { return st->drv->step(st); }
static inline int db_reset(struct db_stmt *st) { return st->drv->reset(st); }
static inline void db_finalize(struct db_stmt *st)
{
	if (st)
		st->drv->finalize(st);
}
/* The caller wants no rows and no count from st, only that it is done by
 * the end of the transaction: a driver may send it without waiting for
 * its answer (db_pg.c pipelines such inserts in a writer's transaction),
 * so that its failure is reported by a later call of the transaction,
 * at the latest by COMMIT. */
static inline void db_may_defer(struct db_stmt *st)
{
	if (st)
		st->may_defer = 1;
}
static inline int db_column_count(struct db_stmt *st) { return st->drv->column_count(st); }
static inline const char *db_column_name(struct db_stmt *st, int c)
{
	return st->drv->column_name(st, c);
}
static inline int db_column_type(struct db_stmt *st, int c) { return st->drv->column_type(st, c); }
static inline int64_t db_column_int64(struct db_stmt *st, int c)
{
	return st->drv->column_int64(st, c);
}
static inline const char *db_column_text(struct db_stmt *st, int c)
{
	return st->drv->column_text(st, c);
}
static inline const void *db_column_blob(struct db_stmt *st, int c)
{
	return st->drv->column_blob(st, c);
}
static inline int db_column_bytes(struct db_stmt *st, int c)
{
	return st->drv->column_bytes(st, c);
}
static inline int64_t db_changes(struct db_stmt *st) { return st->drv->changes(st); }

#endif
