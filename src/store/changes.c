/* changes.c: what the store recorded after a given fact, so that a cache
 * built from an earlier state (the snapshot file, docs/snapshot.md) can
 * follow the store by its changes instead of being rebuilt: the rows are
 * append-only, so the state a cache was built from is a prefix of the
 * store's, recognised by its digest. */
#include "store/internal.h"

#include "base/banned.h"

int store_begin_read(chancery_store *s)
{
	if (db_in_transaction(s->db))
		return 0; /* inside the caller's transaction: read what it sees */
	return db_begin(s->db, DB_TXN_READ) == DB_OK ? 1 : -1;
}

void store_end_read(chancery_store *s, int started)
{
	if (started > 0)
		store_rollback(s->db);
}

int chancery_store_extends(chancery_store *s, const struct chancery_store_state *base,
			   struct chancery_store_state *now, struct chancery_diags *diags)
{
	uint64_t digest;
	int started = store_begin_read(s), rc, ret = 0;
	if (started < 0)
		return store_fail(s, diags, "read");
	rc = store_read_state(s, now);
	if (rc == DB_OK && now->max_fid >= base->max_fid && now->last_rec >= base->last_rec)
		rc = store_state_digest_at(s, base->max_fid, base->last_rec, &digest);
	else
		digest = ~base->digest;
	if (rc != DB_OK)
		ret = store_fail(s, diags, "read");
	else
		ret = digest == base->digest;
	store_end_read(s, started);
	return ret;
}

void chancery_store_changes_release(struct chancery_store_changes *c)
{
	free(c->buf);
	free(c->v);
	arena_release(&c->ids);
	memset(c, 0, sizeof(*c));
}

int chancery_store_changes(chancery_store *s, int64_t after_fid, size_t max,
			   struct chancery_store_changes *out, struct chancery_diags *diags)
{
	static const char sql[] = "SELECT fid, id, entity, retracted, text FROM fact"
				  " WHERE fid > ?1 ORDER BY fid LIMIT ?2";
	struct strbuf buf = STRBUF_INIT;
	size_t alloc = 0;
	struct db_stmt *st = NULL;
	int started, rc, ret = 0;

	memset(out, 0, sizeof(*out));
	out->ids = (struct arena)ARENA_INIT;
	if ((started = store_begin_read(s)) < 0)
		return store_fail(s, diags, "read");
	rc = store_read_state(s, &out->state);
	if (rc == DB_OK)
		rc = db_prepare(s->db, sql, &st);
	if (rc != DB_OK)
		goto fail;
	db_bind_int64(st, 1, after_fid);
	/* one more than asked: "more than max" without counting them all */
	db_bind_int64(st, 2, max >= (size_t)INT64_MAX ? INT64_MAX : (int64_t)max + 1);
	while ((rc = db_step(st)) == DB_ROW) {
		struct chancery_store_change *c;
		const char *id = db_column_text(st, 1);
		const char *text = db_column_text(st, 4);
		size_t len = (size_t)db_column_bytes(st, 4);
		if (out->n == max) {
			out->truncated = 1;
			break;
		}
		ALLOC_GROW(out->v, out->n + 1, alloc);
		c = &out->v[out->n++];
		c->fid = db_column_int64(st, 0);
		c->id = arena_strdup(&out->ids, id ? id : "");
		c->entity = store_entity_from_name(db_column_text(st, 2));
		c->retracted = db_column_int64(st, 3) != 0;
		c->text_off = buf.len;
		strbuf_add(&buf, text ? text : "", len);
		if (!len || !text || text[len - 1] != '\n')
			strbuf_addch(&buf, '\n');
		c->text_len = buf.len - c->text_off;
	}
	if (rc != DB_ROW && rc != DB_DONE)
		goto fail;
	db_finalize(st);
	store_end_read(s, started);
	out->buf = strbuf_detach(&buf, &out->len);
	return 0;
fail:
	ret = store_fail(s, diags, "read");
	db_finalize(st);
	store_end_read(s, started);
	strbuf_release(&buf);
	chancery_store_changes_release(out);
	return ret;
}

int chancery_store_current_of(chancery_store *s, const char *const *ids, size_t n,
			      struct chancery_store_changes *out, struct chancery_diags *diags)
{
	static const char sql[] = "SELECT fid, id, entity, retracted, text FROM fact"
				  " WHERE id = ?1 ORDER BY fid DESC LIMIT 1";
	struct strbuf buf = STRBUF_INIT;
	size_t alloc = 0;
	struct db_stmt *st = NULL;
	int started, rc = DB_OK, ret = 0;

	memset(out, 0, sizeof(*out));
	out->ids = (struct arena)ARENA_INIT;
	if ((started = store_begin_read(s)) < 0)
		return store_fail(s, diags, "read");
	rc = db_prepare(s->db, sql, &st);
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		db_bind_text(st, 1, ids[i], -1);
		rc = db_step(st);
		if (rc == DB_ROW && !db_column_int64(st, 3)) {
			struct chancery_store_change *c;
			const char *id = db_column_text(st, 1);
			const char *text = db_column_text(st, 4);
			size_t len = (size_t)db_column_bytes(st, 4);
			ALLOC_GROW(out->v, out->n + 1, alloc);
			c = &out->v[out->n++];
			c->fid = db_column_int64(st, 0);
			c->id = arena_strdup(&out->ids, id ? id : "");
			c->entity = store_entity_from_name(db_column_text(st, 2));
			c->retracted = 0;
			c->text_off = buf.len;
			strbuf_add(&buf, text ? text : "", len);
			if (!len || !text || text[len - 1] != '\n')
				strbuf_addch(&buf, '\n');
			c->text_len = buf.len - c->text_off;
		}
		if (rc == DB_ROW || rc == DB_DONE)
			rc = db_reset(st);
	}
	if (rc != DB_OK) {
		ret = store_fail(s, diags, "read");
		db_finalize(st);
		store_end_read(s, started);
		strbuf_release(&buf);
		chancery_store_changes_release(out);
		return ret;
	}
	db_finalize(st);
	store_end_read(s, started);
	out->buf = strbuf_detach(&buf, &out->len);
	return 0;
}
