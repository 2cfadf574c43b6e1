/* schema.c: the store's schema, and opening and closing a store. Every
 * version of every entity is kept as its canonical ledger text in `fact`;
 * one `record` row per import says who recorded what and when; decoded
 * tables (party, event, ...) spell the same facts out in columns for
 * people who query with sqlite3. Nothing is updated or deleted: triggers
 * refuse it. The schema is documented in docs/schema.md. */
#include "store/internal.h"

#include <sqlite3.h>

#include <errno.h>
#include <sys/stat.h>

#include "base/banned.h"

/* ---- The schema ------------------------------------------------------- */

#define APPEND_ONLY(t)                                                             \
	"CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t                       \
	" BEGIN SELECT RAISE(ABORT, '" t " is append-only'); END;\n"               \
	"CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t                       \
	" BEGIN SELECT RAISE(ABORT, '" t " is append-only'); END;\n"

static const char schema_sql[] =
	/* The audit trail: one row per import that changed something. */
	"CREATE TABLE record (\n"
	"  rec INTEGER PRIMARY KEY,\n"
	"  recorded_at TEXT NOT NULL CHECK (recorded_at GLOB"
	" '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),\n"
	"  author TEXT NOT NULL CHECK (author <> ''),\n"
	"  origin TEXT,\n"
	"  added INTEGER NOT NULL DEFAULT 0,\n"
	"  changed INTEGER NOT NULL DEFAULT 0,\n"
	"  retracted INTEGER NOT NULL DEFAULT 0,\n"
	"  chain BLOB\n" /* schema 3 (issue 21): integrity.c */
	");\n"
	/* Every version of every entity, as canonical ledger text. The
	 * record is inserted after its facts (its counts are known only
	 * then), hence the deferred reference. CHECKs are written with OR:
	 * an IN list costs a temporary table on every insert. */
	"CREATE TABLE fact (\n"
	"  fid INTEGER PRIMARY KEY,\n"
	"  id TEXT NOT NULL,\n"
	"  entity TEXT NOT NULL CHECK (entity = 'event' OR entity = 'party' OR entity = 'treaty'"
	" OR entity = 'person' OR entity = 'source'),\n"
	"  rec INTEGER NOT NULL REFERENCES record (rec) DEFERRABLE INITIALLY DEFERRED,\n"
	"  supersedes INTEGER REFERENCES fact (fid),\n"
	"  retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted = 0 OR retracted = 1),\n"
	"  text TEXT NOT NULL,\n"
	"  hash BLOB\n" /* schema 3 (issue 21): integrity.c */
	");\n"
	"CREATE INDEX fact_id ON fact (id, fid);\n"
	"CREATE INDEX fact_rec ON fact (rec);\n"
	"CREATE UNIQUE INDEX fact_supersedes ON fact (supersedes) WHERE supersedes IS NOT NULL;\n"
	/* Decoded tables: one row per version (fid) of a party, person,
	 * source, event or treaty. Lists of ids are comma-separated. */
	"CREATE TABLE party (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  name TEXT NOT NULL, short_name TEXT, adjective TEXT, kind TEXT NOT NULL,\n"
	"  iso2 TEXT, iso3 TEXT, cow INTEGER, wikidata TEXT, of_party TEXT,\n"
	"  from_date TEXT, to_date TEXT, sources TEXT, note TEXT,\n"
	"  gw INTEGER, isonum TEXT\n" /* schema 2 (issue 12) */
	");\n"
	"CREATE TABLE person (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  name TEXT NOT NULL, wikidata TEXT, sources TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE office (\n"
	"  fid INTEGER NOT NULL REFERENCES fact (fid),\n"
	"  seq INTEGER NOT NULL,\n"
	"  title TEXT NOT NULL, of_party TEXT, from_date TEXT, to_date TEXT, sources TEXT,\n"
	"  PRIMARY KEY (fid, seq)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE source (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  title TEXT NOT NULL, publisher TEXT, url TEXT, date TEXT, accessed TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE event (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  kind TEXT NOT NULL,\n"
	"  date TEXT NOT NULL,\n"
	"  day_from TEXT,\n"
	"  day_to TEXT,\n"
	"  precision TEXT NOT NULL"
	" CHECK (precision = 'day' OR precision = 'month' OR precision = 'year' OR precision = 'none'),\n"
	"  actor TEXT, target TEXT, person TEXT,\n"
	"  by_person TEXT, to_person TEXT, from_party TEXT, subject TEXT, persons TEXT,\n"
	"  instrument TEXT, place TEXT, level TEXT, mission_type TEXT, city TEXT, rank TEXT,\n"
	"  stance TEXT, about TEXT, sources TEXT, text TEXT, note TEXT,\n"
	"  system TEXT\n" /* schema 2 (issue 12) */
	");\n"
	"CREATE TABLE treaty (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  title TEXT NOT NULL, parties TEXT NOT NULL, force TEXT,\n"
	"  term TEXT, renew TEXT, notice TEXT, sources TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE treaty_action (\n"
	"  fid INTEGER NOT NULL REFERENCES fact (fid),\n"
	"  seq INTEGER NOT NULL,\n"
	"  id TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  date TEXT NOT NULL,\n"
	"  day_from TEXT,\n"
	"  day_to TEXT,\n"
	"  precision TEXT NOT NULL"
	" CHECK (precision = 'day' OR precision = 'month' OR precision = 'year' OR precision = 'none'),\n"
	"  party TEXT, place TEXT, persons TEXT, effect TEXT, sources TEXT, note TEXT,\n"
	"  PRIMARY KEY (fid, seq)\n"
	") WITHOUT ROWID;\n"
	APPEND_ONLY("record")
	APPEND_ONLY("fact")
	APPEND_ONLY("party")
	APPEND_ONLY("person")
	APPEND_ONLY("office")
	APPEND_ONLY("source")
	APPEND_ONLY("event")
	APPEND_ONLY("treaty")
	APPEND_ONLY("treaty_action")
	/* The links of events to parties and of facts to sources are views
	 * over the id lists, not tables: three more rows per event would
	 * double the cost of an import. Ids never hold '"' or ',', so a list
	 * becomes a JSON array by quoting. */
	"CREATE VIEW event_party (fid, party, role) AS\n"
	"  SELECT fid, actor, 'actor' FROM event WHERE actor IS NOT NULL\n"
	"  UNION ALL SELECT fid, target, 'target' FROM event WHERE target IS NOT NULL\n"
	"  UNION ALL SELECT e.fid, j.value, 'subject' FROM event AS e,\n"
	"    json_each('[\"' || replace(e.subject, ',', '\",\"') || '\"]') AS j\n"
	"    WHERE e.subject IS NOT NULL\n"
	"  UNION ALL SELECT fid, from_party, 'from' FROM event WHERE from_party IS NOT NULL;\n"
	"CREATE VIEW fact_source (fid, source) AS\n"
	"  SELECT x.fid, j.value FROM (\n"
	"    SELECT fid, sources FROM party UNION ALL SELECT fid, sources FROM person\n"
	"    UNION ALL SELECT fid, sources FROM event UNION ALL SELECT fid, sources FROM treaty) AS x,\n"
	"    json_each('[\"' || replace(x.sources, ',', '\",\"') || '\"]') AS j\n"
	"  WHERE x.sources IS NOT NULL;\n"
	"CREATE VIEW treaty_party (fid, party) AS\n"
	"  SELECT t.fid, j.value FROM treaty AS t,\n"
	"    json_each('[\"' || replace(t.parties, ',', '\",\"') || '\"]') AS j;\n"
	CURRENT_VIEWS_SQL;

/* Added to schema 1 since, so created with IF NOT EXISTS in every store
 * opened for writing (older stores gain them; nothing else changes):
 *
 * record_amendment: a record's time corrected (chancery amend-record), the
 * supported way out of a record written with a wrong time; who, when and
 * why, append-only like the rest. record_time: each record's time as
 * amended, which load and import read instead of record.recorded_at. */
static const char additions_sql[] =
	"CREATE TABLE IF NOT EXISTS record_amendment (\n"
	"  aid INTEGER PRIMARY KEY,\n"
	"  rec INTEGER NOT NULL REFERENCES record (rec),\n"
	"  recorded_at TEXT NOT NULL CHECK (recorded_at GLOB"
	" '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),\n"
	"  amended_at TEXT NOT NULL,\n"
	"  author TEXT NOT NULL CHECK (author <> ''),\n"
	"  reason TEXT NOT NULL CHECK (reason <> '')\n"
	");\n"
	"CREATE TRIGGER IF NOT EXISTS record_amendment_no_update BEFORE UPDATE ON record_amendment"
	" BEGIN SELECT RAISE(ABORT, 'record_amendment is append-only'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS record_amendment_no_delete BEFORE DELETE ON record_amendment"
	" BEGIN SELECT RAISE(ABORT, 'record_amendment is append-only'); END;\n"
	"CREATE VIEW IF NOT EXISTS record_time (rec, recorded_at) AS\n"
	"  SELECT r.rec, coalesce((SELECT a.recorded_at FROM record_amendment AS a"
	" WHERE a.rec = r.rec ORDER BY a.aid DESC LIMIT 1), r.recorded_at) FROM record AS r;\n";

/* The accounts of the HTTP server (tokens.c), made on the first `token
 * add` so that stores made before them need no migration. */
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

#define RESTORE_APPEND_ONLY                                                        \
	"CREATE TRIGGER fact_no_update BEFORE UPDATE ON fact"                      \
	" BEGIN SELECT RAISE(ABORT, 'fact is append-only'); END;\n"              \
	"CREATE TRIGGER record_no_update BEFORE UPDATE ON record"                  \
	" BEGIN SELECT RAISE(ABORT, 'record is append-only'); END;\n"

static const struct store_engine sqlite_engine = {
	.name = "sqlite",
	.has_table_sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
	.tokens_sql = tokens_sql,
	.lift_append_only = "DROP TRIGGER fact_no_update; DROP TRIGGER record_no_update",
	.restore_append_only = RESTORE_APPEND_ONLY,
};

static int sq_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static void sq_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sq_exec(db, "ROLLBACK");
}

static int has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int found = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = ?1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return found;
}

/* ---- Open and close ---------------------------------------------------- */

/* Read one integer from a query of one row. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

struct store_header {
	int64_t application_id, user_version, objects;
};

static int read_header(sqlite3 *db, struct store_header *h)
{
	int rc = query_int(db, "PRAGMA application_id", &h->application_id);
	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA user_version", &h->user_version);
	if (rc == SQLITE_OK)
		rc = query_int(db, "SELECT count(*) FROM sqlite_master", &h->objects);
	return rc;
}

static int is_empty(const struct store_header *h)
{
	return !h->application_id && !h->user_version && !h->objects;
}

/* Create the schema in an empty database, under a write lock so that two
 * processes initialising the same file do not both do it. */
static int init_schema(sqlite3 *db)
{
	struct store_header h;
	char pragmas[128];
	/* 16 KiB pages: a large import writes about a quarter fewer pages
	 * than with the default 4 KiB. Takes effect on an empty file only. */
	int rc = sq_exec(db, "PRAGMA page_size = 16384; BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return rc;
	rc = read_header(db, &h);
	if (rc == SQLITE_OK && is_empty(&h)) {
		rc = sq_exec(db, schema_sql);
		snprintf(pragmas, sizeof(pragmas),
			 "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 CHANCERY_STORE_APPLICATION_ID, CHANCERY_STORE_SCHEMA);
		if (rc == SQLITE_OK)
			rc = sq_exec(db, pragmas);
	}
	if (rc == SQLITE_OK)
		rc = sq_exec(db, "COMMIT");
	if (rc != SQLITE_OK)
		sq_rollback(db);
	return rc;
}

/* Schema 1 to 2 (issue 12): the world's party codes and the state system
 * of enter-system / exit-system. Added columns only, so a store of schema
 * 1 reads as it is; a writable one is brought up to date when opened, in
 * one transaction. Versions already stored keep NULL there (their texts
 * had no such attributes). */
static const char migrate_1_2_sql[] =
	"ALTER TABLE party ADD COLUMN gw INTEGER;\n"
	"ALTER TABLE party ADD COLUMN isonum TEXT;\n"
	"ALTER TABLE event ADD COLUMN system TEXT;\n"
	"PRAGMA user_version = 2;\n";

/* Schema 2 to 3 (issue 21): a hash on every fact and a chain through the
 * records (integrity.c). The columns are added, then filled for what the
 * store holds, the only time chancery updates a row: the append-only
 * triggers of the two tables are lifted for it and put back in the same
 * transaction. */
static const char migrate_2_3_sql[] =
	"ALTER TABLE fact ADD COLUMN hash BLOB;\n"
	"ALTER TABLE record ADD COLUMN chain BLOB;\n"
	"DROP TRIGGER fact_no_update;\n"
	"DROP TRIGGER record_no_update;\n";
static const char migrated_2_3_sql[] = RESTORE_APPEND_ONLY "PRAGMA user_version = 3;\n";

static int migrate(chancery_store *s)
{
	sqlite3 *db = db_sqlite_handle(s->db);
	struct store_header h;
	int rc = sq_exec(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return rc;
	rc = read_header(db, &h); /* another process may have done it */
	if (rc == SQLITE_OK && h.user_version == 1 && (rc = sq_exec(db, migrate_1_2_sql)) == SQLITE_OK)
		h.user_version = 2;
	if (rc == SQLITE_OK && h.user_version == 2 && (rc = sq_exec(db, migrate_2_3_sql)) == SQLITE_OK &&
	    (rc = store_fill_hashes(s)) == SQLITE_OK)
		rc = sq_exec(db, migrated_2_3_sql);
	if (rc == SQLITE_OK)
		rc = sq_exec(db, "COMMIT");
	if (rc != SQLITE_OK)
		sq_rollback(db);
	return rc;
}

/* Does path have a write-ahead log with content? 1 yes, 0 no (none, or
 * empty), -1 if it cannot be told. */
static int wal_pending(const char *path)
{
	struct strbuf wal = STRBUF_INIT;
	struct stat st;
	int ret;
	strbuf_addf(&wal, "%s-wal", path);
	ret = stat(wal.buf, &st) == 0 ? st.st_size > 0 : errno == ENOENT ? 0 : -1;
	strbuf_release(&wal);
	return ret;
}

/* Open path read-only as a file nobody writes (SQLite's immutable URI
 * parameter): no locks, no -shm. Only when wal_pending says the file is
 * the whole store. */
static int open_immutable(const char *path, int oflags, sqlite3 **db)
{
	char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
	int rc;
	if (!uri)
		return SQLITE_NOMEM;
	/* a path with '?' or '#' would end the URI's path early */
	if (strpbrk(path, "?#%")) {
		sqlite3_free(uri);
		return SQLITE_CANTOPEN;
	}
	rc = sqlite3_open_v2(uri, db, oflags | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	sqlite3_free(uri);
	if (rc == SQLITE_OK)
		sqlite3_busy_timeout(*db, 10000);
	return rc;
}

static int open_fail(sqlite3 *db, const char *path, struct chancery_diags *diags,
		     const char *why)
{
	/* the message names the store; a file: prefix would name it twice */
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL, "cannot open store '%s': %s",
			   path, why);
	sqlite3_close(db);
	return -CHANCERY_ESTORE;
}

int chancery_store_open(const char *path, unsigned flags, chancery_store **out,
			struct chancery_diags *diags)
{
	sqlite3 *db = NULL;
	struct store_header h;
	int readonly = !!(flags & CHANCERY_STORE_READONLY);
	int oflags = SQLITE_OPEN_NOMUTEX;
	char why[512];
	chancery_store *s;
	int rc;

	/* what messages call it */
	const char *shown = flags & CHANCERY_STORE_UNNAMED ? "STORE" : path;

	*out = NULL;
	store_hash_init();
	if (path && chancery_store_is_url(path)) {
		if (store_pg_open)
			return store_pg_open(path, flags, out, diags);
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot open store '%s': this program was built without"
				   " PostgreSQL; run chancery-full",
				   "postgresql://...");
		return -CHANCERY_ESTORE;
	}
	if (!path || !*path) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot open store '': no path given");
		return -CHANCERY_ESTORE;
	}
	{
		/* SQLite says only "disk I/O error" for a directory */
		struct stat st;
		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "cannot open store '%s': it is a directory; name the"
					   " store's file",
					   shown);
			return -CHANCERY_ESTORE;
		}
	}
	if (readonly) {
		/* A reader of a WAL store opened read-only leaves its -wal and
		 * -shm files behind (it may not checkpoint them away). Opened
		 * read-write with writes refused (query_only), the last
		 * connection to close removes them; read-only only where the
		 * file cannot be opened for writing. */
		rc = sqlite3_open_v2(path, &db, oflags | SQLITE_OPEN_READWRITE, NULL);
		if (rc == SQLITE_OK)
			rc = sq_exec(db, "PRAGMA query_only = 1");
		if (rc != SQLITE_OK) {
			sqlite3_close(db);
			db = NULL;
			rc = sqlite3_open_v2(path, &db, oflags | SQLITE_OPEN_READONLY, NULL);
		}
	} else {
		oflags |= SQLITE_OPEN_READWRITE | (flags & CHANCERY_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
		rc = sqlite3_open_v2(path, &db, oflags, NULL);
	}
	if (rc != SQLITE_OK)
		return open_fail(db, shown, diags, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 0);
	/* A modest page cache (32 MiB): an import writes its rows in id
	 * order, so B-tree pages fill once and are not touched again; spilling
	 * them to the WAL early reuses memory instead of faulting in more
	 * (measured: fewer page faults and less CPU than with 256 MiB). */
	rc = sq_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
		      " PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY");
	if (rc == SQLITE_OK)
		rc = read_header(db, &h);
	if (rc != SQLITE_OK && readonly) {
		/* A WAL store in a directory this process cannot write (a
		 * read-only mount, another user's): SQLite cannot make the -shm
		 * file a reader needs. With no write-ahead log holding changes
		 * the file lacks, the file alone is the store: read it as
		 * immutable. With one, say what to do rather than answer
		 * without those changes. */
		switch (wal_pending(path)) {
		case 0:
			sqlite3_close(db);
			db = NULL;
			rc = open_immutable(path, oflags, &db);
			if (rc == SQLITE_OK)
				rc = read_header(db, &h);
			break;
		case 1:
			snprintf(why, sizeof(why),
				 "its directory cannot be written, and its write-ahead log"
				 " (%s-wal) holds changes the file lacks; run any chancery"
				 " command on it where it can be written, once, to fold them in",
				 shown);
			return open_fail(db, shown, diags, why);
		default:
			break;
		}
	}
	/* SQLite opens a file it may not write read-only, and says so only
	 * at the first write (or at the -shm file a directory it may not
	 * write cannot hold) */
	if (!readonly && (rc == SQLITE_OK ? sqlite3_db_readonly(db, "main") == 1
					  : (sqlite3_errcode(db) & 0xff) == SQLITE_READONLY))
		return open_fail(db, shown, diags,
				 "it cannot be written here (the file's or its directory's permissions,"
				 " or a read-only mount); the commands that only read it still answer");
	if (rc != SQLITE_OK)
		return open_fail(db, shown, diags, sqlite3_errmsg(db));

	if (is_empty(&h)) {
		if (readonly || !(flags & CHANCERY_STORE_CREATE))
			return open_fail(db, shown, diags, "not a chancery store (an empty database)");
		rc = init_schema(db);
		if (rc == SQLITE_OK)
			rc = read_header(db, &h);
		if (rc != SQLITE_OK)
			return open_fail(db, shown, diags, sqlite3_errmsg(db));
	}
	if (h.application_id != CHANCERY_STORE_APPLICATION_ID) {
		snprintf(why, sizeof(why), "not a chancery store (application_id %lld)",
			 (long long)h.application_id);
		return open_fail(db, shown, diags, why);
	}
	if (h.user_version > CHANCERY_STORE_SCHEMA) {
		snprintf(why, sizeof(why),
			 "schema version %lld is newer than this chancery reads (%d)",
			 (long long)h.user_version, CHANCERY_STORE_SCHEMA);
		return open_fail(db, shown, diags, why);
	}
	if (h.user_version < 1) {
		snprintf(why, sizeof(why), "unknown schema version %lld",
			 (long long)h.user_version);
		return open_fail(db, shown, diags, why);
	}
	/* Write-ahead logging: a reader never blocks the writer, and a process
	 * killed in the middle of an import leaves the store as it was. */
	if (!readonly && (sq_exec(db, "PRAGMA journal_mode = WAL") != SQLITE_OK ||
			  sq_exec(db, additions_sql) != SQLITE_OK))
		return open_fail(db, shown, diags, sqlite3_errmsg(db));

	s = xcalloc(1, sizeof(*s));
	s->db = db_sqlite_wrap(db);
	s->engine = &sqlite_engine;
	s->path = xstrdup(shown);
	s->flags = flags;
	s->record_times = has_table(db, "record_time") ? "record_time" : "record";
	if (h.user_version < CHANCERY_STORE_SCHEMA && !readonly) {
		if (migrate(s) != SQLITE_OK) {
			snprintf(why, sizeof(why), "cannot bring it to schema %d: %s",
				 CHANCERY_STORE_SCHEMA, sqlite3_errmsg(db));
			chancery_store_close(s);
			return open_fail(NULL, shown, diags, why);
		}
		h.user_version = CHANCERY_STORE_SCHEMA;
	}
	/* a store of schema 2 read as it is has no hashes to check */
	s->hashed = h.user_version >= 3;
	*out = s;
	return 0;
}

void chancery_store_close(chancery_store *s)
{
	if (!s)
		return;
	db_close(s->db);
	free(s->path);
	free(s);
}

struct sqlite3 *chancery_store_sqlite(chancery_store *s)
{
	return db_sqlite_handle(s->db);
}

int (*store_pg_open)(const char *url, unsigned flags, chancery_store **out,
		     struct chancery_diags *diags);

int chancery_store_is_url(const char *target)
{
	if (!target)
		return 0;
	return !strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11);
}

const char *chancery_store_path(const chancery_store *s)
{
	return s->path;
}

