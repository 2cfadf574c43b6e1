/* integrity.c: a hash on every fact and a chain through the records
 * (issue 21, item 7 and the corrupted pages). SQLite's pages carry no
 * checksum, so a flipped byte that leaves a fact's text parseable would
 * load as a different fact; and two copies of a store that diverged with
 * records of the same author, time and counts looked alike to the
 * snapshot file. So:
 *
 * - fact.hash is BLAKE2b-128 (libsodium's crypto_generichash) of the
 *   fact's row: number, id, entity, record, what it supersedes, whether it
 *   is a retraction, and its text. load verifies it on every fact it
 *   reads: corruption is an error naming the fact, never a silent answer.
 * - record.chain is BLAKE2b-256 of the previous record's chain, the
 *   record's own row and the hashes of its facts in order. The last
 *   record's chain stands for the whole history: the snapshot file's
 *   digest includes it, so a file from another copy is never taken.
 *
 * Every value is encoded the same way on every machine (integers as 8
 * bytes big-endian, strings with their length first, NULL as a length of
 * all ones), so the hashes travel with the file and through `copy`. */
#include "store/internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static void put_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--, v = (int64_t)((uint64_t)v >> 8))
		b[i] = (unsigned char)(v & 0xff);
	crypto_generichash_update(h, b, sizeof(b));
}

static void put_str(crypto_generichash_state *h, const char *s, size_t len)
{
	if (!s) {
		put_int(h, -1);
		return;
	}
	put_int(h, (int64_t)len);
	crypto_generichash_update(h, (const unsigned char *)s, len);
}

void store_hash_init(void)
{
	/* chooses the fastest implementation; safe to call again, and from
	 * several threads */
	if (sodium_init() < 0)
		abort();
}

void store_fact_hash(const struct store_fact_row *f, unsigned char out[STORE_FACT_HASH])
{
	static const char tag[] = "chancery fact 1";
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, STORE_FACT_HASH);
	crypto_generichash_update(&h, (const unsigned char *)tag, sizeof(tag));
	put_int(&h, f->fid);
	put_str(&h, f->id, strlen(f->id));
	put_str(&h, f->entity, strlen(f->entity));
	put_int(&h, f->rec);
	put_int(&h, f->supersedes);
	put_int(&h, f->retracted);
	put_str(&h, f->text, f->text_len);
	crypto_generichash_final(&h, out, STORE_FACT_HASH);
}

void store_chain_begin(struct store_chain *c, const unsigned char *prev)
{
	static const char tag[] = "chancery record 1";
	static const unsigned char none[STORE_CHAIN_HASH];
	crypto_generichash_state *h = &c->state;
	crypto_generichash_init(h, NULL, 0, STORE_CHAIN_HASH);
	crypto_generichash_update(h, (const unsigned char *)tag, sizeof(tag));
	crypto_generichash_update(h, prev ? prev : none, STORE_CHAIN_HASH);
}

void store_chain_fact(struct store_chain *c, const unsigned char hash[STORE_FACT_HASH])
{
	crypto_generichash_update(&c->state, hash, STORE_FACT_HASH);
}

void store_chain_end(struct store_chain *c, const struct store_record_row *r,
		     unsigned char out[STORE_CHAIN_HASH])
{
	crypto_generichash_state *h = &c->state;
	put_int(h, r->rec);
	put_str(h, r->recorded_at, strlen(r->recorded_at));
	put_str(h, r->author, strlen(r->author));
	put_str(h, r->origin, r->origin ? strlen(r->origin) : 0);
	put_int(h, r->added);
	put_int(h, r->changed);
	put_int(h, r->retracted);
	crypto_generichash_final(h, out, STORE_CHAIN_HASH);
}

int store_read_chain(chancery_store *s, int64_t rec, unsigned char out[STORE_CHAIN_HASH],
		     int *found)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, "SELECT chain FROM record WHERE rec = ?1", &st);
	*found = 0;
	if (rc != DB_OK)
		return rc;
	db_bind_int64(st, 1, rec);
	if ((rc = db_step(st)) == DB_ROW) {
		const void *b = db_column_blob(st, 0);
		if (b && db_column_bytes(st, 0) == STORE_CHAIN_HASH) {
			memcpy(out, b, STORE_CHAIN_HASH);
			*found = 1;
		}
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

/* ---- Walking the records: filling the hashes, or checking them ---- */

enum { VERIFY_MAX_PROBLEMS = 20 };

static void problem(chancery_store *s, struct chancery_store_check *out,
		    struct chancery_diags *diags, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(chancery_store *s, struct chancery_store_check *out,
		    struct chancery_diags *diags, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	if (!diags || out->problems++ >= VERIFY_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL, "store '%s': %s", s->path,
			   sb.buf);
	strbuf_release(&sb);
}

/* Every record in number order, with its facts in number order. With
 * fill (diags NULL), set each fact's hash and each record's chain (the
 * caller has lifted the two tables' append-only triggers). Else check
 * them: facts numbered 1, 2, 3... across the records, as many in a record
 * as its counts, each matching its hash, and the chain matching; problems
 * go to diags. An SQLite code. */
static int walk(chancery_store *s, int fill, struct chancery_store_check *out,
		struct chancery_diags *diags)
{
	struct db_stmt *records = NULL, *facts = NULL, *set_fact = NULL, *set_rec = NULL;
	unsigned char prev[STORE_CHAIN_HASH], fh[STORE_FACT_HASH], chain[STORE_CHAIN_HASH];
	int have_prev = 0, rc;
	int64_t next_fid = 1;

	rc = db_prepare(s->db, "SELECT rec, recorded_at, author, origin, added, changed,"
			       " retracted, chain FROM record ORDER BY rec", &records);
	if (rc == DB_OK)
		rc = db_prepare(s->db, "SELECT fid, id, entity, coalesce(supersedes, 0), retracted,"
				       " text, hash FROM fact WHERE rec = ?1 ORDER BY fid", &facts);
	if (rc == DB_OK && fill)
		rc = db_prepare(s->db, "UPDATE fact SET hash = ?2 WHERE fid = ?1", &set_fact);
	if (rc == DB_OK && fill)
		rc = db_prepare(s->db, "UPDATE record SET chain = ?2 WHERE rec = ?1", &set_rec);
	while (rc == DB_OK && (rc = db_step(records)) == DB_ROW) {
		struct store_record_row r = {
			.rec = db_column_int64(records, 0),
			.recorded_at = db_column_text(records, 1),
			.author = db_column_text(records, 2),
			.origin = db_column_text(records, 3),
			.added = db_column_int64(records, 4),
			.changed = db_column_int64(records, 5),
			.retracted = db_column_int64(records, 6),
		};
		const void *stored = db_column_blob(records, 7);
		int chained = stored && db_column_bytes(records, 7) == STORE_CHAIN_HASH;
		int64_t n = 0;
		struct store_chain c;
		out->records++;
		if (!r.recorded_at || !r.author) {
			problem(s, out, diags, "record %lld has no time or no author", (long long)r.rec);
			r.recorded_at = r.recorded_at ? r.recorded_at : "";
			r.author = r.author ? r.author : "";
		}
		store_chain_begin(&c, have_prev ? prev : NULL);
		db_bind_int64(facts, 1, r.rec);
		while ((rc = db_step(facts)) == DB_ROW) {
			const void *h = db_column_blob(facts, 6);
			struct store_fact_row f = {
				.fid = db_column_int64(facts, 0),
				.id = db_column_text(facts, 1),
				.entity = db_column_text(facts, 2),
				.rec = r.rec,
				.supersedes = db_column_int64(facts, 3),
				.retracted = (int)db_column_int64(facts, 4),
				.text = db_column_text(facts, 5),
				.text_len = (size_t)db_column_bytes(facts, 5),
			};
			n++;
			out->facts++;
			if (f.fid != next_fid)
				problem(s, out, diags, "fact %lld of record %lld: expected fact %lld next",
					(long long)f.fid, (long long)r.rec, (long long)next_fid);
			next_fid = f.fid + 1;
			if (!f.id || !f.entity || !f.text) {
				problem(s, out, diags, "fact %lld has no id, entity or text",
					(long long)f.fid);
				continue;
			}
			store_fact_hash(&f, fh);
			store_chain_fact(&c, fh);
			if (fill) {
				db_bind_int64(set_fact, 1, f.fid);
				db_bind_blob(set_fact, 2, fh, STORE_FACT_HASH);
				if ((rc = step_reset(set_fact)) != DB_DONE)
					break;
			} else if (!h || db_column_bytes(facts, 6) != STORE_FACT_HASH ||
				   memcmp(h, fh, STORE_FACT_HASH)) {
				problem(s, out, diags, "fact %lld ('%s') does not match its hash",
					(long long)f.fid, f.id);
			}
		}
		if (rc != DB_DONE || (rc = db_reset(facts)) != DB_OK)
			break;
		if (n != r.added + r.changed + r.retracted)
			problem(s, out, diags,
				"record %lld has %lld facts; its counts say %lld added, %lld changed,"
				" %lld retracted",
				(long long)r.rec, (long long)n, (long long)r.added,
				(long long)r.changed, (long long)r.retracted);
		store_chain_end(&c, &r, chain);
		if (fill) {
			db_bind_int64(set_rec, 1, r.rec);
			db_bind_blob(set_rec, 2, chain, STORE_CHAIN_HASH);
			if ((rc = step_reset(set_rec)) != DB_DONE)
				break;
		} else if (!chained || memcmp(stored, chain, STORE_CHAIN_HASH)) {
			problem(s, out, diags,
				"record %lld does not match its chain: it, or a record or fact"
				" before it, was changed",
				(long long)r.rec);
		}
		/* checking, go on from the stored chain: one damaged record is
		 * one problem, not one for every record after it */
		memcpy(prev, !fill && chained ? stored : chain, sizeof(prev));
		have_prev = 1;
		rc = DB_OK;
	}
	if (rc == DB_DONE)
		rc = DB_OK;
	if (rc == DB_OK && have_prev) {
		memcpy(out->chain, prev, sizeof(out->chain));
		out->has_chain = 1;
	}
	db_finalize(records);
	db_finalize(facts);
	db_finalize(set_fact);
	db_finalize(set_rec);
	return rc;
}

int store_fill_hashes(chancery_store *s)
{
	struct chancery_store_check unused;
	memset(&unused, 0, sizeof(unused));
	return walk(s, 1, &unused, NULL);
}

/* ---- chancery verify ---- */

/* SQLite's own check of the file: its b-trees, their indexes and the
 * table's constraints (a damaged page can lose rows no hash is read for). */
static int check_file(chancery_store *s, struct chancery_store_check *out,
		      struct chancery_diags *diags)
{
	struct db_stmt *st;
	int rc;
	if (strcmp(s->engine->name, "sqlite"))
		return DB_OK; /* PostgreSQL checks its pages itself (initdb --data-checksums) */
	if ((rc = db_prepare(s->db, "PRAGMA integrity_check(20)", &st)) != DB_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *line = db_column_text(st, 0);
		if (line && strcmp(line, "ok"))
			problem(s, out, diags, "the database file: %s", line);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The records account for every row of fact. */
static int check_total(chancery_store *s, struct chancery_store_check *out,
		       struct chancery_diags *diags)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, "SELECT count(*), coalesce(max(fid), 0) FROM fact", &st);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		int64_t count = db_column_int64(st, 0), max = db_column_int64(st, 1);
		if (count != out->facts || max != out->facts)
			problem(s, out, diags,
				"the records account for %lld facts; the table has %lld, numbered up"
				" to %lld",
				(long long)out->facts, (long long)count, (long long)max);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

int chancery_store_verify(chancery_store *s, struct chancery_store_check *out,
			  struct chancery_diags *diags)
{
	int rc;
	memset(out, 0, sizeof(*out));
	if (!s->hashed) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "store '%s' has no hashes to verify (schema 2): any command that"
				   " opens it for writing adds them",
				   s->path);
		return -CHANCERY_EINPUT;
	}
	if (db_begin(s->db, DB_TXN_READ) != DB_OK)
		return store_fail(s, diags, "verify");
	rc = check_file(s, out, diags);
	if (rc == DB_OK)
		rc = walk(s, 0, out, diags);
	if (rc == DB_OK)
		rc = check_total(s, out, diags);
	if (rc != DB_OK) {
		int ret = store_fail(s, diags, "verify");
		store_rollback(s->db);
		return ret;
	}
	store_rollback(s->db);
	if (out->problems > VERIFY_MAX_PROBLEMS)
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "store '%s': and %zu more problems", s->path,
				   out->problems - VERIFY_MAX_PROBLEMS);
	return out->problems ? 1 : 0;
}
