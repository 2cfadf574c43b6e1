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
	/* Relations and recognition: a resident mission or credentials imply
	 * them only once they have surely happened; one that only may have
	 * (an undated embassy) implies nothing on that day, so that an
	 * undated fact does not make every day uncertain. */
	uint8_t sure_implications;
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
/* Fold a chain of relations (with the resident missions and credentials
 * that imply them, sure_implications). */
void asof_fold_relations(const struct chancery_event *const *chain, size_t n, int32_t day,
			 struct chancery_fold *out);
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
/* Does e imply that its two parties have diplomatic relations from its
 * day (a resident mission opened, credentials presented), and so that
 * they recognise each other (those, and relations established or
 * restored)? docs/coverage.md, "Implied facts". */
int asof_implies_relations(const struct chancery_event *e);
int asof_implies_recognition(const struct chancery_event *e);

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
