/* store.c: the SQLite store. Every version of every entity is kept as its
 * canonical ledger text in `fact`; one `record` row per import says who
 * recorded what and when; decoded tables (party, event, event_party, ...)
 * spell the same facts out in columns for people who query with sqlite3.
 * Nothing is updated or deleted: a change is a new version that supersedes
 * the old one, a retraction is a new row, and triggers refuse the rest.
 * Loading takes the latest version of each id as of a record time and
 * parses the texts back into a registry. The schema is in docs/schema.md. */
#include "store/store.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "model/registry.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

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
	/* The audit trail: one row per import that changed something. */
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
	"  text TEXT NOT NULL\n"
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
	"  from_date TEXT, to_date TEXT, sources TEXT, note TEXT\n"
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
	"  stance TEXT, about TEXT, sources TEXT, text TEXT, note TEXT\n"
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
	/* The latest version of each id, unless it is a retraction. */
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
	"CREATE VIEW current_event AS\n"
	"  SELECT f.id, e.* FROM current_fact AS f JOIN event AS e ON e.fid = f.fid;\n"
	"CREATE VIEW current_treaty AS\n"
	"  SELECT f.id, t.* FROM current_fact AS f JOIN treaty AS t ON t.fid = f.fid;\n"
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

/* "cannot WHAT store 'PATH': SQLITE MESSAGE". Messages about an open
 * store name it in the text and pass no file: a diagnostic keeps the file
 * pointer, and callers may close the store (freeing s->path) before they
 * print. chancery_store_open passes the caller's own path. */
static int store_fail(const chancery_store *s, struct chancery_diags *diags, const char *what)
{
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL, "cannot %s store '%s': %s",
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

/* Bind a string of a NOT NULL column: "" when absent. */
static int bind_req(sqlite3_stmt *st, int i, const char *s)
{
	return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
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
 * the open ends CHANCERY_DAY_MIN and CHANCERY_DAY_MAX. Written by hand:
 * it runs twice per event of an import, and snprintf showed in profiles. */
static const char *iso_day(int32_t day, char *buf, size_t size)
{
	int y, m, d;
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX)
		return NULL;
	chancery_day_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999 || size < 11) {
		/* Widened ranges of years near 1 or 9999 (e.g. "0001~"). */
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
		return buf;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
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
/* "YYYY-MM-DDTHH:MM:SSZ" (20 characters) into out[24]. The fields are in
 * range; the larger scratch buffer only spares gcc's truncation warning,
 * which cannot see that. */
static void format_timestamp(char out[24], int y, int m, int d, int hh, int mm, int ss)
{
	char tmp[80];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
	memcpy(out, tmp, 21);
}

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
	format_timestamp(out, y, m, d, hh, mm, ss);
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
	format_timestamp(out, y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
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
	int rc = exec(db, "PRAGMA page_size = 16384; BEGIN IMMEDIATE");
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
	/* A modest page cache (32 MiB): an import writes its rows in id
	 * order, so B-tree pages fill once and are not touched again; spilling
	 * them to the WAL early reuses memory instead of faulting in more
	 * (measured: fewer page faults and less CPU than with 256 MiB). */
	rc = exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
		      " PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY");
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
	ST_TREATY,
	ST_ACTION,
	ST_RECORD,
	ST__COUNT
};

static const char *const import_sql[ST__COUNT] = {
	[ST_FACT] = "INSERT INTO fact (id, entity, rec, supersedes, retracted, text)"
		    " VALUES (?1, ?2, ?3, ?4, 0, ?5)",
	[ST_RETRACT] = "INSERT INTO fact (id, entity, rec, supersedes, retracted, text)"
		       " SELECT id, entity, ?1, fid, 1, text FROM fact WHERE fid = ?2",
	[ST_PARTY] = "INSERT INTO party (fid, name, short_name, adjective, kind, iso2, iso3, cow,"
		     " wikidata, of_party, from_date, to_date, sources, note)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[ST_PERSON] = "INSERT INTO person (fid, name, wikidata, sources, note)"
		      " VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_OFFICE] = "INSERT INTO office (fid, seq, title, of_party, from_date, to_date, sources)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_SOURCE] = "INSERT INTO source (fid, title, publisher, url, date, accessed, note)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_EVENT] = "INSERT INTO event (fid, kind, date, day_from, day_to, precision, actor,"
		     " target, person, by_person, to_person, from_party, subject, persons,"
		     " instrument, place, level, mission_type, city, rank, stance, about, sources,"
		     " text, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		     " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
	[ST_TREATY] = "INSERT INTO treaty (fid, title, parties, force, term, renew, notice,"
		      " sources, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_ACTION] = "INSERT INTO treaty_action (fid, seq, id, kind, date, day_from, day_to,"
		      " precision, party, place, persons, effect, sources, note)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[ST_RECORD] = "INSERT INTO record (rec, recorded_at, author, origin, added, changed,"
		      " retracted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

/* One entity of the registry, or one id of the store, to be compared. Both
 * lists are sorted by id (bytewise, as SQLite's BINARY collation), so that
 * the comparison is a merge and the rows of fact_id are written in order. */
struct item {
	uint64_t key; /* the id's first 8 bytes, big-endian: most comparisons */
	const char *id;
	uint32_t index; /* registry: index among its entity; store: in cur */
	uint8_t entity;
};

/* The store's current version of one id. */
struct current {
	const char *text; /* in the import's arena */
	size_t text_len;
	int64_t fid;
	uint8_t entity, retracted;
};

struct import {
	chancery_store *s;
	const chancery_registry *r;
	int write; /* 0 for a dry run */
	int sync;
	int64_t rec;
	struct chancery_import_stats stats;
	struct item *todo; /* the registry's entities */
	size_t n_todo;
	struct item *have; /* the store's ids; index into cur */
	struct current *cur;
	size_t n_cur, alloc_cur;
	struct arena arena;
	sqlite3_stmt *st[ST__COUNT];
	struct strbuf list1, list2, list3;
	const char *dup_id; /* set when the registry has an id twice */
};

static uint64_t id_key(const char *id)
{
	uint64_t k = 0;
	int i = 0;
	for (; i < 8 && id[i]; i++)
		k = k << 8 | (unsigned char)id[i];
	return k << (8 * (8 - i));
}

static int item_cmp(const struct item *a, const struct item *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	/* Equal keys: either both ids end within the first 8 bytes, at the
	 * same place, or both go on. */
	if (memchr(a->id, '\0', 8))
		return 0;
	return strcmp(a->id + 8, b->id + 8);
}

static int item_qsort_cmp(const void *a, const void *b)
{
	return item_cmp(a, b);
}

static void sort_items(struct item *v, size_t n)
{
	size_t i = 1;
	while (i < n && item_cmp(&v[i - 1], &v[i]) <= 0)
		i++;
	if (i < n)
		qsort(v, n, sizeof(*v), item_qsort_cmp);
}

static void add_item(struct item *v, size_t *n, const char *id, enum chancery_entity e,
		     size_t index)
{
	struct item *it = &v[(*n)++];
	it->key = id_key(id);
	it->id = id;
	it->index = (uint32_t)index;
	it->entity = (uint8_t)e;
}

/* Every entity of the registry, sorted by id. Treaty actions are left
 * out: they are written inside their treaty's text. */
static void list_registry(struct import *im)
{
	const chancery_registry *r = im->r;
	size_t n_party = chancery_registry_party_count(r);
	size_t n_person = chancery_registry_person_count(r);
	size_t n_source = chancery_registry_source_count(r);
	size_t n_event = chancery_registry_event_count(r);
	size_t n_treaty = chancery_registry_treaty_count(r);
	size_t n = 0;

	im->todo = xmalloc((n_party + n_person + n_source + n_event + n_treaty + 1) *
			   sizeof(*im->todo));
	for (size_t i = 0; i < n_party; i++)
		add_item(im->todo, &n, chancery_registry_party(r, i)->id, CHANCERY_ENT_PARTY, i);
	for (size_t i = 0; i < n_person; i++)
		add_item(im->todo, &n, chancery_registry_person(r, i)->id, CHANCERY_ENT_PERSON, i);
	for (size_t i = 0; i < n_source; i++)
		add_item(im->todo, &n, chancery_registry_source(r, i)->id, CHANCERY_ENT_SOURCE, i);
	for (size_t i = 0; i < n_event; i++) {
		const struct chancery_event *e = chancery_registry_event(r, i);
		if (!chancery_event_kind_is_treaty_action(e->kind))
			add_item(im->todo, &n, e->id, CHANCERY_ENT_EVENT, i);
	}
	for (size_t i = 0; i < n_treaty; i++)
		add_item(im->todo, &n, chancery_registry_treaty(r, i)->id, CHANCERY_ENT_TREATY, i);
	im->n_todo = n;
	sort_items(im->todo, n);
}

/* Read the latest version of every id the store has ever had, sorted by
 * id. */
static int read_current(struct import *im)
{
	static const char sql[] =
		"SELECT f.fid, f.id, f.entity, f.retracted, f.text"
		" FROM (SELECT max(fid) AS m FROM fact GROUP BY id) AS l"
		" JOIN fact AS f ON f.fid = l.m";
	sqlite3_stmt *st;
	size_t alloc_have = 0;
	int rc = sqlite3_prepare_v2(im->s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct current *c;
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *text = (const char *)sqlite3_column_text(st, 4);
		size_t len = (size_t)sqlite3_column_bytes(st, 4);
		size_t n = im->n_cur;
		ALLOC_GROW(im->cur, n + 1, im->alloc_cur);
		ALLOC_GROW(im->have, n + 1, alloc_have);
		c = &im->cur[n];
		c->fid = sqlite3_column_int64(st, 0);
		c->entity = (uint8_t)entity_from_name((const char *)sqlite3_column_text(st, 2));
		c->retracted = (uint8_t)(sqlite3_column_int(st, 3) != 0);
		c->text = arena_strndup(&im->arena, text ? text : "", len);
		c->text_len = len;
		add_item(im->have, &im->n_cur, arena_strdup(&im->arena, id ? id : ""),
			 (enum chancery_entity)c->entity, n);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	sort_items(im->have, im->n_cur);
	return SQLITE_OK;
}

/* A list of ids as "a,b,c" into sb; returns sb's text, or NULL if empty. */
static const char *ids_list(const struct chancery_ids *ids, struct strbuf *sb)
{
	ids_join(ids, sb);
	return sb->len ? sb->buf : NULL;
}

/* Append the ids of more to the list in sb that are not in it yet. */
static void ids_merge(struct strbuf *sb, const struct chancery_ids *more)
{
	for (uint32_t i = 0; i < more->n; i++) {
		const char *id = more->v[i];
		size_t len = strlen(id);
		const char *p = sb->buf;
		int found = 0;
		while (*p && !found) {
			const char *end = strchr(p, ',');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			found = n == len && !memcmp(p, id, len);
			p += n + (end ? 1 : 0);
		}
		if (found)
			continue;
		if (sb->len)
			strbuf_addch(sb, ',');
		strbuf_add(sb, id, len);
	}
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

/* An event that is not a treaty action. */
static int event_row(struct import *im, int64_t fid, const struct chancery_event *e)
{
	sqlite3_stmt *st = im->st[ST_EVENT];
	struct date_cols dc;

	date_cols(&e->date, &dc);
	sqlite3_bind_int64(st, 1, fid);
	bind_req(st, 2, chancery_event_kind_name(e->kind));
	bind_req(st, 3, dc.text);
	bind_str(st, 4, dc.from_p);
	bind_str(st, 5, dc.to_p);
	bind_req(st, 6, dc.precision);
	bind_str(st, 7, e->actor);
	bind_str(st, 8, e->target);
	bind_str(st, 9, e->person);
	bind_str(st, 10, e->by);
	bind_str(st, 11, e->to);
	bind_str(st, 12, e->from_party);
	bind_str(st, 13, ids_list(&e->subject, &im->list1));
	bind_str(st, 14, ids_list(&e->persons, &im->list2));
	bind_str(st, 15, e->instrument);
	bind_str(st, 16, e->place);
	bind_str(st, 17, e->level);
	bind_str(st, 18, e->mission_type);
	bind_str(st, 19, e->city);
	bind_str(st, 20, e->rank);
	bind_str(st, 21, e->stance);
	bind_str(st, 22, e->about);
	bind_str(st, 23, ids_list(&e->sources, &im->list3));
	bind_str(st, 24, e->text);
	bind_str(st, 25, e->note);
	return step_reset(st);
}

static int party_row(struct import *im, int64_t fid, const struct chancery_party *p)
{
	sqlite3_stmt *st = im->st[ST_PARTY];
	char from[64], to[64];
	unsigned kind = (unsigned)p->kind <= CHANCERY_PARTY_TERRITORY ? (unsigned)p->kind
								       : CHANCERY_PARTY_STATE;
	sqlite3_bind_int64(st, 1, fid);
	bind_req(st, 2, p->name);
	bind_str(st, 3, p->short_name);
	bind_str(st, 4, p->adjective);
	bind_req(st, 5, party_kind_names[kind]);
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
	bind_str(st, 13, ids_list(&p->sources, &im->list1));
	bind_str(st, 14, p->note);
	return step_reset(st);
}

/* A person and its offices; the person's sources include its offices'. */
static int person_rows(struct import *im, int64_t fid, const struct chancery_person *p)
{
	sqlite3_stmt *st = im->st[ST_PERSON];
	int rc;
	ids_join(&p->sources, &im->list1);
	for (uint32_t i = 0; i < p->n_offices; i++)
		ids_merge(&im->list1, &p->offices[i].sources);
	sqlite3_bind_int64(st, 1, fid);
	bind_req(st, 2, p->name);
	bind_str(st, 3, p->wikidata);
	bind_str(st, 4, im->list1.len ? im->list1.buf : NULL);
	bind_str(st, 5, p->note);
	rc = step_reset(st);
	for (uint32_t i = 0; rc == SQLITE_DONE && i < p->n_offices; i++) {
		const struct chancery_office *o = &p->offices[i];
		char from[64], to[64];
		st = im->st[ST_OFFICE];
		sqlite3_bind_int64(st, 1, fid);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		bind_req(st, 3, o->title);
		bind_str(st, 4, o->of);
		bind_str(st, 5, edtf(&o->from, from, sizeof(from)));
		bind_str(st, 6, edtf(&o->to, to, sizeof(to)));
		bind_str(st, 7, ids_list(&o->sources, &im->list2));
		rc = step_reset(st);
	}
	return rc;
}

static int source_row(struct import *im, int64_t fid, const struct chancery_source *src)
{
	sqlite3_stmt *st = im->st[ST_SOURCE];
	char date[64], accessed[64];
	sqlite3_bind_int64(st, 1, fid);
	bind_req(st, 2, src->title);
	bind_str(st, 3, src->publisher);
	bind_str(st, 4, src->url);
	bind_str(st, 5, edtf(&src->date, date, sizeof(date)));
	bind_str(st, 6, edtf(&src->accessed, accessed, sizeof(accessed)));
	bind_str(st, 7, src->note);
	return step_reset(st);
}

/* A treaty action, a row of its treaty's version fid. */
static int action_row(struct import *im, int64_t fid, uint32_t seq,
		      const struct chancery_event *e)
{
	sqlite3_stmt *st = im->st[ST_ACTION];
	struct date_cols dc;
	char effect[64];

	date_cols(&e->date, &dc);
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_int64(st, 2, (int64_t)seq);
	bind_req(st, 3, e->id);
	bind_req(st, 4, chancery_event_kind_name(e->kind));
	bind_req(st, 5, dc.text);
	bind_str(st, 6, dc.from_p);
	bind_str(st, 7, dc.to_p);
	bind_req(st, 8, dc.precision);
	bind_str(st, 9, e->actor);
	bind_str(st, 10, e->place);
	bind_str(st, 11, ids_list(&e->persons, &im->list2));
	bind_str(st, 12, edtf(&e->effect, effect, sizeof(effect)));
	bind_str(st, 13, ids_list(&e->sources, &im->list3));
	bind_str(st, 14, e->note);
	return step_reset(st);
}

/* A treaty and its actions; the treaty's sources include its actions'. */
static int treaty_rows(struct import *im, int64_t fid, size_t index,
		       const struct chancery_treaty *t)
{
	sqlite3_stmt *st = im->st[ST_TREATY];
	const struct index_list *actions = registry_treaty_actions(im->r, index);
	char term[32], renew[32], notice[32];
	int rc;

	ids_join(&t->sources, &im->list2);
	for (uint32_t i = 0; actions && i < actions->n; i++)
		ids_merge(&im->list2, &chancery_registry_event(im->r, actions->v[i])->sources);
	sqlite3_bind_int64(st, 1, fid);
	bind_req(st, 2, t->title);
	sqlite3_bind_text(st, 3, ids_list(&t->parties, &im->list1) ? im->list1.buf : "", -1,
			  SQLITE_STATIC);
	bind_str(st, 4, t->force != CHANCERY_FORCE_UNKNOWN &&
					(unsigned)t->force <= CHANCERY_FORCE_DATE
				? force_rule_names[t->force]
				: NULL);
	bind_str(st, 5, t->term_indefinite ? "indefinite"
					   : duration_text(&t->term, term, sizeof(term)));
	bind_str(st, 6, duration_text(&t->renew, renew, sizeof(renew)));
	bind_str(st, 7, duration_text(&t->notice, notice, sizeof(notice)));
	bind_str(st, 8, im->list2.len ? im->list2.buf : NULL);
	bind_str(st, 9, t->note);
	rc = step_reset(st);
	for (uint32_t i = 0; rc == SQLITE_DONE && actions && i < actions->n; i++)
		rc = action_row(im, fid, i + 1, chancery_registry_event(im->r, actions->v[i]));
	return rc;
}

static int decoded_rows(struct import *im, int64_t fid, const struct item *it)
{
	const chancery_registry *r = im->r;
	switch (it->entity) {
	case CHANCERY_ENT_PARTY:
		return party_row(im, fid, chancery_registry_party(r, it->index));
	case CHANCERY_ENT_PERSON:
		return person_rows(im, fid, chancery_registry_person(r, it->index));
	case CHANCERY_ENT_SOURCE:
		return source_row(im, fid, chancery_registry_source(r, it->index));
	case CHANCERY_ENT_EVENT:
		return event_row(im, fid, chancery_registry_event(r, it->index));
	case CHANCERY_ENT_TREATY:
		return treaty_rows(im, fid, it->index, chancery_registry_treaty(r, it->index));
	default:
		return SQLITE_DONE;
	}
}

/* Compare one entity of the registry with the store's current version of
 * its id (c, NULL if the store never had it) and, if it is new or changed,
 * write its new version. Returns an SQLite code: SQLITE_DONE on success,
 * SQLITE_NOMEM, or the failure of a statement. */
static int put_entity(struct import *im, const struct item *it, const struct current *c)
{
	enum chancery_entity e = (enum chancery_entity)it->entity;
	int64_t supersedes = 0;
	size_t len;
	char *text;
	int rc = SQLITE_DONE;

	text = chancery_ledger_entity_text(im->r, e, it->index, CHANCERY_WRITE_ALL_IDS);
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

	if (im->write) {
		sqlite3_stmt *st = im->st[ST_FACT];
		bind_req(st, 1, it->id);
		sqlite3_bind_text(st, 2, entity_names[e], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, im->rec);
		if (supersedes)
			sqlite3_bind_int64(st, 4, supersedes);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_text(st, 5, text, (int)len, SQLITE_STATIC);
		rc = step_reset(st);
		if (rc == SQLITE_DONE)
			rc = decoded_rows(im, sqlite3_last_insert_rowid(im->s->db), it);
	}
	free(text);
	return rc;
}

/* An id the store has and the registry has not: with sync, a retraction,
 * a new version that repeats the last text with retracted = 1. */
static int put_missing(struct import *im, const struct current *c)
{
	sqlite3_stmt *st = im->st[ST_RETRACT];
	if (!im->sync || c->retracted)
		return SQLITE_DONE;
	im->stats.retracted++;
	if (!im->write)
		return SQLITE_DONE;
	sqlite3_bind_int64(st, 1, im->rec);
	sqlite3_bind_int64(st, 2, c->fid);
	return step_reset(st);
}

/* Merge the registry's sorted entities with the store's sorted ids. */
static int put_all(struct import *im)
{
	size_t j = 0;
	int rc = SQLITE_DONE;

	for (size_t i = 0; i < im->n_todo && rc == SQLITE_DONE; i++) {
		const struct item *it = &im->todo[i];
		const struct current *c = NULL;
		int cmp = 1;
		if (i && !item_cmp(&im->todo[i - 1], it)) {
			/* The registry's own index refuses this; be safe. */
			im->dup_id = it->id;
			return SQLITE_CONSTRAINT;
		}
		while (j < im->n_cur && (cmp = item_cmp(&im->have[j], it)) < 0 &&
		       rc == SQLITE_DONE)
			rc = put_missing(im, &im->cur[im->have[j++].index]);
		if (rc != SQLITE_DONE)
			break;
		if (j < im->n_cur && cmp == 0)
			c = &im->cur[im->have[j++].index];
		rc = put_entity(im, it, c);
	}
	while (j < im->n_cur && rc == SQLITE_DONE)
		rc = put_missing(im, &im->cur[im->have[j++].index]);
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

static void import_release(struct import *im)
{
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(im->st[i]);
	free(im->todo);
	free(im->have);
	free(im->cur);
	arena_release(&im->arena);
	strbuf_release(&im->list1);
	strbuf_release(&im->list2);
	strbuf_release(&im->list3);
}

int chancery_store_import(chancery_store *s, const chancery_registry *r,
			  const struct chancery_import_opts *opts,
			  struct chancery_import_stats *stats, struct chancery_diags *diags)
{
	struct import im = { .s = s, .r = r, .arena = ARENA_INIT, .list1 = STRBUF_INIT,
			     .list2 = STRBUF_INIT, .list3 = STRBUF_INIT };
	char at[24], last_at[24];
	int64_t last_rec = 0;
	int ret = 0, rc;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	im.write = !opts->dry_run;
	im.sync = !!opts->sync;
	if (!opts->author || !*opts->author) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': no author given", s->path);
		return -CHANCERY_EINPUT;
	}
	if (opts->recorded_at) {
		if (parse_record_time(opts->recorded_at, 0, at) < 0) {
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "invalid record time '%s': expected YYYY-MM-DD or "
					   "YYYY-MM-DDTHH:MM:SSZ (UTC)",
					   opts->recorded_at);
			return -CHANCERY_EINPUT;
		}
	} else {
		utc_now(at);
	}
	if (im.write && (s->flags & CHANCERY_STORE_READONLY)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': it is open read-only", s->path);
		return -CHANCERY_ESTORE;
	}

	list_registry(&im);
	/* The write lock is taken before reading, so that the comparison and
	 * the writes see the same store. A dry run only reads. */
	rc = exec(s->db, im.write ? "BEGIN IMMEDIATE" : "BEGIN");
	if (rc != SQLITE_OK)
		goto sql_error;
	rc = last_record(s->db, &last_rec, last_at);
	if (rc != SQLITE_OK)
		goto sql_error;
	if (last_at[0] && strcmp(at, last_at) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
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
	if (rc == SQLITE_CONSTRAINT && im.dup_id) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': the registry has id '%s' twice",
				   s->path, im.dup_id);
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	if (rc == SQLITE_NOMEM) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': out of memory", s->path);
		ret = -CHANCERY_ENOMEM;
		goto out;
	}
	if (rc != SQLITE_DONE)
		goto sql_error;

	if (im.write && im.stats.added + im.stats.changed + im.stats.retracted > 0) {
		/* The record goes in last, with its counts; until then the
		 * facts' deferred reference to it is unresolved, so a failure
		 * anywhere cannot leave facts without their record. */
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
				chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
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

/* Entities loaded from the store come from no file (chancery.h: loc.file
 * is NULL); lines of the buffer handed to the parser mean nothing. */
static void forget_locations(chancery_registry *r)
{
	static const struct chancery_loc none = { NULL, 0 };
	for (size_t i = 0; i < r->n_parties; i++)
		r->parties[i].loc = none;
	for (size_t i = 0; i < r->n_persons; i++)
		r->persons[i].loc = none;
	for (size_t i = 0; i < r->n_sources; i++)
		r->sources[i].loc = none;
	for (size_t i = 0; i < r->n_events; i++)
		r->events[i].loc = none;
	for (size_t i = 0; i < r->n_treaties; i++)
		r->treaties[i].loc = none;
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
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
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
	if (rc == 0) {
		forget_locations(r);
	} else if (rc == -CHANCERY_ENOMEM) {
		ret = rc;
	} else {
		if (!name_bad_fact(s, starts, n_starts, diags, first_diag))
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
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
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
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
