/* schema_pg.c: the store on PostgreSQL (issue 24): its schema and
 * opening it. The tables, columns, views and append-only rules are those
 * of the SQLite store (schema.c), written in PostgreSQL's dialect:
 * BIGINT keys, ids compared bytewise (COLLATE "C", as SQLite's BINARY),
 * triggers that refuse UPDATE, DELETE and TRUNCATE, id lists split with
 * string_to_array instead of json_each. The marker SQLite keeps in
 * PRAGMA application_id and user_version is the one row of
 * `chancery_store`. Everything else — import, load, history, tokens —
 * is the same code over db.h. docs/schema.md lists the differences. */
#include "store/internal.h"

#include "base/banned.h"

#define T "TEXT COLLATE \"C\""
#define TIME_CHECK(c) "CHECK (" c " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')"
#define PRECISION_CHECK "CHECK (precision IN ('day', 'month', 'year', 'none'))"
#define APPEND_ONLY(t)                                                                     \
	"CREATE TRIGGER " t "_append_only BEFORE UPDATE OR DELETE ON " t                   \
	" FOR EACH ROW EXECUTE FUNCTION chancery_append_only();\n"                         \
	"CREATE TRIGGER " t "_no_truncate BEFORE TRUNCATE ON " t                           \
	" FOR EACH STATEMENT EXECUTE FUNCTION chancery_append_only();\n"

static const char schema_sql[] =
	"CREATE FUNCTION chancery_append_only() RETURNS trigger LANGUAGE plpgsql AS\n"
	"  $$BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END$$;\n"
	"CREATE TABLE chancery_store (\n"
	"  application_id BIGINT NOT NULL, schema_version INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE record (\n"
	"  rec BIGINT PRIMARY KEY,\n"
	"  recorded_at " T " NOT NULL " TIME_CHECK("recorded_at") ",\n"
	"  author " T " NOT NULL CHECK (author <> ''),\n"
	"  origin " T ",\n"
	"  added BIGINT NOT NULL DEFAULT 0,\n"
	"  changed BIGINT NOT NULL DEFAULT 0,\n"
	"  retracted BIGINT NOT NULL DEFAULT 0,\n"
	"  chain BYTEA\n"
	");\n"
	"CREATE TABLE fact (\n"
	"  fid BIGINT PRIMARY KEY,\n"
	"  id " T " NOT NULL,\n"
	"  entity " T " NOT NULL CHECK (entity IN ('event', 'party', 'treaty', 'person', 'source')),\n"
	"  rec BIGINT NOT NULL REFERENCES record (rec) DEFERRABLE INITIALLY DEFERRED,\n"
	"  supersedes BIGINT REFERENCES fact (fid),\n"
	"  retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted = 0 OR retracted = 1),\n"
	"  text " T " NOT NULL,\n"
	"  hash BYTEA\n"
	");\n"
	"CREATE INDEX fact_id ON fact (id, fid);\n"
	"CREATE INDEX fact_rec ON fact (rec);\n"
	"CREATE UNIQUE INDEX fact_supersedes ON fact (supersedes) WHERE supersedes IS NOT NULL;\n"
	"CREATE TABLE party (\n"
	"  fid BIGINT PRIMARY KEY REFERENCES fact (fid),\n"
	"  name " T " NOT NULL, short_name " T ", adjective " T ", kind " T " NOT NULL,\n"
	"  iso2 " T ", iso3 " T ", cow BIGINT, wikidata " T ", of_party " T ",\n"
	"  from_date " T ", to_date " T ", sources " T ", note " T ",\n"
	"  gw BIGINT, isonum " T "\n"
	");\n"
	"CREATE TABLE person (\n"
	"  fid BIGINT PRIMARY KEY REFERENCES fact (fid),\n"
	"  name " T " NOT NULL, wikidata " T ", sources " T ", note " T "\n"
	");\n"
	"CREATE TABLE office (\n"
	"  fid BIGINT NOT NULL REFERENCES fact (fid),\n"
	"  seq BIGINT NOT NULL,\n"
	"  title " T " NOT NULL, of_party " T ", from_date " T ", to_date " T ", sources " T ",\n"
	"  PRIMARY KEY (fid, seq)\n"
	");\n"
	"CREATE TABLE source (\n"
	"  fid BIGINT PRIMARY KEY REFERENCES fact (fid),\n"
	"  title " T " NOT NULL, publisher " T ", url " T ", date " T ", accessed " T ", note " T "\n"
	");\n"
	"CREATE TABLE event (\n"
	"  fid BIGINT PRIMARY KEY REFERENCES fact (fid),\n"
	"  kind " T " NOT NULL, date " T " NOT NULL, day_from " T ", day_to " T ",\n"
	"  precision " T " NOT NULL " PRECISION_CHECK ",\n"
	"  actor " T ", target " T ", person " T ",\n"
	"  by_person " T ", to_person " T ", from_party " T ", subject " T ", persons " T ",\n"
	"  instrument " T ", place " T ", level " T ", mission_type " T ", city " T ", rank " T ",\n"
	"  stance " T ", about " T ", sources " T ", text " T ", note " T ",\n"
	"  system " T "\n"
	");\n"
	"CREATE TABLE treaty (\n"
	"  fid BIGINT PRIMARY KEY REFERENCES fact (fid),\n"
	"  title " T " NOT NULL, parties " T " NOT NULL, force " T ",\n"
	"  term " T ", renew " T ", notice " T ", sources " T ", note " T "\n"
	");\n"
	"CREATE TABLE treaty_action (\n"
	"  fid BIGINT NOT NULL REFERENCES fact (fid),\n"
	"  seq BIGINT NOT NULL,\n"
	"  id " T " NOT NULL, kind " T " NOT NULL, date " T " NOT NULL,\n"
	"  day_from " T ", day_to " T ",\n"
	"  precision " T " NOT NULL " PRECISION_CHECK ",\n"
	"  party " T ", place " T ", persons " T ", effect " T ", sources " T ", note " T ",\n"
	"  PRIMARY KEY (fid, seq)\n"
	");\n"
	"CREATE TABLE record_amendment (\n"
	"  aid BIGINT PRIMARY KEY,\n"
	"  rec BIGINT NOT NULL REFERENCES record (rec),\n"
	"  recorded_at " T " NOT NULL " TIME_CHECK("recorded_at") ",\n"
	"  amended_at " T " NOT NULL,\n"
	"  author " T " NOT NULL CHECK (author <> ''),\n"
	"  reason " T " NOT NULL CHECK (reason <> '')\n"
	");\n"
	"CREATE TABLE token (\n"
	"  tid BIGINT PRIMARY KEY,\n"
	"  name " T " NOT NULL CHECK (name <> ''),\n"
	"  role " T " NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),\n"
	"  hash BYTEA NOT NULL UNIQUE,\n"
	"  created_at " T " NOT NULL\n"
	");\n"
	"CREATE TABLE token_revocation (\n"
	"  tid BIGINT PRIMARY KEY REFERENCES token (tid),\n"
	"  revoked_at " T " NOT NULL\n"
	");\n"
	APPEND_ONLY("chancery_store")
	APPEND_ONLY("record")
	APPEND_ONLY("fact")
	APPEND_ONLY("party")
	APPEND_ONLY("person")
	APPEND_ONLY("office")
	APPEND_ONLY("source")
	APPEND_ONLY("event")
	APPEND_ONLY("treaty")
	APPEND_ONLY("treaty_action")
	APPEND_ONLY("record_amendment")
	APPEND_ONLY("token")
	APPEND_ONLY("token_revocation")
	"CREATE VIEW event_party (fid, party, role) AS\n"
	"  SELECT fid, actor, 'actor' FROM event WHERE actor IS NOT NULL\n"
	"  UNION ALL SELECT fid, target, 'target' FROM event WHERE target IS NOT NULL\n"
	"  UNION ALL SELECT e.fid, j.value, 'subject' FROM event AS e,\n"
	"    unnest(string_to_array(e.subject, ',')) AS j (value) WHERE e.subject IS NOT NULL\n"
	"  UNION ALL SELECT fid, from_party, 'from' FROM event WHERE from_party IS NOT NULL;\n"
	"CREATE VIEW fact_source (fid, source) AS\n"
	"  SELECT x.fid, j.value FROM (\n"
	"    SELECT fid, sources FROM party UNION ALL SELECT fid, sources FROM person\n"
	"    UNION ALL SELECT fid, sources FROM event UNION ALL SELECT fid, sources FROM treaty) AS x,\n"
	"    unnest(string_to_array(x.sources, ',')) AS j (value)\n"
	"  WHERE x.sources IS NOT NULL;\n"
	"CREATE VIEW treaty_party (fid, party) AS\n"
	"  SELECT t.fid, j.value FROM treaty AS t, unnest(string_to_array(t.parties, ',')) AS j (value);\n"
	CURRENT_VIEWS_SQL
	"CREATE VIEW record_time (rec, recorded_at) AS\n"
	"  SELECT r.rec, coalesce((SELECT a.recorded_at FROM record_amendment AS a"
	" WHERE a.rec = r.rec ORDER BY a.aid DESC LIMIT 1), r.recorded_at) FROM record AS r;\n";

static const struct store_engine pg_engine = {
	.name = "postgresql",
	.has_table_sql = "SELECT 1 FROM pg_catalog.pg_tables"
			 " WHERE schemaname = current_schema() AND tablename = ?1",
	.tokens_sql = "", /* made with the schema */
	/* lifting a trigger takes the tables' owner */
	.lift_append_only = "ALTER TABLE fact DISABLE TRIGGER fact_append_only;"
			    " ALTER TABLE record DISABLE TRIGGER record_append_only",
	.restore_append_only = "ALTER TABLE fact ENABLE TRIGGER fact_append_only;"
			       " ALTER TABLE record ENABLE TRIGGER record_append_only",
};

/* The URL as messages name it: without a password. */
static char *redact(const char *url)
{
	struct strbuf sb = STRBUF_INIT;
	const char *scheme = strstr(url, "://"), *at, *colon;
	strbuf_addstr(&sb, url);
	if (!scheme)
		return strbuf_detach(&sb, NULL);
	scheme += 3;
	at = strchr(scheme, '@');
	colon = at ? memchr(scheme, ':', (size_t)(at - scheme)) : NULL;
	if (colon) {
		strbuf_reset(&sb);
		strbuf_add(&sb, url, (size_t)(colon - url));
		strbuf_addstr(&sb, ":***");
		strbuf_addstr(&sb, at);
	}
	/* a password=... parameter */
	{
		char *pw = strstr(sb.buf, "password=");
		if (pw) {
			char *end = strchr(pw, '&');
			struct strbuf out = STRBUF_INIT;
			strbuf_add(&out, sb.buf, (size_t)(pw - sb.buf));
			strbuf_addstr(&out, "password=***");
			if (end)
				strbuf_addstr(&out, end);
			strbuf_release(&sb);
			return strbuf_detach(&out, NULL);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static int fail(struct db *db, const char *shown, struct chancery_diags *diags, const char *why)
{
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL, "cannot open store '%s': %s",
			   shown, why);
	db_close(db);
	return -CHANCERY_ESTORE;
}

/* The marker row: 1 and *version when there is one, 0 when the database
 * has no chancery_store table, -1 on failure. */
static int read_marker(struct db *db, int64_t *app, int64_t *version)
{
	struct db_stmt *st;
	int rc;
	if (db_prepare(db,
		       "SELECT 1 FROM pg_catalog.pg_tables"
		       " WHERE schemaname = current_schema() AND tablename = 'chancery_store'",
		       &st) != DB_OK)
		return -1;
	rc = db_step(st);
	db_finalize(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	/* append-only: a migration adds a row with the new version */
	if (db_prepare(db, "SELECT application_id, schema_version FROM chancery_store"
			   " ORDER BY schema_version DESC LIMIT 1", &st) != DB_OK)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*app = db_column_int64(st, 0);
		*version = db_column_int64(st, 1);
	}
	db_finalize(st);
	return rc == DB_ROW ? 1 : -1;
}

/* Create the schema under an advisory lock: two processes initialising
 * one database do not both do it. */
static int init_schema(struct db *db)
{
	char marker[160];
	int64_t app = 0, version = 0;
	int rc = db_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(1128812099)"); /* 'CHNC' */
	int found = rc == DB_OK ? read_marker(db, &app, &version) : -1;
	if (found == 0) {
		rc = db_exec(db, schema_sql);
		snprintf(marker, sizeof(marker),
			 "INSERT INTO chancery_store (application_id, schema_version) VALUES (%d, %d)",
			 CHANCERY_STORE_APPLICATION_ID, CHANCERY_STORE_SCHEMA);
		if (rc == DB_OK)
			rc = db_exec(db, marker);
	} else if (found < 0) {
		rc = DB_ERROR;
	}
	if (rc == DB_OK)
		rc = db_exec(db, "COMMIT");
	if (rc != DB_OK)
		db_exec(db, "ROLLBACK");
	return rc;
}

/* Schema 2 to 3 (issue 21): the hash columns, filled for what the store
 * holds with the two tables' append-only triggers lifted (which takes
 * the tables' owner), in one transaction under the writers' lock. */
static int migrate_2_3(chancery_store *s)
{
	int64_t app = 0, version = 0;
	int rc = db_exec(s->db, "BEGIN; SELECT pg_advisory_xact_lock(1128812099)");
	if (rc == DB_OK && read_marker(s->db, &app, &version) != 1)
		rc = DB_ERROR;
	if (rc == DB_OK && version == 2) { /* else another process did it */
		rc = db_exec(s->db, "ALTER TABLE fact ADD COLUMN hash BYTEA;"
				    " ALTER TABLE record ADD COLUMN chain BYTEA");
		if (rc == DB_OK)
			rc = db_exec(s->db, pg_engine.lift_append_only);
		if (rc == DB_OK)
			rc = store_fill_hashes(s);
		if (rc == DB_OK)
			rc = db_exec(s->db, pg_engine.restore_append_only);
		if (rc == DB_OK)
			rc = db_exec(s->db, "INSERT INTO chancery_store (application_id, schema_version)"
					    " SELECT application_id, 3 FROM chancery_store LIMIT 1");
	}
	if (rc == DB_OK)
		rc = db_exec(s->db, "COMMIT");
	if (rc != DB_OK)
		db_exec(s->db, "ROLLBACK");
	return rc;
}

static int pg_open(const char *url, unsigned flags, chancery_store **out,
		   struct chancery_diags *diags)
{
	int readonly = !!(flags & CHANCERY_STORE_READONLY);
	char why[600], *shown = flags & CHANCERY_STORE_UNNAMED ? xstrdup("STORE") : redact(url);
	struct db *db = NULL;
	int64_t app = 0, version = 0;
	chancery_store *s;
	int found, ret;

	if (db_pg_connect(url, &db, why, sizeof(why)) != DB_OK) {
		ret = fail(NULL, shown, diags, why);
		free(shown);
		return ret;
	}
	found = read_marker(db, &app, &version);
	if (found == 0 && !readonly && (flags & CHANCERY_STORE_CREATE)) {
		if (init_schema(db) != DB_OK) {
			snprintf(why, sizeof(why), "%s", db_errmsg(db));
			ret = fail(db, shown, diags, why);
			free(shown);
			return ret;
		}
		found = read_marker(db, &app, &version);
	}
	why[0] = '\0';
	if (found < 0)
		snprintf(why, sizeof(why), "%s", db_errmsg(db));
	else if (found == 0)
		snprintf(why, sizeof(why), "not a chancery store (no table chancery_store)%s",
			 readonly || !(flags & CHANCERY_STORE_CREATE) ? "; run 'chancery init'" : "");
	else if (app != CHANCERY_STORE_APPLICATION_ID)
		snprintf(why, sizeof(why), "not a chancery store (application_id %lld)",
			 (long long)app);
	else if (version > CHANCERY_STORE_SCHEMA)
		snprintf(why, sizeof(why),
			 "schema version %lld is newer than this chancery reads (%d)",
			 (long long)version, CHANCERY_STORE_SCHEMA);
	else if (version < 2)
		snprintf(why, sizeof(why), "unknown schema version %lld", (long long)version);
	/* A reader writes nothing, whatever it is asked. */
	if (!why[0] && readonly && db_exec(db, "SET default_transaction_read_only = on") != DB_OK)
		snprintf(why, sizeof(why), "%s", db_errmsg(db));
	if (why[0]) {
		ret = fail(db, shown, diags, why);
		free(shown);
		return ret;
	}
	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->engine = &pg_engine;
	s->path = shown;
	s->flags = flags;
	s->record_times = "record_time";
	if (version < CHANCERY_STORE_SCHEMA && !readonly) {
		if (migrate_2_3(s) != DB_OK) {
			snprintf(why, sizeof(why), "cannot bring it to schema %d: %s",
				 CHANCERY_STORE_SCHEMA, db_errmsg(db));
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "cannot open store '%s': %s", shown, why);
			chancery_store_close(s);
			return -CHANCERY_ESTORE;
		}
		version = CHANCERY_STORE_SCHEMA;
	}
	s->hashed = version >= 3; /* schema 2 read as it is: no hashes to check */
	*out = s;
	return 0;
}

void chancery_store_enable_postgresql(void)
{
	store_pg_open = pg_open;
}
