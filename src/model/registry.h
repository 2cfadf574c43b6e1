/* registry.h: the in-memory registry behind the opaque chancery_registry:
 * arrays of entities, an arena for their strings, and the model's own
 * indexes (ids, party names, treaty actions). The parser fills it;
 * chancery_registry_finish() gives events their ids, sorts everything
 * into canonical order and builds those indexes. The indexes of the as-of
 * queries belong to the query layer (src/query/snapshot.h). */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <stdatomic.h>

#include "base/arena.h"
#include "base/hashmap.h"
#include "chancery.h"

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
	/* The ids of parties, persons, sources and treaties by their address
	 * (interned: an actor's id is its party's own pointer), so that a
	 * look-up with an id taken from the registry reads no string. Valid
	 * while finished. */
	struct ptrmap ids_by_ptr;

	/* What a higher layer builds from the finished registry (the query
	 * layer's snapshot): see struct registry_cache. */
	_Atomic(struct registry_cache *) cache;
};

/* A cache that a higher layer builds from a finished registry and keeps
 * in it, so that every query of the registry shares it (the query layer's
 * snapshot indexes, src/query/snapshot.c). The model never looks inside:
 * it only ends the cache's life, through release, when the registry
 * changes (registry_unfinish, finish) or is freed. Embed it as the first
 * member of the cached structure. */
struct registry_cache {
	void (*release)(struct registry_cache *c);
};

/* The registry's cache, or NULL if none is built. Safe to call from
 * several threads reading one registry. */
struct registry_cache *registry_cache_get(const chancery_registry *r);
/* Keep c as the registry's cache unless another thread kept one first;
 * returns the cache in place (c, or the other one, after releasing c).
 * The registry is logically unchanged, hence const. */
struct registry_cache *registry_cache_install(const chancery_registry *r,
					      struct registry_cache *c);

/* The registry is about to change (the parser adds an entity): its
 * indexes and cache are stale until the next chancery_registry_finish. */
void registry_unfinish(chancery_registry *r);

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

/* Add to dst a copy of every entity of src whose id dst does not have
 * (strings copied into dst's arena, ids interned there); then finish dst
 * again. Used by import: a file's entities override the store's
 * (src/model/merge.c). */
/* Append src's assertions to dst's, their strings src's own: src must
 * outlive dst (a check of a registry merged for an import). */
void registry_borrow_assertions(chancery_registry *dst, const chancery_registry *src);
int registry_add_missing(chancery_registry *dst, const chancery_registry *src,
			 struct chancery_diags *diags);

#endif
