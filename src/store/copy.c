/* copy.c: one store into another, exactly (issue 24: `chancery copy`,
 * SQLite to PostgreSQL and back). Every row of every table is copied as it
 * is, numbers included: the records with their authors and times, every
 * version of every fact, the decoded rows, the amendments of record times
 * and the accounts. Nothing is re-imported, so nothing is re-checked or
 * re-dated, and an export of either store gives the same bytes. The
 * target must be empty; the copy is one transaction on each side. */
#include "store/internal.h"

#include <errno.h>
#include <unistd.h>

#include "base/banned.h"

/* In the order their references need; each by its key, the order they
 * were written in. */
static const struct {
	const char *table, *order;
	int account; /* the server's accounts: left out of a published copy */
} tables[] = {
	{ "record", "rec", 0 },
	{ "fact", "fid", 0 },
	{ "party", "fid", 0 },
	{ "person", "fid", 0 },
	{ "office", "fid, seq", 0 },
	{ "source", "fid", 0 },
	{ "event", "fid", 0 },
	{ "treaty", "fid", 0 },
	{ "treaty_action", "fid, seq", 0 },
	{ "record_amendment", "aid", 0 },
	{ "token", "tid", 1 },
	{ "token_revocation", "tid", 1 },
};

/* Copy one table: SELECT * on one side, an INSERT of the same columns on
 * the other, each value with its own type. *rows counts what was copied. */
static int copy_table(chancery_store *from, chancery_store *to, const char *table,
		      const char *order, size_t *rows, const char **failed_side)
{
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *get = NULL, *put = NULL;
	int rc, ncol = 0;

	strbuf_addf(&sql, "SELECT * FROM %s ORDER BY %s", table, order);
	rc = db_prepare(from->db, sql.buf, &get);
	*failed_side = "read";
	if (rc == DB_OK)
		rc = db_step(get);
	while (rc == DB_ROW) {
		if (!put) {
			ncol = db_column_count(get);
			strbuf_reset(&sql);
			strbuf_addf(&sql, "INSERT INTO %s (", table);
			for (int c = 0; c < ncol; c++)
				strbuf_addf(&sql, "%s%s", c ? ", " : "", db_column_name(get, c));
			strbuf_addstr(&sql, ") VALUES (");
			for (int c = 0; c < ncol; c++)
				strbuf_addf(&sql, "%s?%d", c ? ", " : "", c + 1);
			strbuf_addch(&sql, ')');
			*failed_side = "write";
			if ((rc = db_prepare(to->db, sql.buf, &put)) != DB_OK)
				break;
			db_may_defer(put);
		}
		for (int c = 0; c < ncol; c++) {
			switch (db_column_type(get, c)) {
			case DB_NULL: db_bind_null(put, c + 1); break;
			case DB_INTEGER: db_bind_int64(put, c + 1, db_column_int64(get, c)); break;
			case DB_BLOB:
				db_bind_blob(put, c + 1, db_column_blob(get, c), db_column_bytes(get, c));
				break;
			default:
				db_bind_text(put, c + 1, db_column_text(get, c), db_column_bytes(get, c));
			}
		}
		*failed_side = "write";
		if ((rc = step_reset(put)) != DB_DONE)
			break;
		(*rows)++;
		*failed_side = "read";
		rc = db_step(get);
	}
	db_finalize(get);
	db_finalize(put);
	strbuf_release(&sql);
	return rc == DB_DONE ? DB_OK : rc;
}

static int is_empty(chancery_store *s, int *empty)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, "SELECT (SELECT count(*) FROM record) + (SELECT count(*) FROM fact)",
			    &st);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		*empty = db_column_int64(st, 0) == 0;
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

/* chancery_store_copy, with the accounts or without them. */
static int copy(chancery_store *from, chancery_store *to, int accounts, size_t *rows,
		struct chancery_diags *diags)
{
	const char *side = "read";
	int empty = 0, rc, started;
	*rows = 0;
	if ((started = store_begin_read(from)) < 0)
		return store_fail(from, diags, "read");
	if (db_begin(to->db, DB_TXN_WRITE) != DB_OK) {
		store_end_read(from, started);
		return store_fail(to, diags, "write to");
	}
	rc = is_empty(to, &empty);
	if (rc == DB_OK && !empty) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot copy into store '%s': it already has records; copy into"
				   " an empty store",
				   to->path);
		store_rollback(to->db);
		store_end_read(from, started);
		return -CHANCERY_EINPUT;
	}
	for (size_t i = 0; rc == DB_OK && i < sizeof(tables) / sizeof(tables[0]); i++) {
		int in_from = store_has_table(from, tables[i].table), in_to;
		if (tables[i].account && !accounts)
			continue;
		if (in_from < 0) {
			rc = DB_ERROR;
			break;
		}
		if (!in_from)
			continue; /* an SQLite store before its first token */
		in_to = store_has_table(to, tables[i].table);
		if (in_to < 0 || (!in_to && db_exec(to->db, to->engine->tokens_sql) != DB_OK)) {
			side = "write";
			rc = DB_ERROR;
			break;
		}
		rc = copy_table(from, to, tables[i].table, tables[i].order, rows, &side);
	}
	if (rc == DB_OK && !from->hashed) {
		/* a store of schema 2, read as it is: its copy gets its hashes
		 * as a migration would give them */
		side = "write";
		rc = db_exec(to->db, to->engine->lift_append_only);
		if (rc == DB_OK)
			rc = store_fill_hashes(to);
		if (rc == DB_OK)
			rc = db_exec(to->db, to->engine->restore_append_only);
	}
	if (rc == DB_OK) {
		side = "write";
		rc = db_exec(to->db, "COMMIT");
	}
	if (rc != DB_OK) {
		int ret = !strcmp(side, "read") ? store_fail(from, diags, "copy from")
						 : store_fail(to, diags, "copy into");
		store_rollback(to->db);
		store_end_read(from, started);
		return ret;
	}
	store_end_read(from, started);
	return 0;
}

int chancery_store_copy(chancery_store *from, chancery_store *to, size_t *rows,
			struct chancery_diags *diags)
{
	return copy(from, to, 1, rows, diags);
}

int chancery_store_publish(chancery_store *from, const char *out, size_t *rows,
			   struct chancery_diags *diags)
{
	struct strbuf tmp = STRBUF_INIT;
	chancery_store *to = NULL;
	int ret;
	if (!access(out, F_OK)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot publish to '%s': it exists; name a new file", out);
		return -CHANCERY_EINPUT;
	}
	/* written beside, renamed when whole: a failed run leaves nothing */
	strbuf_addf(&tmp, "%s.publishing", out);
	unlink(tmp.buf);
	ret = chancery_store_open(tmp.buf, CHANCERY_STORE_CREATE, &to, diags);
	if (!ret)
		ret = copy(from, to, 0, rows, diags);
	/* one file, for a download or a read-only server: no write-ahead log */
	if (!ret && db_exec(to->db, "PRAGMA journal_mode = DELETE") != DB_OK)
		ret = store_fail(to, diags, "publish to");
	chancery_store_close(to);
	if (!ret && rename(tmp.buf, out)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL, "cannot publish to '%s': %s",
				   out, strerror(errno));
		ret = -CHANCERY_EIO;
	}
	if (ret) {
		unlink(tmp.buf);
		strbuf_addstr(&tmp, "-wal");
		unlink(tmp.buf);
	}
	strbuf_release(&tmp);
	return ret;
}
