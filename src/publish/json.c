/* json.c: the JSON form of each entity, built from the same field tables
 * as the ledger writer so that the two never disagree on names. */
#include "publish/json.h"

#include <string.h>

#include "model/registry.h"
#include "model/vocab.h"
#include "base/banned.h"

json_t *json_day(int32_t day)
{
	char buf[24];
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX)
		return json_null();
	return json_string(chancery_day_format(day, buf, sizeof(buf)));
}

json_t *json_date(const struct chancery_date *d)
{
	static const char *const prec[] = { "none", "year", "month", "day" };
	char buf[64];
	chancery_date_format(d, buf, sizeof(buf));
	return json_pack("{s:s, s:o, s:o, s:s}", "edtf", buf, "earliest", json_day(d->lo),
			 "latest", json_day(d->hi), "precision",
			 prec[d->form == CHANCERY_DATE_NONE ? 0 : d->start.precision & 3]);
}

static json_t *json_ids(const struct chancery_ids *ids)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < ids->n; i++)
		json_array_append_new(a, json_string(ids->v[i]));
	return a;
}

/* Set the fields of obj named by the table into o. */
static void put_fields(json_t *o, const struct field *fields, const void *obj)
{
	for (const struct field *f = fields; f->key; f++) {
		const char *at = (const char *)obj + f->offset;
		const char *s;
		switch ((enum field_type)f->type) {
		case FT_TEXT: case FT_ID: case FT_PARTY: case FT_PERSON: case FT_EVENT:
		case FT_LEVEL: case FT_MISSION: case FT_STANCE: case FT_SYSTEM:
			s = *(const char *const *)at;
			if (s && !json_object_get(o, f->key))
				json_object_set_new(o, f->key, json_string(s));
			break;
		case FT_PARTIES: case FT_PERSONS: case FT_SOURCES:
			if (((const struct chancery_ids *)at)->n)
				json_object_set_new(o, f->key, json_ids((const struct chancery_ids *)at));
			break;
		case FT_DATE:
			if (((const struct chancery_date *)at)->form)
				json_object_set_new(o, f->key, json_date((const struct chancery_date *)at));
			break;
		case FT_INT:
			if (*(const int *)at)
				json_object_set_new(o, f->key, json_integer(*(const int *)at));
			break;
		case FT_PARTY_KIND:
			json_object_set_new(o, f->key, json_string(party_kind_names[*(const int *)at]));
			break;
		}
	}
}

json_t *json_party(const struct chancery_party *p)
{
	json_t *o = json_pack("{s:s, s:s}", "id", p->id, "name", p->name);
	put_fields(o, party_fields, p);
	return o;
}

json_t *json_person(const struct chancery_person *p)
{
	json_t *o = json_pack("{s:s, s:s}", "id", p->id, "name", p->name);
	json_t *offices = json_array();
	put_fields(o, person_fields, p);
	for (uint32_t i = 0; i < p->n_offices; i++) {
		json_t *x = json_pack("{s:s}", "title", p->offices[i].title);
		put_fields(x, office_fields, &p->offices[i]);
		json_array_append_new(offices, x);
	}
	json_object_set_new(o, "offices", offices);
	return o;
}

json_t *json_coverage(const struct chancery_coverage *c)
{
	json_t *o = json_object(), *facts = json_array();
	for (int k = 0; fact_kind_names[k]; k++)
		if (c->facts & (1u << k))
			json_array_append_new(facts, json_string(fact_kind_names[k]));
	json_object_set_new(o, "facts", facts);
	/* every party is written "all", not left out: a reader should not
	 * have to know the default */
	json_object_set_new(o, "by", c->by.n ? json_ids(&c->by) : json_string("all"));
	json_object_set_new(o, "with", c->with.n ? json_ids(&c->with) : json_string("all"));
	put_fields(o, coverage_fields, c);
	return o;
}

json_t *json_source(const struct chancery_source *s)
{
	json_t *o = json_pack("{s:s, s:s}", "id", s->id, "title", s->title);
	put_fields(o, source_fields, s);
	if (s->n_covers) {
		json_t *covers = json_array();
		for (uint32_t i = 0; i < s->n_covers; i++)
			json_array_append_new(covers, json_coverage(&s->covers[i]));
		json_object_set_new(o, "covers", covers);
	}
	return o;
}

json_t *json_event(const struct chancery_event *e)
{
	const struct kind_info *k = &kinds[e->kind];
	json_t *o = json_pack("{s:s, s:s, s:s, s:o}", "id", e->id, "kind", k->name, "category",
			      k->category, "date", json_date(&e->date));
	if (e->treaty)
		json_object_set_new(o, "treaty", json_string(e->treaty));
	if (e->person)
		json_object_set_new(o, "person", json_string(e->person));
	if (e->actor)
		json_object_set_new(o, "actor", json_string(e->actor));
	if (e->target)
		json_object_set_new(o, "target", json_string(e->target));
	for (const struct field *f = event_fields; f->key; f++)
		if (f->offset != offsetof(struct chancery_event, id) && kind_allows(k, f->key)) {
			const struct field one[2] = { *f, { NULL, 0, 0 } };
			put_fields(o, one, e);
		}
	if (e->text)
		json_object_set_new(o, "text", json_string(e->text));
	json_object_set_new(o, "sources", json_ids(&e->sources));
	return o;
}

static json_t *json_duration(const struct chancery_duration *d)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%d%c", (int)d->n, d->unit);
	return json_string(buf);
}

json_t *json_treaty(const chancery_registry *r, size_t index)
{
	const struct chancery_treaty *t = chancery_registry_treaty(r, index);
	const struct index_list *actions = registry_treaty_actions(r, index);
	json_t *o = json_pack("{s:s, s:s}", "id", t->id, "title", t->title);
	json_t *force = json_pack("{s:s}", "rule", force_rule_names[t->force]);
	json_t *provisions = json_array(), *acts = json_array();
	put_fields(o, treaty_fields, t);
	if (t->force_n)
		json_object_set_new(force, "n", json_integer(t->force_n));
	if (t->force_after.n)
		json_object_set_new(force, "after", json_duration(&t->force_after));
	if (t->force == CHANCERY_FORCE_DATE)
		json_object_set_new(force, "date", json_date(&t->force_date));
	json_object_set_new(o, "force", force);
	if (t->term_indefinite)
		json_object_set_new(o, "term", json_string("indefinite"));
	else if (t->term.n)
		json_object_set_new(o, "term", json_duration(&t->term));
	if (t->renew.n)
		json_object_set_new(o, "renew", json_duration(&t->renew));
	if (t->extend.n)
		json_object_set_new(o, "extend", json_duration(&t->extend));
	if (t->notice.n)
		json_object_set_new(o, "notice", json_duration(&t->notice));
	for (uint32_t i = 0; i < t->n_provisions; i++) {
		const struct chancery_provision *v = &t->provisions[i];
		json_t *x = json_pack("{s:s}", "text", v->text);
		put_fields(x, provision_fields, v);
		if (v->from_force)
			json_object_set_new(x, "from", json_string("force"));
		json_array_append_new(provisions, x);
	}
	json_object_set_new(o, "provisions", provisions);
	for (uint32_t i = 0; i < actions->n; i++)
		json_array_append_new(acts, json_event(chancery_registry_event(r, actions->v[i])));
	json_object_set_new(o, "actions", acts);
	return o;
}

json_t *json_diags(const struct chancery_diags *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct chancery_diag *x = &d->v[i];
		json_t *o = json_pack("{s:s, s:s}", "severity",
				      x->severity == CHANCERY_ERROR ? "error" : "warning", "message",
				      x->message);
		if (x->file)
			json_object_set_new(o, "file", json_string(x->file));
		if (x->line)
			json_object_set_new(o, "line", json_integer(x->line));
		if (x->col)
			json_object_set_new(o, "column", json_integer(x->col));
		json_array_append_new(a, o);
	}
	return a;
}

/* ---- derived states ---- */

json_t *json_span(const struct chancery_span *s)
{
	if (!s->known)
		return json_null();
	return json_pack("{s:o, s:o}", "earliest", json_day(s->lo), "latest", json_day(s->hi));
}

static json_t *json_event_ids(const struct chancery_event *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]->id));
	return a;
}

json_t *json_covered(const struct chancery_covered *c)
{
	json_t *o;
	if (!c->source)
		return json_null();
	o = json_pack("{s:s, s:s}", "source", c->source->id, "title", c->source->title);
	json_object_set_new(o, "covers", json_coverage(c->line));
	return o;
}

json_t *json_fold(const char *chain, const struct chancery_fold *f)
{
	json_t *o = json_pack("{s:s, s:s, s:b}", "answer",
			      chancery_answer_name(chancery_fold_answer(chain, f)), "state",
			      chancery_fold_state_name(chain, f, f->state), "uncertain", f->uncertain);
	if (f->covered.source)
		json_object_set_new(o, "covered", json_covered(&f->covered));
	if (f->absent)
		json_object_set_new(o, "absent", json_string(f->absent->id));
	if (f->horizon)
		json_object_set_new(o, "horizon", json_true());
	if (f->successor)
		json_object_set_new(o, "successor", json_string(f->successor->id));
	if (f->uncertain) {
		json_object_set_new(o, "possible",
				    json_string(chancery_fold_state_name(chain, f, f->possible)));
		if (f->maybe)
			json_object_set_new(o, "maybe", json_string(f->maybe->id));
		if (f->possible_level)
			json_object_set_new(o, "possible_level", json_string(f->possible_level));
		if (f->possible_implied)
			json_object_set_new(o, "possible_implied", json_true());
	}
	if (f->implied)
		json_object_set_new(o, "implied", json_true());
	if (f->level)
		json_object_set_new(o, "level", json_string(f->level));
	if (f->since) {
		json_object_set_new(o, "since", json_date(&f->since->date));
		json_object_set_new(o, "since_event", json_string(f->since->id));
	}
	json_object_set_new(o, "events", json_event_ids(f->events, f->n_events));
	json_object_set_new(o, "recorded", json_boolean(f->n_chain > 0));
	return o;
}

json_t *json_treaty_status(const struct chancery_treaty_status *s)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:o, s:s?, s:o, s:s?}", "id", s->treaty->id,
			      "title", s->treaty->title, "state",
			      chancery_treaty_state_name(s->state), "uncertain", s->uncertain,
			      "in_force_from", json_span(&s->in_force_from), "force_reason",
			      s->force_reason, "term_end", json_span(&s->term_end), "term_reason",
			      s->term_reason);
	json_t *parties = json_array();
	for (uint32_t i = 0; i < s->n_parties; i++) {
		const struct chancery_party_treaty_status *p = &s->parties[i];
		json_t *x = json_pack("{s:s, s:s, s:b, s:o, s:s?}", "party", p->party, "state",
				      chancery_party_treaty_state_name(p->state), "uncertain",
				      p->uncertain, "in_force_from", json_span(&p->in_force_from),
				      "reason", p->reason);
		if (p->signature)
			json_object_set_new(x, "signature", json_pack("{s:s, s:o}", "event",
								      p->signature->id, "date",
								      json_date(&p->signature->date)));
		if (p->consent)
			json_object_set_new(x, "consent", json_pack("{s:s, s:s, s:o}", "event",
								    p->consent->id, "kind",
								    chancery_event_kind_name(p->consent->kind),
								    "date", json_date(&p->consent->date)));
		if (p->n_steps) {
			json_t *steps = json_array();
			for (uint32_t k = 0; k < p->n_steps; k++) {
				json_t *st = json_pack("{s:s, s:s, s:o}", "event", p->steps[k]->id,
						       "by", p->steps[k]->actor, "date",
						       json_date(&p->steps[k]->date));
				if (p->steps[k]->text)
					json_object_set_new(st, "text",
							    json_string(p->steps[k]->text));
				json_array_append_new(steps, st);
			}
			json_object_set_new(x, "steps", steps);
		}
		if (p->denunciation)
			json_object_set_new(x, "denunciation",
					    json_pack("{s:s, s:o, s:o}", "event", p->denunciation->id,
						      "date", json_date(&p->denunciation->date),
						      "effect", json_span(&p->denunciation_effect)));
		json_array_append_new(parties, x);
	}
	json_object_set_new(o, "parties", parties);
	return o;
}

json_t *json_dyad_status(const struct chancery_dyad_status *s)
{
	json_t *o = json_pack("{s:o, s:[s, s]}", "on", json_day(s->on), "parties", s->a->id, s->b->id);
	json_t *rec = json_array(), *missions = json_array(), *envoys = json_array();
	json_t *treaties = json_array(), *reactions = json_array(), *rel;
	for (int i = 0; i < 2; i++) {
		json_t *x = json_fold("recognition", &s->recognition[i]);
		json_object_set_new(x, "by", json_string(i ? s->b->id : s->a->id));
		json_object_set_new(x, "of", json_string(i ? s->a->id : s->b->id));
		json_array_append_new(rec, x);
	}
	json_object_set_new(o, "recognition", rec);
	rel = json_fold("relations", &s->relations);
	json_object_set_new(o, "relations", rel);
	for (size_t i = 0; i < s->n_missions; i++) {
		const struct chancery_mission_status *m = &s->missions[i];
		json_t *x = json_fold("mission", &m->fold);
		json_object_set_new(x, "sender", json_string(m->sender));
		json_object_set_new(x, "host", json_string(m->host));
		if (m->type)
			json_object_set_new(x, "type", json_string(m->type));
		if (m->city)
			json_object_set_new(x, "city", json_string(m->city));
		json_array_append_new(missions, x);
	}
	json_object_set_new(o, "missions", missions);
	for (size_t i = 0; i < s->n_envoys; i++) {
		const struct chancery_envoy_status *v = &s->envoys[i];
		json_t *x = json_fold("envoy", &v->fold);
		json_object_set_new(x, "person", json_string(v->person));
		json_object_set_new(x, "sender", json_string(v->sender));
		json_object_set_new(x, "receiver", json_string(v->receiver));
		if (v->rank)
			json_object_set_new(x, "rank", json_string(v->rank));
		json_array_append_new(envoys, x);
	}
	json_object_set_new(o, "envoys", envoys);
	{
		/* where a direction's missions or envoys are none for certain
		 * (docs/coverage.md): the covers line, or null */
		json_t *abs = json_object(), *m = json_array(), *e = json_array(), *cov = json_array();
		for (int w = 0; w < 2; w++) {
			json_array_append_new(m, json_covered(&s->no_missions[w]));
			json_array_append_new(e, json_covered(&s->no_envoys[w]));
		}
		json_object_set_new(abs, "missions", m);
		json_object_set_new(abs, "envoys", e);
		json_object_set_new(o, "none_for_certain", abs);
		for (size_t i = 0; i < s->n_coverage; i++)
			json_array_append_new(cov, json_covered(&s->coverage[i]));
		json_object_set_new(o, "coverage", cov);
	}
	for (size_t i = 0; i < s->n_treaties; i++)
		json_array_append_new(treaties, json_treaty_status(s->treaties[i]));
	json_object_set_new(o, "treaties", treaties);
	for (size_t i = 0; i < s->n_reactions; i++)
		json_array_append_new(reactions, json_event(s->reactions[i]));
	json_object_set_new(o, "reactions", reactions);
	return o;
}
