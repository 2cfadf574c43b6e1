/* rows.c: the decoded tables of the store (party, person, office, source,
 * event, treaty, treaty_action): one function per entity writes the
 * columns of one version, so that people can query the facts with
 * sqlite3 without parsing ledger text (docs/schema.md). */
#include "store/internal.h"

#include "model/vocab.h"
#include "base/banned.h"

static const char *const precision_names[] = { "none", "year", "month", "day" };

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

static const char *const row_sql[ROW__COUNT] = {
	[ROW_PARTY] = "INSERT INTO party (fid, name, short_name, adjective, kind, iso2, iso3, cow,"
		      " wikidata, of_party, from_date, to_date, sources, note, gw, isonum)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	[ROW_PERSON] = "INSERT INTO person (fid, name, wikidata, sources, note)"
		       " VALUES (?1, ?2, ?3, ?4, ?5)",
	[ROW_OFFICE] = "INSERT INTO office (fid, seq, title, of_party, from_date, to_date, sources)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ROW_SOURCE] = "INSERT INTO source (fid, title, publisher, url, date, accessed, note)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ROW_EVENT] = "INSERT INTO event (fid, kind, date, day_from, day_to, precision, actor,"
		      " target, person, by_person, to_person, from_party, subject, persons,"
		      " instrument, place, level, mission_type, city, rank, stance, about, sources,"
		      " text, note, system) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		      " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
	[ROW_TREATY] = "INSERT INTO treaty (fid, title, parties, force, term, renew, notice,"
		       " sources, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ROW_ACTION] = "INSERT INTO treaty_action (fid, seq, id, kind, date, day_from, day_to,"
		       " precision, party, place, persons, effect, sources, note)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
};

int rows_prepare(struct rows *w, struct db *db, const chancery_registry *r)
{
	w->r = r;
	for (int i = 0; i < ROW__COUNT; i++) {
		int rc = db_prepare(db, row_sql[i], &w->st[i]);
		db_may_defer(w->st[i]);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

void rows_release(struct rows *w)
{
	for (int i = 0; i < ROW__COUNT; i++) {
		db_finalize(w->st[i]);
		w->st[i] = NULL;
	}
	strbuf_release(&w->list1);
	strbuf_release(&w->list2);
	strbuf_release(&w->list3);
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
static int event_row(struct rows *w, int64_t fid, const struct chancery_event *e)
{
	struct db_stmt *st = w->st[ROW_EVENT];
	struct date_cols dc;

	date_cols(&e->date, &dc);
	db_bind_int64(st, 1, fid);
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
	bind_str(st, 13, ids_list(&e->subject, &w->list1));
	bind_str(st, 14, ids_list(&e->persons, &w->list2));
	bind_str(st, 15, e->instrument);
	bind_str(st, 16, e->place);
	bind_str(st, 17, e->level);
	bind_str(st, 18, e->mission_type);
	bind_str(st, 19, e->city);
	bind_str(st, 20, e->rank);
	bind_str(st, 21, e->stance);
	bind_str(st, 22, e->about);
	bind_str(st, 23, ids_list(&e->sources, &w->list3));
	bind_str(st, 24, e->text);
	bind_str(st, 25, e->note);
	bind_str(st, 26, e->system);
	return step_reset(st);
}

static int party_row(struct rows *w, int64_t fid, const struct chancery_party *p)
{
	struct db_stmt *st = w->st[ROW_PARTY];
	char from[64], to[64];
	unsigned kind = (unsigned)p->kind <= CHANCERY_PARTY_TERRITORY ? (unsigned)p->kind
								       : CHANCERY_PARTY_STATE;
	db_bind_int64(st, 1, fid);
	bind_req(st, 2, p->name);
	bind_str(st, 3, p->short_name);
	bind_str(st, 4, p->adjective);
	bind_req(st, 5, party_kind_names[kind]);
	bind_str(st, 6, p->iso2);
	bind_str(st, 7, p->iso3);
	if (p->cow)
		db_bind_int64(st, 8, p->cow);
	else
		db_bind_null(st, 8);
	bind_str(st, 9, p->wikidata);
	bind_str(st, 10, p->of);
	bind_str(st, 11, edtf(&p->from, from, sizeof(from)));
	bind_str(st, 12, edtf(&p->to, to, sizeof(to)));
	bind_str(st, 13, ids_list(&p->sources, &w->list1));
	bind_str(st, 14, p->note);
	if (p->gw)
		db_bind_int64(st, 15, p->gw);
	else
		db_bind_null(st, 15);
	bind_str(st, 16, p->isonum);
	return step_reset(st);
}

/* A person and its offices; the person's sources include its offices'. */
static int person_rows(struct rows *w, int64_t fid, const struct chancery_person *p)
{
	struct db_stmt *st = w->st[ROW_PERSON];
	int rc;
	ids_join(&p->sources, &w->list1);
	for (uint32_t i = 0; i < p->n_offices; i++)
		ids_merge(&w->list1, &p->offices[i].sources);
	db_bind_int64(st, 1, fid);
	bind_req(st, 2, p->name);
	bind_str(st, 3, p->wikidata);
	bind_str(st, 4, w->list1.len ? w->list1.buf : NULL);
	bind_str(st, 5, p->note);
	rc = step_reset(st);
	for (uint32_t i = 0; rc == DB_DONE && i < p->n_offices; i++) {
		const struct chancery_office *o = &p->offices[i];
		char from[64], to[64];
		st = w->st[ROW_OFFICE];
		db_bind_int64(st, 1, fid);
		db_bind_int64(st, 2, (int64_t)i + 1);
		bind_req(st, 3, o->title);
		bind_str(st, 4, o->of);
		bind_str(st, 5, edtf(&o->from, from, sizeof(from)));
		bind_str(st, 6, edtf(&o->to, to, sizeof(to)));
		bind_str(st, 7, ids_list(&o->sources, &w->list2));
		rc = step_reset(st);
	}
	return rc;
}

static int source_row(struct rows *w, int64_t fid, const struct chancery_source *src)
{
	struct db_stmt *st = w->st[ROW_SOURCE];
	char date[64], accessed[64];
	db_bind_int64(st, 1, fid);
	bind_req(st, 2, src->title);
	bind_str(st, 3, src->publisher);
	bind_str(st, 4, src->url);
	bind_str(st, 5, edtf(&src->date, date, sizeof(date)));
	bind_str(st, 6, edtf(&src->accessed, accessed, sizeof(accessed)));
	bind_str(st, 7, src->note);
	return step_reset(st);
}

/* A treaty action, a row of its treaty's version fid. */
static int action_row(struct rows *w, int64_t fid, uint32_t seq,
		      const struct chancery_event *e)
{
	struct db_stmt *st = w->st[ROW_ACTION];
	struct date_cols dc;
	char effect[64];

	date_cols(&e->date, &dc);
	db_bind_int64(st, 1, fid);
	db_bind_int64(st, 2, (int64_t)seq);
	bind_req(st, 3, e->id);
	bind_req(st, 4, chancery_event_kind_name(e->kind));
	bind_req(st, 5, dc.text);
	bind_str(st, 6, dc.from_p);
	bind_str(st, 7, dc.to_p);
	bind_req(st, 8, dc.precision);
	bind_str(st, 9, e->actor);
	bind_str(st, 10, e->place);
	bind_str(st, 11, ids_list(&e->persons, &w->list2));
	bind_str(st, 12, edtf(&e->effect, effect, sizeof(effect)));
	bind_str(st, 13, ids_list(&e->sources, &w->list3));
	bind_str(st, 14, e->note);
	return step_reset(st);
}

/* A treaty and its actions; the treaty's sources include its actions'. */
static int treaty_rows(struct rows *w, int64_t fid, size_t index,
		       const struct chancery_treaty *t)
{
	struct db_stmt *st = w->st[ROW_TREATY];
	const struct index_list *actions = registry_treaty_actions(w->r, index);
	char term[32], renew[32], notice[32];
	int rc;

	ids_join(&t->sources, &w->list2);
	for (uint32_t i = 0; actions && i < actions->n; i++)
		ids_merge(&w->list2, &chancery_registry_event(w->r, actions->v[i])->sources);
	db_bind_int64(st, 1, fid);
	bind_req(st, 2, t->title);
	db_bind_text(st, 3, ids_list(&t->parties, &w->list1) ? w->list1.buf : "", -1);
	bind_str(st, 4, t->force != CHANCERY_FORCE_UNKNOWN &&
					(unsigned)t->force <= CHANCERY_FORCE_DATE
				? force_rule_names[t->force]
				: NULL);
	bind_str(st, 5, t->term_indefinite ? "indefinite"
					   : duration_text(&t->term, term, sizeof(term)));
	bind_str(st, 6, duration_text(&t->renew, renew, sizeof(renew)));
	bind_str(st, 7, duration_text(&t->notice, notice, sizeof(notice)));
	bind_str(st, 8, w->list2.len ? w->list2.buf : NULL);
	bind_str(st, 9, t->note);
	rc = step_reset(st);
	for (uint32_t i = 0; rc == DB_DONE && actions && i < actions->n; i++)
		rc = action_row(w, fid, i + 1, chancery_registry_event(w->r, actions->v[i]));
	return rc;
}

int rows_write(struct rows *w, int64_t fid, enum chancery_entity e, size_t index)
{
	const chancery_registry *r = w->r;
	switch (e) {
	case CHANCERY_ENT_PARTY:
		return party_row(w, fid, chancery_registry_party(r, index));
	case CHANCERY_ENT_PERSON:
		return person_rows(w, fid, chancery_registry_person(r, index));
	case CHANCERY_ENT_SOURCE:
		return source_row(w, fid, chancery_registry_source(r, index));
	case CHANCERY_ENT_EVENT:
		return event_row(w, fid, chancery_registry_event(r, index));
	case CHANCERY_ENT_TREATY:
		return treaty_rows(w, fid, index, chancery_registry_treaty(r, index));
	default:
		return DB_DONE;
	}
}
