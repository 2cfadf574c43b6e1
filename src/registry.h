/* registry.h: the in-memory registry behind the opaque chancery_registry:
 * arrays of entities, an arena for their strings, and the indexes. The
 * parser fills it; chancery_registry_finish() gives events their ids,
 * sorts everything into canonical order and builds the indexes. */
#ifndef REGISTRY_H
#define REGISTRY_H

#include "arena.h"
#include "chancery.h"
#include "hashmap.h"

struct strbuf;

/* Indices of the actions of one treaty, in canonical order. */
struct index_list {
	uint32_t *v;
	uint32_t n, alloc;
};

/* An assertion line (docs/ledger.md, "assert"): a state the registry
 * must derive on a day. Checked by chancery_check; not stored. */
struct assertion {
	struct chancery_date date; /* one day */
	const char *what;          /* recognition, relations, mission, envoy, recognitions, treaty */
	const char *args[3];
	uint8_t n_args;
	const char *expected;      /* a state word, or a count for recognitions */
	const char *level, *type, *city;
	struct chancery_loc loc;
};

struct chancery_registry {
	struct arena arena;
	struct hashmap strings; /* interned strings (ids, file names) */

	struct chancery_party *parties;
	size_t n_parties, alloc_parties;
	struct chancery_person *persons;
	size_t n_persons, alloc_persons;
	struct chancery_source *sources;
	size_t n_sources, alloc_sources;
	struct chancery_event *events;
	size_t n_events, alloc_events;
	struct chancery_treaty *treaties;
	size_t n_treaties, alloc_treaties;
	struct assertion *assertions; /* in file order */
	size_t n_assertions, alloc_assertions;

	/* Built by finish. */
	struct hashmap ids;        /* id -> (entity << 32) | index */
	struct hashmap party_keys; /* lower-cased id, names, codes -> index */
	struct index_list *treaty_actions; /* parallel to treaties at finish */
	size_t n_treaty_actions;           /* how many lists it holds */
	int finished;

	/* The snapshot's query indexes (src/snapshot.c), built by finish. */
	uint32_t *party_root;          /* party index -> its state (following of=) */
	struct dyad_entry *dyads;      /* (root pair, event) sorted by pair, then event */
	size_t n_dyads;
	struct index_list *party_events; /* root party -> events naming it */
	struct index_list *party_treaties; /* root party -> its treaties, in treaty order */
	size_t n_party_index;            /* parties the two lists above were built for */
	struct index_list *about;        /* event -> the reactions about it */
	size_t n_about;
};

/* An event of a dyad: both ends are root parties (states, not organs), the
 * smaller index first. */
struct dyad_entry {
	uint64_t key; /* (lo << 32) | hi */
	uint32_t event;
};

/* Evaluate the assertions of r (src/assert.c); failures are errors. */
void check_assertions(const chancery_registry *r, struct chancery_diags *diags);
/* The words an assertion of `what` may expect, NULL-terminated, or NULL
 * for an unknown `what`; *n_args is how many ids it takes. */
const char *const *assertion_states(const char *what, int *n_args);

/* Build and free the query indexes (called by finish and free). */
void snapshot_build(chancery_registry *r);
void snapshot_free(chancery_registry *r);
/* The root party index of a party id, or -1. */
long registry_party_root(const chancery_registry *r, const char *id);
/* The events of the dyad of root parties a and b (any order), in canonical
 * order: pointers into r->dyads, [*begin, *end). */
void registry_dyad_events(const chancery_registry *r, uint32_t a, uint32_t b,
			  const struct dyad_entry **begin, const struct dyad_entry **end);

#define ID_VALUE(ent, idx) (((uint64_t)(ent) << 32) | (uint32_t)(idx))
#define ID_ENTITY(v) ((enum chancery_entity)((v) >> 32))
#define ID_INDEX(v) ((size_t)((v)&0xffffffffu))

/* Intern s[0..len): equal strings share one pointer for the registry's life. */
const char *registry_intern(struct chancery_registry *r, const char *s, size_t len);

/* The id an event gets when none is written: "2008-08-26.recognise.RU.AB",
 * or "TREATY.ACTION[.PARTY]" for a treaty action. */
void event_base_id(const struct chancery_event *e, struct strbuf *out);

/* The actions of treaty i (valid after finish). */
const struct index_list *registry_treaty_actions(const chancery_registry *r, size_t i);

/* Canonical comparison of two events (the order export writes them in). */
int event_cmp(const struct chancery_event *a, const struct chancery_event *b);

/* Levenshtein distance of two strings, ignoring case (for "did you mean"). */
unsigned edit_distance(const char *a, const char *b);

/* Does event e involve party id? It does when the party, or an organ of
 * it (of=), is its actor, target, from= or subject, a party to its treaty,
 * or when e reacts to (about=) an event that involves the party. */
int registry_event_involves(const chancery_registry *r, const struct chancery_event *e,
			    const char *party);

/* Add to dst every entity of src whose id dst does not have (by writing
 * src's text and parsing it into dst); then finish dst again. Used by
 * import: a file's entities override the store's. */
int registry_add_missing(chancery_registry *dst, const chancery_registry *src,
			 struct chancery_diags *diags);

#endif
