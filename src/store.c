/* store.c: the SQLite store. Every version of every entity is kept as its
 * canonical ledger text in `fact`; one `record` row per import says who
 * recorded what and when; decoded tables (party, event, event_party, ...)
 * spell the same facts out in columns for people who query with sqlite3.
 * Nothing is updated or deleted: a change is a new version that supersedes
 * the old one, a retraction is a new row, and triggers refuse the rest.
 * Loading takes the latest version of each id as of a record time and
 * parses the texts back into a registry. The schema is in docs/schema.md. */
#include "store.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "hashmap.h"
#include "registry.h"
#include "strbuf.h"
#include "vocab.h"
#include "banned.h"

struct chancery_store {
	sqlite3 *db;
	char *path;
	unsigned flags;
};

/* ---- The schema ------------------------------------------------------- */

#define APPEND_ONLY(t)                                                             \
	"CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t                       \
	" BEGIN SELECT RAISE(ABORT, '" t " is append-only'); END;\n"               \
	"CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t                       \
	" BEGIN SELECT RAISE(ABORT, '" t " is append-only'); END;\n"

static const char schema_sql[] =
	"CREATE TABLE record (\n"
	"  rec INTEGER PRIMARY KEY,\n"
	"  recorded_at TEXT NOT NULL CHECK (recorded_at GLOB"
	" '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),\n"
	"  author TEXT NOT NULL CHECK (author <> ''),\n"
	"  origin TEXT,\n"
	"  added INTEGER NOT NULL DEFAULT 0,\n"
	"  changed INTEGER NOT NULL DEFAULT 0,\n"
	"  retracted INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE fact (\n"
	"  fid INTEGER PRIMARY KEY,\n"
	"  id TEXT NOT NULL,\n"
	"  entity TEXT NOT NULL CHECK (entity = 'event' OR entity = 'party' OR entity = 'treaty'"
	" OR entity = 'person' OR entity = 'source'),\n"
	"  rec INTEGER NOT NULL REFERENCES record (rec) DEFERRABLE INITIALLY DEFERRED,\n"
	"  supersedes INTEGER REFERENCES fact (fid),\n"
	"  retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted = 0 OR retracted = 1),\n"
	"  text TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX fact_id ON fact (id, fid);\n"
	"CREATE INDEX fact_rec ON fact (rec);\n"
	"CREATE UNIQUE INDEX fact_supersedes ON fact (supersedes) WHERE supersedes IS NOT NULL;\n"
	"CREATE TABLE party (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  name TEXT NOT NULL, short_name TEXT, adjective TEXT, kind TEXT NOT NULL,\n"
	"  iso2 TEXT, iso3 TEXT, cow INTEGER, wikidata TEXT, of_party TEXT,\n"
	"  from_date TEXT, to_date TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE person (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  name TEXT NOT NULL, wikidata TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE office (\n"
	"  fid INTEGER NOT NULL REFERENCES fact (fid),\n"
	"  seq INTEGER NOT NULL,\n"
	"  title TEXT NOT NULL, of_party TEXT, from_date TEXT, to_date TEXT,\n"
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
	"  stance TEXT, about TEXT, text TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE event_party (\n"
	"  fid INTEGER NOT NULL REFERENCES fact (fid),\n"
	"  role TEXT NOT NULL"
	" CHECK (role = 'actor' OR role = 'target' OR role = 'subject' OR role = 'from'),\n"
	"  party TEXT NOT NULL,\n"
	"  PRIMARY KEY (fid, role, party)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE fact_source (\n"
	"  fid INTEGER NOT NULL REFERENCES fact (fid),\n"
	"  source TEXT NOT NULL,\n"
	"  PRIMARY KEY (fid, source)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE treaty (\n"
	"  fid INTEGER PRIMARY KEY REFERENCES fact (fid),\n"
	"  title TEXT NOT NULL, parties TEXT NOT NULL, force TEXT,\n"
	"  term TEXT, renew TEXT, notice TEXT, note TEXT\n"
	");\n"
	"CREATE TABLE treaty_party (\n"
	"  fid INTEGER NOT NULL REFERENCES fact (fid),\n"
	"  party TEXT NOT NULL,\n"
	"  PRIMARY KEY (fid, party)\n"
	") WITHOUT ROWID;\n"
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
	"  party TEXT, place TEXT, persons TEXT, effect TEXT, note TEXT,\n"
	"  PRIMARY KEY (fid, seq)\n"
	") WITHOUT ROWID;\n"
	APPEND_ONLY("record")
	APPEND_ONLY("fact")
	APPEND_ONLY("party")
	APPEND_ONLY("person")
	APPEND_ONLY("office")
	APPEND_ONLY("source")
	APPEND_ONLY("event")
	APPEND_ONLY("event_party")
	APPEND_ONLY("fact_source")
	APPEND_ONLY("treaty")
	APPEND_ONLY("treaty_party")
	APPEND_ONLY("treaty_action")
	"CREATE VIEW current_fact AS\n"
	"  SELECT f.* FROM fact AS f\n"
	"  WHERE f.retracted = 0\n"
	"    AND f.fid = (SELECT max(g.fid) FROM fact AS g WHERE g.id = f.id);\n"
	"CREATE VIEW current_party AS\n"
	"  SELECT f.id, p.* FROM current_fact AS f JOIN party AS p ON p.fid = f.fid;\n"
	"CREATE VIEW current_person AS\n"
	"  SELECT f.id, p.* FROM current_fact AS f JOIN person AS p ON p.fid = f.fid;\n"
	"CREATE VIEW current_source AS\n"
	"  SELECT f.id, s.* FROM current_fact AS f JOIN source AS s ON s.fid = f.fid;\n"
	"CREATE VIEW current_treaty AS\n"
	"  SELECT f.id, t.* FROM current_fact AS f JOIN treaty AS t ON t.fid = f.fid;\n"
	"CREATE VIEW current_event AS\n"
	"  SELECT f.id, e.* FROM current_fact AS f JOIN event AS e ON e.fid = f.fid;\n"
	"CREATE VIEW current_event_party AS\n"
	"  SELECT f.id, ep.* FROM current_fact AS f JOIN event_party AS ep ON ep.fid = f.fid;\n"
	"CREATE VIEW current_treaty_action AS\n"
	"  SELECT f.id AS treaty, a.* FROM current_fact AS f JOIN treaty_action AS a ON a.fid = f.fid;\n";

/* ---- Small helpers ---------------------------------------------------- */

static const char *const entity_names[] = {
	[CHANCERY_ENT_NONE] = NULL,
	[CHANCERY_ENT_PARTY] = "party",
	[CHANCERY_ENT_PERSON] = "person",
	[CHANCERY_ENT_SOURCE] = "source",
	[CHANCERY_ENT_EVENT] = "event",
	[CHANCERY_ENT_TREATY] = "treaty",
};

static enum chancery_entity entity_from_name(const char *s)
{
	for (int e = CHANCERY_ENT_PARTY; e <= CHANCERY_ENT_TREATY; e++)
		if (s && !strcmp(s, entity_names[e]))
			return (enum chancery_entity)e;
	return CHANCERY_ENT_NONE;
}

static const char *const precision_names[] = { "none", "year", "month", "day" };

/* The SQLite message of the last failure on db, for diagnostics. */
static const char *db_error(sqlite3 *db)
{
	return db ? sqlite3_errmsg(db) : "out of memory";
}

/* "cannot WHAT store 'PATH': SQLITE MESSAGE" */
static int store_fail(const chancery_store *s, struct chancery_diags *diags, const char *what)
{
	chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL, "cannot %s store '%s': %s",
			   what, s->path, db_error(s->db));
	return -CHANCERY_ESTORE;
}

/* Bind a string, NULL for absent or empty ones. The string must stay
 * valid until the statement is stepped (every use binds all parameters
 * again, so a stale pointer is never read). */
static int bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Run a statement that returns no row (or whose rows are not wanted)
 * and reset it. Returns the SQLite code, SQLITE_DONE on success. */
static int step_reset(sqlite3_stmt *st)
{
	int rc;
	do
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW);
	if (rc == SQLITE_DONE)
		sqlite3_reset(st);
	/* On failure the statement is reset by the caller's error path, after
	 * the message has been taken from the connection. */
	return rc;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* End a transaction that must not be kept, if one is open. */
static void rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		exec(db, "ROLLBACK");
}

/* A day number as "YYYY-MM-DD" into buf (at least 16 bytes), or NULL for
 * the open ends CHANCERY_DAY_MIN and CHANCERY_DAY_MAX. */
static const char *iso_day(int32_t day, char *buf, size_t size)
{
	int y, m, d;
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX)
		return NULL;
	chancery_day_to_ymd(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* The EDTF text of a date into buf (64 bytes), or NULL when absent. */
static const char *edtf(const struct chancery_date *d, char *buf, size_t size)
{
	if (d->form == CHANCERY_DATE_NONE)
		return NULL;
	chancery_date_format(d, buf, size);
	return buf;
}

/* The precision of a date: that of a point; for an interval the coarser of
 * its written ends (open ends do not count); "none" for undated. */
static const char *date_precision(const struct chancery_date *d)
{
	int p = CHANCERY_PREC_NONE;
	if (d->form == CHANCERY_DATE_POINT) {
		p = d->start.precision;
	} else if (d->form == CHANCERY_DATE_INTERVAL) {
		int a = d->start.open ? -1 : d->start.precision;
		int b = d->end.open ? -1 : d->end.precision;
		if (a < 0)
			p = b;
		else if (b < 0 || a < b)
			p = a;
		else
			p = b;
		if (p < 0)
			p = CHANCERY_PREC_NONE;
	}
	if (p < CHANCERY_PREC_NONE || p > CHANCERY_PREC_DAY)
		p = CHANCERY_PREC_NONE;
	return precision_names[p];
}

/* "49y", "indefinite" or NULL. */
static const char *duration_text(const struct chancery_duration *d, char *buf, size_t size)
{
	if (d->n <= 0)
		return NULL;
	snprintf(buf, size, "%ld%c", (long)d->n, d->unit);
	return buf;
}

static void ids_join(const struct chancery_ids *ids, struct strbuf *out)
{
	strbuf_reset(out);
	for (uint32_t i = 0; i < ids->n; i++) {
		if (i)
			strbuf_addch(out, ',');
		strbuf_addstr(out, ids->v[i]);
	}
}

static int is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Normalise a record time: "YYYY-MM-DDTHH:MM:SSZ" is taken as it is;
 * a plain "YYYY-MM-DD" means the start of that day (end_of_day = 0) or its
 * last second (end_of_day = 1). Writes 20 characters and a NUL into out.
 * Returns 0, or -1 if s is neither. */
static int parse_record_time(const char *s, int end_of_day, char out[24])
{
	size_t n = strlen(s);
	int y, m, d, hh = 0, mm = 0, ss = 0;
	if (n != 10 && n != 20)
		return -1;
	if (!is_digits(s, 4) || s[4] != '-' || !is_digits(s + 5, 2) || s[7] != '-' ||
	    !is_digits(s + 8, 2))
		return -1;
	y = two(s) * 100 + two(s + 2);
	m = two(s + 5);
	d = two(s + 8);
	if (!chancery_ymd_valid(y, m, d))
		return -1;
	if (n == 20) {
		if (s[10] != 'T' || !is_digits(s + 11, 2) || s[13] != ':' ||
		    !is_digits(s + 14, 2) || s[16] != ':' || !is_digits(s + 17, 2) ||
		    s[19] != 'Z')
			return -1;
		hh = two(s + 11);
		mm = two(s + 14);
		ss = two(s + 17);
		if (hh > 23 || mm > 59 || ss > 59)
			return -1;
	} else if (end_of_day) {
		hh = 23;
		mm = 59;
		ss = 59;
	}
	snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
	return 0;
}

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ", from time() and the day
 * arithmetic of date.c (gmtime is banned: it is not reentrant). */
static void utc_now(char out[24])
{
	int64_t t = (int64_t)time(NULL);
	int64_t day = t / 86400, rem = t % 86400;
	int y, m, d;
	if (rem < 0) {
		rem += 86400;
		day--;
	}
	chancery_day_to_ymd((int32_t)day, &y, &m, &d);
	snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
		 (int)(rem / 60 % 60), (int)(rem % 60));
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
	int rc = exec(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return rc;
	rc = read_header(db, &h);
	if (rc == SQLITE_OK && is_empty(&h)) {
		rc = exec(db, schema_sql);
		snprintf(pragmas, sizeof(pragmas),
			 "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 CHANCERY_STORE_APPLICATION_ID, CHANCERY_STORE_SCHEMA);
		if (rc == SQLITE_OK)
			rc = exec(db, pragmas);
	}
	if (rc == SQLITE_OK)
		rc = exec(db, "COMMIT");
	if (rc != SQLITE_OK)
		rollback(db);
	return rc;
}

static int open_fail(sqlite3 *db, const char *path, struct chancery_diags *diags,
		     const char *why)
{
	chancery_diags_add(diags, CHANCERY_ERROR, path, 0, 0, NULL, "cannot open store '%s': %s",
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
	char why[160];
	chancery_store *s;
	int rc;

	*out = NULL;
	if (!path || !*path) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot open store '': no path given");
		return -CHANCERY_ESTORE;
	}
	if (readonly)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE | (flags & CHANCERY_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	rc = sqlite3_open_v2(path, &db, oflags, NULL);
	if (rc != SQLITE_OK)
		return open_fail(db, path, diags, db_error(db));
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 0);
	/* A 256 MiB page cache (allocated only as it is used) keeps a large
	 * import from spilling to the WAL before it commits. */
	rc = exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
		      " PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY");
	if (rc == SQLITE_OK)
		rc = read_header(db, &h);
	if (rc != SQLITE_OK)
		return open_fail(db, path, diags, db_error(db));

	if (is_empty(&h)) {
		if (readonly || !(flags & CHANCERY_STORE_CREATE))
			return open_fail(db, path, diags, "not a chancery store (an empty database)");
		rc = init_schema(db);
		if (rc == SQLITE_OK)
			rc = read_header(db, &h);
		if (rc != SQLITE_OK)
			return open_fail(db, path, diags, db_error(db));
	}
	if (h.application_id != CHANCERY_STORE_APPLICATION_ID) {
		snprintf(why, sizeof(why), "not a chancery store (application_id %lld)",
			 (long long)h.application_id);
		return open_fail(db, path, diags, why);
	}
	if (h.user_version > CHANCERY_STORE_SCHEMA) {
		snprintf(why, sizeof(why),
			 "schema version %lld is newer than this chancery reads (%d)",
			 (long long)h.user_version, CHANCERY_STORE_SCHEMA);
		return open_fail(db, path, diags, why);
	}
	if (h.user_version < 1) {
		snprintf(why, sizeof(why), "unknown schema version %lld",
			 (long long)h.user_version);
		return open_fail(db, path, diags, why);
	}
	/* Write-ahead logging: a reader never blocks the writer, and a process
	 * killed in the middle of an import leaves the store as it was. */
	if (!readonly && exec(db, "PRAGMA journal_mode = WAL") != SQLITE_OK)
		return open_fail(db, path, diags, db_error(db));

	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->path = xstrdup(path);
	s->flags = flags;
	*out = s;
	return 0;
}

void chancery_store_close(chancery_store *s)
{
	if (!s)
		return;
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

struct sqlite3 *chancery_store_sqlite(chancery_store *s)
{
	return s->db;
}

const char *chancery_store_path(const chancery_store *s)
{
	return s->path;
}

/* ---- Import ------------------------------------------------------------ */

/* The statements an import uses, prepared once per import. */
enum {
	ST_FACT,
	ST_RETRACT,
	ST_PARTY,
	ST_PERSON,
	ST_OFFICE,
	ST_SOURCE,
	ST_EVENT,
	ST_EVENT_PARTY,
	ST_ACTION,
	ST_FACT_SOURCE,
	ST_TREATY,
	ST_TREATY_PARTY,
	ST_RECORD,
	ST__COUNT
};

static const char *const import_sql[ST__COUNT] = {
	[ST_FACT] = "INSERT INTO fact (id, entity, rec, supersedes, retracted, text)"
		    " VALUES (?1, ?2, ?3, ?4, 0, ?5)",
	[ST_RETRACT] = "INSERT INTO fact (id, entity, rec, supersedes, retracted, text)"
		       " SELECT id, entity, ?1, fid, 1, text FROM fact WHERE fid = ?2",
	[ST_PARTY] = "INSERT INTO party (fid, name, short_name, adjective, kind, iso2, iso3, cow,"
		     " wikidata, of_party, from_date, to_date, note)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[ST_PERSON] = "INSERT INTO person (fid, name, wikidata, note) VALUES (?1, ?2, ?3, ?4)",
	[ST_OFFICE] = "INSERT INTO office (fid, seq, title, of_party, from_date, to_date)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_SOURCE] = "INSERT INTO source (fid, title, publisher, url, date, accessed, note)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_EVENT] = "INSERT INTO event (fid, kind, date, day_from, day_to, precision, actor,"
		     " target, person, by_person, to_person, from_party, subject, persons,"
		     " instrument, place, level, mission_type, city, rank, stance, about, text, note)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		     " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
	[ST_EVENT_PARTY] = "INSERT OR IGNORE INTO event_party (fid, role, party) VALUES (?1, ?2, ?3)",
	[ST_ACTION] = "INSERT INTO treaty_action (fid, seq, id, kind, date, day_from, day_to,"
		      " precision, party, place, persons, effect, note)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[ST_FACT_SOURCE] = "INSERT OR IGNORE INTO fact_source (fid, source) VALUES (?1, ?2)",
	[ST_TREATY] = "INSERT INTO treaty (fid, title, parties, force, term, renew, notice, note)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_TREATY_PARTY] = "INSERT OR IGNORE INTO treaty_party (fid, party) VALUES (?1, ?2)",
	[ST_RECORD] = "INSERT INTO record (rec, recorded_at, author, origin, added, changed,"
		      " retracted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

/* The store's current version of one id. */
struct current {
	const char *id, *text; /* in the import's arena */
	size_t text_len;
	int64_t fid;
	uint8_t entity, retracted;
	uint8_t seen; /* the registry has this id */
};

struct import {
	chancery_store *s;
	const chancery_registry *r;
	int write; /* 0 for a dry run */
	int64_t rec;
	struct chancery_import_stats stats;
	struct current *cur;
	size_t n_cur, alloc_cur;
	struct hashmap ids; /* id -> index in cur */
	struct arena arena;
	sqlite3_stmt *st[ST__COUNT];
	struct strbuf list1, list2;
	const char *dup_id; /* set when the registry has an id twice */
};

/* Read the latest version of every id the store has ever had. */
static int read_current(struct import *im)
{
	static const char sql[] =
		"SELECT f.fid, f.id, f.entity, f.retracted, f.text"
		" FROM (SELECT max(fid) AS m FROM fact GROUP BY id) AS l"
		" JOIN fact AS f ON f.fid = l.m";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(im->s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct current *c;
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *text = (const char *)sqlite3_column_text(st, 4);
		size_t len = (size_t)sqlite3_column_bytes(st, 4);
		ALLOC_GROW(im->cur, im->n_cur + 1, im->alloc_cur);
		c = &im->cur[im->n_cur];
		c->fid = sqlite3_column_int64(st, 0);
		c->id = arena_strdup(&im->arena, id ? id : "");
		c->entity = (uint8_t)entity_from_name((const char *)sqlite3_column_text(st, 2));
		c->retracted = (uint8_t)(sqlite3_column_int(st, 3) != 0);
		c->text = arena_strndup(&im->arena, text ? text : "", len);
		c->text_len = len;
		c->seen = 0;
		hashmap_put(&im->ids, c->id, im->n_cur, NULL);
		im->n_cur++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int fact_source_rows(struct import *im, int64_t fid, const struct chancery_ids *ids)
{
	sqlite3_stmt *st = im->st[ST_FACT_SOURCE];
	for (uint32_t i = 0; i < ids->n; i++) {
		sqlite3_bind_int64(st, 1, fid);
		bind_str(st, 2, ids->v[i]);
		int rc = step_reset(st);
		if (rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_DONE;
}

static int event_party_row(struct import *im, int64_t fid, const char *role, const char *party)
{
	sqlite3_stmt *st = im->st[ST_EVENT_PARTY];
	if (!party || !*party)
		return SQLITE_DONE;
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	bind_str(st, 3, party);
	return step_reset(st);
}

/* The decoded date of an event: EDTF text, first and last possible day,
 * precision. */
struct date_cols {
	char text[64], from[24], to[24];
	const char *from_p, *to_p, *precision;
};

static void date_cols(const struct chancery_date *d, struct date_cols *c)
{
	chancery_date_format(d, c->text, sizeof(c->text));
	c->from_p = iso_day(d->lo, c->from, sizeof(c->from));
	c->to_p = iso_day(d->hi, c->to, sizeof(c->to));
	c->precision = date_precision(d);
}

/* An event (not a treaty action): its row, its parties and its sources. */
static int event_rows(struct import *im, int64_t fid, const struct chancery_event *e)
{
	sqlite3_stmt *st = im->st[ST_EVENT];
	struct date_cols dc;
	int rc;

	date_cols(&e->date, &dc);
	sqlite3_bind_int64(st, 1, fid);
	bind_str(st, 2, chancery_event_kind_name(e->kind));
	bind_str(st, 3, dc.text);
	bind_str(st, 4, dc.from_p);
	bind_str(st, 5, dc.to_p);
	bind_str(st, 6, dc.precision);
	bind_str(st, 7, e->actor);
	bind_str(st, 8, e->target);
	bind_str(st, 9, e->person);
	bind_str(st, 10, e->by);
	bind_str(st, 11, e->to);
	bind_str(st, 12, e->from_party);
	ids_join(&e->subject, &im->list1);
	bind_str(st, 13, im->list1.buf);
	ids_join(&e->persons, &im->list2);
	bind_str(st, 14, im->list2.buf);
	bind_str(st, 15, e->instrument);
	bind_str(st, 16, e->place);
	bind_str(st, 17, e->level);
	bind_str(st, 18, e->mission_type);
	bind_str(st, 19, e->city);
	bind_str(st, 20, e->rank);
	bind_str(st, 21, e->stance);
	bind_str(st, 22, e->about);
	bind_str(st, 23, e->text);
	bind_str(st, 24, e->note);
	rc = step_reset(st);
	if (rc == SQLITE_DONE)
		rc = event_party_row(im, fid, "actor", e->actor);
	if (rc == SQLITE_DONE)
		rc = event_party_row(im, fid, "target", e->target);
	for (uint32_t i = 0; rc == SQLITE_DONE && i < e->subject.n; i++)
		rc = event_party_row(im, fid, "subject", e->subject.v[i]);
	if (rc == SQLITE_DONE)
		rc = event_party_row(im, fid, "from", e->from_party);
	if (rc == SQLITE_DONE)
		rc = fact_source_rows(im, fid, &e->sources);
	return rc;
}

/* A treaty action, a row of its treaty's version fid; its sources count
 * as the treaty's. */
static int action_rows(struct import *im, int64_t fid, uint32_t seq,
		       const struct chancery_event *e)
{
	sqlite3_stmt *st = im->st[ST_ACTION];
	struct date_cols dc;
	char effect[64];
	int rc;

	date_cols(&e->date, &dc);
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_int64(st, 2, (int64_t)seq);
	bind_str(st, 3, e->id);
	bind_str(st, 4, chancery_event_kind_name(e->kind));
	bind_str(st, 5, dc.text);
	bind_str(st, 6, dc.from_p);
	bind_str(st, 7, dc.to_p);
	bind_str(st, 8, dc.precision);
	bind_str(st, 9, e->actor);
	bind_str(st, 10, e->place);
	ids_join(&e->persons, &im->list2);
	bind_str(st, 11, im->list2.buf);
	bind_str(st, 12, edtf(&e->effect, effect, sizeof(effect)));
	bind_str(st, 13, e->note);
	rc = step_reset(st);
	if (rc == SQLITE_DONE)
		rc = fact_source_rows(im, fid, &e->sources);
	return rc;
}

static int party_rows(struct import *im, int64_t fid, const struct chancery_party *p)
{
	sqlite3_stmt *st = im->st[ST_PARTY];
	char from[64], to[64];
	int rc;
	sqlite3_bind_int64(st, 1, fid);
	bind_str(st, 2, p->name);
	bind_str(st, 3, p->short_name);
	bind_str(st, 4, p->adjective);
	bind_str(st, 5, party_kind_names[(unsigned)p->kind <= CHANCERY_PARTY_TERRITORY
						 ? p->kind
						 : CHANCERY_PARTY_STATE]);
	bind_str(st, 6, p->iso2);
	bind_str(st, 7, p->iso3);
	if (p->cow)
		sqlite3_bind_int(st, 8, p->cow);
	else
		sqlite3_bind_null(st, 8);
	bind_str(st, 9, p->wikidata);
	bind_str(st, 10, p->of);
	bind_str(st, 11, edtf(&p->from, from, sizeof(from)));
	bind_str(st, 12, edtf(&p->to, to, sizeof(to)));
	bind_str(st, 13, p->note);
	rc = step_reset(st);
	if (rc == SQLITE_DONE)
		rc = fact_source_rows(im, fid, &p->sources);
	return rc;
}

static int person_rows(struct import *im, int64_t fid, const struct chancery_person *p)
{
	sqlite3_stmt *st = im->st[ST_PERSON];
	int rc;
	sqlite3_bind_int64(st, 1, fid);
	bind_str(st, 2, p->name);
	bind_str(st, 3, p->wikidata);
	bind_str(st, 4, p->note);
	rc = step_reset(st);
	if (rc == SQLITE_DONE)
		rc = fact_source_rows(im, fid, &p->sources);
	for (uint32_t i = 0; rc == SQLITE_DONE && i < p->n_offices; i++) {
		const struct chancery_office *o = &p->offices[i];
		char from[64], to[64];
		st = im->st[ST_OFFICE];
		sqlite3_bind_int64(st, 1, fid);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		bind_str(st, 3, o->title);
		bind_str(st, 4, o->of);
		bind_str(st, 5, edtf(&o->from, from, sizeof(from)));
		bind_str(st, 6, edtf(&o->to, to, sizeof(to)));
		rc = step_reset(st);
		if (rc == SQLITE_DONE)
			rc = fact_source_rows(im, fid, &o->sources);
	}
	return rc;
}

static int source_rows(struct import *im, int64_t fid, const struct chancery_source *src)
{
	sqlite3_stmt *st = im->st[ST_SOURCE];
	char date[64], accessed[64];
	sqlite3_bind_int64(st, 1, fid);
	bind_str(st, 2, src->title);
	bind_str(st, 3, src->publisher);
	bind_str(st, 4, src->url);
	bind_str(st, 5, edtf(&src->date, date, sizeof(date)));
	bind_str(st, 6, edtf(&src->accessed, accessed, sizeof(accessed)));
	bind_str(st, 7, src->note);
	return step_reset(st);
}

static int treaty_rows(struct import *im, int64_t fid, size_t index,
		       const struct chancery_treaty *t)
{
	sqlite3_stmt *st = im->st[ST_TREATY];
	const struct index_list *actions;
	char term[32], renew[32], notice[32];
	int rc;

	ids_join(&t->parties, &im->list1);
	sqlite3_bind_int64(st, 1, fid);
	bind_str(st, 2, t->title);
	sqlite3_bind_text(st, 3, im->list1.buf, (int)im->list1.len, SQLITE_STATIC);
	bind_str(st, 4, t->force != CHANCERY_FORCE_UNKNOWN &&
					(unsigned)t->force <= CHANCERY_FORCE_DATE
				? force_rule_names[t->force]
				: NULL);
	bind_str(st, 5, t->term_indefinite ? "indefinite"
					   : duration_text(&t->term, term, sizeof(term)));
	bind_str(st, 6, duration_text(&t->renew, renew, sizeof(renew)));
	bind_str(st, 7, duration_text(&t->notice, notice, sizeof(notice)));
	bind_str(st, 8, t->note);
	rc = step_reset(st);
	for (uint32_t i = 0; rc == SQLITE_DONE && i < t->parties.n; i++) {
		st = im->st[ST_TREATY_PARTY];
		sqlite3_bind_int64(st, 1, fid);
		bind_str(st, 2, t->parties.v[i]);
		rc = step_reset(st);
	}
	if (rc == SQLITE_DONE)
		rc = fact_source_rows(im, fid, &t->sources);
	actions = registry_treaty_actions(im->r, index);
	for (uint32_t i = 0; rc == SQLITE_DONE && actions && i < actions->n; i++)
		rc = action_rows(im, fid, i + 1, chancery_registry_event(im->r, actions->v[i]));
	return rc;
}

/* Compare one entity of the registry with the store and, if it is new or
 * changed, write its new version. Returns an SQLite code: SQLITE_DONE on
 * success, SQLITE_NOMEM, SQLITE_CONSTRAINT for an id the registry has
 * twice (im->dup_id), or the failure of a statement. */
static int put_entity(struct import *im, enum chancery_entity e, size_t index, const char *id)
{
	struct current *c = NULL;
	uint64_t slot;
	int64_t supersedes = 0;
	size_t len;
	char *text;
	int rc = SQLITE_DONE;

	if (hashmap_get(&im->ids, id, &slot)) {
		c = &im->cur[slot];
		if (c->seen) {
			im->dup_id = id;
			return SQLITE_CONSTRAINT;
		}
		c->seen = 1;
	}
	text = chancery_ledger_entity_text(im->r, e, index, CHANCERY_WRITE_ALL_IDS);
	if (!text)
		return SQLITE_NOMEM;
	len = strlen(text);
	if (!c || c->retracted) {
		im->stats.added++;
		if (c)
			supersedes = c->fid;
	} else if (c->entity == e && c->text_len == len && !memcmp(c->text, text, len)) {
		im->stats.unchanged++;
		free(text);
		return SQLITE_DONE;
	} else {
		im->stats.changed++;
		supersedes = c->fid;
	}
	if (!c) {
		/* Remember the id, to catch a registry that has it twice. */
		ALLOC_GROW(im->cur, im->n_cur + 1, im->alloc_cur);
		c = &im->cur[im->n_cur];
		memset(c, 0, sizeof(*c));
		c->id = id;
		c->seen = 1;
		c->retracted = 1; /* never retracted again by sync */
		hashmap_put(&im->ids, id, im->n_cur, NULL);
		im->n_cur++;
	}

	if (im->write) {
		sqlite3_stmt *st = im->st[ST_FACT];
		int64_t fid;
		bind_str(st, 1, id);
		sqlite3_bind_text(st, 2, entity_names[e], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, im->rec);
		if (supersedes)
			sqlite3_bind_int64(st, 4, supersedes);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_text(st, 5, text, (int)len, SQLITE_STATIC);
		rc = step_reset(st);
		fid = sqlite3_last_insert_rowid(im->s->db);
		if (rc == SQLITE_DONE) {
			switch (e) {
			case CHANCERY_ENT_PARTY:
				rc = party_rows(im, fid, chancery_registry_party(im->r, index));
				break;
			case CHANCERY_ENT_PERSON:
				rc = person_rows(im, fid, chancery_registry_person(im->r, index));
				break;
			case CHANCERY_ENT_SOURCE:
				rc = source_rows(im, fid, chancery_registry_source(im->r, index));
				break;
			case CHANCERY_ENT_EVENT:
				rc = event_rows(im, fid, chancery_registry_event(im->r, index));
				break;
			case CHANCERY_ENT_TREATY:
				rc = treaty_rows(im, fid, index, chancery_registry_treaty(im->r, index));
				break;
			default:
				break;
			}
		}
	}
	free(text);
	return rc;
}

static int cmp_current_id(const void *a, const void *b)
{
	const struct current *x = *(const struct current *const *)a;
	const struct current *y = *(const struct current *const *)b;
	return strcmp(x->id, y->id);
}

/* With sync: every id the store has and the registry has not gets a
 * retraction, in id order. */
static int retract_missing(struct import *im)
{
	struct current **gone = NULL;
	size_t n = 0, alloc = 0;
	int rc = SQLITE_DONE;

	for (size_t i = 0; i < im->n_cur; i++) {
		if (!im->cur[i].seen && !im->cur[i].retracted) {
			ALLOC_GROW(gone, n + 1, alloc);
			gone[n++] = &im->cur[i];
		}
	}
	qsort(gone, n, sizeof(*gone), cmp_current_id);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		im->stats.retracted++;
		if (im->write) {
			sqlite3_stmt *st = im->st[ST_RETRACT];
			sqlite3_bind_int64(st, 1, im->rec);
			sqlite3_bind_int64(st, 2, gone[i]->fid);
			rc = step_reset(st);
		}
	}
	free(gone);
	return rc;
}

/* The last record's number and time, if there is one. */
static int last_record(sqlite3 *db, int64_t *rec, char at[24])
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT rec, recorded_at FROM record ORDER BY rec DESC LIMIT 1",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	*rec = 0;
	at[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		*rec = sqlite3_column_int64(st, 0);
		snprintf(at, 24, "%s", t ? t : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int put_all(struct import *im)
{
	const chancery_registry *r = im->r;
	size_t n;
	int rc = SQLITE_DONE;

	n = chancery_registry_party_count(r);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++)
		rc = put_entity(im, CHANCERY_ENT_PARTY, i, chancery_registry_party(r, i)->id);
	n = chancery_registry_person_count(r);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++)
		rc = put_entity(im, CHANCERY_ENT_PERSON, i, chancery_registry_person(r, i)->id);
	n = chancery_registry_source_count(r);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++)
		rc = put_entity(im, CHANCERY_ENT_SOURCE, i, chancery_registry_source(r, i)->id);
	n = chancery_registry_event_count(r);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		const struct chancery_event *e = chancery_registry_event(r, i);
		/* Treaty actions are written inside their treaty's text. */
		if (chancery_event_kind_is_treaty_action(e->kind))
			continue;
		rc = put_entity(im, CHANCERY_ENT_EVENT, i, e->id);
	}
	n = chancery_registry_treaty_count(r);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++)
		rc = put_entity(im, CHANCERY_ENT_TREATY, i, chancery_registry_treaty(r, i)->id);
	return rc;
}

static void import_release(struct import *im)
{
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(im->st[i]);
	free(im->cur);
	hashmap_release(&im->ids);
	arena_release(&im->arena);
	strbuf_release(&im->list1);
	strbuf_release(&im->list2);
}

int chancery_store_import(chancery_store *s, const chancery_registry *r,
			  const struct chancery_import_opts *opts,
			  struct chancery_import_stats *stats, struct chancery_diags *diags)
{
	struct import im = { .s = s, .r = r, .ids = HASHMAP_INIT, .arena = ARENA_INIT,
			     .list1 = STRBUF_INIT, .list2 = STRBUF_INIT };
	char at[24], last_at[24];
	int64_t last_rec = 0;
	int ret = 0, rc;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	im.write = !opts->dry_run;
	if (!opts->author || !*opts->author) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "cannot import into store '%s': no author given", s->path);
		return -CHANCERY_EINPUT;
	}
	if (opts->recorded_at) {
		if (parse_record_time(opts->recorded_at, 0, at) < 0) {
			chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
					   "invalid record time '%s': expected YYYY-MM-DD or "
					   "YYYY-MM-DDTHH:MM:SSZ (UTC)",
					   opts->recorded_at);
			return -CHANCERY_EINPUT;
		}
	} else {
		utc_now(at);
	}
	if (im.write && (s->flags & CHANCERY_STORE_READONLY)) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "cannot import into store '%s': it is open read-only", s->path);
		return -CHANCERY_ESTORE;
	}

	/* The write lock is taken before reading, so that the comparison and
	 * the writes see the same store. A dry run only reads. */
	rc = exec(s->db, im.write ? "BEGIN IMMEDIATE" : "BEGIN");
	if (rc != SQLITE_OK)
		return store_fail(s, diags, "import into");
	rc = last_record(s->db, &last_rec, last_at);
	if (rc != SQLITE_OK)
		goto sql_error;
	if (last_at[0] && strcmp(at, last_at) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "record time '%s' is before the last record's '%s' in store '%s'",
				   at, last_at, s->path);
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	im.rec = last_rec + 1;
	rc = read_current(&im);
	if (rc != SQLITE_OK)
		goto sql_error;
	if (im.write) {
		for (int i = 0; i < ST__COUNT; i++) {
			rc = sqlite3_prepare_v3(s->db, import_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
						&im.st[i], NULL);
			if (rc != SQLITE_OK)
				goto sql_error;
		}
	}

	rc = put_all(&im);
	if (rc == SQLITE_DONE && opts->sync)
		rc = retract_missing(&im);
	if (rc == SQLITE_CONSTRAINT && im.dup_id) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "duplicate id '%s' in the registry imported into store '%s'",
				   im.dup_id, s->path);
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	if (rc == SQLITE_NOMEM) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "cannot import into store '%s': out of memory", s->path);
		ret = -CHANCERY_ENOMEM;
		goto out;
	}
	if (rc != SQLITE_DONE)
		goto sql_error;

	if (im.write && im.stats.added + im.stats.changed + im.stats.retracted > 0) {
		sqlite3_stmt *st = im.st[ST_RECORD];
		sqlite3_bind_int64(st, 1, im.rec);
		sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
		bind_str(st, 3, opts->author);
		bind_str(st, 4, opts->origin);
		sqlite3_bind_int64(st, 5, (int64_t)im.stats.added);
		sqlite3_bind_int64(st, 6, (int64_t)im.stats.changed);
		sqlite3_bind_int64(st, 7, (int64_t)im.stats.retracted);
		rc = step_reset(st);
		if (rc != SQLITE_DONE)
			goto sql_error;
		/* Statements must be done before COMMIT releases the lock. */
		for (int i = 0; i < ST__COUNT; i++) {
			sqlite3_finalize(im.st[i]);
			im.st[i] = NULL;
		}
		if (exec(s->db, "COMMIT") != SQLITE_OK)
			goto sql_error;
	}
	if (stats)
		*stats = im.stats;
	goto out;

sql_error:
	ret = store_fail(s, diags, "import into");
out:
	import_release(&im);
	rollback(s->db);
	return ret;
}

/* ---- Load -------------------------------------------------------------- */

/* Where each fact's text starts in the buffer handed to the parser, to
 * name the fact behind a parse error. */
struct text_start {
	uint32_t line; /* first line of the text, 1-based */
	int64_t fid;
};

/* The fact whose text holds line `line` of the buffer. */
static const struct text_start *fact_at_line(const struct text_start *v, size_t n, uint32_t line)
{
	size_t lo = 0, hi = n;
	if (!n)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].line <= line)
			lo = mid;
		else
			hi = mid;
	}
	return &v[lo];
}

/* Name the stored text that did not parse: one message for the first
 * fact behind the parser's errors from diags->v[first] on. Returns 1 if it
 * added the message. */
static int name_bad_fact(chancery_store *s, const struct text_start *v, size_t n,
			  struct chancery_diags *diags, size_t first)
{
	for (size_t i = first; i < diags->n; i++) {
		const struct chancery_diag *d = &diags->v[i];
		const struct text_start *t;
		sqlite3_stmt *st;
		if (d->severity != CHANCERY_ERROR || !d->line)
			continue;
		t = fact_at_line(v, n, d->line);
		if (!t)
			break;
		if (sqlite3_prepare_v2(s->db, "SELECT id FROM fact WHERE fid = ?1", -1, &st, NULL) ==
		    SQLITE_OK) {
			int added = 0;
			sqlite3_bind_int64(st, 1, t->fid);
			if (sqlite3_step(st) == SQLITE_ROW) {
				chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
						   "cannot load store '%s': the stored text of '%s'"
						   " (fact %lld) does not parse",
						   s->path,
						   (const char *)sqlite3_column_text(st, 0),
						   (long long)t->fid);
				added = 1;
			}
			sqlite3_finalize(st);
			return added;
		}
		return 0;
	}
	return 0;
}

int chancery_store_load(chancery_store *s, const char *known_on, chancery_registry *r,
			struct chancery_diags *diags)
{
	static const char sql[] =
		"SELECT f.fid, f.text"
		" FROM (SELECT max(fid) AS m FROM fact WHERE fid <= ?1 GROUP BY id) AS l"
		" JOIN fact AS f ON f.fid = l.m"
		" WHERE f.retracted = 0"
		" ORDER BY CASE f.entity WHEN 'party' THEN 1 WHEN 'person' THEN 2"
		" WHEN 'source' THEN 3 WHEN 'event' THEN 4 ELSE 5 END, f.id";
	struct strbuf buf = STRBUF_INIT;
	struct text_start *starts = NULL;
	size_t n_starts = 0, alloc_starts = 0, first_diag;
	uint32_t line = 1;
	int64_t max_fid = INT64_MAX;
	sqlite3_stmt *st = NULL;
	char at[24];
	int rc, ret = 0;

	if (known_on && parse_record_time(known_on, 1, at) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "invalid record time '%s': expected YYYY-MM-DD or "
				   "YYYY-MM-DDTHH:MM:SSZ (UTC)",
				   known_on);
		return -CHANCERY_EINPUT;
	}
	/* One read transaction: the queries below see the same store. */
	if (exec(s->db, "BEGIN") != SQLITE_OK)
		return store_fail(s, diags, "load");
	if (known_on) {
		/* Record times never go back (import refuses it), and fids grow
		 * with records, so "recorded by `at`" is "fid <= max_fid". */
		rc = sqlite3_prepare_v2(s->db,
					"SELECT coalesce(max(f.fid), 0) FROM fact AS f"
					" WHERE f.rec <= (SELECT coalesce(max(rec), 0) FROM record"
					" WHERE recorded_at <= ?1)",
					-1, &st, NULL);
		if (rc != SQLITE_OK)
			goto sql_error;
		sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			goto sql_error;
		max_fid = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
	}
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto sql_error;
	sqlite3_bind_int64(st, 1, max_fid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		ALLOC_GROW(starts, n_starts + 1, alloc_starts);
		starts[n_starts].line = line;
		starts[n_starts].fid = sqlite3_column_int64(st, 0);
		n_starts++;
		if (!text)
			continue;
		strbuf_add(&buf, text, len);
		if (!len || text[len - 1] != '\n')
			strbuf_addch(&buf, '\n');
		for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
			line++;
		if (!len || text[len - 1] != '\n')
			line++;
	}
	if (rc != SQLITE_DONE)
		goto sql_error;
	sqlite3_finalize(st);
	st = NULL;
	rollback(s->db);

	first_diag = diags->n;
	rc = chancery_ledger_parse_buffer(r, "<store>", buf.buf, buf.len, diags);
	if (rc == 0)
		rc = chancery_registry_finish(r, diags);
	if (rc == -CHANCERY_ENOMEM) {
		ret = rc;
	} else if (rc != 0) {
		if (!name_bad_fact(s, starts, n_starts, diags, first_diag))
			chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
					   "cannot load store '%s': its stored text does not parse",
					   s->path);
		ret = -CHANCERY_ESTORE;
	}
	goto out;

sql_error:
	ret = store_fail(s, diags, "load");
out:
	sqlite3_finalize(st);
	rollback(s->db);
	strbuf_release(&buf);
	free(starts);
	return ret;
}

/* ---- History and records ------------------------------------------------ */

static char *column_dup(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? xstrdup(t) : NULL;
}

int chancery_store_history(chancery_store *s, const char *id,
			   struct chancery_store_version **out, size_t *n,
			   struct chancery_diags *diags)
{
	static const char sql[] =
		"SELECT f.fid, f.rec, coalesce(f.supersedes, 0), f.retracted, f.entity,"
		" r.recorded_at, r.author, r.origin, f.text"
		" FROM fact AS f JOIN record AS r ON r.rec = f.rec"
		" WHERE f.id = ?1 ORDER BY f.fid";
	struct chancery_store_version *v = NULL;
	size_t count = 0, alloc = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, diags, "read");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct chancery_store_version *x;
		const char *t = (const char *)sqlite3_column_text(st, 5);
		ALLOC_GROW(v, count + 1, alloc);
		x = &v[count++];
		x->fid = sqlite3_column_int64(st, 0);
		x->rec = sqlite3_column_int64(st, 1);
		x->supersedes = sqlite3_column_int64(st, 2);
		x->retracted = sqlite3_column_int(st, 3) != 0;
		x->entity = entity_from_name((const char *)sqlite3_column_text(st, 4));
		snprintf(x->recorded_at, sizeof(x->recorded_at), "%s", t ? t : "");
		x->author = column_dup(st, 6);
		x->origin = column_dup(st, 7);
		x->text = column_dup(st, 8);
	}
	if (rc != SQLITE_DONE) {
		rc = store_fail(s, diags, "read");
		sqlite3_finalize(st);
		chancery_store_versions_free(v, count);
		return rc;
	}
	sqlite3_finalize(st);
	if (!count) {
		chancery_diags_add(diags, CHANCERY_ERROR, s->path, 0, 0, NULL,
				   "unknown id '%s': store '%s' never had it", id, s->path);
		return -CHANCERY_ENOTFOUND;
	}
	*out = v;
	*n = count;
	return 0;
}

void chancery_store_versions_free(struct chancery_store_version *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].origin);
		free(v[i].text);
	}
	free(v);
}

int chancery_store_records(chancery_store *s, struct chancery_store_record **out, size_t *n,
			   struct chancery_diags *diags)
{
	static const char sql[] = "SELECT rec, recorded_at, author, origin, added, changed,"
				  " retracted FROM record ORDER BY rec";
	struct chancery_store_record *v = NULL;
	size_t count = 0, alloc = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, diags, "read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct chancery_store_record *x;
		const char *t = (const char *)sqlite3_column_text(st, 1);
		ALLOC_GROW(v, count + 1, alloc);
		x = &v[count++];
		x->rec = sqlite3_column_int64(st, 0);
		snprintf(x->recorded_at, sizeof(x->recorded_at), "%s", t ? t : "");
		x->author = column_dup(st, 2);
		x->origin = column_dup(st, 3);
		x->added = (size_t)sqlite3_column_int64(st, 4);
		x->changed = (size_t)sqlite3_column_int64(st, 5);
		x->retracted = (size_t)sqlite3_column_int64(st, 6);
	}
	if (rc != SQLITE_DONE) {
		rc = store_fail(s, diags, "read");
		sqlite3_finalize(st);
		chancery_store_records_free(v, count);
		return rc;
	}
	sqlite3_finalize(st);
	*out = v;
	*n = count;
	return 0;
}

void chancery_store_records_free(struct chancery_store_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].origin);
	}
	free(v);
}
