/* db_pg.c: the PostgreSQL driver of db.h, through libpq (issue 24).
 *
 * Statements: the store's SQL is written with `?N` parameters; they are
 * renumbered `$N` once, at prepare. A statement runs unnamed the first
 * time (one round trip: parse and execute), and is prepared under a name
 * when it runs again (the import's inserts), so that PostgreSQL parses it
 * once per connection. Results come back whole, in text format (bytea as
 * hex, decoded on demand); a step walks the rows of that result.
 *
 * Connections: a lost connection is made again, by PQreset on the same
 * connection string, but only outside a transaction: a statement of a
 * transaction whose connection died fails, the caller rolls back, and its
 * next transaction runs on the new connection. With several hosts in the
 * URL and target_session_attrs=read-write, the new connection goes to
 * whichever host is the primary now: that is how a server follows a
 * failover by itself (docs/scale.md). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/db.h"
#include "base/banned.h"

/* Type oids of pg_type.h (server headers are not in libpq-dev). */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

struct pg_db {
	struct db base;
	PGconn *conn;
	unsigned generation; /* bumped by each new connection */
	unsigned names;      /* statements prepared under a name so far */
	int txn;             /* a transaction was begun and not yet ended */
	int writing;         /* ... and it is a writer's: inserts may be pipelined */
	unsigned pending;    /* pipelined statements not yet synchronised */
	int failed;          /* a pipelined statement's failure, until the end */
	char err[512];
};

struct pg_param {
	const char *value; /* NULL for SQL NULL */
	int length, format;
	Oid type;
	char num[24]; /* an integer's text */
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	char *sql; /* with $N parameters */
	int nparams;
	struct pg_param *params;
	char name[24];
	unsigned prepared_in; /* the generation it was prepared in, 0 if not */
	unsigned runs;
	int ran; /* stepped since the last reset */
	PGresult *res;
	int row, nrows;
	int64_t changes;
	unsigned char *blob; /* a bytea column, decoded */
	size_t blob_len;
	int blob_row, blob_col; /* which one, so that it stays while asked for */
};

static const struct db_driver pg_driver;

#define PGDB(d) ((struct pg_db *)(d))
#define PGST(s) ((struct pg_stmt *)(s))

static void set_err(struct pg_db *db, const char *msg)
{
	size_t n;
	snprintf(db->err, sizeof(db->err), "%s", msg && *msg ? msg : "unknown PostgreSQL error");
	n = strlen(db->err);
	while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
		db->err[--n] = '\0';
}

/* The store's code for a failed result: SQLSTATE class 23 (integrity)
 * is a constraint, lock and serialisation failures are busy, a
 * read-only transaction (a standby) is read-only, a lost connection an
 * I/O error. */
static int code_of(struct pg_db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	set_err(db, res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
						      : PQerrorMessage(db->conn));
	if (PQstatus(db->conn) != CONNECTION_OK || !state)
		return DB_IOERR;
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01"))
		return DB_BUSY;
	if (!strcmp(state, "25006"))
		return DB_READONLY;
	if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
		return DB_IOERR;
	return DB_ERROR;
}

/* Settings of every connection: the store's texts are UTF-8, a lock
 * not granted in 10 s is a busy store (SQLite's busy timeout), and
 * reading the same snapshot over several statements needs no more. */
static int configure(struct pg_db *db)
{
	PGresult *res = PQexec(db->conn, "SET client_encoding = 'UTF8'; SET lock_timeout = '10s';"
					 " SET application_name = 'chancery'");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : code_of(db, res);
	PQclear(res);
	return rc;
}

/* Make the connection again if it was lost, outside a transaction. */
static int ensure_connected(struct pg_db *db)
{
	if (PQstatus(db->conn) == CONNECTION_OK)
		return DB_OK;
	if (db->txn) {
		set_err(db, "the connection to the database was lost in a transaction");
		return DB_IOERR;
	}
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		set_err(db, PQerrorMessage(db->conn));
		return DB_IOERR;
	}
	db->generation++;
	return configure(db);
}

/* Pipelining (the bulk writes of an import or a copy): a statement whose
 * caller wants neither rows nor counts (db_may_defer) is sent without
 * waiting for its answer; the answers are read at the next other
 * statement, at the end of the transaction, or every PIPELINE_MAX
 * statements, whichever comes first. One round trip then carries
 * hundreds of inserts. A failure among them fails the statement that
 * reads it, and every one after it until the transaction ends: the
 * writer's transaction is lost anyway, as with any failed statement. */
#define PIPELINE_MAX 1000

static int drain(struct pg_db *db)
{
	PGresult *res;
	int rc = DB_OK;
	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF)
		return db->failed;
	if (db->pending && !PQpipelineSync(db->conn))
		rc = code_of(db, NULL);
	while (rc == DB_OK && db->pending) {
		res = PQgetResult(db->conn);
		if (!res) {
			if (PQstatus(db->conn) != CONNECTION_OK)
				rc = code_of(db, NULL);
			continue;
		}
		switch (PQresultStatus(res)) {
		case PGRES_PIPELINE_SYNC:
			db->pending = 0;
			break;
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_PIPELINE_ABORTED:
			break;
		default:
			if (!db->failed)
				db->failed = code_of(db, res);
		}
		PQclear(res);
	}
	db->pending = 0;
	if (!PQexitPipelineMode(db->conn) && rc == DB_OK)
		rc = code_of(db, NULL);
	if (rc != DB_OK && !db->failed)
		db->failed = rc;
	return db->failed;
}

static void p_close(struct db *d)
{
	PQfinish(PGDB(d)->conn);
	free(d);
}

static int ends_transaction(const char *sql)
{
	return !strncmp(sql, "COMMIT", 6) || !strncmp(sql, "ROLLBACK", 8) ||
	       !strncmp(sql, "END", 3);
}

static int p_exec(struct db *d, const char *sql)
{
	struct pg_db *db = PGDB(d);
	PGresult *res;
	int rc, ending = ends_transaction(sql);
	if (!*sql)
		return DB_OK;
	if ((rc = ensure_connected(db)) != DB_OK) {
		if (ending)
			db->txn = db->writing = db->failed = 0; /* nothing to end */
		return rc;
	}
	if ((rc = drain(db)) != DB_OK) {
		if (ending) {
			/* a pipelined statement failed: the transaction cannot commit */
			PQclear(PQexec(db->conn, "ROLLBACK"));
			db->txn = db->writing = db->failed = 0;
		}
		return rc;
	}
	res = PQexec(db->conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		rc = DB_OK;
		break;
	default:
		rc = code_of(db, res);
	}
	PQclear(res);
	if (ending)
		db->txn = db->writing = db->failed = 0;
	return rc;
}

/* A writer takes the store's advisory lock for its whole transaction:
 * imports are serialised, as SQLite's BEGIN IMMEDIATE serialises them,
 * readers are not blocked, and the account needs no privilege beyond
 * SELECT and INSERT (LOCK TABLE would want UPDATE). A reader sees one
 * snapshot throughout. */
static int p_begin(struct db *d, enum db_txn txn)
{
	struct pg_db *db = PGDB(d);
	int rc = ensure_connected(db);
	if (rc != DB_OK)
		return rc;
	rc = p_exec(d, txn == DB_TXN_WRITE
			       ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
				 " SELECT pg_advisory_xact_lock(1128812099)" /* 'CHNC' */
			       : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
	db->txn = 1; /* a failed BEGIN is rolled back by the caller too */
	db->writing = txn == DB_TXN_WRITE;
	return rc;
}

static int p_in_transaction(struct db *d)
{
	struct pg_db *db = PGDB(d);
	switch (PQtransactionStatus(db->conn)) {
	case PQTRANS_INTRANS:
	case PQTRANS_INERROR:
	case PQTRANS_ACTIVE:
		return 1;
	case PQTRANS_IDLE:
		return 0;
	default:
		return db->txn;
	}
}

static const char *p_errmsg(struct db *d)
{
	return PGDB(d)->err;
}

/* `?N` and `?` to `$N`, outside quotes; the number of parameters. */
static char *renumber(const char *sql, int *nparams)
{
	struct strbuf out = STRBUF_INIT;
	int next = 0, max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			strbuf_add(&out, p, 1);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			strbuf_add(&out, p, 1);
		} else if (*p == '?') {
			int n = 0;
			while (p[1] >= '0' && p[1] <= '9')
				n = n * 10 + (*++p - '0');
			if (!n)
				n = ++next;
			if (n > max)
				max = n;
			strbuf_addf(&out, "$%d", n);
		} else {
			strbuf_add(&out, p, 1);
		}
	}
	*nparams = max;
	return strbuf_detach(&out, NULL);
}

static int p_prepare(struct db *d, const char *sql, struct db_stmt **out)
{
	struct pg_stmt *st = xcalloc(1, sizeof(*st));
	st->base.drv = &pg_driver;
	st->db = PGDB(d);
	st->sql = renumber(sql, &st->nparams);
	st->params = xcalloc(st->nparams ? (size_t)st->nparams : 1, sizeof(*st->params));
	st->row = -1;
	*out = &st->base;
	return DB_OK;
}

static struct pg_param *param(struct db_stmt *s, int i)
{
	struct pg_stmt *st = PGST(s);
	return i >= 1 && i <= st->nparams ? &st->params[i - 1] : NULL;
}

static int p_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	struct pg_param *p = param(s, i);
	if (!p)
		return DB_OK; /* SQLite accepts a parameter the SQL does not use */
	snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	p->value = p->num;
	p->length = 0;
	p->format = 0;
	p->type = OID_INT8;
	return DB_OK;
}

/* Text up to its NUL is sent with no type: PostgreSQL takes it from where
 * it is used. Text of a given length is sent as the binary form of `text`
 * (its bytes), which needs no NUL. */
static int p_bind_text(struct db_stmt *s, int i, const char *text, int len)
{
	struct pg_param *p = param(s, i);
	if (!p)
		return DB_OK;
	p->value = text;
	p->length = len >= 0 ? len : 0;
	p->format = len >= 0;
	p->type = len >= 0 ? OID_TEXT : 0;
	return DB_OK;
}

static int p_bind_blob(struct db_stmt *s, int i, const void *data, int len)
{
	struct pg_param *p = param(s, i);
	if (!p)
		return DB_OK;
	p->value = data;
	p->length = len;
	p->format = 1;
	p->type = OID_BYTEA;
	return DB_OK;
}

static int p_bind_null(struct db_stmt *s, int i)
{
	struct pg_param *p = param(s, i);
	if (p)
		memset(p, 0, sizeof(*p));
	return DB_OK;
}

static void clear_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	free(st->blob);
	st->blob = NULL;
	st->row = -1;
	st->nrows = 0;
	st->ran = 0;
}

static int run(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	const char **values = NULL;
	int *lengths = NULL, *formats = NULL;
	Oid *types = NULL;
	int defer = db->writing && st->base.may_defer;
	int rc = ensure_connected(db);
	if (rc != DB_OK)
		return rc;
	/* anything not pipelined waits for what is; a pipelined statement is
	 * prepared, once, outside the pipeline */
	if ((!defer || st->prepared_in != db->generation) && (rc = drain(db)) != DB_OK)
		return rc;
	if (db->failed)
		return db->failed;
	if (st->nparams) {
		values = xcalloc((size_t)st->nparams, sizeof(*values));
		lengths = xcalloc((size_t)st->nparams, sizeof(*lengths));
		formats = xcalloc((size_t)st->nparams, sizeof(*formats));
		types = xcalloc((size_t)st->nparams, sizeof(*types));
		for (int i = 0; i < st->nparams; i++) {
			values[i] = st->params[i].value;
			lengths[i] = st->params[i].length;
			formats[i] = st->params[i].format;
			types[i] = st->params[i].type;
		}
	}
	st->runs++;
	if ((st->runs > 1 || defer) && st->prepared_in != db->generation) {
		/* run again: worth a name. Types are fixed by the first run's. */
		PGresult *prep;
		snprintf(st->name, sizeof(st->name), "chancery_%u", ++db->names);
		prep = PQprepare(db->conn, st->name, st->sql, st->nparams, types);
		if (PQresultStatus(prep) == PGRES_COMMAND_OK)
			st->prepared_in = db->generation;
		else
			rc = code_of(db, prep);
		PQclear(prep);
	}
	if (rc == DB_OK && defer) {
		if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode(db->conn))
			rc = code_of(db, NULL);
		else if (!PQsendQueryPrepared(db->conn, st->name, st->nparams, values, lengths,
					      formats, 0))
			rc = code_of(db, NULL);
		else if (++db->pending >= PIPELINE_MAX)
			rc = drain(db);
		st->nrows = 0;
		st->changes = 0;
	} else if (rc == DB_OK) {
		st->res = st->prepared_in == db->generation && st->prepared_in
				  ? PQexecPrepared(db->conn, st->name, st->nparams, values, lengths,
						   formats, 0)
				  : PQexecParams(db->conn, st->sql, st->nparams, types, values,
						 lengths, formats, 0);
		switch (PQresultStatus(st->res)) {
		case PGRES_TUPLES_OK:
			st->nrows = PQntuples(st->res);
			st->changes = 0;
			break;
		case PGRES_COMMAND_OK:
			st->nrows = 0;
			st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
			break;
		default:
			rc = code_of(db, st->res);
			clear_result(st);
		}
	}
	free(values);
	free(lengths);
	free(formats);
	free(types);
	return rc;
}

static int p_step(struct db_stmt *s)
{
	struct pg_stmt *st = PGST(s);
	if (!st->ran) {
		int rc = run(st);
		if (rc != DB_OK)
			return rc;
		st->ran = 1;
		/* RETURNING gives rows and changes both */
		if (st->res && PQresultStatus(st->res) == PGRES_TUPLES_OK)
			st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static int p_reset(struct db_stmt *s)
{
	clear_result(PGST(s));
	return DB_OK;
}

static void p_finalize(struct db_stmt *s)
{
	struct pg_stmt *st = PGST(s);
	clear_result(st);
	drain(st->db); /* a failure stays, for the transaction's next call */
	if (st->prepared_in && st->prepared_in == st->db->generation &&
	    PQstatus(st->db->conn) == CONNECTION_OK) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->db->conn, sql));
	}
	free(st->sql);
	free(st->params);
	free(st->blob);
	free(st);
}

static int valid(struct pg_stmt *st, int c)
{
	return st->res && st->row >= 0 && st->row < st->nrows && c >= 0 && c < PQnfields(st->res);
}

static int p_column_count(struct db_stmt *s)
{
	struct pg_stmt *st = PGST(s);
	return st->res ? PQnfields(st->res) : 0;
}

static const char *p_column_name(struct db_stmt *s, int c)
{
	struct pg_stmt *st = PGST(s);
	return st->res ? PQfname(st->res, c) : NULL;
}

static int p_column_type(struct db_stmt *s, int c)
{
	struct pg_stmt *st = PGST(s);
	if (!valid(st, c) || PQgetisnull(st->res, st->row, c))
		return DB_NULL;
	switch (PQftype(st->res, c)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_FLOAT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static int64_t p_column_int64(struct db_stmt *s, int c)
{
	struct pg_stmt *st = PGST(s);
	if (!valid(st, c) || PQgetisnull(st->res, st->row, c))
		return 0;
	return strtoll(PQgetvalue(st->res, st->row, c), NULL, 10);
}

static const char *p_column_text(struct db_stmt *s, int c)
{
	struct pg_stmt *st = PGST(s);
	if (!valid(st, c) || PQgetisnull(st->res, st->row, c))
		return NULL;
	return PQgetvalue(st->res, st->row, c);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* A bytea column arrives as "\x" and hex digits (the server's default
 * bytea_output); anything else is returned as its text. */
static const void *p_column_blob(struct db_stmt *s, int c)
{
	struct pg_stmt *st = PGST(s);
	const char *v = p_column_text(s, c);
	size_t n;
	if (!v || PQftype(st->res, c) != OID_BYTEA || strncmp(v, "\\x", 2))
		return v;
	if (st->blob && st->blob_row == st->row && st->blob_col == c)
		return st->blob; /* the pointer given before stays valid */
	n = (strlen(v) - 2) / 2;
	free(st->blob);
	st->blob_row = st->row;
	st->blob_col = c;
	st->blob = xmalloc(n ? n : 1);
	st->blob_len = n;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(v[2 + 2 * i]), lo = hexval(v[3 + 2 * i]);
		st->blob[i] = (unsigned char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
	}
	return st->blob;
}

static int p_column_bytes(struct db_stmt *s, int c)
{
	struct pg_stmt *st = PGST(s);
	if (!valid(st, c) || PQgetisnull(st->res, st->row, c))
		return 0;
	if (PQftype(st->res, c) == OID_BYTEA) {
		p_column_blob(s, c);
		return (int)st->blob_len;
	}
	return PQgetlength(st->res, st->row, c);
}

static int64_t p_changes(struct db_stmt *s)
{
	return PGST(s)->changes;
}

static const struct db_driver pg_driver = {
	.name = "postgresql",
	.close = p_close,
	.exec = p_exec,
	.begin = p_begin,
	.in_transaction = p_in_transaction,
	.errmsg = p_errmsg,
	.prepare = p_prepare,
	.bind_int64 = p_bind_int64,
	.bind_text = p_bind_text,
	.bind_blob = p_bind_blob,
	.bind_null = p_bind_null,
	.step = p_step,
	.reset = p_reset,
	.finalize = p_finalize,
	.column_count = p_column_count,
	.column_name = p_column_name,
	.column_type = p_column_type,
	.column_int64 = p_column_int64,
	.column_text = p_column_text,
	.column_blob = p_column_blob,
	.column_bytes = p_column_bytes,
	.changes = p_changes,
};

int db_pg_connect(const char *url, struct db **out, char *why, size_t why_size)
{
	struct pg_db *db = xcalloc(1, sizeof(*db));
	db->base.drv = &pg_driver;
	db->conn = PQconnectdb(url);
	db->generation = 1;
	*out = NULL;
	if (PQstatus(db->conn) != CONNECTION_OK || configure(db) != DB_OK) {
		set_err(db, PQerrorMessage(db->conn));
		snprintf(why, why_size, "%s", db->err);
		p_close(&db->base);
		return DB_IOERR;
	}
	*out = &db->base;
	return DB_OK;
}
