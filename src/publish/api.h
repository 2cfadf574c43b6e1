/* api.h: the answers to chancery's questions as JSON, one function each,
 * called both by the command line's --json and by the HTTP API, so that the
 * two print the same bytes for the same question. Selections that both the
 * text and the JSON forms need (which events, which treaties, what changed)
 * are here too. */
#ifndef PUBLISH_API_H
#define PUBLISH_API_H

#include <jansson.h>

#include "chancery.h"
#include "base/strbuf.h"
#include "publish/article.h"

/* ---- events ---- */

/* The filter of `chancery events` and GET /api/events. */
struct api_events_query {
	const char **parties; /* party ids (resolved); an event must involve each */
	size_t n_parties;
	const char **kinds; /* kind or category names; any one matches */
	size_t n_kinds;
	struct chancery_date from, to;
	int has_from, has_to;
};

/* Is k an event kind ("recognise") or a category ("recognition")? */
int api_kind_known(const char *k);

/* The indexes of the events q selects, in canonical order, into idx (room
 * for chancery_registry_event_count(r) entries); returns how many. */
size_t api_events_select(const chancery_registry *r, const struct api_events_query *q,
			 size_t *idx);
/* An array of the events idx[0..n). */
json_t *api_events_json(const chancery_registry *r, const size_t *idx, size_t n);

/* ---- parties and single facts ---- */

/* Every party, or only those of kind (an enum chancery_party_kind, -1 for
 * all). */
json_t *api_parties_json(const chancery_registry *r, int kind);

/* What `chancery show ID` shows: the entity with id arg, else the party
 * found by code or name; a treaty action gives its treaty. Sets *index. */
enum chancery_entity api_resolve_id(const chancery_registry *r, const char *arg, size_t *index);

/* Type-ahead: up to limit parties (of kind, -1 for all) whose id, ISO
 * codes, Wikidata id, name or short name match q, case-insensitively:
 * exact matches first, then prefixes, then words of the name that begin
 * with q, then any substring; ties by name. */
json_t *api_parties_search_json(const chancery_registry *r, const char *q, int kind, size_t limit);

/* The events naming party or person `index` (ent), into idx (room for
 * every event); returns how many. 0 for other entities. */
size_t api_show_events(const chancery_registry *r, enum chancery_entity ent, size_t index,
		       size_t *idx);
/* One entity with "entity" and, for a party or person, "events" (the ids
 * of idx[0..n); pass idx NULL for none). */
json_t *api_show_json(const chancery_registry *r, enum chancery_entity ent, size_t index,
		      const size_t *idx, size_t n);

/* ---- as of a day ---- */

/* When day is before party p existed, write "on DAY 'ID' did not exist
 * yet (from DATE)" into out and return 1; else 0. */
int api_existence_note(const struct chancery_party *p, int32_t day, struct strbuf *out);

/* The dyad's status in one sentence (summary.c): recognition each way and
 * relations, "not recorded" where nothing says more. */
void api_status_summary(const struct chancery_dyad_status *s, struct strbuf *out);

/* What the registry covers (chancery coverage, /api/coverage): every
 * covers line, or those that bear on party x (x may be NULL), with their
 * sources; for x, how many facts of each kind are on record about it. */
json_t *api_coverage_json(const chancery_registry *r, const struct chancery_party *x);
/* The same as text, a line each. */
void api_coverage_print(const chancery_registry *r, const struct chancery_party *x, FILE *out);

/* A covers line in words (docs/coverage.md): "recognition and relations,
 * by United States with Cuba, 1776 to 2023 (cuba.xml)". */
void api_coverage_text(const chancery_registry *r, const struct chancery_covered *c,
		       struct strbuf *out);

/* The status of a dyad with "known_on" (NULL for now) and the notes of
 * api_existence_note for both parties. */
json_t *api_status_json(const struct chancery_dyad_status *s, const char *known_on);

/* The United Nations, for recognitions "by un-members": the party with
 * Wikidata id Q1065, else the one found by "UN"; NULL when neither. */
const struct chancery_party *api_united_nations(const chancery_registry *r);

/* Who recognises x on day, each with its UN membership (when un is not
 * NULL), as `chancery recognitions` counts them; with members_only, only
 * those that may be members, a recognition by one whose membership is
 * uncertain counting as uncertain. */
struct api_recognizer {
	const struct chancery_recognizer *rec;
	enum chancery_tri recognises; /* CHANCERY_YES, _NO or _UNCERTAIN */
	enum chancery_tri member;     /* of the UN; UNCERTAIN without un */
	int unrecorded;               /* no membership of it on record */
};
struct api_recognitions {
	const struct chancery_party *x, *un;
	int32_t day;
	int members_only;
	struct chancery_recognizer *v; /* chancery_recognitions' answer */
	size_t n;
	struct api_recognizer *rows; /* those counted, in v's order */
	size_t n_rows;
	size_t yes, maybe, yes_members;
	/* What the answer rests on (docs/coverage.md): the sources the
	 * recognitions on record cite, and the covers lines of recognitions
	 * of x, which make a party not listed "no" rather than "not
	 * recorded". */
	const struct chancery_source **sources;
	size_t n_sources;
	struct chancery_covered *coverage;
	size_t n_coverage;
};
void api_recognitions_compute(const chancery_registry *r, const struct chancery_party *x,
			      const struct chancery_party *un, int32_t day, int members_only,
			      struct api_recognitions *out);
void api_recognitions_release(struct api_recognitions *a);
json_t *api_recognitions_json(const struct api_recognitions *a);
/* The count of x's recognitions at every change (by UN members only, or
 * by all). */
json_t *api_series_json(const struct chancery_party *x, int members_only,
			const struct chancery_series_point *v, size_t n);

/* The dyad's events of s (a status) that may fall between from and to
 * (either NULL for open), into idx (room for s->n_events), in the
 * reader's order (chancery_timeline_sort); returns how many. Undated
 * events are left out when a bound is given. */
size_t api_timeline_select(const chancery_registry *r, const struct chancery_dyad_status *s,
			   const struct chancery_date *from, const struct chancery_date *to,
			   size_t *idx);

/* One state that differs between two days. Folds: chain is "recognition",
 * "relations", "mission" or "envoy"; treaties: chain is NULL and the
 * treaty states are given. */
struct api_change {
	char *what; /* "AB recognises RU", "relations", "RU embassy in AB Sukhumi", ... */
	const char *chain;
	const struct chancery_fold *from, *to;
	const struct chancery_treaty *treaty;
	enum chancery_treaty_state treaty_from, treaty_to;
	uint8_t treaty_uncertain;
};
/* What changed from s1 to s2 (the same dyad on two days), in a new array
 * the caller frees with api_changes_free(). */
size_t api_diff(const struct chancery_dyad_status *s1, const struct chancery_dyad_status *s2,
		struct api_change **out);
void api_changes_free(struct api_change *v, size_t n);
json_t *api_diff_json(const struct chancery_dyad_status *s1, const struct chancery_dyad_status *s2);

/* Is treaty t one of a's (and b's)? a and b may be NULL. */
int api_treaty_selected(const chancery_registry *r, const struct chancery_treaty *t,
			const struct chancery_party *a, const struct chancery_party *b);
/* The treaty state named s ("in-force"; the old "proposed" is
 * "not-signed"), as the state's own name, or NULL for none. */
const char *api_treaty_state(const char *s);
/* Does treaty status s exist on its day? A treaty whose every action is
 * after the day does not exist yet (docs/queries.md, "Treaties"). */
int api_treaty_exists(const chancery_registry *r, size_t index,
		      const struct chancery_treaty_status *s);
/* One treaty's status with "acted" (`chancery treaty --json`). */
json_t *api_treaty_json(const struct chancery_treaty_status *s);
/* The treaties of a (and b) that exist on day, only those in state want
 * (NULL: all). */
json_t *api_treaties_json(const chancery_registry *r, const struct chancery_party *a,
			  const struct chancery_party *b, int32_t day, const char *want);

/* Every dyad's recognition and relations on day. */
json_t *api_dyads_json(const chancery_registry *r, int32_t day);

/* The article's structure, each sentence with its events and sources;
 * NULL when a text in it is not valid UTF-8 (jansson refuses it). */
json_t *api_article_json(const struct article *art);

#endif
