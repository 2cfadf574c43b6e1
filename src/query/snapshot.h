/* snapshot.h: the indexes that make as-of queries cheap: each party's root
 * state, the events of every dyad (a sorted array searched by binary
 * search), each party's events and treaties, and the reactions about each
 * event. Built from a finished registry on the first query that needs
 * them and kept in the registry's cache slot (struct registry_cache), so
 * that every later query, from any thread, shares them. Read-only once
 * built. */
#ifndef QUERY_SNAPSHOT_H
#define QUERY_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "base/sort.h"
#include "model/registry.h"
#include "query/coverage.h"

/* The part an event plays in the states of the dyad (lo, hi) it is
 * indexed under (chancery_dyad_status): LH when lo is its actor, HL when
 * hi is. Found when the index is built, so that a query reads the events
 * of its chains and no other. */
enum dyad_role {
	DYAD_OTHER = 0,
	DYAD_RELATIONS,  /* the two's relations (establish and restore imply recognition too) */
	DYAD_REC_LH,     /* lo recognises hi (recognise, withdraw, deny, reaffirm, switch) */
	DYAD_REC_HL,
	DYAD_MISSION_LH, /* lo's mission in hi */
	DYAD_MISSION_HL,
	DYAD_ENVOY_LH,   /* lo's envoy to hi */
	DYAD_ENVOY_HL,   /* (the roles from DYAD_REC_LH on: odd ones are HL) */
};

/* An event of a dyad: both ends are root parties (states, not organs), the
 * smaller index first. */
struct dyad_entry {
	uint64_t key; /* (lo << 32) | hi */
	uint32_t event;
	uint8_t role; /* enum dyad_role (in what was padding) */
};

struct snapshot {
	struct registry_cache cache; /* first: how the registry releases it */
	uint32_t *party_root;        /* party index -> its state (following of=) */
	struct dyad_entry *dyads;    /* (root pair, event) sorted by pair, then event */
	size_t n_dyads;
	struct index_list *party_events;   /* root party -> events naming it */
	struct index_list *party_treaties; /* root party -> its treaties, in treaty order */
	/* root party -> the events of party_events that recognition chains
	 * read (snapshot_recognition_kind): the recognitions of a party read
	 * these, not every event that names it */
	struct index_list *party_recognitions;
	size_t n_parties;                  /* parties the lists above were built for */
	struct index_list *about;          /* event -> the reactions about it */
	size_t n_about;
	/* Treaty actions: the k-th action of treaty t (registry_treaty_actions)
	 * is by the party in slot action_slot[action_base[t] + k] of t's
	 * parties= (a ratify-step: the party its organ acts for), or -1 (none,
	 * or no actor), or SNAPSHOT_NOT_A_PARTY (an actor not among them). A
	 * treaty's status asks this of every action on every query; the answer
	 * does not depend on the day, so it is looked up once here. */
	int32_t *action_slot;
	uint32_t *action_base; /* n_treaties + 1 entries */
	size_t n_treaties;
	/* event -> the root party of its actor, or -1; and a bit per event
	 * with reactions about it: a dyad's status asks both of each of its
	 * events, and the event itself and its list are far apart in memory */
	int32_t *actor_root;
	uint64_t *reacted;
	/* The treaties two root parties share: (dyad key, treaty) sorted by
	 * key, then treaty (snapshot_shared_treaties). A dyad's status asked
	 * for them by merging the two parties' treaty lists, some hundreds
	 * long each, on every call. A treaty of more than
	 * SNAPSHOT_PAIR_PARTIES_MAX parties is not paired out (its pairs grow
	 * with the square of its parties): it is in big_treaties, by root
	 * party, and merged per call. */
	struct sort_item *pair_treaties;
	size_t n_pair_treaties;
	struct index_list *big_treaties; /* root party -> its big treaties, in order */
	/* the sources' covers lines by the parties they name, and the state
	 * systems' spells of membership (coverage.h) */
	struct coverage_index coverage;
};

enum { SNAPSHOT_PAIR_PARTIES_MAX = 48 };

/* Has event i reactions about it (a non-empty about list)? */
static inline int snapshot_reacted(const struct snapshot *s, size_t i)
{
	return (int)(s->reacted[i / 64] >> (i % 64) & 1);
}

/* The snapshot of a finished registry, built now if it is not yet. */
const struct snapshot *snapshot_of(const chancery_registry *r);

/* Build a snapshot of r apart from r's cache, and free it (benchmarks time
 * the build with these). */
struct snapshot *snapshot_new(const chancery_registry *r);
void snapshot_free(struct snapshot *s);

/* Is k a kind of the recognition chains (src/query/asof.c): recognise,
 * withdraw, deny, reaffirm, switch, and what may imply a recognition
 * (relations established or restored; a mission opened or credentials
 * presented, a presence while it lasts)? */
int snapshot_recognition_kind(enum chancery_event_kind k);

enum { SNAPSHOT_NOT_A_PARTY = -2 };

/* The slots of the actions of treaty t (see action_slot above), one per
 * entry of registry_treaty_actions(r, t). */
const int32_t *snapshot_action_slots(const chancery_registry *r, size_t t);

/* The root party index of a party id, or -1. */
long snapshot_party_root(const chancery_registry *r, const char *id);

/* The events of the dyad of root parties a and b (any order), in canonical
 * order: pointers into the snapshot's dyads, [*begin, *end). */
void snapshot_dyad_events(const chancery_registry *r, uint32_t a, uint32_t b,
			  const struct dyad_entry **begin, const struct dyad_entry **end);

/* The treaties root parties a and b both belong to, in treaty order, as
 * the merge of their party_treaties lists gives them: a new array of *n
 * entries (the caller frees it; never NULL). */
uint32_t *snapshot_shared_treaties(const struct snapshot *s, uint32_t a, uint32_t b, uint32_t *n);

#endif
