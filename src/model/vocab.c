/* vocab.c: the tables behind vocab.h. Adding an event kind means adding a
 * row here and an enum value in chancery.h; the parser, writer and store
 * follow. */
#include "model/vocab.h"

#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

#define P(f) offsetof(struct chancery_party, f)
const struct field party_fields[] = {
	{ "short", FT_TEXT, P(short_name) },
	{ "adjective", FT_TEXT, P(adjective) },
	{ "kind", FT_PARTY_KIND, P(kind) },
	{ "iso", FT_TEXT, P(iso2) },
	{ "iso3", FT_TEXT, P(iso3) },
	{ "cow", FT_INT, P(cow) },
	{ "wikidata", FT_TEXT, P(wikidata) },
	{ "of", FT_PARTY, P(of) },
	{ "from", FT_DATE, P(from) },
	{ "to", FT_DATE, P(to) },
	{ "source", FT_SOURCES, P(sources) },
	{ "note", FT_TEXT, P(note) },
	/* grammar for prose (issue 8): "the" or "none" before the name */
	{ "article", FT_TEXT, P(article) },
	/* the world (issue 12) */
	{ "gw", FT_INT, P(gw) },
	{ "isonum", FT_TEXT, P(isonum) },
	{ NULL, 0, 0 },
};
#undef P

#define H(f) offsetof(struct chancery_person, f)
const struct field person_fields[] = {
	{ "wikidata", FT_TEXT, H(wikidata) },
	{ "source", FT_SOURCES, H(sources) },
	{ "note", FT_TEXT, H(note) },
	{ NULL, 0, 0 },
};
#undef H

#define O(f) offsetof(struct chancery_office, f)
const struct field office_fields[] = {
	{ "of", FT_PARTY, O(of) },
	{ "from", FT_DATE, O(from) },
	{ "to", FT_DATE, O(to) },
	{ "source", FT_SOURCES, O(sources) },
	{ NULL, 0, 0 },
};
#undef O

#define S(f) offsetof(struct chancery_source, f)
const struct field source_fields[] = {
	{ "publisher", FT_TEXT, S(publisher) },
	{ "url", FT_TEXT, S(url) },
	{ "date", FT_DATE, S(date) },
	{ "accessed", FT_DATE, S(accessed) },
	{ "note", FT_TEXT, S(note) },
	{ NULL, 0, 0 },
};
#undef S

#define C(f) offsetof(struct chancery_coverage, f)
const struct field coverage_fields[] = {
	{ "by", FT_PARTIES, C(by) },
	{ "with", FT_PARTIES, C(with) },
	{ "type", FT_MISSION, C(mission_type) },
	{ "members", FT_SYSTEM, C(members) },
	{ "from", FT_DATE, C(from) },
	{ "to", FT_DATE, C(to) },
	{ "note", FT_TEXT, C(note) },
	{ NULL, 0, 0 },
};
#undef C

const char *const fact_kind_names[] = { "recognition", "relations", "missions", "envoys",
					"membership", NULL };

#define T(f) offsetof(struct chancery_treaty, f)
const struct field treaty_fields[] = {
	{ "parties", FT_PARTIES, T(parties) },
	{ "source", FT_SOURCES, T(sources) },
	{ "note", FT_TEXT, T(note) },
	/* issue 17: written on the treaty's first line, after source= */
	{ "type", FT_TEXT, T(type) },
	{ "place", FT_TEXT, T(place) },
	{ "depositary", FT_TEXT, T(depositary) },
	{ NULL, 0, 0 },
};
#undef T

#define V(f) offsetof(struct chancery_provision, f)
const struct field provision_fields[] = {
	{ "party", FT_PARTY, V(party) },
	{ "from", FT_DATE, V(from) },
	{ NULL, 0, 0 },
};
#undef V

#define E(f) offsetof(struct chancery_event, f)
const struct field event_fields[] = {
	{ "id", FT_ID, E(id) },
	{ "from", FT_PARTY, E(from_party) },
	{ "instrument", FT_TEXT, E(instrument) },
	{ "by", FT_PERSON, E(by) },
	{ "level", FT_LEVEL, E(level) },
	{ "type", FT_MISSION, E(mission_type) },
	{ "city", FT_TEXT, E(city) },
	{ "rank", FT_TEXT, E(rank) },
	{ "to", FT_PERSON, E(to) },
	{ "addressee", FT_PERSON, E(to) },
	{ "about", FT_EVENT, E(about) },
	{ "stance", FT_STANCE, E(stance) },
	{ "subject", FT_PARTIES, E(subject) },
	{ "place", FT_TEXT, E(place) },
	{ "persons", FT_PERSONS, E(persons) },
	{ "effect", FT_DATE, E(effect) },
	{ "source", FT_SOURCES, E(sources) },
	{ "note", FT_TEXT, E(note) },
	/* the world (issue 12) */
	{ "system", FT_SYSTEM, E(system) },
	{ NULL, 0, 0 },
};
#undef E

const struct field *fields_find(const struct field *fields, const char *key, size_t len)
{
	/* The first character rules out most keys before any strlen: this
	 * runs for every attribute of every line. */
	for (const struct field *f = fields; f->key; f++)
		if (len && f->key[0] == key[0] && !strncmp(f->key, key, len) && !f->key[len])
			return f;
	return NULL;
}

const struct field *event_field(const char *key, size_t len)
{
	return fields_find(event_fields, key, len);
}

const struct kind_info kinds[CHANCERY_EV__COUNT] = {
	[CHANCERY_EV_DECLARE_INDEPENDENCE] = { "declare-independence", "P", "from", "acts", 0, 0 },
	[CHANCERY_EV_RECOGNISE] = { "recognise", "PQ", "instrument by", "recognition", 0, 0 },
	[CHANCERY_EV_WITHDRAW_RECOGNITION] = { "withdraw-recognition", "PQ", "instrument by",
					       "recognition", 0, 0 },
	[CHANCERY_EV_MOTION] = { "motion", "P", "subject addressee", "acts", 1, 0 },
	[CHANCERY_EV_DECREE] = { "decree", "P", "by subject", "acts", 1, 0 },
	[CHANCERY_EV_DECLARE] = { "declare", "P", "by subject", "acts", 1, 0 },
	[CHANCERY_EV_ESTABLISH_RELATIONS] = { "establish-relations", "PQ",
					      "level instrument place persons", "relations", 0, 0 },
	[CHANCERY_EV_CHANGE_RELATIONS] = { "change-relations", "PQ", "level instrument",
					   "relations", 0, 0 },
	[CHANCERY_EV_SUSPEND_RELATIONS] = { "suspend-relations", "PQ", "instrument by", "relations",
					    0, 0 },
	[CHANCERY_EV_SEVER_RELATIONS] = { "sever-relations", "PQ", "instrument by", "relations", 0,
					  0 },
	[CHANCERY_EV_RESTORE_RELATIONS] = { "restore-relations", "PQ",
					    "level instrument place persons", "relations", 0, 0 },
	[CHANCERY_EV_ANNOUNCE_MISSION] = { "announce-mission", "PQ", "type city by instrument",
					   "missions", 0, 0 },
	[CHANCERY_EV_OPEN_MISSION] = { "open-mission", "PQ", "type city", "missions", 0, 0 },
	[CHANCERY_EV_CLOSE_MISSION] = { "close-mission", "PQ", "type city", "missions", 0, 0 },
	[CHANCERY_EV_APPOINT_ENVOY] = { "appoint-envoy", "HPQ", "rank by instrument", "envoys", 0,
					0 },
	[CHANCERY_EV_PRESENT_CREDENTIALS] = { "present-credentials", "HPQ", "to place", "envoys", 0,
					      0 },
	[CHANCERY_EV_END_ENVOY] = { "end-envoy", "HPQ", "instrument", "envoys", 0, 0 },
	[CHANCERY_EV_REACT] = { "react", "P", "about stance by", "statements", 1, 0 },
	[CHANCERY_EV_ARMED_CONFLICT] = { "armed-conflict", "PQ", "place", "acts", 1, 0 },
	/* contested and switched recognition, membership (docs/ledger.md) */
	[CHANCERY_EV_DENY_RECOGNITION] = { "deny-recognition", "PQ", "instrument by", "recognition",
					   0, 0 },
	[CHANCERY_EV_REAFFIRM_RECOGNITION] = { "reaffirm-recognition", "PQ", "instrument by",
					       "recognition", 0, 0 },
	[CHANCERY_EV_SWITCH_RECOGNITION] = { "switch-recognition", "PQ", "from instrument by",
					     "recognition", 0, 0 },
	[CHANCERY_EV_JOIN_ORGANISATION] = { "join-organisation", "PQ", "instrument", "membership", 0,
					    0 },
	[CHANCERY_EV_LEAVE_ORGANISATION] = { "leave-organisation", "PQ", "instrument", "membership",
					     0, 0 },
	[CHANCERY_EV_RATIFY_STEP] = { "ratify-step", "P", "by instrument", "treaty", 1, 1 },
	[CHANCERY_EV_EXTEND] = { "extend", "", "instrument", "treaty", 0, 1 },
	/* the world (issue 12) */
	[CHANCERY_EV_ENTER_SYSTEM] = { "enter-system", "P", "system", "system", 0, 0 },
	[CHANCERY_EV_EXIT_SYSTEM] = { "exit-system", "P", "system", "system", 0, 0 },
	[CHANCERY_EV_SIGN] = { "sign", "p", "place persons", "treaty", 0, 1 },
	[CHANCERY_EV_RATIFY] = { "ratify", "P", "instrument", "treaty", 0, 1 },
	[CHANCERY_EV_ACCEDE] = { "accede", "P", "instrument", "treaty", 0, 1 },
	[CHANCERY_EV_APPROVE] = { "approve", "P", "instrument", "treaty", 0, 1 },
	[CHANCERY_EV_ACCEPT] = { "accept", "P", "instrument", "treaty", 0, 1 },
	[CHANCERY_EV_NOTIFY] = { "notify", "P", "instrument", "treaty", 0, 1 },
	[CHANCERY_EV_EXCHANGE] = { "exchange", "", "place", "treaty", 0, 1 },
	[CHANCERY_EV_APPLY_PROVISIONALLY] = { "apply-provisionally", "p", "", "treaty", 0, 1 },
	[CHANCERY_EV_ENTER_INTO_FORCE] = { "enter-into-force", "p", "", "treaty", 0, 1 },
	[CHANCERY_EV_SUSPEND] = { "suspend", "p", "", "treaty", 0, 1 },
	[CHANCERY_EV_DENOUNCE] = { "denounce", "P", "effect instrument", "treaty", 0, 1 },
	[CHANCERY_EV_TERMINATE] = { "terminate", "", "", "treaty", 0, 1 },
};

int kind_allows(const struct kind_info *k, const char *key)
{
	size_t len = strlen(key);
	const char *p = k->keys;
	/* the first byte rules out most: this runs for every attribute read
	 * and written */
	if ((key[0] == 'i' && !strcmp(key, "id")) || (key[0] == 's' && !strcmp(key, "source")) ||
	    (key[0] == 'n' && !strcmp(key, "note")))
		return 1;
	for (;;) {
		const char *q;
		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		for (q = p; *q && *q != ' '; q++)
			;
		if ((size_t)(q - p) == len && *p == *key && !memcmp(p, key, len))
			return 1;
		p = q;
	}
}

const char *kind_args_help(const struct kind_info *k)
{
	if (!strcmp(k->args, "PQ"))
		return "PARTY PARTY";
	if (!strcmp(k->args, "HPQ"))
		return "PERSON SENDER RECEIVER";
	if (!strcmp(k->args, "P"))
		return "PARTY";
	if (!strcmp(k->args, "p"))
		return "[PARTY]";
	return "no argument";
}

const char *chancery_event_kind_name(enum chancery_event_kind k)
{
	return (unsigned)k < CHANCERY_EV__COUNT ? kinds[k].name : NULL;
}

int chancery_event_kind_from_name(const char *s)
{
	for (int i = 0; i < CHANCERY_EV__COUNT; i++)
		if (kinds[i].name[0] == s[0] && !strcmp(kinds[i].name, s))
			return i;
	return -1;
}

int chancery_event_kind_is_treaty_action(enum chancery_event_kind k)
{
	return (unsigned)k < CHANCERY_EV__COUNT && kinds[k].treaty;
}

const char *const party_kind_names[] = {
	[CHANCERY_PARTY_STATE] = "state",
	[CHANCERY_PARTY_PARTIALLY_RECOGNISED] = "partially-recognised",
	[CHANCERY_PARTY_ORGANISATION] = "organisation",
	[CHANCERY_PARTY_GROUP] = "group",
	[CHANCERY_PARTY_ORGAN] = "organ",
	[CHANCERY_PARTY_TERRITORY] = "territory",
	NULL,
};

const char *const relation_levels[] = {
	"embassy",	     "legation",	  "consulate", "charge-d-affaires",
	"interests-section", "liaison-office", NULL,
};

const char *const mission_types[] = {
	"embassy",
	"high-commission",
	"legation",
	"consulate-general",
	"consulate",
	"trade-mission",
	"representative-office",
	"interests-section",
	"permanent-mission",
	NULL,
};

const char *const stances[] = {
	"condemn", "call-to-rescind", "concern", "support", "welcome", "note", NULL,
};

/* The state systems of enter-system and exit-system (issue 12). */
const char *const state_systems[] = { "cow", "gw", NULL };

const char *const force_rule_names[] = {
	[CHANCERY_FORCE_UNKNOWN] = "unknown",
	[CHANCERY_FORCE_ON_SIGNATURE] = "on-signature",
	[CHANCERY_FORCE_LAST_RATIFICATION] = "last-ratification",
	[CHANCERY_FORCE_EXCHANGE] = "exchange",
	[CHANCERY_FORCE_NTH_RATIFICATION] = "nth-ratification",
	[CHANCERY_FORCE_DATE] = "date",
	NULL,
};

int word_index(const char *const *list, const char *word, size_t len)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], word, len))
			return i;
	return -1;
}

void word_list_join(const char *const *list, struct strbuf *out)
{
	for (int i = 0; list[i]; i++) {
		if (i)
			strbuf_addstr(out, list[i + 1] ? ", " : " or ");
		strbuf_addstr(out, list[i]);
	}
}

/* ---- assertions (docs/ledger.md, "assert") ---- */

/* "not-recorded": nothing of the chain by the day, and no source that
 * covers it (docs/coverage.md); "no" and "none" need a fact or one */
static const char *const recognition_states[] = { "yes",       "no",	       "withdrawn",
						  "denied",    "uncertain",    "not-recorded",
						  NULL };
static const char *const relations_states[] = { "none",	     "established", "suspended",
						"severed",   "uncertain",   "not-recorded",
						NULL };
static const char *const mission_states[] = { "none",	 "announced", "open",	      "closed",
					      "uncertain", "not-recorded", NULL };
static const char *const envoy_states[] = { "none",	 "appointed", "in-post",      "ended",
					    "uncertain", "not-recorded", NULL };
/* "proposed" is the first state's old name, still read */
static const char *const treaty_states[] = { "not-signed", "signed", "ratified-by-some",
					     "ratified-by-all", "provisionally-applied", "in-force",
					     "suspended", "denounced", "terminated", "expired",
					     "uncertain", "proposed", NULL };
static const char *const count_states[] = { NULL };

const char *const *assertion_states(const char *what, int *n_args)
{
	static const struct {
		const char *what;
		int n_args;
		const char *const *states;
	} table[] = {
		{ "recognition", 2, recognition_states }, { "relations", 2, relations_states },
		{ "mission", 2, mission_states },	  { "envoy", 3, envoy_states },
		{ "recognitions", 1, count_states },	  { "treaty", 1, treaty_states },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(*table); i++)
		if (!strcmp(table[i].what, what)) {
			*n_args = table[i].n_args;
			return table[i].states;
		}
	return NULL;
}
