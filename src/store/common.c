/* common.c: what the store's files share: the names of entities in the
 * `fact` table, database calls with the store's error conventions, and
 * record times. */
#include "store/internal.h"

#include <time.h>

#include "base/utf8.h"

#include "base/banned.h"

const char *const store_entity_names[] = {
	[CHANCERY_ENT_NONE] = NULL,
	[CHANCERY_ENT_PARTY] = "party",
	[CHANCERY_ENT_PERSON] = "person",
	[CHANCERY_ENT_SOURCE] = "source",
	[CHANCERY_ENT_EVENT] = "event",
	[CHANCERY_ENT_TREATY] = "treaty",
};

enum chancery_entity store_entity_from_name(const char *s)
{
	for (int e = CHANCERY_ENT_PARTY; e <= CHANCERY_ENT_TREATY; e++)
		if (s && !strcmp(s, store_entity_names[e]))
			return (enum chancery_entity)e;
	return CHANCERY_ENT_NONE;
}

int store_check_text(const char *what, const char *value, struct chancery_diags *diags)
{
	size_t n = value ? strlen(value) : 0, bad = utf8_first_bad(value ? value : "", n,
								     UTF8_NO_CONTROLS);
	if (bad == n)
		return 0;
	/* the value itself is not repeated: it is what must not reach a
	 * terminal */
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
			   "the %s is not printable text: byte %zu is a control character, an"
			   " invisible format character or not UTF-8 (the audit trail is shown on"
			   " terminals and in JSON)",
			   what, bad + 1);
	return -CHANCERY_EINPUT;
}

int store_has_table(chancery_store *s, const char *name)
{
	struct db_stmt *st;
	int rc;
	if (db_prepare(s->db, s->engine->has_table_sql, &st) != DB_OK)
		return -1;
	db_bind_text(st, 1, name, -1);
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* "cannot WHAT store 'PATH': SQLITE MESSAGE". Messages about an open
 * store name it in the text and pass no file: a diagnostic keeps the file
 * pointer, and callers may close the store (freeing s->path) before they
 * print. chancery_store_open passes the caller's own path. */
int store_fail(const chancery_store *s, struct chancery_diags *diags, const char *what)
{
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL, "cannot %s store '%s': %s",
			   what, s->path, db_errmsg(s->db));
	return -CHANCERY_ESTORE;
}

/* Bind a string, NULL for absent or empty ones. The string must stay
 * valid until the statement is stepped (every use binds all parameters
 * again, so a stale pointer is never read). */
int bind_str(struct db_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		return db_bind_null(st, i);
	return db_bind_text(st, i, s, -1);
}

/* Bind a string of a NOT NULL column: "" when absent. */
int bind_req(struct db_stmt *st, int i, const char *s)
{
	return db_bind_text(st, i, s ? s : "", -1);
}

/* Run a statement that returns no row (or whose rows are not wanted)
 * and reset it. Returns the SQLite code, DB_DONE on success. */
int step_reset(struct db_stmt *st)
{
	int rc;
	do
		rc = db_step(st);
	while (rc == DB_ROW);
	if (rc == DB_DONE)
		db_reset(st);
	/* On failure the statement is reset by the caller's error path, after
	 * the message has been taken from the connection. */
	return rc;
}

int store_exec(struct db *db, const char *sql)
{
	return db_exec(db, sql);
}

/* End a transaction that must not be kept, if one is open. */
void store_rollback(struct db *db)
{
	if (db_in_transaction(db))
		store_exec(db, "ROLLBACK");
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

/* "YYYY-MM-DDTHH:MM:SSZ" (20 characters) into out[24]. The fields are in
 * range; the larger scratch buffer only spares gcc's truncation warning,
 * which cannot see that. */
static void format_timestamp(char out[24], int y, int m, int d, int hh, int mm, int ss)
{
	char tmp[80];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
	memcpy(out, tmp, 21);
}

int parse_record_time(const char *s, int end_of_day, char out[24])
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
static void utc_at(int64_t t, char out[24])
{
	int64_t day = t / 86400, rem = t % 86400;
	int y, m, d;
	if (rem < 0) {
		rem += 86400;
		day--;
	}
	chancery_day_to_ymd((int32_t)day, &y, &m, &d);
	format_timestamp(out, y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

void utc_now(char out[24])
{
	utc_at((int64_t)time(NULL), out);
}

void utc_latest_allowed(char out[24])
{
	utc_at((int64_t)time(NULL) + STORE_CLOCK_SKEW_SECONDS, out);
}
