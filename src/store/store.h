/* store.h: what the SQLite store offers inside chancery beyond the public
 * header: the versions of one id (for `chancery history`), the audit trail
 * of records (for `chancery log`) and the raw handle for read-only queries
 * of other modules. The schema is documented in docs/schema.md. */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "chancery.h"

struct sqlite3;

/* The schema version this code writes (PRAGMA user_version) and the
 * PRAGMA application_id that marks a chancery store ('CHNC'). */
#define CHANCERY_STORE_SCHEMA 3
#define CHANCERY_STORE_APPLICATION_ID 0x43484e43

/* One version of one id: a row of `fact` with its record. */
struct chancery_store_version {
	int64_t fid, rec;
	int64_t supersedes; /* the fid this version replaces, 0 for the first */
	int retracted;      /* 1: this version withdraws the id */
	enum chancery_entity entity;
	char recorded_at[24]; /* "YYYY-MM-DDTHH:MM:SSZ" */
	char *author, *origin; /* origin may be NULL */
	char *text;           /* the canonical ledger text of the version */
};

/* Every version of id, oldest first, in a new array *out of *n entries
 * (free it with chancery_store_versions_free). A treaty's action (a
 * signature, a ratification: "no-cl-bit.notify.NO") is part of its
 * treaty's text, so its history is the treaty's versions: then *treaty
 * (when treaty is not NULL) gets the treaty's id, to free; else NULL.
 * Returns 0, -CHANCERY_ENOTFOUND (with a message) if the store never had
 * id, or -CHANCERY_ESTORE. */
int chancery_store_history(chancery_store *s, const char *id,
			   struct chancery_store_version **out, size_t *n, char **treaty,
			   struct chancery_diags *diags);
void chancery_store_versions_free(struct chancery_store_version *v, size_t n);

/* One import: a row of `record`. */
struct chancery_store_record {
	int64_t rec;
	char recorded_at[24]; /* as amended, if it was */
	char *author, *origin; /* origin may be NULL */
	size_t added, changed, retracted;
	/* The latest amendment of its time, if any (chancery amend-record). */
	char original_at[24]; /* "" when never amended */
	char *amended_by, *amend_reason;
	char amended_at[24];
};

/* Every record, oldest first, in a new array *out of *n entries (free it
 * with chancery_store_records_free). Returns 0 or -CHANCERY_ESTORE. */
int chancery_store_records(chancery_store *s, struct chancery_store_record **out, size_t *n,
			   struct chancery_diags *diags);
void chancery_store_records_free(struct chancery_store_record *v, size_t n);

/* Correct the time of record rec to recorded_at (ISO 8601 UTC), for a
 * record written with a wrong time (one far in the future holds every later
 * import back). Nothing is updated: an amendment row says who changed it,
 * when and why, and the record's time is read as amended from then on. The
 * new time must keep the records in order (not before the previous
 * record's, not after the next one's) and not be in the future. Returns 0,
 * -CHANCERY_EINPUT (with a message), -CHANCERY_ENOTFOUND or
 * -CHANCERY_ESTORE. */
int chancery_store_amend_record(chancery_store *s, int64_t rec, const char *recorded_at,
				const char *author, const char *reason,
				struct chancery_diags *diags);

/* Let chancery_store_open take postgresql:// URLs (schema_pg.c, issue
 * 24). A program that never calls it is not linked with libpq: the lean
 * `chancery` leaves such stores to `chancery-full`. */
void chancery_store_enable_postgresql(void);

/* Does target name a PostgreSQL database ("postgresql://..." or
 * "postgres://...") rather than an SQLite file? */
int chancery_store_is_url(const char *target);

/* Copy every row of every table of from into to, which must be empty
 * (no record, no fact), in one transaction: records, facts and their
 * numbers, decoded rows, amendments and accounts, exactly (copy.c). *rows
 * is what was copied. Returns 0, -CHANCERY_EINPUT (to is not empty) or
 * -CHANCERY_ESTORE. */
int chancery_store_copy(chancery_store *from, chancery_store *to, size_t *rows,
			struct chancery_diags *diags);

/* A copy of from for publishing (issue 23): a new SQLite file at out (which
 * must not exist) holding everything chancery_store_copy copies but the
 * server's accounts (token, token_revocation), in one file without a
 * write-ahead log. Written beside and renamed when whole. Returns 0,
 * -CHANCERY_EINPUT (out exists) or another negative code. */
int chancery_store_publish(chancery_store *from, const char *out, size_t *rows,
			   struct chancery_diags *diags);

/* The SQLite connection behind s (NULL for a PostgreSQL store), for read-only queries (reports, the
 * HTTP server). Do not write through it: the store's tables are
 * append-only and only chancery_store_import keeps them consistent. */
struct sqlite3 *chancery_store_sqlite(chancery_store *s);

/* The path s was opened with; lives until chancery_store_close(s). */
const char *chancery_store_path(const chancery_store *s);

/* ---- For caches of the current registry (issue 13: src/persist) ---- */

/* What identifies the store's current registry: its highest fact number,
 * its last record, and a digest of that record's row and of the last
 * fact's id and text, so that another store with the same counts does not
 * pass for this one. Equal states mean equal current registries. */
struct chancery_store_state {
	int64_t max_fid, last_rec;
	uint64_t digest;
};

/* What chancery_store_verify found (src/store/integrity.c). */
struct chancery_store_check {
	int64_t records, facts; /* walked */
	size_t problems;
	unsigned char chain[32]; /* the last record's, when has_chain */
	int has_chain;
};

/* Verify the whole store: SQLite's integrity_check of the file, then
 * every record in order, each fact against its hash, the facts' numbers
 * and counts, and the chain of records. The first 20 problems go to diags
 * as errors. Returns 0 whole, 1 damaged, or a negative code (the store
 * cannot be read; -CHANCERY_EINPUT for a store without hashes). */
int chancery_store_verify(chancery_store *s, struct chancery_store_check *out,
			  struct chancery_diags *diags);

/* Read the state of s now. Returns 0 or -CHANCERY_ESTORE. */
int chancery_store_state(chancery_store *s, struct chancery_store_state *out,
			 struct chancery_diags *diags);

/* One current fact as chancery_store_load read it: its number, entity,
 * id and canonical text (text[0..text_len) of the buffer, ending in a
 * newline). */
struct chancery_store_fact {
	int64_t fid;
	enum chancery_entity entity;
	const char *id;
	size_t text_off, text_len;
};

/* Every current fact's text, listed by entity (parties, persons, sources,
 * events, treaties), each by id, and the state they were read in. */
struct chancery_store_texts {
	struct chancery_store_state state;
	char *buf; /* the texts, one after another, in any order */
	size_t len;
	struct chancery_store_fact *v;
	size_t n;
	struct arena ids; /* the ids' strings */
};

/* chancery_store_load(s, NULL, r, diags), keeping the texts it parsed
 * and the state of the store in *out (released with
 * chancery_store_texts_release, also after a failure). */
int chancery_store_load_texts(chancery_store *s, chancery_registry *r,
			      struct chancery_store_texts *out, struct chancery_diags *diags);
void chancery_store_texts_release(struct chancery_store_texts *t);

/* Is the store's state now an extension of base (the state a cache was
 * built from: its facts and records are still there, and more may have
 * come after)? 1 if it is, 0 if not (another store, or one rebuilt); the
 * state now in *now. Or -CHANCERY_ESTORE. Reads inside the caller's
 * transaction when one is open. */
int chancery_store_extends(chancery_store *s, const struct chancery_store_state *base,
			   struct chancery_store_state *now, struct chancery_diags *diags);

/* Facts of the store in the order they were written, with their text
 * (text_off, text_len into buf, each ending in a newline). */
struct chancery_store_change {
	int64_t fid;
	enum chancery_entity entity;
	int retracted; /* 1: the version withdraws its id */
	const char *id;
	size_t text_off, text_len;
};
struct chancery_store_changes {
	struct chancery_store_state state; /* of the store when they were read */
	char *buf;
	size_t len;
	struct chancery_store_change *v;
	size_t n;
	int truncated; /* 1: there were more than asked for */
	struct arena ids;
};

/* The facts written after fact after_fid, oldest first, at most max of
 * them (truncated says there were more), and the store's state, in one
 * read (inside the caller's transaction when one is open). Returns 0 or
 * -CHANCERY_ESTORE; release *out with chancery_store_changes_release. */
int chancery_store_changes(chancery_store *s, int64_t after_fid, size_t max,
			   struct chancery_store_changes *out, struct chancery_diags *diags);
/* The current versions of ids[0..n) that the store has (an id it never
 * had, or has retracted, is left out), through the index of ids. */
int chancery_store_current_of(chancery_store *s, const char *const *ids, size_t n,
			      struct chancery_store_changes *out, struct chancery_diags *diags);
void chancery_store_changes_release(struct chancery_store_changes *c);

/* Called by chancery_store_import_keep once the import is in the store,
 * with the registry the store now holds (finished; the caller's registry
 * itself when it is the whole of it) and every current fact's text, as
 * chancery_store_load_texts would give them. Both live during the call. */
typedef void (*chancery_store_current_fn)(const chancery_registry *current,
					  const struct chancery_store_texts *texts, void *ctx);

/* chancery_store_import, and then fn(..., ctx) with what the store holds
 * now (not after a dry run, nor a failure): the snapshot file is written
 * from it without loading the store again. */
int chancery_store_import_keep(chancery_store *s, const chancery_registry *r,
			       const struct chancery_import_opts *opts,
			       struct chancery_import_stats *stats, chancery_store_current_fn fn,
			       void *ctx, struct chancery_diags *diags);

/* Entities parsed from stored texts come from no file: their lines in the
 * buffer handed to the parser mean nothing (chancery.h: loc.file NULL).
 * Forget them, as every load from the store does. */
void store_forget_locations(chancery_registry *r);

#endif
