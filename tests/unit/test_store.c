/* test_store.c: unit tests of src/store/, the SQLite store. Each test
 * works on its own file in a temporary directory (removed at the end) and
 * checks the store both through the library and with raw SQL on a second
 * connection, the way a user with sqlite3 would see it. Every expected
 * count and value below was worked out by hand from the ledgers in this
 * file and docs/schema.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"
#include "store/internal.h" /* store_fact_hash, to forge a row as a vandal can */
#include "store/store.h"

/* ---- Fixtures ------------------------------------------------------------ */

/* Ten entities: one source, three parties, one person, four events (the
 * treaty's two actions are inside the treaty) and one treaty. The events
 * get the generated ids
 *   2008-08-26.recognise.RU.AB, 2008-08-26___.react.EU,
 *   2009.announce-mission.RU.AB, 2009-05-01.open-mission.RU.AB. */
#define V1_BASE                                                                              \
	"source abru \"Abkhazia-Russia relations\" publisher=Wikipedia\n"                     \
	"party AB \"Republic of Abkhazia\" short=Abkhazia kind=partially-recognised\n"        \
	"party EU \"European Union\" kind=organisation\n"                                     \
	"person medvedev \"Dmitry Medvedev\"\n"                                               \
	"  office \"President\" of=RU from=2008-05-07 to=2012-05-07\n"                        \
	"\n"                                                                                  \
	"2008-08-26 recognise RU AB instrument=\"presidential decree\" by=medvedev "          \
	"source=abru\n"                                                                       \
	"2008-08-26/.. react EU about=2008-08-26.recognise.RU.AB stance=condemn source=abru\n" \
	"2009 announce-mission RU AB type=embassy instrument=directive source=abru\n"        \
	"\n"                                                                                  \
	"treaty ru-ab-base \"Agreement on a joint Russian military base in Abkhazia\" "      \
	"parties=AB,RU source=abru\n"                                                         \
	"  force last-ratification\n"                                                         \
	"  term 49y renew=15y\n"                                                              \
	"  2010-02-17 sign source=abru\n"                                                     \
	"  2011-10-06 ratify RU source=abru\n"

#define RU_V1 "party RU \"Russian Federation\" short=Russia iso=RU iso3=RUS cow=365 wikidata=Q159\n"
#define RU_V2                                                                                \
	"party RU \"Russian Federation\" short=Russia iso=RU iso3=RUS cow=365 wikidata=Q159 " \
	"from=1991-12-26\n"
#define OPEN_MISSION "2009-05-01 open-mission RU AB type=embassy city=Sukhumi source=abru\n"
#define RELATIONS "2008-09-09 establish-relations RU AB level=embassy source=abru\n"

static const char v1[] = RU_V1 V1_BASE OPEN_MISSION;
/* RU changed (from=), one event added: added 1, changed 1, unchanged 9. */
static const char v2[] = RU_V2 V1_BASE OPEN_MISSION RELATIONS;
/* The open-mission event gone: with sync, retracted 1, unchanged 9. */
static const char v3[] = RU_V1 V1_BASE;

static char tmpdir[64];
static unsigned file_no;

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/chancery-test-store-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[512];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(tmpdir);
}

/* A new file name in the temporary directory, one per call. */
static void new_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%u-%s", tmpdir, ++file_no, name);
}

static chancery_registry *parse(const char *text)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	int rc = chancery_ledger_parse_buffer(r, "test.ledger", text, strlen(text), &diags);
	if (rc == 0)
		rc = chancery_registry_finish(r, &diags);
	if (rc != 0 || diags.errors) {
		chancery_diags_print(&diags, stderr);
		fail_msg("the test ledger does not parse");
	}
	chancery_diags_release(&diags);
	return r;
}

/* The canonical text of a whole registry, to compare two registries. */
static char *write_all(const chancery_registry *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(chancery_ledger_write(r, f), 0);
	fclose(f);
	return buf;
}

static char *text_of(const char *ledger)
{
	chancery_registry *r = parse(ledger);
	char *s = write_all(r);
	chancery_registry_free(r);
	return s;
}

static chancery_store *open_ok(const char *path, unsigned flags)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	chancery_store *s = NULL;
	int rc = chancery_store_open(path, flags, &s, &diags);
	if (rc != 0) {
		chancery_diags_print(&diags, stderr);
		fail_msg("cannot open %s", path);
	}
	assert_int_equal(diags.n, 0);
	chancery_diags_release(&diags);
	return s;
}

/* Open path expecting failure; returns the one message (caller frees). */
static char *open_fails(const char *path, unsigned flags)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	chancery_store *s = (chancery_store *)&diags; /* must be reset to NULL */
	char *msg;
	assert_int_equal(chancery_store_open(path, flags, &s, &diags), -CHANCERY_ESTORE);
	assert_null(s);
	assert_int_equal(diags.n, 1);
	assert_int_equal(diags.errors, 1);
	assert_null(diags.v[0].file); /* the message names the store */
	msg = strdup(diags.v[0].message);
	chancery_diags_release(&diags);
	return msg;
}

static struct chancery_import_stats import_ok(chancery_store *s, const char *ledger,
					      const char *at, int sync, int dry_run)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts opts = { .author = "tester", .recorded_at = at,
					     .origin = "test.ledger", .sync = sync,
					     .dry_run = dry_run };
	struct chancery_import_stats stats;
	chancery_registry *r = parse(ledger);
	int rc = chancery_store_import(s, r, &opts, &stats, &diags);
	if (rc != 0) {
		chancery_diags_print(&diags, stderr);
		fail_msg("import failed: %d", rc);
	}
	assert_int_equal(diags.n, 0);
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	return stats;
}

static void assert_stats(struct chancery_import_stats st, size_t added, size_t changed,
			 size_t unchanged, size_t retracted)
{
	assert_int_equal(st.added, added);
	assert_int_equal(st.changed, changed);
	assert_int_equal(st.unchanged, unchanged);
	assert_int_equal(st.retracted, retracted);
}

/* The store's registry as of known_on, written in canonical form. */
static char *load_text(chancery_store *s, const char *known_on)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	char *text;
	int rc = chancery_store_load(s, known_on, r, &diags);
	if (rc != 0) {
		chancery_diags_print(&diags, stderr);
		fail_msg("load failed: %d", rc);
	}
	assert_int_equal(diags.errors, 0);
	chancery_diags_release(&diags);
	text = write_all(r);
	chancery_registry_free(r);
	return text;
}

static void assert_loads_as(chancery_store *s, const char *known_on, const char *ledger)
{
	char *want = text_of(ledger);
	char *got = load_text(s, known_on);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

/* Raw SQL on a second connection. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	long long v;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The first column of the first row as text ("(null)" for NULL). */
static char *raw_text(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	const char *t;
	char *v;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("no row: %s", sql);
	t = (const char *)sqlite3_column_text(st, 0);
	v = strdup(t ? t : "(null)");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void assert_raw_text(const char *path, const char *sql, const char *want)
{
	char *got = raw_text(path, sql);
	if (strcmp(got, want))
		fail_msg("%s\n  got  '%s'\n  want '%s'", sql, got, want);
	free(got);
}

/* Run sql; returns the SQLite code and copies the message into msg. */
static int raw_exec(const char *path, const char *sql, char *msg, size_t size)
{
	sqlite3 *db = raw_open(path);
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (msg)
		snprintf(msg, size, "%s", err ? err : "");
	sqlite3_free(err);
	sqlite3_close(db);
	return rc;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- Open ---------------------------------------------------------------- */

static void test_open_creates_store(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "new.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_string_equal(chancery_store_path(s), path);
	assert_non_null(chancery_store_sqlite(s));
	chancery_store_close(s);

	assert_int_equal(raw_int(path, "PRAGMA application_id"), 0x43484e43);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 3);
	assert_int_equal(raw_int(path, "PRAGMA page_size"), 16384);
	assert_raw_text(path, "PRAGMA journal_mode", "wal");
	/* record, fact, party, person, office, source, event, treaty,
	 * treaty_action, record_amendment */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"),
			 10);
	/* event_party, fact_source, treaty_party, current_fact, the six
	 * current_ views and record_time */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'view'"),
			 11);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 0);
}

static void test_open_missing_without_create(void **state)
{
	char path[256], want[512];
	char *msg;
	(void)state;
	new_path(path, sizeof(path), "missing.db");
	msg = open_fails(path, 0);
	snprintf(want, sizeof(want), "cannot open store '%s': unable to open database file", path);
	assert_string_equal(msg, want);
	free(msg);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_reopen(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "reopen.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_stats(import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0), 10, 0, 0, 0);
	chancery_store_close(s);

	/* CREATE on an existing store opens it as it is. */
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_loads_as(s, NULL, v1);
	chancery_store_close(s);

	s = open_ok(path, 0);
	assert_loads_as(s, NULL, v1);
	chancery_store_close(s);
}

static void test_open_read_only(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts opts = { .author = "tester" };
	struct chancery_import_stats stats;
	char path[256], want[512];
	chancery_registry *r;
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "ro.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0);
	chancery_store_close(s);

	s = open_ok(path, CHANCERY_STORE_READONLY);
	assert_loads_as(s, NULL, v1);
	/* A dry run only reads: allowed. */
	assert_stats(import_ok(s, v2, NULL, 0, 1), 1, 1, 9, 0);
	r = parse(v2);
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_ESTORE);
	assert_int_equal(diags.errors, 1);
	snprintf(want, sizeof(want), "cannot import into store '%s': it is open read-only", path);
	assert_string_equal(diags.v[0].message, want);
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 10);
}

static void test_open_not_a_store(void **state)
{
	char path[256], want[512];
	char *msg;
	chancery_store *s;
	(void)state;

	/* A text file. */
	new_path(path, sizeof(path), "notes.txt");
	write_file(path, "party RU \"Russian Federation\"\nand some more text to fill a header\n"
			 "................................................................\n");
	msg = open_fails(path, CHANCERY_STORE_CREATE);
	snprintf(want, sizeof(want), "cannot open store '%s': file is not a database", path);
	assert_string_equal(msg, want);
	free(msg);

	/* Another program's SQLite database: left as it was. */
	new_path(path, sizeof(path), "other.db");
	{
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	msg = open_fails(path, CHANCERY_STORE_CREATE);
	snprintf(want, sizeof(want), "cannot open store '%s': not a chancery store (application_id 0)",
		 path);
	assert_string_equal(msg, want);
	free(msg);
	assert_raw_text(path, "PRAGMA journal_mode", "delete");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_master"), 1);

	/* A store of a newer schema. */
	new_path(path, sizeof(path), "newer.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	chancery_store_close(s);
	assert_int_equal(raw_exec(path, "PRAGMA user_version = 4", NULL, 0), SQLITE_OK);
	msg = open_fails(path, 0);
	snprintf(want, sizeof(want),
		 "cannot open store '%s': schema version 4 is newer than this chancery reads (3)",
		 path);
	assert_string_equal(msg, want);
	free(msg);

	/* An empty file: a store only with CREATE. */
	new_path(path, sizeof(path), "empty.db");
	write_file(path, "");
	msg = open_fails(path, 0);
	snprintf(want, sizeof(want), "cannot open store '%s': not a chancery store (an empty database)",
		 path);
	assert_string_equal(msg, want);
	free(msg);
	s = open_ok(path, CHANCERY_STORE_CREATE);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 3);
}

/* ---- Import and load ------------------------------------------------------- */

static void test_import_then_load_round_trips(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "roundtrip.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_stats(import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0), 10, 0, 0, 0);
	assert_loads_as(s, NULL, v1);
	{
		/* Loaded entities come from no file (chancery.h, struct
		 * chancery_loc). */
		struct chancery_diags diags = CHANCERY_DIAGS_INIT;
		chancery_registry *r = chancery_registry_new();
		assert_int_equal(chancery_store_load(s, NULL, r, &diags), 0);
		assert_int_equal(chancery_registry_party_count(r), 3);
		assert_int_equal(chancery_registry_event_count(r), 6); /* with 2 actions */
		assert_null(chancery_registry_party(r, 0)->loc.file);
		assert_int_equal(chancery_registry_party(r, 0)->loc.line, 0);
		assert_null(chancery_registry_event(r, 5)->loc.file);
		assert_null(chancery_registry_treaty(r, 0)->loc.file);
		chancery_registry_free(r);
		chancery_diags_release(&diags);
	}
	chancery_store_close(s);

	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 10);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE entity = 'party'"), 3);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE entity = 'event'"), 4);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE entity = 'treaty'"), 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE supersedes IS NOT NULL"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 1);
	assert_raw_text(path, "SELECT recorded_at || ' ' || author || ' ' || origin || ' ' || added"
			      " || ' ' || changed || ' ' || retracted FROM record",
			"2024-01-01T00:00:00Z tester test.ledger 10 0 0");
	/* Ids are written into the stored text, even generated ones. */
	assert_int_equal(raw_int(path, "SELECT instr(text, ' id=2009.announce-mission.RU.AB ') > 0"
				       " FROM fact WHERE id = '2009.announce-mission.RU.AB'"),
			 1);
}

static void test_reimport_changes_nothing(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "reimport.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_stats(import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0), 10, 0, 0, 0);
	assert_stats(import_ok(s, v1, "2024-01-02T00:00:00Z", 0, 0), 0, 0, 10, 0);
	assert_stats(import_ok(s, v1, NULL, 1, 0), 0, 0, 10, 0);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 10);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 1);
}

static void test_changed_entity_gets_a_new_version(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_store_version *v;
	char path[256];
	chancery_store *s;
	size_t n;
	(void)state;
	new_path(path, sizeof(path), "versions.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_stats(import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0), 10, 0, 0, 0);
	assert_stats(import_ok(s, v2, "2024-02-01T12:00:00Z", 0, 0), 1, 1, 9, 0);

	/* Now, and at any record time after the second import. */
	assert_loads_as(s, NULL, v2);
	assert_loads_as(s, "2024-02-01T12:00:00Z", v2);
	assert_loads_as(s, "2024-02-01", v2); /* a date: the end of that day */
	/* Before it: the first import's registry. */
	assert_loads_as(s, "2024-02-01T11:59:59Z", v1);
	assert_loads_as(s, "2024-01-15", v1);
	assert_loads_as(s, "2024-01-01", v1);
	/* Before anything was recorded: empty. */
	{
		char *empty = load_text(s, "2023-12-31T23:59:59Z");
		assert_string_equal(empty, "");
		free(empty);
	}

	assert_int_equal(chancery_store_history(s, "RU", &v, &n, NULL, &diags), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].rec, 1);
	assert_int_equal(v[1].rec, 2);
	assert_int_equal(v[0].supersedes, 0);
	assert_int_equal(v[1].supersedes, v[0].fid);
	assert_int_equal(v[0].retracted, 0);
	assert_int_equal(v[1].entity, CHANCERY_ENT_PARTY);
	assert_string_equal(v[0].recorded_at, "2024-01-01T00:00:00Z");
	assert_string_equal(v[1].recorded_at, "2024-02-01T12:00:00Z");
	assert_string_equal(v[1].author, "tester");
	assert_string_equal(v[0].text, RU_V1);
	assert_string_equal(v[1].text, RU_V2);
	chancery_store_versions_free(v, n);

	assert_int_equal(chancery_store_history(s, "XX", &v, &n, NULL, &diags), -CHANCERY_ENOTFOUND);
	assert_int_equal(n, 0);
	assert_int_equal(diags.errors, 1);
	chancery_diags_release(&diags);

	/* A treaty's action (issue 20, item 3): its history is its treaty's
	 * versions, and the caller is told whose. */
	{
		char *treaty = NULL;
		assert_int_equal(chancery_store_history(s, "ru-ab-base.ratify.RU", &v, &n, &treaty,
							&diags),
				 0);
		assert_non_null(treaty);
		assert_string_equal(treaty, "ru-ab-base");
		assert_true(n >= 1);
		assert_non_null(strstr(v[n - 1].text, "2011-10-06 ratify RU"));
		chancery_store_versions_free(v, n);
		free(treaty);
		treaty = (char *)"x";
		assert_int_equal(chancery_store_history(s, "RU", &v, &n, &treaty, &diags), 0);
		assert_null(treaty);
		chancery_store_versions_free(v, n);
	}

	{
		struct chancery_store_record *recs;
		assert_int_equal(chancery_store_records(s, &recs, &n, &diags), 0);
		assert_int_equal(n, 2);
		assert_int_equal(recs[1].added, 1);
		assert_int_equal(recs[1].changed, 1);
		assert_int_equal(recs[1].retracted, 0);
		assert_string_equal(recs[1].origin, "test.ledger");
		chancery_store_records_free(recs, n);
	}
	chancery_store_close(s);

	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE id = 'RU'"), 2);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 12);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM current_fact"), 11);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM party"), 4);
	assert_raw_text(path, "SELECT from_date FROM current_party WHERE id = 'RU'", "1991-12-26");
	assert_raw_text(path, "SELECT from_date FROM party WHERE fid = (SELECT min(fid) FROM fact"
			      " WHERE id = 'RU')",
			"(null)");
	/* The state as of a record time, in plain SQL (docs/schema.md). */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact AS f JOIN record AS r USING (rec)"
				       " WHERE r.recorded_at <= '2024-01-15T00:00:00Z' AND f.fid ="
				       " (SELECT max(g.fid) FROM fact AS g JOIN record AS q USING (rec)"
				       "  WHERE g.id = f.id AND q.recorded_at <= '2024-01-15T00:00:00Z')"
				       " AND f.retracted = 0"),
			 10);
}

static void test_sync_retracts(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "sync.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_stats(import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0), 10, 0, 0, 0);
	/* Without sync an id missing from the registry is left alone. */
	assert_stats(import_ok(s, v3, "2024-01-02T00:00:00Z", 0, 0), 0, 0, 9, 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 1);
	/* With sync it is retracted. */
	assert_stats(import_ok(s, v3, "2024-01-03T00:00:00Z", 1, 0), 0, 0, 9, 1);
	assert_loads_as(s, NULL, v3);
	assert_loads_as(s, "2024-01-02", v1);
	/* A retracted id is gone: syncing again changes nothing. */
	assert_stats(import_ok(s, v3, "2024-01-04T00:00:00Z", 1, 0), 0, 0, 9, 0);
	chancery_store_close(s);

	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 11);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE id ="
				       " '2009-05-01.open-mission.RU.AB'"),
			 2);
	assert_int_equal(raw_int(path, "SELECT retracted FROM fact WHERE id ="
				       " '2009-05-01.open-mission.RU.AB' ORDER BY fid DESC LIMIT 1"),
			 1);
	/* The retraction repeats the last text and supersedes it. */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact AS a JOIN fact AS b"
				       " ON b.supersedes = a.fid WHERE a.text = b.text"
				       " AND b.retracted = 1"),
			 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM current_fact"), 9);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM current_event"), 3);
	assert_raw_text(path, "SELECT added || ' ' || changed || ' ' || retracted FROM record"
			      " WHERE rec = 2",
			"0 0 1");

	/* Importing it again adds it back, as a version after the retraction. */
	s = open_ok(path, 0);
	assert_stats(import_ok(s, v1, "2024-01-05T00:00:00Z", 0, 0), 1, 0, 9, 0);
	assert_loads_as(s, NULL, v1);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE id ="
				       " '2009-05-01.open-mission.RU.AB'"),
			 3);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM current_event"), 4);
}

static void test_dry_run_writes_nothing(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "dry.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_stats(import_ok(s, v1, NULL, 0, 1), 10, 0, 0, 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 0);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 0);

	assert_stats(import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0), 10, 0, 0, 0);
	assert_stats(import_ok(s, v2, NULL, 0, 1), 1, 1, 9, 0);
	assert_stats(import_ok(s, v3, NULL, 1, 1), 0, 0, 9, 1);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 10);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 1);
}

/* ---- Failures leave the store as it was ------------------------------------- */

static const char *const counted[] = { "record", "fact", "party", "person", "office",
				       "source", "event", "treaty", "treaty_action" };
#define N_COUNTED (sizeof(counted) / sizeof(counted[0]))

static void count_rows(const char *path, long long *out)
{
	for (size_t i = 0; i < N_COUNTED; i++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", counted[i]);
		out[i] = raw_int(path, sql);
	}
}

static void test_failed_import_changes_nothing(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts opts = { .author = "tester" };
	struct chancery_import_stats stats;
	long long before[N_COUNTED], after[N_COUNTED];
	char path[256], want[512];
	chancery_registry *r;
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "failed.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0);
	count_rows(path, before);
	/* 1 record; 10 facts; 3 parties, 1 person, 1 office, 1 source,
	 * 4 events, 1 treaty, 2 treaty actions */
	assert_int_equal(before[0], 1);
	assert_int_equal(before[1], 10);
	assert_int_equal(before[8], 2);

	/* Facts are written in id order: the new event (2008-09-09...) and its
	 * event row go in before RU's new version, whose party row fails. */
	assert_int_equal(raw_exec(path,
				  "CREATE TRIGGER refuse_ru BEFORE INSERT ON party"
				  " WHEN NEW.from_date IS NOT NULL"
				  " BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END",
				  NULL, 0),
			 SQLITE_OK);
	r = parse(v2);
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_ESTORE);
	assert_int_equal(diags.errors, 1);
	snprintf(want, sizeof(want), "cannot import into store '%s': refused by a test trigger", path);
	assert_string_equal(diags.v[0].message, want);
	assert_null(diags.v[0].file); /* the message names the store */
	assert_stats(stats, 0, 0, 0, 0);
	chancery_diags_release(&diags);
	count_rows(path, after);
	assert_memory_equal(before, after, sizeof(before));
	assert_loads_as(s, NULL, v1);

	/* Without the obstacle the same import goes through whole. */
	assert_int_equal(raw_exec(path, "DROP TRIGGER refuse_ru", NULL, 0), SQLITE_OK);
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), 0);
	assert_stats(stats, 1, 1, 9, 0);
	assert_int_equal(diags.n, 0);
	chancery_registry_free(r);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 12);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 2);
}

static void test_import_refuses_bad_options(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts opts = { .author = "tester", .recorded_at = "2024-13-01" };
	struct chancery_import_stats stats;
	char path[256], want[512];
	chancery_registry *r = parse(v1);
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "badopts.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);

	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_EINPUT);
	assert_string_equal(diags.v[0].message,
			    "invalid record time '2024-13-01': expected YYYY-MM-DD or "
			    "YYYY-MM-DDTHH:MM:SSZ (UTC)");
	opts.recorded_at = "2024-01-01T10:00:00"; /* no zone */
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_EINPUT);
	opts.recorded_at = "2024-01-01T24:00:00Z";
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_EINPUT);
	opts.recorded_at = "2024-01-01T10:00:00Z";
	opts.author = "";
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_EINPUT);
	snprintf(want, sizeof(want), "cannot import into store '%s': no author given", path);
	assert_string_equal(diags.v[3].message, want);
	assert_int_equal(diags.errors, 4);

	/* Record time never goes back. */
	opts.author = "tester";
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), 0);
	chancery_registry_free(r);
	r = parse(v2);
	opts.recorded_at = "2024-01-01T09:59:59Z";
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), -CHANCERY_EINPUT);
	snprintf(want, sizeof(want),
		 "record time '2024-01-01T09:59:59Z' is before the last record's "
		 "'2024-01-01T10:00:00Z' in store '%s'; if that record's time is wrong, correct "
		 "it with 'chancery amend-record 1 --recorded-at TIME --reason TEXT'",
		 path);
	assert_string_equal(diags.v[4].message, want);
	/* A plain date is the start of that day. */
	opts.recorded_at = "2024-01-02";
	assert_int_equal(chancery_store_import(s, r, &opts, &stats, &diags), 0);
	assert_int_equal(diags.errors, 5);
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	chancery_store_close(s);
	assert_raw_text(path, "SELECT recorded_at FROM record WHERE rec = 2", "2024-01-02T00:00:00Z");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 2);
}

static void test_load_refuses_bad_time(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	char path[256];
	chancery_registry *r = chancery_registry_new();
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "badtime.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	assert_int_equal(chancery_store_load(s, "yesterday", r, &diags), -CHANCERY_EINPUT);
	assert_string_equal(diags.v[0].message, "invalid record time 'yesterday': expected "
						"YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	chancery_store_close(s);
}

/* Give fact fid the hash chancery would have written, as one holding the
 * file can (the append-only trigger lifted for it). */
static void forge_hash(const char *path, long long fid)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	unsigned char h[STORE_FACT_HASH];
	struct store_fact_row f = { 0 };
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, entity, rec, coalesce(supersedes, 0),"
						" retracted, text FROM fact WHERE fid = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, fid);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	f.fid = fid;
	f.id = (const char *)sqlite3_column_text(st, 0);
	f.entity = (const char *)sqlite3_column_text(st, 1);
	f.rec = sqlite3_column_int64(st, 2);
	f.supersedes = sqlite3_column_int64(st, 3);
	f.retracted = sqlite3_column_int(st, 4);
	f.text = (const char *)sqlite3_column_text(st, 5);
	f.text_len = (size_t)sqlite3_column_bytes(st, 5);
	store_fact_hash(&f, h);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER fact_no_update", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE fact SET hash = ?2 WHERE fid = ?1", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_blob(st, 2, h, sizeof(h), SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER fact_no_update BEFORE UPDATE ON fact"
					  " BEGIN SELECT RAISE(ABORT, 'fact is append-only'); END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

/* A byte changed in a stored text, the text still a valid fact (SQLite's
 * pages carry no checksum): before schema 3 it loaded as a different
 * fact, silently; its hash now makes it an error naming the fact. And
 * the digest of a store's state covers what it holds: two copies that
 * diverged with records of the same author, time and counts, and the
 * same last fact, differ (issue 21, item 7). */
static void test_damage_is_found(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_store_state a, b;
	char path[256], other[256], want[512];
	chancery_registry *r = chancery_registry_new();
	chancery_store *s, *t;
	long long fid;
	(void)state;
	new_path(path, sizeof(path), "damaged.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0);
	fid = raw_int(path, "SELECT max(fid) FROM fact WHERE id = 'RU'");
	assert_int_equal(raw_exec(path,
				  "DROP TRIGGER fact_no_update;"
				  " UPDATE fact SET text = replace(text, 'Russia', 'Rossia') WHERE id = 'RU';",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(chancery_store_load(s, NULL, r, &diags), -CHANCERY_ESTORE);
	snprintf(want, sizeof(want),
		 "cannot load store '%s': fact %lld ('RU') does not match its hash: the store file"
		 " is damaged; restore it from a backup",
		 path, fid);
	assert_int_equal(diags.n, 1);
	assert_string_equal(diags.v[0].message, want);
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	chancery_store_close(s);

	new_path(path, sizeof(path), "copy-a.db");
	new_path(other, sizeof(other), "copy-b.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	t = open_ok(other, CHANCERY_STORE_CREATE);
	import_ok(s, "party X \"One\"\nparty Y \"Why\"\n", "2024-01-01T00:00:00Z", 0, 0);
	import_ok(t, "party X \"Two\"\nparty Y \"Why\"\n", "2024-01-01T00:00:00Z", 0, 0);
	assert_int_equal(chancery_store_state(s, &a, &diags), 0);
	assert_int_equal(chancery_store_state(t, &b, &diags), 0);
	assert_int_equal(a.max_fid, b.max_fid);
	assert_int_equal(a.last_rec, b.last_rec);
	assert_true(a.digest != b.digest);
	chancery_store_close(s);
	chancery_store_close(t);
	chancery_diags_release(&diags);
}

static void test_load_reports_text_that_does_not_parse(void **state)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	char path[256], want[512];
	chancery_registry *r = chancery_registry_new();
	chancery_store *s;
	long long fid;
	(void)state;
	new_path(path, sizeof(path), "corrupt.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0);
	/* Inserting is not blocked by the triggers: a hand-made bad row. */
	assert_int_equal(raw_exec(path,
				  "INSERT INTO record (rec, recorded_at, author) VALUES"
				  " (2, '2024-01-02T00:00:00Z', 'vandal');"
				  "INSERT INTO fact (id, entity, rec, text) VALUES"
				  " ('XX', 'party', 2, 'party XX \"unterminated\n')",
				  NULL, 0),
			 SQLITE_OK);
	fid = raw_int(path, "SELECT fid FROM fact WHERE id = 'XX'");
	/* the vandal wrote no hash: refused for that */
	assert_int_equal(chancery_store_load(s, NULL, r, &diags), -CHANCERY_ESTORE);
	snprintf(want, sizeof(want),
		 "cannot load store '%s': fact %lld ('XX') does not match its hash: the store file"
		 " is damaged; restore it from a backup",
		 path, fid);
	assert_string_equal(diags.v[diags.n - 1].message, want);
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	r = chancery_registry_new();
	/* one who holds the file can write the hash too: then the parser
	 * refuses the text */
	forge_hash(path, fid);
	assert_int_equal(chancery_store_load(s, NULL, r, &diags), -CHANCERY_ESTORE);
	snprintf(want, sizeof(want),
		 "cannot load store '%s': the stored text of 'XX' (fact %lld) does not parse",
		 path, fid);
	assert_true(diags.errors >= 2);
	assert_string_equal(diags.v[diags.n - 1].message, want);
	chancery_diags_release(&diags);
	chancery_registry_free(r);

	/* As of before the bad row, the store loads. */
	assert_loads_as(s, "2024-01-01", v1);
	chancery_store_close(s);
}

/* ---- Append-only ------------------------------------------------------------ */

static void test_append_only(void **state)
{
	char path[256], msg[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "append.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0);
	chancery_store_close(s);

	assert_int_equal(raw_exec(path, "UPDATE fact SET text = 'x' WHERE id = 'RU'", msg,
				  sizeof(msg)),
			 SQLITE_CONSTRAINT);
	assert_string_equal(msg, "fact is append-only");
	assert_int_equal(raw_exec(path, "DELETE FROM fact", msg, sizeof(msg)), SQLITE_CONSTRAINT);
	assert_string_equal(msg, "fact is append-only");
	assert_int_equal(raw_exec(path, "UPDATE record SET author = 'x'", msg, sizeof(msg)),
			 SQLITE_CONSTRAINT);
	assert_string_equal(msg, "record is append-only");
	assert_int_equal(raw_exec(path, "DELETE FROM record", msg, sizeof(msg)), SQLITE_CONSTRAINT);
	assert_string_equal(msg, "record is append-only");
	assert_int_equal(raw_exec(path, "DELETE FROM event", msg, sizeof(msg)), SQLITE_CONSTRAINT);
	assert_string_equal(msg, "event is append-only");
	assert_int_equal(raw_exec(path, "UPDATE party SET name = 'x'", msg, sizeof(msg)),
			 SQLITE_CONSTRAINT);
	assert_string_equal(msg, "party is append-only");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact"), 10);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 1);
	assert_raw_text(path, "SELECT text FROM fact WHERE id = 'RU'", RU_V1);
}

/* ---- Decoded tables ----------------------------------------------------------- */

/* Schema 1 (before issue 12) to 2: a store made by the old schema still
 * reads, and is brought up to date, keeping what it holds, when opened for
 * writing; the world's party codes and state systems go into the new
 * columns. */
static void test_schema_1_is_migrated(void **state)
{
	char path[256], msg[256];
	chancery_store *s;
	chancery_registry *r;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	(void)state;
	new_path(path, sizeof(path), "schema1.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, "party RU \"Russia\" cow=365\n", "2024-01-01T00:00:00Z", 0, 0);
	chancery_store_close(s);
	/* make it a store of schema 1 */
	assert_int_equal(raw_exec(path,
				  "ALTER TABLE party DROP COLUMN gw; ALTER TABLE party DROP COLUMN isonum;"
				  " ALTER TABLE event DROP COLUMN system;"
				  " ALTER TABLE fact DROP COLUMN hash; ALTER TABLE record DROP COLUMN chain;"
				  " PRAGMA user_version = 1",
				  msg, sizeof(msg)),
			 SQLITE_OK);
	/* read only: read as it is */
	s = open_ok(path, CHANCERY_STORE_READONLY);
	r = chancery_registry_new();
	assert_int_equal(chancery_store_load(s, NULL, r, &d), 0);
	assert_int_equal(chancery_registry_party_count(r), 1);
	chancery_registry_free(r);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 1);
	/* writable: migrated */
	s = open_ok(path, 0);
	import_ok(s,
		  "party RU \"Russia\" cow=365\nparty DE \"Germany\" cow=255 gw=260 isonum=276\n"
		  "source s \"S\"\n1816-01-01 enter-system DE system=cow source=s\n",
		  "2024-01-02T00:00:00Z", 0, 0);
	chancery_store_close(s);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 3);
	assert_raw_text(path, "SELECT gw || '|' || isonum FROM current_party WHERE id = 'DE'",
			"260|276");
	assert_raw_text(path, "SELECT system FROM current_event WHERE kind = 'enter-system'", "cow");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record"), 2);
	/* schema 3: the migration hashed what the store held, and the import
	 * after it chained on: the same hashes as a store that always had
	 * them, given the same two imports */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact WHERE length(hash) = 16"),
			 raw_int(path, "SELECT count(*) FROM fact"));
	assert_int_equal(raw_int(path, "SELECT count(*) FROM record WHERE length(chain) = 32"), 2);
	{
		char fresh[256], *want, *got;
		new_path(fresh, sizeof(fresh), "schema3.db");
		s = open_ok(fresh, CHANCERY_STORE_CREATE);
		import_ok(s, "party RU \"Russia\" cow=365\n", "2024-01-01T00:00:00Z", 0, 0);
		import_ok(s,
			  "party RU \"Russia\" cow=365\nparty DE \"Germany\" cow=255 gw=260 isonum=276\n"
			  "source s \"S\"\n1816-01-01 enter-system DE system=cow source=s\n",
			  "2024-01-02T00:00:00Z", 0, 0);
		chancery_store_close(s);
		want = raw_text(fresh, "SELECT hex(chain) FROM record WHERE rec = 2");
		got = raw_text(path, "SELECT hex(chain) FROM record WHERE rec = 2");
		assert_int_equal(strlen(want), 64);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	chancery_diags_release(&d);
}

static void test_decoded_tables(void **state)
{
	char path[256];
	chancery_store *s;
	(void)state;
	new_path(path, sizeof(path), "decoded.db");
	s = open_ok(path, CHANCERY_STORE_CREATE);
	import_ok(s, v1, "2024-01-01T00:00:00Z", 0, 0);
	chancery_store_close(s);

	/* Parties. */
	assert_raw_text(path,
			"SELECT name || '|' || short_name || '|' || kind || '|' || iso2 || '|' || iso3"
			" || '|' || cow || '|' || wikidata FROM current_party WHERE id = 'RU'",
			"Russian Federation|Russia|state|RU|RUS|365|Q159");
	assert_raw_text(path, "SELECT kind FROM current_party WHERE id = 'AB'",
			"partially-recognised");
	assert_raw_text(path, "SELECT kind FROM current_party WHERE id = 'EU'", "organisation");
	assert_raw_text(path, "SELECT iso2 FROM current_party WHERE id = 'EU'", "(null)");

	/* A year: its first and last day. */
	assert_raw_text(path,
			"SELECT kind || '|' || date || '|' || day_from || '|' || day_to || '|' ||"
			" precision || '|' || actor || '|' || target || '|' || mission_type || '|' ||"
			" instrument || '|' || sources FROM current_event"
			" WHERE id = '2009.announce-mission.RU.AB'",
			"announce-mission|2009|2009-01-01|2009-12-31|year|RU|AB|embassy|directive|abru");
	/* An interval open at its end: no last day. */
	assert_raw_text(path,
			"SELECT date || '|' || day_from || '|' || coalesce(day_to, 'NULL') || '|' ||"
			" precision || '|' || stance || '|' || about FROM current_event"
			" WHERE id = '2008-08-26___.react.EU'",
			"2008-08-26/..|2008-08-26|NULL|day|condemn|2008-08-26.recognise.RU.AB");
	assert_raw_text(path,
			"SELECT instrument || '|' || by_person FROM current_event"
			" WHERE id = '2008-08-26.recognise.RU.AB'",
			"presidential decree|medvedev");

	/* Links: RU acts in three events, AB is the target of three, EU acts
	 * in one; every event and the treaty cite abru. */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event_party WHERE party = 'RU'"
				       " AND role = 'actor'"),
			 3);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event_party WHERE party = 'AB'"
				       " AND role = 'target'"),
			 3);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event_party"), 7);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact_source WHERE source = 'abru'"), 5);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM fact AS f JOIN event_party AS ep"
				       " USING (fid) WHERE f.id = '2008-08-26.recognise.RU.AB'"),
			 2);

	/* The person and the office. */
	assert_raw_text(path,
			"SELECT p.name || '|' || o.title || '|' || o.of_party || '|' || o.from_date"
			" || '|' || o.to_date FROM current_person AS p JOIN office AS o USING (fid)",
			"Dmitry Medvedev|President|RU|2008-05-07|2012-05-07");
	assert_raw_text(path, "SELECT title || '|' || coalesce(publisher, '') FROM current_source",
			"Abkhazia-Russia relations|Wikipedia");

	/* The treaty, its parties and its actions. */
	assert_raw_text(path,
			"SELECT parties || '|' || force || '|' || term || '|' || renew || '|' ||"
			" coalesce(notice, 'NULL') || '|' || sources FROM current_treaty"
			" WHERE id = 'ru-ab-base'",
			"AB,RU|last-ratification|49y|15y|NULL|abru");
	assert_raw_text(path, "SELECT group_concat(party, ',') FROM treaty_party", "AB,RU");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM current_treaty_action"), 2);
	assert_raw_text(path,
			"SELECT group_concat(seq || ':' || id || ':' || kind || ':' || date || ':' ||"
			" coalesce(party, '-'), ' ') FROM current_treaty_action"
			" WHERE treaty = 'ru-ab-base'",
			"1:ru-ab-base.sign:sign:2010-02-17:- 2:ru-ab-base.ratify.RU:ratify:2011-10-06:RU");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_creates_store),
		cmocka_unit_test(test_open_missing_without_create),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_open_read_only),
		cmocka_unit_test(test_open_not_a_store),
		cmocka_unit_test(test_schema_1_is_migrated),
		cmocka_unit_test(test_damage_is_found),
		cmocka_unit_test(test_import_then_load_round_trips),
		cmocka_unit_test(test_reimport_changes_nothing),
		cmocka_unit_test(test_changed_entity_gets_a_new_version),
		cmocka_unit_test(test_sync_retracts),
		cmocka_unit_test(test_dry_run_writes_nothing),
		cmocka_unit_test(test_failed_import_changes_nothing),
		cmocka_unit_test(test_import_refuses_bad_options),
		cmocka_unit_test(test_load_refuses_bad_time),
		cmocka_unit_test(test_load_reports_text_that_does_not_parse),
		cmocka_unit_test(test_append_only),
		cmocka_unit_test(test_decoded_tables),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
