/* fold.h: folding a chain of events into a state on a day (fold.c), shared
 * by the questions that fold chains: a dyad's states (asof.c) and the
 * recognitions of one party and their series (recognitions.c). */
#ifndef QUERY_FOLD_H
#define QUERY_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"

struct step {
	int state;
	const char *level;
	uint8_t implied;
};

/* What a step may need to know beyond the event: the chain's own
 * parties, for an event that belongs to two chains (a switch of
 * recognition moves one to yes and the other to withdrawn). */
struct step_ctx {
	const chancery_registry *r;
	long target; /* recognition: the root of the party recognised */
};

/* Move a state by one event; leaves it as it is when the event does not
 * move it. */
typedef struct step (*step_fn)(struct step s, const struct chancery_event *e,
			       const struct step_ctx *ctx);

/* Fold chain[0..n) on day with step into out (docs/queries.md): the
 * events surely happened give the definite state, one that may have and
 * would change it makes it uncertain; later events of the chain settle the
 * order of imprecise earlier ones. fold_release frees what it holds. */
void asof_fold(const struct chancery_event *const *chain, size_t n, int32_t day, step_fn step, const struct step_ctx *ctx, struct chancery_fold *out);
void asof_fold_release(struct chancery_fold *f);
int asof_is_relations_kind(enum chancery_event_kind k);
int asof_is_mission_kind(enum chancery_event_kind k);
int asof_is_envoy_kind(enum chancery_event_kind k);
int asof_is_recognition_kind(enum chancery_event_kind k);
struct step asof_step_recognition(struct step s, const struct chancery_event *e, const struct step_ctx *ctx);
void asof_fold_recognition(const chancery_registry *r, const struct chancery_event *const *chain, size_t n, int32_t day, long target, struct chancery_fold *out);
struct step asof_step_relations(struct step s, const struct chancery_event *e, const struct step_ctx *ctx);
struct step asof_step_mission(struct step s, const struct chancery_event *e, const struct step_ctx *ctx);
struct step asof_step_envoy(struct step s, const struct chancery_event *e, const struct step_ctx *ctx);

/* A resident mission: an embassy, a high commission or a legation (not a
 * consulate, an interests section or a representative office). */
int asof_resident_mission(const char *type);
/* Does e imply that its two parties recognise each other (relations
 * established or restored)? */
int asof_implies_recognition(const struct chancery_event *e);

/* Presences on the day (docs/coverage.md, "Implied facts"): a resident
 * mission surely open, an envoy surely in post. A mission of A in B says
 * that A recognises B. That B recognises A too, and that the two have
 * relations, needs B's consent: an embassy of a state is one (no state
 * admits the embassy of a state it does not recognise), but a partially
 * recognised state's missions are often offices in states that do not
 * recognise it, which some sources call embassies: for those, B's own
 * mission in A, or an envoy's credentials either way, which the receiving
 * head of state accepts. Each holds while it lasts. since: the event that
 * began the earliest present one, last: the latest-beginning one (it may
 * follow a severance or a withdrawal that the earliest did not); NULL:
 * none. */
struct asof_presence_span {
	const struct chancery_event *since, *last;
	const char *level, *last_level; /* "embassy", "legation"; NULL: an envoy */
};
struct asof_presence {
	struct asof_presence_span mission[2]; /* [w]: side w's missions in the other */
	struct asof_presence_span agreed;     /* those both sides consent to */
};
/* Add a folded mission of side w (mission_type its type; consent: the
 * sender is a state whose embassy implies the host's consent) or an envoy
 * (mission_type NULL) to the presence. */
void asof_presence_add(struct asof_presence *p, int w, const char *mission_type, int consent,
		       const struct chancery_fold *f);
/* Does a mission of party p alone imply its host's consent (p is no
 * partially recognised state)? */
int asof_mission_consent(const struct chancery_party *p);
/* Apply a presence to a fold: "recognition" by side w of the other, or
 * "relations" (w ignored). Where nothing holds, or what ended it (a
 * severance, a withdrawal) came surely before a presence began, the
 * state is the implied yes, since that presence's event. */
void asof_apply_presence(struct chancery_fold *f, const char *chain, int w,
			 const struct asof_presence *p);

struct dyad_entry;
/* A dyad's missions and envoys grouped into their chains once, so that the
 * presence on many days (a recognition series, a panel's years) folds
 * only the chains: grouping was most of a series' time. Opaque. */
struct asof_presence_groups;
struct asof_presence_groups *asof_presence_groups_new(const chancery_registry *r,
						      const struct dyad_entry *begin,
						      const struct dyad_entry *end);
void asof_presence_groups_free(struct asof_presence_groups *g);
/* The presence on day: the dyad's missions and envoys folded as a status
 * folds them (src/query/asof.c). */
void asof_presence_on(const struct asof_presence_groups *g, int32_t day,
		      struct asof_presence *out);
/* Both at once, for one day: the dyad whose index entries are
 * [begin, end) (snapshot_dyad_events). */
void asof_dyad_presence(const chancery_registry *r, const struct dyad_entry *begin,
			const struct dyad_entry *end, int32_t day, struct asof_presence *out);

/* How long a posting with no recorded end and no successor is taken as
 * held, from its last event: 10 years (docs/coverage.md; pocom's US
 * postings: 99% ended within 8.1 years). */
enum { ASOF_ENVOY_HORIZON_DAYS = 3653 };
/* End an envoy's folded posting (the one in course on the day) by its
 * successor's credentials: of credentials[0..n_credentials), presented by
 * other envoys of the same sender to the same receiver, the earliest that
 * begins after the posting began; ended once they have surely come,
 * uncertain while they may have. Without one, uncertain once the horizon
 * has passed. */
void asof_fold_envoy_end(struct chancery_fold *f, const struct chancery_event *const *credentials,
			 size_t n_credentials, int32_t day);

#endif
