/* store.h: what the SQLite store offers inside chancery beyond the public
 * header: the versions of one id (for `chancery history`), the audit trail
 * of records (for `chancery log`) and the raw handle for read-only queries
 * of other modules. The schema is documented in docs/schema.md. */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"

struct sqlite3;

/* The schema version this code writes (PRAGMA user_version) and the
 * PRAGMA application_id that marks a chancery store ('CHNC'). */
#define CHANCERY_STORE_SCHEMA 2
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
 * (free it with chancery_store_versions_free). Returns 0, -CHANCERY_ENOTFOUND
 * (with a message) if the store never had id, or -CHANCERY_ESTORE. */
int chancery_store_history(chancery_store *s, const char *id,
			   struct chancery_store_version **out, size_t *n,
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

/* The SQLite connection behind s, for read-only queries (reports, the
 * HTTP server). Do not write through it: the store's tables are
 * append-only and only chancery_store_import keeps them consistent. */
struct sqlite3 *chancery_store_sqlite(chancery_store *s);

/* The path s was opened with; lives until chancery_store_close(s). */
const char *chancery_store_path(const chancery_store *s);

#endif
