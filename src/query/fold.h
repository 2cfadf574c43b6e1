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

#endif
