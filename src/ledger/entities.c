/* entities.c: the ledger's directives for entities: party, person (with
 * its office lines), source, treaty (with force, term, provision, note
 * and its dated actions) and dated events, each read with the tables of
 * src/model/vocab.c into the registry, its id claimed once. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/parser.h"
#include "model/registry.h"
#include "base/banned.h"

/* ---- ids ---- */

static struct chancery_loc loc_of_id(const chancery_registry *r, uint64_t v)
{
	static const struct chancery_loc none;
	size_t i = ID_INDEX(v);
	switch (ID_ENTITY(v)) {
	case CHANCERY_ENT_PARTY: return r->parties[i].loc;
	case CHANCERY_ENT_PERSON: return r->persons[i].loc;
	case CHANCERY_ENT_SOURCE: return r->sources[i].loc;
	case CHANCERY_ENT_EVENT: return r->events[i].loc;
	case CHANCERY_ENT_TREATY: return r->treaties[i].loc;
	default: return none;
	}
}

/* Claim an id for a new entity; a duplicate is an error naming the first.
 * A party, person or source defined again in another file is a warning,
 * and the first definition is kept (returns 1: skip the new one); to add
 * to it, a file writes `amend`. */
static int claim_id(struct parser *p, const char *id, enum chancery_entity ent, size_t index,
		    const char *pos)
{
	uint64_t old;
	if (!hashmap_put(&p->r->ids, id, ID_VALUE(ent, index), &old)) {
		struct chancery_loc first = loc_of_id(p->r, old);
		const char *what = chancery_entity_name(ID_ENTITY(old));
		const char *article = ID_ENTITY(old) == CHANCERY_ENT_EVENT ? "an" : "a";
		if (ID_ENTITY(old) == ent &&
		    (ent == CHANCERY_ENT_PARTY || ent == CHANCERY_ENT_PERSON ||
		     ent == CHANCERY_ENT_SOURCE) &&
		    first.file && first.file != p->file) {
			ledger_warn_at(p, pos,
				       "%s '%s' is defined again; the definition at %s:%u is kept "
				       "(to add to it, write 'amend %s ...')",
				       what, id, first.file, first.line, id);
			return 1;
		}
		if (first.file)
			ledger_error_at(p, pos, "duplicate id '%s': already %s %s at %s:%u", id, article,
				 what, first.file, first.line);
		else
			ledger_error_at(p, pos, "duplicate id '%s': already %s %s", id, article, what);
		return -1;
	}
	registry_unfinish(p->r);
	return 0;
}

struct chancery_loc ledger_here(const struct parser *p)
{
	struct chancery_loc l = { p->file, p->line };
	return l;
}

/* ---- directives ---- */

/* Where attribute `key` of the current line starts (for a message). */
static const char *attr_pos(const struct parser *p, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < p->ntok; i++)
		if (p->tok[i].type == T_ATTR && p->tok[i].key_len == n &&
		    !memcmp(p->tok[i].key, key, n))
			return p->tok[i].raw;
	return NULL;
}

/* `WHAT ID "Name" attrs...`: the common head of party, person, source and
 * treaty. */
static int read_head(struct parser *p, const char *what, const char **id, const char **name)
{
	if (p->ntok < 2 || p->tok[1].type != T_WORD) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw, "expected an id after '%s'",
			 what);
		return -1;
	}
	if (!(*id = ledger_read_id(p, p->tok[1].val, p->tok[1].val_len, p->tok[1].raw, "an")))
		return -1;
	if (p->ntok < 3 || p->tok[2].type != T_STRING) {
		ledger_error_at(p, p->ntok < 3 ? p->line_end : p->tok[2].raw,
			 "expected the %s's %s in double quotes after '%s'", what,
			 strcmp(what, "party") && strcmp(what, "person") ? "title" : "name", *id);
		return -1;
	}
	if (!p->tok[2].val_len) {
		ledger_error_at(p, p->tok[2].raw, "the %s's name is empty", what);
		return -1;
	}
	*name = arena_strndup(&p->r->arena, p->tok[2].val, p->tok[2].val_len);
	return 0;
}

void ledger_parse_party(struct parser *p)
{
	struct chancery_party party = { 0 };
	if (read_head(p, "party", &party.id, &party.name) < 0 ||
	    ledger_read_attrs(p, 3, party_fields, &party, "a party") < 0)
		return;
	party.loc = ledger_here(p);
	if (party.article && strcmp(party.article, "the") && strcmp(party.article, "none")) {
		ledger_error_at(p, attr_pos(p, "article"), "expected article=the or article=none, not '%s'",
			 party.article);
		return;
	}
	if (claim_id(p, party.id, CHANCERY_ENT_PARTY, p->r->n_parties, p->tok[1].raw) != 0)
		return;
	ALLOC_GROW(p->r->parties, p->r->n_parties + 1, p->r->alloc_parties);
	p->r->parties[p->r->n_parties++] = party;
}

void ledger_parse_person(struct parser *p)
{
	struct chancery_person person = { 0 };
	if (read_head(p, "person", &person.id, &person.name) < 0 ||
	    ledger_read_attrs(p, 3, person_fields, &person, "a person") < 0)
		return;
	person.loc = ledger_here(p);
	if (claim_id(p, person.id, CHANCERY_ENT_PERSON, p->r->n_persons, p->tok[1].raw) != 0)
		return; /* its office lines are passed over with it */
	ALLOC_GROW(p->r->persons, p->r->n_persons + 1, p->r->alloc_persons);
	p->r->persons[p->r->n_persons++] = person;
	p->block = BLOCK_PERSON;
	p->block_index = p->r->n_persons - 1;
}

void ledger_parse_source(struct parser *p)
{
	struct chancery_source source = { 0 };
	if (read_head(p, "source", &source.id, &source.title) < 0 ||
	    ledger_read_attrs(p, 3, source_fields, &source, "a source") < 0)
		return;
	source.loc = ledger_here(p);
	if (claim_id(p, source.id, CHANCERY_ENT_SOURCE, p->r->n_sources, p->tok[1].raw) != 0)
		return; /* its covers lines are passed over with it */
	ALLOC_GROW(p->r->sources, p->r->n_sources + 1, p->r->alloc_sources);
	p->r->sources[p->r->n_sources++] = source;
	p->block = BLOCK_SOURCE;
	p->block_index = p->r->n_sources - 1;
}

void ledger_parse_treaty(struct parser *p)
{
	struct chancery_treaty treaty = { 0 };
	if (read_head(p, "treaty", &treaty.id, &treaty.title) < 0 ||
	    ledger_read_attrs(p, 3, treaty_fields, &treaty, "a treaty") < 0)
		return;
	treaty.loc = ledger_here(p);
	if (!treaty.parties.n) {
		ledger_error_at(p, p->tok[2].raw, "treaty '%s' needs parties=PARTY,PARTY,...", treaty.id);
		return;
	}
	if (claim_id(p, treaty.id, CHANCERY_ENT_TREATY, p->r->n_treaties, p->tok[1].raw) < 0)
		return;
	ALLOC_GROW(p->r->treaties, p->r->n_treaties + 1, p->r->alloc_treaties);
	p->r->treaties[p->r->n_treaties++] = treaty;
	p->block = BLOCK_TREATY;
	p->block_index = p->r->n_treaties - 1;
}

/* An event line: DATE KIND ARGS... attrs... ["text"]. tok[0] is the date. */
void ledger_parse_event(struct parser *p, const struct chancery_date *date, const char *treaty)
{
	struct chancery_event ev = { 0 };
	const struct token *kt;
	const struct kind_info *k;
	const char *slots;
	char name[64];
	size_t i = 2;
	uint32_t seen = 0;
	int kind, failed = 0;

	if (p->ntok < 2 || p->tok[1].type != T_WORD) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 treaty ? "expected a treaty action (sign, ratify, ...) after the date"
				: "expected an event kind after the date");
		return;
	}
	kt = &p->tok[1];
	{
		size_t n = kt->val_len < sizeof(name) - 1 ? kt->val_len : sizeof(name) - 1;
		memcpy(name, kt->val, n);
		name[n] = '\0';
		kind = kt->val_len < sizeof(name) - 1 ? chancery_event_kind_from_name(name) : -1;
	}
	if (kind < 0) {
		/* Suggest the nearest kind of the right sort. */
		const char *best = NULL;
		unsigned best_d = 3;
		for (int j = 0; j < CHANCERY_EV__COUNT; j++) {
			unsigned d = edit_distance(name, kinds[j].name);
			if (!kinds[j].treaty == !treaty && d < best_d) {
				best_d = d;
				best = kinds[j].name;
			}
		}
		if (best)
			ledger_error_at(p, kt->raw, "unknown %s '%s'; did you mean '%s'?",
				 treaty ? "treaty action" : "event kind", name, best);
		else
			ledger_error_at(p, kt->raw, "unknown %s '%s'; see docs/ledger.md for the list",
				 treaty ? "treaty action" : "event kind", name);
		return;
	}
	k = &kinds[kind];
	if (k->treaty && !treaty) {
		ledger_error_at(p, kt->raw, "'%s' is a treaty action; write it indented in a treaty block",
			 k->name);
		return;
	}
	if (!k->treaty && treaty) {
		ledger_error_at(p, kt->raw, "'%s' is not a treaty action; only sign, ratify, ... go in a treaty block",
			 k->name);
		return;
	}
	ev.kind = (enum chancery_event_kind)kind;
	ev.date = *date;
	ev.treaty = treaty;
	ev.loc = ledger_here(p);

	for (slots = k->args; *slots; slots++) {
		const struct token *t = i < p->ntok ? &p->tok[i] : NULL;
		const char **slot;
		if (!t || t->type != T_WORD) {
			if (*slots == ARG_OPT_ACTOR)
				continue;
			ledger_error_at(p, t ? t->raw : p->line_end, "'%s' needs %s", k->name,
				 kind_args_help(k));
			return;
		}
		slot = *slots == ARG_PERSON ? &ev.person
		       : *slots == ARG_TARGET ? &ev.target
					      : &ev.actor;
		if (!(*slot = ledger_read_id(p, t->val, t->val_len, t->raw,
				      *slots == ARG_PERSON ? "a person" : "a party")))
			return;
		i++;
	}
	for (; i < p->ntok; i++) {
		const struct token *t = &p->tok[i];
		const struct field *f;
		if (t->type == T_WORD) {
			ledger_error_at(p, t->raw, "unexpected '%.*s': '%s' takes %s",
				 (int)(t->val_len > 40 ? 40 : t->val_len), t->val, k->name,
				 kind_args_help(k));
			return;
		}
		if (t->type == T_STRING) {
			if (!k->text) {
				ledger_error_at(p, t->raw, "'%s' takes no text; put it in note=\"...\"",
					 k->name);
				failed = 1;
			} else if (ev.text) {
				ledger_error_at(p, t->raw, "a second text for '%s'", k->name);
				failed = 1;
			} else {
				ev.text = arena_strndup(&p->r->arena, t->val, t->val_len);
			}
			continue;
		}
		f = event_field(t->key, t->key_len);
		if (!f || !kind_allows(k, f->key)) {
			struct strbuf keys = STRBUF_INIT;
			for (const char *c = k->keys; *c; c++) /* "a b" -> "a, b" */
				if (*c == ' ')
					strbuf_addstr(&keys, ", ");
				else
					strbuf_addch(&keys, *c);
			ledger_error_at(p, t->raw, "'%s' has no attribute '%.*s'; it takes %s%sid, source, note",
				 k->name, (int)(t->key_len > 40 ? 40 : t->key_len), t->key, keys.buf,
				 *k->keys ? ", " : "");
			strbuf_release(&keys);
			failed = 1;
			continue;
		}
		if (seen & (1u << (f - event_fields))) {
			ledger_error_at(p, t->raw, "'%s' given twice", f->key);
			failed = 1;
			continue;
		}
		seen |= 1u << (f - event_fields);
		if (ledger_set_field(p, f, &ev, t) < 0)
			failed = 1;
	}
	if (failed)
		return;
	if (ev.id) {
		const struct token *idt = NULL;
		for (size_t j = 2; j < p->ntok; j++)
			if (p->tok[j].type == T_ATTR && p->tok[j].key_len == 2 &&
			    !memcmp(p->tok[j].key, "id", 2))
				idt = &p->tok[j];
		if (claim_id(p, ev.id, CHANCERY_ENT_EVENT, p->r->n_events, idt ? idt->raw : NULL) < 0)
			return;
	}
	ALLOC_GROW(p->r->events, p->r->n_events + 1, p->r->alloc_events);
	p->r->events[p->r->n_events++] = ev;
	registry_unfinish(p->r);
}

static void parse_office(struct parser *p, struct chancery_person *person)
{
	struct chancery_office office = { 0 };
	struct chancery_office *v;
	if (p->ntok < 2 || p->tok[1].type != T_STRING || !p->tok[1].val_len) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected the office's title in double quotes");
		return;
	}
	office.title = arena_strndup(&p->r->arena, p->tok[1].val, p->tok[1].val_len);
	if (ledger_read_attrs(p, 2, office_fields, &office, "an office") < 0)
		return;
	if (!office.of) {
		ledger_error_at(p, p->tok[1].raw, "the office needs of=PARTY");
		return;
	}
	v = arena_alloc(&p->r->arena, (person->n_offices + 1) * sizeof(*v));
	if (person->n_offices)
		memcpy(v, person->offices, person->n_offices * sizeof(*v));
	v[person->n_offices++] = office;
	person->offices = v;
}

/* by=all (or with=all) is the default, all parties: no list. */
static void all_is_none(struct chancery_ids *ids)
{
	if (ids->n == 1 && !strcmp(ids->v[0], "all"))
		ids->n = 0;
}

/* "  covers FACTS [by=..] [with=..] [type=..] [members=..] from=D to=D"
 * (docs/coverage.md): what the source lists completely. */
static void parse_covers(struct parser *p, struct chancery_source *source)
{
	struct chancery_coverage c = { 0 };
	struct chancery_coverage *v;
	const struct token *w = p->ntok >= 2 ? &p->tok[1] : NULL;
	if (!w || w->type != T_WORD) {
		ledger_error_at(p, w ? w->raw : p->line_end,
				"expected the kinds of fact covered (recognition, relations, missions,"
				" envoys, membership; comma-separated)");
		return;
	}
	for (size_t i = 0; i < w->val_len;) {
		size_t j = i;
		int k;
		while (j < w->val_len && w->val[j] != ',')
			j++;
		if ((k = word_index(fact_kind_names, w->val + i, j - i)) < 0) {
			struct strbuf list = STRBUF_INIT;
			word_list_join(fact_kind_names, &list);
			ledger_error_at(p, w->raw + (w->val - w->raw) + i,
					"expected a kind of fact (%s), not '%.*s'", list.buf, (int)(j - i),
					w->val + i);
			strbuf_release(&list);
			return;
		}
		c.facts |= 1u << k;
		i = j + 1;
	}
	if (ledger_read_attrs(p, 2, coverage_fields, &c, "a covers line") < 0)
		return;
	all_is_none(&c.by);
	all_is_none(&c.with);
	c.loc = ledger_here(p);
	if (!c.from.form || !c.to.form) {
		ledger_error_at(p, w->raw, "a covers line needs from=DATE and to=DATE: the period the"
					    " source lists completely");
		return;
	}
	if (c.mission_type && c.facts != CHANCERY_FACT_MISSIONS) {
		ledger_error_at(p, attr_pos(p, "type"),
				"type= limits a covers line of missions alone; write the other kinds"
				" on a line of their own");
		return;
	}
	v = arena_alloc(&p->r->arena, (source->n_covers + 1) * sizeof(*v));
	if (source->n_covers)
		memcpy(v, source->covers, source->n_covers * sizeof(*v));
	v[source->n_covers++] = c;
	source->covers = v;
}

static void parse_force(struct parser *p, struct chancery_treaty *t)
{
	size_t i = 1;
	if (t->force != CHANCERY_FORCE_UNKNOWN) {
		ledger_error_at(p, p->tok[0].raw, "treaty '%s' has a force rule already", t->id);
		return;
	}
	if (i < p->ntok && p->tok[i].type == T_WORD) {
		const struct token *w = &p->tok[i++];
		int rule = word_index(force_rule_names, w->val, w->val_len);
		if (rule <= 0 || rule == CHANCERY_FORCE_DATE) {
			ledger_error_at(p, w->raw,
				 "unknown rule '%.*s'; expected on-signature, last-ratification, exchange, nth-ratification or date=DATE",
				 (int)(w->val_len > 40 ? 40 : w->val_len), w->val);
			return;
		}
		t->force = (enum chancery_force_rule)rule;
	}
	for (; i < p->ntok; i++) {
		const struct token *a = &p->tok[i];
		if (a->type != T_ATTR) {
			ledger_error_at(p, a->raw, "unexpected %s; expected after=, n= or date=",
				 a->type == T_STRING ? "string" : "word");
			return;
		}
		if (a->key_len == 5 && !memcmp(a->key, "after", 5)) {
			if (ledger_read_duration(p, a->val, a->val_len, a->raw_val, &t->force_after) < 0)
				return;
		} else if (a->key_len == 1 && a->key[0] == 'n') {
			long n = 0;
			for (size_t j = 0; j < a->val_len && n < 100000; j++)
				n = isdigit((unsigned char)a->val[j]) ? n * 10 + (a->val[j] - '0')
								      : -1000000;
			if (n < 1 || n > 9999) {
				ledger_error_at(p, a->raw_val, "expected n=1 to n=9999");
				return;
			}
			t->force_n = (int32_t)n;
		} else if (a->key_len == 4 && !memcmp(a->key, "date", 4)) {
			if (t->force != CHANCERY_FORCE_UNKNOWN) {
				ledger_error_at(p, a->raw, "date= is a rule of its own; drop the rule word");
				return;
			}
			if (ledger_read_date(p, a->val, a->val_len, a->raw_val, &t->force_date) < 0)
				return;
			t->force = CHANCERY_FORCE_DATE;
		} else {
			ledger_error_at(p, a->raw, "unknown attribute '%.*s' for force; expected after, n or date",
				 (int)(a->key_len > 40 ? 40 : a->key_len), a->key);
			return;
		}
	}
	if (t->force == CHANCERY_FORCE_UNKNOWN)
		ledger_error_at(p, p->line_end, "expected a rule after 'force'");
	else if (t->force == CHANCERY_FORCE_NTH_RATIFICATION && !t->force_n)
		ledger_error_at(p, p->line_end, "nth-ratification needs n=N");
	else if (t->force != CHANCERY_FORCE_NTH_RATIFICATION && t->force_n)
		ledger_error_at(p, p->tok[1].raw, "n= goes only with nth-ratification");
	else if ((t->force == CHANCERY_FORCE_DATE || t->force == CHANCERY_FORCE_ON_SIGNATURE) &&
		 t->force_after.n)
		ledger_error_at(p, p->tok[1].raw, "after= goes with last-ratification, exchange or nth-ratification");
}

static void parse_term(struct parser *p, struct chancery_treaty *t)
{
	size_t i = 1;
	if (t->term.n || t->term_indefinite || t->renew.n || t->notice.n || t->extend.n) {
		ledger_error_at(p, p->tok[0].raw, "treaty '%s' has a term line already", t->id);
		return;
	}
	if (i < p->ntok && p->tok[i].type == T_WORD) {
		const struct token *w = &p->tok[i++];
		if (w->val_len == 10 && !memcmp(w->val, "indefinite", 10))
			t->term_indefinite = 1;
		else if (ledger_read_duration(p, w->val, w->val_len, w->raw, &t->term) < 0)
			return;
	}
	for (; i < p->ntok; i++) {
		const struct token *a = &p->tok[i];
		struct chancery_duration *d;
		if (a->type != T_ATTR) {
			ledger_error_at(p, a->raw, "unexpected %s; expected renew=, extend= or notice=",
				 a->type == T_STRING ? "string" : "word");
			return;
		}
		if (a->key_len == 5 && !memcmp(a->key, "renew", 5))
			d = &t->renew;
		else if (a->key_len == 6 && !memcmp(a->key, "extend", 6))
			d = &t->extend;
		else if (a->key_len == 6 && !memcmp(a->key, "notice", 6))
			d = &t->notice;
		else {
			ledger_error_at(p, a->raw, "unknown attribute '%.*s' for term; expected renew, extend or notice",
				 (int)(a->key_len > 40 ? 40 : a->key_len), a->key);
			return;
		}
		if (d->n) {
			ledger_error_at(p, a->raw, "'%.*s' given twice", (int)a->key_len, a->key);
			return;
		}
		if (ledger_read_duration(p, a->val, a->val_len, a->raw_val, d) < 0)
			return;
	}
	if (!t->term.n && !t->term_indefinite && !t->notice.n)
		ledger_error_at(p, p->line_end, "expected a duration (49y), 'indefinite' or notice= after 'term'");
	else if (t->renew.n && !t->term.n)
		ledger_error_at(p, p->tok[1].raw, "renew= needs a term to renew");
	else if (t->extend.n && !t->term.n)
		ledger_error_at(p, p->tok[1].raw, "extend= needs a term to extend");
	else if (t->extend.n && t->renew.n)
		ledger_error_at(p, p->tok[1].raw,
			 "renew= (automatic) and extend= (by agreement) exclude each other");
}

static void parse_provision(struct parser *p, struct chancery_treaty *t)
{
	struct chancery_provision prov = { 0 };
	struct chancery_provision *v;
	const char *from_pos = NULL;
	size_t i, kept;
	if (p->ntok < 2 || p->tok[1].type != T_STRING || !p->tok[1].val_len) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected the provision's text in double quotes");
		return;
	}
	prov.text = arena_strndup(&p->r->arena, p->tok[1].val, p->tok[1].val_len);
	/* from=force is not a date: take it out, then read the rest as usual. */
	for (i = 2, kept = 2; i < p->ntok; i++) {
		const struct token *a = &p->tok[i];
		if (a->type == T_ATTR && a->key_len == 4 && !memcmp(a->key, "from", 4) &&
		    a->val_len == 5 && !memcmp(a->val, "force", 5)) {
			if (prov.from_force) {
				ledger_error_at(p, a->raw, "'from' given twice");
				return;
			}
			prov.from_force = 1;
			from_pos = a->raw;
			continue;
		}
		p->tok[kept++] = *a;
	}
	p->ntok = kept;
	if (ledger_read_attrs(p, 2, provision_fields, &prov, "a provision") < 0)
		return;
	if (prov.from_force && prov.from.form) {
		ledger_error_at(p, from_pos, "'from' given twice");
		return;
	}
	v = arena_alloc(&p->r->arena, (t->n_provisions + 1) * sizeof(*v));
	if (t->n_provisions)
		memcpy(v, t->provisions, t->n_provisions * sizeof(*v));
	v[t->n_provisions++] = prov;
	t->provisions = v;
}

static void parse_treaty_note(struct parser *p, struct chancery_treaty *t)
{
	if (p->ntok != 2 || p->tok[1].type != T_STRING || !p->tok[1].val_len) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected one string after 'note'");
		return;
	}
	if (t->note) {
		ledger_error_at(p, p->tok[0].raw, "treaty '%s' has a note already", t->id);
		return;
	}
	t->note = arena_strndup(&p->r->arena, p->tok[1].val, p->tok[1].val_len);
}

int ledger_word_is(const struct token *t, const char *w)
{
	return t->type == T_WORD && t->val_len && t->val[0] == w[0] && !strncmp(t->val, w, t->val_len) &&
	       !w[t->val_len];
}

/* Does the first token look like it meant to be a date? */
int ledger_looks_like_date(const struct token *t)
{
	return t->type == T_WORD && t->val_len &&
	       (isdigit((unsigned char)t->val[0]) || t->val[0] == '.' || t->val[0] == '/' ||
		ledger_word_is(t, "undated") || (t->val_len >= 4 && t->val[0] == 'X'));
}

void ledger_parse_block_line(struct parser *p)
{
	const struct token *t0 = &p->tok[0];
	if (p->block == BLOCK_SKIP)
		return;
	if (p->block == BLOCK_PERSON) {
		if (ledger_word_is(t0, "office"))
			parse_office(p, &p->r->persons[p->block_index]);
		else
			ledger_error_at(p, t0->raw, "expected 'office' in a person block");
		return;
	}
	if (p->block == BLOCK_SOURCE) {
		if (ledger_word_is(t0, "covers"))
			parse_covers(p, &p->r->sources[p->block_index]);
		else
			ledger_error_at(p, t0->raw, "expected 'covers' in a source block");
		return;
	}
	if (p->block == BLOCK_TREATY) {
		struct chancery_treaty *t = &p->r->treaties[p->block_index];
		struct chancery_date date;
		if (ledger_word_is(t0, "force"))
			parse_force(p, t);
		else if (ledger_word_is(t0, "term"))
			parse_term(p, t);
		else if (ledger_word_is(t0, "provision"))
			parse_provision(p, t);
		else if (ledger_word_is(t0, "note"))
			parse_treaty_note(p, t);
		else if (ledger_looks_like_date(t0)) {
			if (ledger_read_date(p, t0->val, t0->val_len, t0->raw, &date) == 0)
				ledger_parse_event(p, &date, t->id);
		} else
			ledger_error_at(p, t0->raw,
				 "expected force, term, provision, note or a dated action in a treaty block");
		return;
	}
	ledger_error_at(p, t0->raw, "indented line outside a person, source or treaty block");
}

/* ---- amend ---- */

static int same_date(const struct chancery_date *a, const struct chancery_date *b)
{
	return !chancery_date_cmp(a, b);
}

/* Copy the fields `from` sets into `to`, an entity of the same type: a
 * field `to` lacks takes the value; a list gains the ids it lacks; a
 * field set to another value is an error (amend adds, it does not
 * change: a correction is a new version of the definition). */
static int amend_fields(struct parser *p, const struct field *fields, void *to, const void *from,
			const char *what, const char *id, struct chancery_loc first)
{
	int ret = 0;
	for (const struct field *f = fields; f->key; f++) {
		char *at = (char *)to + f->offset;
		const char *src = (const char *)from + f->offset;
		const char *pos = attr_pos(p, f->key);
		int differs = 0;
		switch ((enum field_type)f->type) {
		case FT_PARTIES:
		case FT_PERSONS:
		case FT_SOURCES: {
			struct chancery_ids *dst = (struct chancery_ids *)at;
			const struct chancery_ids *add = (const struct chancery_ids *)src;
			const char **v;
			uint32_t n = dst->n;
			if (!add->n)
				continue;
			v = arena_alloc(&p->r->arena, (dst->n + add->n) * sizeof(*v));
			if (dst->n)
				memcpy(v, dst->v, dst->n * sizeof(*v));
			for (uint32_t i = 0; i < add->n; i++) {
				uint32_t k = 0;
				while (k < n && v[k] != add->v[i]) /* ids are interned */
					k++;
				if (k == n)
					v[n++] = add->v[i];
			}
			dst->v = v;
			dst->n = n;
			continue;
		}
		case FT_DATE: {
			struct chancery_date *d = (struct chancery_date *)at;
			const struct chancery_date *x = (const struct chancery_date *)src;
			if (!x->form)
				continue;
			if (!d->form)
				*d = *x;
			else
				differs = !same_date(d, x);
			break;
		}
		case FT_INT:
		case FT_PARTY_KIND: {
			int *d = (int *)at;
			const int *x = (const int *)src;
			if (!*x)
				continue;
			if (!*d)
				*d = *x;
			else
				differs = *d != *x;
			break;
		}
		default: {
			const char **d = (const char **)at;
			const char *const *x = (const char *const *)src;
			if (!*x)
				continue;
			if (!*d)
				*d = *x;
			else
				differs = strcmp(*d, *x) != 0;
			break;
		}
		}
		if (differs) {
			ledger_error_at(p, pos,
				 "'%s' of %s '%s' is set already (%s:%u); amend adds to an entity, "
				 "it does not change what is set",
				 f->key, what, id, first.file ? first.file : "the store", first.line);
			ret = -1;
		}
	}
	return ret;
}

/* amend ID attrs... (then, for a person or a treaty, its indented block
 * lines): add attributes, offices or treaty lines to an entity defined
 * earlier in what is parsed, in this file or another. */
void ledger_parse_amend(struct parser *p)
{
	const char *id;
	size_t index;
	enum chancery_entity ent;
	if (p->ntok < 2 || p->tok[1].type != T_WORD) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected the id of a party, person, source or treaty after 'amend'");
		return;
	}
	if (!(id = ledger_read_id(p, p->tok[1].val, p->tok[1].val_len, p->tok[1].raw, "an")))
		return;
	ent = chancery_registry_lookup(p->r, id, &index);
	switch (ent) {
	case CHANCERY_ENT_PARTY: {
		struct chancery_party add = { 0 }, *x = &p->r->parties[index];
		if (ledger_read_attrs(p, 2, party_fields, &add, "a party") < 0)
			return;
		if (add.article && strcmp(add.article, "the") && strcmp(add.article, "none")) {
			ledger_error_at(p, attr_pos(p, "article"),
				 "expected article=the or article=none, not '%s'", add.article);
			return;
		}
		/* Existence dates are refined as sources are found (a state
		 * bundled as "existed by its COW entry" gets its day of
		 * independence): amend sets them, the one change it allows;
		 * the store keeps the version before. */
		if (add.from.form) {
			x->from = add.from;
			add.from.form = CHANCERY_DATE_NONE;
		}
		if (add.to.form) {
			x->to = add.to;
			add.to.form = CHANCERY_DATE_NONE;
		}
		amend_fields(p, party_fields, x, &add, "party", id, x->loc);
		break;
	}
	case CHANCERY_ENT_PERSON: {
		struct chancery_person add = { 0 }, *x = &p->r->persons[index];
		if (ledger_read_attrs(p, 2, person_fields, &add, "a person") < 0)
			return;
		if (!amend_fields(p, person_fields, x, &add, "person", id, x->loc)) {
			p->block = BLOCK_PERSON;
			p->block_index = index;
		}
		break;
	}
	case CHANCERY_ENT_SOURCE: {
		struct chancery_source add = { 0 }, *x = &p->r->sources[index];
		if (ledger_read_attrs(p, 2, source_fields, &add, "a source") < 0)
			return;
		if (!amend_fields(p, source_fields, x, &add, "source", id, x->loc)) {
			p->block = BLOCK_SOURCE;
			p->block_index = index;
		}
		break;
	}
	case CHANCERY_ENT_TREATY: {
		struct chancery_treaty add = { 0 }, *x = &p->r->treaties[index];
		if (ledger_read_attrs(p, 2, treaty_fields, &add, "a treaty") < 0)
			return;
		if (!amend_fields(p, treaty_fields, x, &add, "treaty", id, x->loc)) {
			p->block = BLOCK_TREATY;
			p->block_index = index;
		}
		break;
	}
	case CHANCERY_ENT_EVENT:
		ledger_error_at(p, p->tok[1].raw,
			 "'%s' is an event: correct it with a new version of its line, same id", id);
		return;
	default:
		ledger_error_at(p, p->tok[1].raw,
			 "nothing has the id '%s' before this line; amend adds to a party, person, "
			 "source or treaty defined earlier (include its file first)",
			 id);
		return;
	}
	registry_unfinish(p->r);
}
