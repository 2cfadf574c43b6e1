/* internal.h: what the files of the store share (src/store/). The
 * public side is in chancery.h and store.h; the schema in docs/schema.md. */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "model/registry.h"

#include "store/db.h"
#include "store/store.h"

/* What differs between the engines beyond db.h's calls: the schema's
 * own catalogue and the tables made on first use (schema.c for SQLite,
 * schema_pg.c for PostgreSQL). */
struct store_engine {
	const char *name; /* "sqlite", "postgresql" */
	/* One row if the table ?1 exists. */
	const char *has_table_sql;
	/* The token tables, run inside the write transaction of the first
	 * `token add` (idempotent). */
	const char *tokens_sql;
	/* Lift, and put back, the append-only triggers of fact and record,
	 * for store_fill_hashes only (integrity.c). */
	const char *lift_append_only, *restore_append_only;
};

/* The views of the current versions, the same SQL in both engines'
 * schemas: the latest version of each id unless it is a retraction, and
 * its decoded row. */
#define CURRENT_VIEWS_SQL                                                          \
	"CREATE VIEW current_fact AS\n"                                            \
	"  SELECT f.* FROM fact AS f\n"                                            \
	"  WHERE f.retracted = 0\n"                                                \
	"    AND f.fid = (SELECT max(g.fid) FROM fact AS g WHERE g.id = f.id);\n"  \
	"CREATE VIEW current_party AS\n"                                           \
	"  SELECT f.id, p.* FROM current_fact AS f JOIN party AS p ON p.fid = f.fid;\n" \
	"CREATE VIEW current_person AS\n"                                          \
	"  SELECT f.id, p.* FROM current_fact AS f JOIN person AS p ON p.fid = f.fid;\n" \
	"CREATE VIEW current_source AS\n"                                          \
	"  SELECT f.id, s.* FROM current_fact AS f JOIN source AS s ON s.fid = f.fid;\n" \
	"CREATE VIEW current_event AS\n"                                           \
	"  SELECT f.id, e.* FROM current_fact AS f JOIN event AS e ON e.fid = f.fid;\n" \
	"CREATE VIEW current_treaty AS\n"                                          \
	"  SELECT f.id, t.* FROM current_fact AS f JOIN treaty AS t ON t.fid = f.fid;\n" \
	"CREATE VIEW current_treaty_action AS\n"                                   \
	"  SELECT f.id AS treaty, a.* FROM current_fact AS f JOIN treaty_action AS a ON a.fid = f.fid;\n"

struct chancery_store {
	struct db *db;
	const struct store_engine *engine;
	/* The path, or the URL without its password: what messages name. */
	char *path;
	unsigned flags;
	/* Where each record's time is read: the view record_time (the time
	 * as amended, schema.c), or the table record itself in a store opened
	 * read-only that predates the view. Both have (rec, recorded_at). */
	const char *record_times;
	/* Its facts have hashes and its records a chain (schema 3,
	 * integrity.c); 0 only for an older store opened read-only. */
	int hashed;
};

/* How far ahead of this machine's clock a record time may be (clocks of
 * the machines writing one store differ a little). docs/schema.md. */
#define STORE_CLOCK_SKEW_SECONDS 300

/* The `fact.entity` names, indexed by enum chancery_entity (NULL for
 * NONE), and back. */
extern const char *const store_entity_names[];
enum chancery_entity store_entity_from_name(const char *s);

/* Is value (an author, origin, reason or account name: the audit trail)
 * UTF-8 without control characters? 0, or -CHANCERY_EINPUT after an
 * error that names what (and the byte, not the value). NULL is fine. */
int store_check_text(const char *what, const char *value, struct chancery_diags *diags);

/* Does the store have table name? 1 or 0, or -1 when it cannot be read
 * (a lost connection is not a missing table). */
int store_has_table(chancery_store *s, const char *name);
/* Add "cannot WHAT store 'PATH': ENGINE MESSAGE"; returns -CHANCERY_ESTORE. */
int store_fail(const chancery_store *s, struct chancery_diags *diags, const char *what);
/* Bind a string, NULL for absent or empty ones (bind_str), or "" for a
 * NOT NULL column (bind_req). The string must stay valid until the
 * statement is stepped. */
int bind_str(struct db_stmt *st, int i, const char *s);
int bind_req(struct db_stmt *st, int i, const char *s);
/* Step a statement whose rows are not wanted, and reset it on success.
 * Returns the SQLite code, DB_DONE on success. */
int step_reset(struct db_stmt *st);
int store_exec(struct db *db, const char *sql);
/* End a transaction that must not be kept, if one is open. */
void store_rollback(struct db *db);

/* Normalise a record time into out: "YYYY-MM-DDTHH:MM:SSZ" as it is, a
 * plain "YYYY-MM-DD" as the start of that day (end_of_day = 0) or its
 * last second (end_of_day = 1). Returns 0, or -1 if s is neither. */
int parse_record_time(const char *s, int end_of_day, char out[24]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ", and the latest record
 * time allowed now (now + STORE_CLOCK_SKEW_SECONDS). */
void utc_now(char out[24]);
void utc_latest_allowed(char out[24]);


/* Read the store's state (chancery_store_state) inside the caller's
 * transaction (load.c). Returns an SQLite code, DB_OK on success. */
int store_read_state(chancery_store *s, struct chancery_store_state *out);
/* The digest a state of max_fid and last_rec had (store_read_state's,
 * then): the rows are append-only, so a store that has grown since gives
 * the same. An SQLite code. */
int store_state_digest_at(chancery_store *s, int64_t max_fid, int64_t last_rec, uint64_t *out);
/* Start a read transaction unless one is open (an import's, whose reads
 * must see its own state): 1 if it started one, to end with
 * store_end_read; 0 if not; -1 on failure. */
int store_begin_read(chancery_store *s);
void store_end_read(chancery_store *s, int started);
/* Put facts in the order of struct chancery_store_texts: by entity, then by
 * id (bytewise, as SQLite's BINARY collation). */
void store_sort_facts(struct chancery_store_fact *v, size_t n);

/* ---- Hashes of facts and the chain of records (integrity.c) ---- */

#define STORE_FACT_HASH 16  /* BLAKE2b-128 of a fact's row */
#define STORE_CHAIN_HASH 32 /* BLAKE2b-256 through the records */

/* The columns of a fact's row that its hash covers (supersedes 0 for
 * none). */
struct store_fact_row {
	int64_t fid, rec, supersedes;
	const char *id, *entity, *text;
	size_t text_len;
	int retracted;
};
/* A record's row (origin may be NULL). */
struct store_record_row {
	int64_t rec, added, changed, retracted;
	const char *recorded_at, *author, *origin;
};
struct store_chain {
	crypto_generichash_state state;
};

/* libsodium's start; called by every open. */
void store_hash_init(void);
void store_fact_hash(const struct store_fact_row *f, unsigned char out[STORE_FACT_HASH]);
/* A record's chain: begun from the previous record's (NULL for the
 * first), fed its facts' hashes in number order, ended with its row. */
void store_chain_begin(struct store_chain *c, const unsigned char *prev);
void store_chain_fact(struct store_chain *c, const unsigned char hash[STORE_FACT_HASH]);
void store_chain_end(struct store_chain *c, const struct store_record_row *r,
		     unsigned char out[STORE_CHAIN_HASH]);
/* Record rec's chain into out; *found 0 when it has none (no such record).
 * An SQLite code. */
int store_read_chain(chancery_store *s, int64_t rec, unsigned char out[STORE_CHAIN_HASH],
		     int *found);
/* Compute every fact's hash and every record's chain of a store that has
 * none (schema 2 to 3, or a copy of such a store), inside the caller's
 * write transaction with the two tables' append-only triggers lifted. */
int store_fill_hashes(chancery_store *s);

/* ---- The decoded tables (rows.c) ---- */

/* The statements that write the decoded rows of one version, prepared
 * once per import, with scratch lists for their id columns. */
enum {
	ROW_PARTY,
	ROW_PERSON,
	ROW_OFFICE,
	ROW_SOURCE,
	ROW_EVENT,
	ROW_TREATY,
	ROW_ACTION,
	ROW__COUNT
};

struct rows {
	const chancery_registry *r;
	struct db_stmt *st[ROW__COUNT];
	struct strbuf list1, list2, list3;
};

int rows_prepare(struct rows *w, struct db *db, const chancery_registry *r);
/* Write the decoded rows of version fid of entity `index` of kind e.
 * Returns an SQLite code, DB_DONE on success. */
int rows_write(struct rows *w, int64_t fid, enum chancery_entity e, size_t index);
void rows_release(struct rows *w);

/* ---- The round-trip promise (verify.c) ---- */

/* Canonical texts about to be written, checked in one batch to parse back
 * into the same text. */
struct roundtrip {
	struct strbuf buf; /* the texts, one after another */
	struct roundtrip_entry {
		const char *id;
		enum chancery_entity entity;
		struct chancery_loc loc; /* where the fact was read, for messages */
		unsigned line;           /* its first line in buf */
		size_t off, len;         /* its text in buf */
	} *v;
	size_t n, alloc;
	unsigned lines;
};

void roundtrip_add(struct roundtrip *rt, const char *id, enum chancery_entity e,
		   struct chancery_loc loc, const char *text, size_t len);
/* 0, or -CHANCERY_EINPUT after an error for each fact whose text would not
 * load back as itself. */
int roundtrip_verify(const struct roundtrip *rt, struct chancery_diags *diags);
void roundtrip_reset(struct roundtrip *rt);
void roundtrip_release(struct roundtrip *rt);

#endif
