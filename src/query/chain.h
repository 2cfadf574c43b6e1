/* chain.h: the state of one chain of events on a day, without the lists
 * of events a status carries: what a panel sweeping many days needs
 * (src/query/panel.c). The rules are fold.c's, as chancery_dyad_status
 * applies them (docs/queries.md). */
#ifndef QUERY_CHAIN_H
#define QUERY_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"

enum chain_kind { CHAIN_RECOGNITION, CHAIN_RELATIONS, CHAIN_MISSION, CHAIN_ENVOY };

struct chain_state {
	int state;         /* the definite state (the enum of the chain) */
	int possible;      /* when uncertain: the other possible state */
	uint8_t uncertain;
	uint8_t any;       /* some event of the chain has, or may have, happened */
	const struct chancery_event *since; /* the event that set the state */
	const char *level; /* relations: the level of the definite state */
	enum chancery_tri recognises; /* recognition: chancery_fold_recognises */
};

/* Fold chain[0..n), in canonical order, on day, as chancery_dyad_status
 * does; for a recognition chain, target is the root party index of the
 * party recognised; for an envoy's, credentials[0..n_credentials) those
 * of the same sender to the same receiver, whose successor's ends the
 * posting (asof_fold_envoy_end). */
void chain_fold(const chancery_registry *r, const struct chancery_event *const *chain, size_t n,
		int32_t day, enum chain_kind kind, long target,
		const struct chancery_event *const *credentials, size_t n_credentials,
		struct chain_state *out);

#endif
