/* api.c: the JSON answer to each query (api.h), shared by `chancery ...
 * --json` and the HTTP API, and the selections behind them. Moved here
 * from the command line so that there is one function per answer. */
#include "publish/api.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "publish/json.h"
#include "model/registry.h"
#include "model/vocab.h"
#include "query/snapshot.h"
#include "base/banned.h"

/* ---- events ---- */

int api_kind_known(const char *k)
{
	for (int i = 0; i < CHANCERY_EV__COUNT; i++)
		if (!strcmp(kinds[i].name, k) || !strcmp(kinds[i].category, k))
			return 1;
	return 0;
}

static int kind_matches(const struct chancery_event *e, const char **wanted, size_t n)
{
	if (!n)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kinds[e->kind].name, wanted[i]) ||
		    !strcmp(kinds[e->kind].category, wanted[i]))
			return 1;
	return 0;
}

/* Undated events are left out when a bound is given; the others are in
 * when their range of possible days meets [from, to]. */
static int in_range(const struct chancery_event *e, const struct chancery_date *from,
		    const struct chancery_date *to)
{
	if ((from || to) && e->date.form == CHANCERY_DATE_NONE)
		return 0;
	if (from && e->date.hi < from->lo)
		return 0;
	if (to && e->date.lo > to->hi)
		return 0;
	return 1;
}

size_t api_events_select(const chancery_registry *r, const struct api_events_query *q,
			 size_t *idx)
{
	size_t n = 0;
	for (size_t i = 0; i < chancery_registry_event_count(r); i++) {
		const struct chancery_event *e = chancery_registry_event(r, i);
		int ok = kind_matches(e, q->kinds, q->n_kinds);
		for (size_t j = 0; j < q->n_parties && ok; j++)
			ok = registry_event_involves(r, e, q->parties[j]);
		if (ok && in_range(e, q->has_from ? &q->from : NULL, q->has_to ? &q->to : NULL))
			idx[n++] = i;
	}
	return n;
}

json_t *api_events_json(const chancery_registry *r, const size_t *idx, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_event(chancery_registry_event(r, idx[i])));
	return a;
}

/* ---- parties and single facts ---- */

json_t *api_parties_json(const chancery_registry *r, int kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < chancery_registry_party_count(r); i++) {
		const struct chancery_party *p = chancery_registry_party(r, i);
		if (kind < 0 || (int)p->kind == kind)
			json_array_append_new(a, json_party(p));
	}
	return a;
}

/* How well s matches q (lower is better), or 4 for not at all. */
static int match_score(const char *s, const char *q, size_t qn)
{
	size_t sn;
	if (!s)
		return 4;
	sn = strlen(s);
	if (sn == qn && !strncasecmp(s, q, qn))
		return 0;
	if (sn >= qn && !strncasecmp(s, q, qn))
		return 1;
	for (size_t i = 1; i + qn <= sn; i++)
		if (!strncasecmp(s + i, q, qn))
			return s[i - 1] == ' ' || s[i - 1] == '-' || s[i - 1] == '(' ? 2 : 3;
	return 4;
}

struct scored {
	const struct chancery_party *p;
	int score;
};

static const char *party_name(const struct chancery_party *p)
{
	return p->short_name ? p->short_name : p->name;
}

static int scored_cmp(const void *x, const void *y)
{
	const struct scored *a = x, *b = y;
	if (a->score != b->score)
		return a->score - b->score;
	return strcmp(party_name(a->p), party_name(b->p));
}

json_t *api_parties_search_json(const chancery_registry *r, const char *q, int kind, size_t limit)
{
	size_t np = chancery_registry_party_count(r), n = 0, qn = strlen(q);
	struct scored *v = xmalloc((np + 1) * sizeof(*v));
	json_t *a = json_array();
	for (size_t i = 0; i < np; i++) {
		const struct chancery_party *p = chancery_registry_party(r, i);
		const char *keys[] = { p->id, p->iso2, p->iso3, p->wikidata, p->name, p->short_name };
		int best = 4;
		if (kind >= 0 && (int)p->kind != kind)
			continue;
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
			int sc = match_score(keys[k], q, qn);
			/* codes match whole or by prefix, not inside */
			if (k < 4 && sc > 1)
				continue;
			best = sc < best ? sc : best;
		}
		if (best < 4) {
			v[n].p = p;
			v[n++].score = best;
		}
	}
	qsort(v, n, sizeof(*v), scored_cmp);
	for (size_t i = 0; i < n && i < limit; i++)
		json_array_append_new(a, json_party(v[i].p));
	free(v);
	return a;
}

enum chancery_entity api_resolve_id(const chancery_registry *r, const char *arg, size_t *index)
{
	enum chancery_entity ent = chancery_registry_lookup(r, arg, index);
	if (ent == CHANCERY_ENT_NONE) {
		const struct chancery_party *p = chancery_registry_find_party(r, arg);
		if (!p)
			return CHANCERY_ENT_NONE;
		ent = chancery_registry_lookup(r, p->id, index);
	}
	if (ent == CHANCERY_ENT_EVENT && chancery_registry_event(r, *index)->treaty) {
		/* A treaty action is shown within its treaty. */
		const char *t = chancery_registry_event(r, *index)->treaty;
		if (chancery_registry_lookup(r, t, index) == CHANCERY_ENT_TREATY)
			ent = CHANCERY_ENT_TREATY;
	}
	return ent;
}

size_t api_show_events(const chancery_registry *r, enum chancery_entity ent, size_t index,
		       size_t *idx)
{
	const char *id;
	size_t n = 0;
	if (ent != CHANCERY_ENT_PARTY && ent != CHANCERY_ENT_PERSON)
		return 0;
	id = ent == CHANCERY_ENT_PARTY ? chancery_registry_party(r, index)->id
				       : chancery_registry_person(r, index)->id;
	for (size_t i = 0; i < chancery_registry_event_count(r); i++) {
		const struct chancery_event *e = chancery_registry_event(r, i);
		int hit = ent == CHANCERY_ENT_PARTY ? registry_event_involves(r, e, id) : 0;
		if (ent == CHANCERY_ENT_PERSON) {
			hit = (e->person && !strcmp(e->person, id)) || (e->by && !strcmp(e->by, id)) ||
			      (e->to && !strcmp(e->to, id));
			for (uint32_t k = 0; k < e->persons.n && !hit; k++)
				hit = !strcmp(e->persons.v[k], id);
		}
		if (hit)
			idx[n++] = i;
	}
	return n;
}

json_t *api_show_json(const chancery_registry *r, enum chancery_entity ent, size_t index,
		      const size_t *idx, size_t n)
{
	json_t *j;
	switch (ent) {
	case CHANCERY_ENT_PARTY: j = json_party(chancery_registry_party(r, index)); break;
	case CHANCERY_ENT_PERSON: j = json_person(chancery_registry_person(r, index)); break;
	case CHANCERY_ENT_SOURCE: j = json_source(chancery_registry_source(r, index)); break;
	case CHANCERY_ENT_EVENT: j = json_event(chancery_registry_event(r, index)); break;
	default: j = json_treaty(r, index); break;
	}
	json_object_set_new(j, "entity", json_string(chancery_entity_name(ent)));
	if (idx) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_string(chancery_registry_event(r, idx[i])->id));
		json_object_set_new(j, "events", a);
	}
	return j;
}

/* ---- as of a day ---- */

static void day_text(int32_t day, char *buf, size_t n)
{
	chancery_day_format(day, buf, n);
}

int api_existence_note(const struct chancery_party *p, int32_t day, struct strbuf *out)
{
	char a[32], b[64];
	/* not yet: its first possible day is after the day asked about */
	if (!p->from.form || chancery_date_by(&p->from, day) != CHANCERY_NO)
		return 0;
	day_text(day, a, sizeof(a));
	chancery_date_format(&p->from, b, sizeof(b));
	strbuf_addf(out, "on %s '%s' did not exist yet (from %s)", a, p->id, b);
	return 1;
}

static void side_text(const chancery_registry *r, const struct chancery_ids *ids,
		      struct strbuf *out)
{
	if (!ids->n) {
		strbuf_addstr(out, "every state");
		return;
	}
	for (uint32_t k = 0; k < ids->n; k++) {
		size_t i;
		const char *name = ids->v[k];
		if (k >= 8) {
			strbuf_addf(out, " and %u others", ids->n - k);
			return;
		}
		if (chancery_registry_lookup(r, ids->v[k], &i) == CHANCERY_ENT_PARTY) {
			const struct chancery_party *p = chancery_registry_party(r, i);
			name = p->short_name ? p->short_name : p->name;
		}
		strbuf_addf(out, "%s%s", k ? (k + 1 == ids->n ? " and " : ", ") : "", name);
	}
}

void api_coverage_text(const chancery_registry *r, const struct chancery_covered *c,
		       struct strbuf *out)
{
	const struct chancery_coverage *l = c->line;
	char from[64], to[64];
	int first = 1;
	for (int k = 0; fact_kind_names[k]; k++)
		if (l->facts & (1u << k)) {
			strbuf_addf(out, "%s%s", first ? "" : ", ", fact_kind_names[k]);
			first = 0;
		}
	if (l->mission_type)
		strbuf_addf(out, " (%s)", l->mission_type);
	strbuf_addstr(out, " of ");
	side_text(r, &l->by, out);
	strbuf_addstr(out, " with ");
	side_text(r, &l->with, out);
	if (l->members)
		strbuf_addf(out, ", members of the %s system", !strcmp(l->members, "cow")
								? "Correlates of War"
								: "Gleditsch-Ward");
	chancery_date_format(&l->from, from, sizeof(from));
	chancery_date_format(&l->to, to, sizeof(to));
	strbuf_addf(out, ", %s to %s (%s)", from, to, c->source->id);
}

/* The facts on record about root party x, by the kinds of fact covers
 * lines name: recognition, relations, missions, envoys, membership. */
static void count_facts(const chancery_registry *r, const struct chancery_party *x,
			size_t counts[5])
{
	const struct index_list *l = &snapshot_of(r)->party_events[snapshot_party_root(r, x->id)];
	memset(counts, 0, 5 * sizeof(*counts));
	for (uint32_t i = 0; i < l->n; i++) {
		const char *cat = kinds[chancery_registry_event(r, l->v[i])->kind].category;
		/* the vocabulary's categories are the fact kinds' names */
		for (int k = 0; fact_kind_names[k]; k++)
			if (!strcmp(cat, fact_kind_names[k]))
				counts[k]++;
	}
}

json_t *api_coverage_json(const chancery_registry *r, const struct chancery_party *x)
{
	size_t n, counts[5];
	struct chancery_covered *v = chancery_coverage_lines(r, x ? x->id : NULL, NULL, &n);
	json_t *lines = json_array(), *o = json_object();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(lines, json_covered(&v[i]));
	free(v);
	json_object_set_new(o, "party", x ? json_string(x->id) : json_null());
	json_object_set_new(o, "covers", lines);
	if (x) {
		json_t *rec = json_object();
		count_facts(r, x, counts);
		for (int k = 0; fact_kind_names[k]; k++)
			json_object_set_new(rec, fact_kind_names[k], json_integer((json_int_t)counts[k]));
		json_object_set_new(o, "recorded", rec);
	}
	return o;
}

void api_coverage_print(const chancery_registry *r, const struct chancery_party *x, FILE *out)
{
	size_t n, counts[5];
	struct chancery_covered *v = chancery_coverage_lines(r, x ? x->id : NULL, NULL, &n);
	struct strbuf sb = STRBUF_INIT;
	if (x) {
		count_facts(r, x, counts);
		fprintf(out, "Facts on record about %s:", x->short_name ? x->short_name : x->name);
		for (int k = 0; fact_kind_names[k]; k++)
			fprintf(out, "%s %s %zu", k ? "," : "", fact_kind_names[k], counts[k]);
		fputc('\n', out);
	}
	fprintf(out, "%zu covers line%s%s\n", n, n == 1 ? "" : "s",
		n ? ": where they apply, what is not recorded is \"no\"" : "");
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		api_coverage_text(r, &v[i], &sb);
		fprintf(out, "  %s: %s\n", sb.buf, v[i].source->title);
	}
	fprintf(out, "Elsewhere what is not recorded is \"not recorded\", never \"no\" "
		     "(docs/coverage.md)\n");
	strbuf_release(&sb);
	free(v);
}

json_t *api_status_json(const struct chancery_dyad_status *s, const char *known_on)
{
	json_t *j = json_dyad_status(s), *notes = json_array();
	struct strbuf sb = STRBUF_INIT;
	api_status_summary(s, &sb);
	json_object_set_new(j, "summary", json_string(sb.buf));
	for (int i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		if (api_existence_note(i ? s->b : s->a, s->on, &sb))
			json_array_append_new(notes, json_string(sb.buf));
	}
	strbuf_release(&sb);
	json_object_set_new(j, "known_on", known_on ? json_string(known_on) : json_null());
	json_object_set_new(j, "notes", notes);
	return j;
}

const struct chancery_party *api_united_nations(const chancery_registry *r)
{
	const struct chancery_party *p = chancery_registry_find_party(r, "Q1065");
	return p ? p : chancery_registry_find_party(r, "UN");
}

/* The sources the listed recognitions cite (each once, in the order
 * first met) and the covers lines of recognitions of x. */
static void recognitions_basis(const chancery_registry *r, struct api_recognitions *out)
{
	size_t alloc = 0, n_lines, k = 0;
	struct chancery_covered *lines = chancery_coverage_lines(r, out->x->id, NULL, &n_lines);
	for (size_t i = 0; i < out->n_rows; i++) {
		const struct chancery_fold *f = &out->rows[i].rec->fold;
		for (uint32_t j = 0; j < f->n_events; j++)
			for (uint32_t s = 0; s < f->events[j]->sources.n; s++) {
				size_t at;
				const struct chancery_source *src;
				if (chancery_registry_lookup(r, f->events[j]->sources.v[s], &at) !=
				    CHANCERY_ENT_SOURCE)
					continue;
				src = chancery_registry_source(r, at);
				for (at = 0; at < out->n_sources && out->sources[at] != src; at++)
					;
				if (at < out->n_sources)
					continue;
				ALLOC_GROW(out->sources, out->n_sources + 1, alloc);
				out->sources[out->n_sources++] = src;
			}
	}
	/* of the lines naming x, those about recognitions of x */
	for (size_t i = 0; i < n_lines; i++) {
		const struct chancery_coverage *c = lines[i].line;
		int names_x = !c->with.n;
		for (uint32_t w = 0; w < c->with.n; w++)
			names_x |= snapshot_party_root(r, c->with.v[w]) ==
				   snapshot_party_root(r, out->x->id);
		if ((c->facts & CHANCERY_FACT_RECOGNITION) && names_x)
			lines[k++] = lines[i];
	}
	out->coverage = lines;
	out->n_coverage = k;
}

void api_recognitions_compute(const chancery_registry *r, const struct chancery_party *x,
			      const struct chancery_party *un, int32_t day, int members_only,
			      struct api_recognitions *out)
{
	memset(out, 0, sizeof(*out));
	out->x = x;
	out->un = un;
	out->day = day;
	out->members_only = members_only;
	chancery_recognitions(r, x->id, day, &out->v, &out->n);
	out->rows = xcalloc(out->n + 1, sizeof(*out->rows));
	for (size_t i = 0; i < out->n; i++) {
		const struct chancery_recognizer *v = &out->v[i];
		enum chancery_tri t = chancery_fold_recognises(&v->fold);
		enum chancery_tri m = un ? chancery_membership(r, v->party->id, un->id, day)
					 : CHANCERY_UNCERTAIN;
		/* no membership on record: a state may be a member, the others
		 * (partially recognised, organisations) are not */
		int unrecorded = un && !chancery_membership_recorded(r, v->party->id, un->id);
		struct api_recognizer *row;
		if (unrecorded && v->party->kind == CHANCERY_PARTY_STATE)
			m = CHANCERY_UNCERTAIN;
		if (members_only) {
			/* recognising and a member: both must hold */
			if (m == CHANCERY_NO)
				continue;
			if (m == CHANCERY_UNCERTAIN && t == CHANCERY_YES)
				t = CHANCERY_UNCERTAIN;
		}
		out->yes += t == CHANCERY_YES;
		out->maybe += t == CHANCERY_UNCERTAIN;
		out->yes_members += t == CHANCERY_YES && m == CHANCERY_YES;
		row = &out->rows[out->n_rows++];
		row->rec = v;
		row->recognises = t;
		row->member = m;
		row->unrecorded = unrecorded;
	}
	recognitions_basis(r, out);
}

void api_recognitions_release(struct api_recognitions *a)
{
	chancery_recognizers_free(a->v, a->n);
	free(a->rows);
	free(a->sources);
	free(a->coverage);
	memset(a, 0, sizeof(*a));
}

json_t *api_recognitions_json(const struct api_recognitions *a)
{
	json_t *list = json_array(), *j;
	for (size_t i = 0; i < a->n_rows; i++) {
		const struct api_recognizer *row = &a->rows[i];
		json_t *f = json_fold("recognition", &row->rec->fold);
		json_object_set_new(f, "by", json_string(row->rec->party->id));
		if (a->un)
			json_object_set_new(f, "un_member",
					    row->member == CHANCERY_UNCERTAIN
						    ? json_string("uncertain")
						    : json_boolean(row->member == CHANCERY_YES));
		json_array_append_new(list, f);
	}
	j = json_pack("{s:s, s:o, s:s, s:i, s:i, s:o}", "party", a->x->id, "on", json_day(a->day),
		      "by", a->members_only ? "un-members" : "all", "count", (int)a->yes,
		      "uncertain", (int)a->maybe, "recognitions", list);
	if (a->un && !a->members_only)
		json_object_set_new(j, "count_un_members", json_integer((int)a->yes_members));
	{
		json_t *src = json_array(), *cov = json_array();
		for (size_t i = 0; i < a->n_sources; i++)
			json_array_append_new(src, json_pack("{s:s, s:s}", "id", a->sources[i]->id,
							     "title", a->sources[i]->title));
		for (size_t i = 0; i < a->n_coverage; i++)
			json_array_append_new(cov, json_covered(&a->coverage[i]));
		json_object_set_new(j, "recorded", json_integer((json_int_t)a->n_rows));
		json_object_set_new(j, "sources", src);
		json_object_set_new(j, "coverage", cov);
	}
	return j;
}

json_t *api_series_json(const struct chancery_party *x, int members_only,
			const struct chancery_series_point *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:o, s:i, s:i}", "day", json_day(v[i].day),
						    "count", v[i].count, "uncertain",
						    v[i].uncertain));
	return json_pack("{s:s, s:s, s:o}", "party", x->id, "by",
			 members_only ? "un-members" : "all", "series", a);
}

size_t api_timeline_select(const chancery_registry *r, const struct chancery_dyad_status *s,
			   const struct chancery_date *from, const struct chancery_date *to,
			   size_t *idx)
{
	const struct chancery_event **ev = xmalloc((s->n_events + 1) * sizeof(*ev));
	size_t n = 0;
	for (size_t i = 0; i < s->n_events; i++)
		if (in_range(s->events[i], from, to))
			ev[n++] = s->events[i];
	/* the reader's order (docs/queries.md, "Timeline") */
	chancery_timeline_sort(r, ev, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = (size_t)(ev[i] - chancery_registry_event(r, 0));
	free(ev);
	return n;
}

/* ---- diff ---- */

static void add_fold_change(struct api_change **v, size_t *n, size_t *alloc, char *what,
			    const char *chain, const struct chancery_fold *x,
			    const struct chancery_fold *y)
{
	if (x->state == y->state && x->uncertain == y->uncertain && x->level == y->level &&
	    x->implied == y->implied) {
		free(what);
		return;
	}
	ALLOC_GROW(*v, *n + 1, *alloc);
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].what = what;
	(*v)[*n].chain = chain;
	(*v)[*n].from = x;
	(*v)[*n].to = y;
	(*n)++;
}

static char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

size_t api_diff(const struct chancery_dyad_status *s1, const struct chancery_dyad_status *s2,
		struct api_change **out)
{
	static const struct chancery_fold none;
	struct api_change *v = NULL;
	size_t n = 0, alloc = 0;
	const char *a = s1->a->id, *b = s1->b->id;
	for (int i = 0; i < 2; i++)
		add_fold_change(&v, &n, &alloc,
				xstrfmt("%s recognises %s", i ? b : a, i ? a : b), "recognition",
				&s1->recognition[i], &s2->recognition[i]);
	add_fold_change(&v, &n, &alloc, xstrfmt("relations"), "relations", &s1->relations,
			&s2->relations);
	/* Missions and envoys are matched by their key; one that did not
	 * exist at the start is compared with "none". */
	for (size_t i = 0; i < s2->n_missions; i++) {
		const struct chancery_mission_status *m = &s2->missions[i];
		const struct chancery_fold *before = &none;
		for (size_t k = 0; k < s1->n_missions; k++)
			if (s1->missions[k].sender == m->sender && s1->missions[k].host == m->host &&
			    s1->missions[k].type == m->type && s1->missions[k].city == m->city)
				before = &s1->missions[k].fold;
		add_fold_change(&v, &n, &alloc,
				xstrfmt("%s %s in %s%s%s", m->sender, m->type ? m->type : "mission",
					m->host, m->city ? " " : "", m->city ? m->city : ""),
				"mission", before, &m->fold);
	}
	for (size_t i = 0; i < s2->n_envoys; i++) {
		const struct chancery_envoy_status *e = &s2->envoys[i];
		const struct chancery_fold *before = &none;
		for (size_t k = 0; k < s1->n_envoys; k++)
			if (s1->envoys[k].person == e->person && s1->envoys[k].sender == e->sender &&
			    s1->envoys[k].receiver == e->receiver)
				before = &s1->envoys[k].fold;
		add_fold_change(&v, &n, &alloc,
				xstrfmt("envoy %s (%s to %s)", e->person, e->sender, e->receiver),
				"envoy", before, &e->fold);
	}
	for (size_t i = 0; i < s2->n_treaties; i++) {
		const struct chancery_treaty_status *t2 = s2->treaties[i], *t1 = NULL;
		for (size_t k = 0; k < s1->n_treaties; k++)
			if (s1->treaties[k]->treaty == t2->treaty)
				t1 = s1->treaties[k];
		if (t1 && t1->state == t2->state && t1->uncertain == t2->uncertain)
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		memset(&v[n], 0, sizeof(*v));
		v[n].what = xstrfmt("treaty");
		v[n].treaty = t2->treaty;
		v[n].treaty_from = t1 ? t1->state : CHANCERY_TREATY_PROPOSED;
		v[n].treaty_to = t2->state;
		v[n].treaty_uncertain = t2->uncertain;
		n++;
	}
	*out = v;
	return n;
}

void api_changes_free(struct api_change *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].what);
	free(v);
}

json_t *api_diff_json(const struct chancery_dyad_status *s1, const struct chancery_dyad_status *s2)
{
	struct api_change *v;
	size_t n = api_diff(s1, s2, &v);
	json_t *changes = json_array();
	for (size_t i = 0; i < n; i++) {
		if (v[i].chain)
			json_array_append_new(changes, json_pack("{s:s, s:o, s:o}", "what", v[i].what,
								 "from", json_fold(v[i].chain, v[i].from),
								 "to", json_fold(v[i].chain, v[i].to)));
		else
			json_array_append_new(
				changes, json_pack("{s:s, s:s, s:s, s:s}", "what", "treaty", "treaty",
						   v[i].treaty->id, "from",
						   chancery_treaty_state_name(v[i].treaty_from), "to",
						   chancery_treaty_state_name(v[i].treaty_to)));
	}
	api_changes_free(v, n);
	return json_pack("{s:[s, s], s:o, s:o, s:o}", "parties", s1->a->id, s1->b->id, "from",
			 json_day(s1->on), "to", json_day(s2->on), "changes", changes);
}

/* ---- treaties ---- */

static int has_party(const chancery_registry *r, const struct chancery_treaty *t,
		     const struct chancery_party *p)
{
	long root = snapshot_party_root(r, p->id);
	for (uint32_t i = 0; i < t->parties.n; i++)
		if (snapshot_party_root(r, t->parties.v[i]) == root)
			return 1;
	return 0;
}

int api_treaty_selected(const chancery_registry *r, const struct chancery_treaty *t,
			const struct chancery_party *a, const struct chancery_party *b)
{
	return (!a || has_party(r, t, a)) && (!b || has_party(r, t, b));
}

const char *api_treaty_state(const char *s)
{
	if (!strcmp(s, "proposed"))
		s = "not-signed"; /* the old name */
	for (int i = 0; chancery_treaty_state_name((enum chancery_treaty_state)i); i++)
		if (!strcmp(s, chancery_treaty_state_name((enum chancery_treaty_state)i)))
			return chancery_treaty_state_name((enum chancery_treaty_state)i);
	return NULL;
}

int api_treaty_exists(const chancery_registry *r, size_t index,
		      const struct chancery_treaty_status *s)
{
	return s->acted || !registry_treaty_actions(r, index)->n;
}

json_t *api_treaty_json(const struct chancery_treaty_status *s)
{
	json_t *j = json_treaty_status(s);
	json_object_set_new(j, "acted", json_boolean(s->acted));
	return j;
}

json_t *api_treaties_json(const chancery_registry *r, const struct chancery_party *a,
			  const struct chancery_party *b, int32_t day, const char *want)
{
	json_t *list = json_array();
	for (size_t i = 0; i < chancery_registry_treaty_count(r); i++) {
		struct chancery_treaty_status *s;
		if (!api_treaty_selected(r, chancery_registry_treaty(r, i), a, b) ||
		    chancery_treaty_status(r, i, day, &s))
			continue;
		if (api_treaty_exists(r, i, s) &&
		    (!want || !strcmp(want, chancery_treaty_state_name(s->state))))
			json_array_append_new(list, json_treaty_status(s));
		chancery_treaty_status_free(s);
	}
	return list;
}

/* ---- dyads ---- */

static int dyad_json(const struct chancery_dyad_brief *d, void *ctx)
{
	json_t *x = json_pack("{s:s, s:s}", "a", d->a->id, "b", d->b->id);
	json_object_set_new(x, "a_recognises_b", json_fold("recognition", &d->recognition[0]));
	json_object_set_new(x, "b_recognises_a", json_fold("recognition", &d->recognition[1]));
	json_object_set_new(x, "relations", json_fold("relations", &d->relations));
	json_array_append_new(ctx, x);
	return 0;
}

json_t *api_dyads_json(const chancery_registry *r, int32_t day)
{
	json_t *list = json_array();
	chancery_dyads_on(r, day, dyad_json, list);
	return json_pack("{s:o, s:o}", "on", json_day(day), "dyads", list);
}

/* ---- the article ---- */

/* The article's structure as JSON. jansson refuses a string that is not
 * valid UTF-8 (json_string returns NULL, and appending NULL appends
 * nothing): every value is checked through add(), so that one bad text
 * makes the whole article fail loudly instead of losing a sentence. */
struct json_build {
	int failed;
};

static json_t *add(struct json_build *jb, json_t *v)
{
	if (!v)
		jb->failed = 1;
	return v;
}

static void append(struct json_build *jb, json_t *array, json_t *v)
{
	if (!v || json_array_append_new(array, v))
		jb->failed = 1;
}

static void set(struct json_build *jb, json_t *object, const char *key, json_t *v)
{
	if (!v || json_object_set_new(object, key, v))
		jb->failed = 1;
}

/* A text, or null where there is none (an empty table cell). */
static json_t *text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *json_sentence(struct json_build *jb, const struct art_sentence *s)
{
	json_t *o = json_object(), *ev = json_array(), *src = json_array();
	if (s->text) /* a table row's citation has none */
		set(jb, o, "text", json_string(s->text));
	for (size_t i = 0; i < s->n_events; i++)
		append(jb, ev, json_string(s->events[i]));
	for (size_t i = 0; i < s->n_sources; i++)
		append(jb, src, json_string(s->sources[i]));
	set(jb, o, "events", ev);
	set(jb, o, "sources", src);
	return o;
}

static json_t *json_block(struct json_build *jb, const struct art_block *k)
{
	static const char *const block_kinds[] = { "paragraph", "list", "table" };
	json_t *o = json_pack("{s:s}", "kind", block_kinds[k->kind]), *items = json_array();
	if (k->kind == ART_TABLE) {
		json_t *header = json_array();
		for (int c = 0; c < ART_TABLE_COLS; c++)
			append(jb, header, text(k->header[c]));
		set(jb, o, "header", header);
		for (size_t i = 0; i < k->n_rows; i++) {
			json_t *cells = json_array(), *row = json_sentence(jb, &k->rows[i].cite);
			for (int c = 0; c < ART_TABLE_COLS; c++)
				append(jb, cells, text(k->rows[i].cells[c]));
			set(jb, row, "cells", cells);
			append(jb, items, row);
		}
		set(jb, o, "rows", items);
		return o;
	}
	for (size_t i = 0; i < k->n_items; i++)
		append(jb, items, json_sentence(jb, &k->items[i]));
	set(jb, o, k->kind == ART_LIST ? "items" : "sentences", items);
	return o;
}

json_t *api_article_json(const struct article *art)
{
	struct json_build jb = { 0 };
	json_t *sections = json_array();
	json_t *o = add(&jb, json_pack("{s:s, s:o, s:[s, s], s:{s:s, s:s, s:s, s:s, s:s}}",
				       "title", art->title, "on", json_day(art->on), "parties",
				       art->p1->id, art->p2->id, "infobox", "title",
				       art->infobox_title, "party1", art->infobox_party1, "party2",
				       art->infobox_party2, "filetype", art->filetype, "map",
				       art->map));
	if (!o) {
		json_decref(sections);
		return NULL;
	}
	set(&jb, o, "lead", json_block(&jb, &art->lead));
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		json_t *blocks = json_array(), *section = json_object();
		for (size_t k = 0; k < s->n_blocks; k++)
			append(&jb, blocks, json_block(&jb, &s->blocks[k]));
		set(&jb, section, "level", json_integer(s->level));
		set(&jb, section, "title", json_string(s->title));
		set(&jb, section, "blocks", blocks);
		append(&jb, sections, section);
	}
	set(&jb, o, "sections", sections);
	if (jb.failed) {
		json_decref(o);
		return NULL;
	}
	return o;
}

