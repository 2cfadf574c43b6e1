/* chain.c: one chain of events folded on a day without the event lists of
 * a status (chain.h), with the folds of fold.c, by the same rules as
 * chancery_dyad_status: what a panel sweeping many days needs. */
#include "query/chain.h"
#include "query/fold.h"
#include "base/banned.h"

void chain_fold(const chancery_registry *r, const struct chancery_event *const *chain, size_t n,
		int32_t day, enum chain_kind kind, long target, struct chain_state *out)
{
	static const step_fn steps[] = {
		[CHAIN_RELATIONS] = asof_step_relations,
		[CHAIN_MISSION] = asof_step_mission,
		[CHAIN_ENVOY] = asof_step_envoy,
	};
	struct chancery_fold f;
	if (kind == CHAIN_RECOGNITION)
		asof_fold_recognition(r, chain, n, day, target, &f);
	else if (kind == CHAIN_RELATIONS)
		asof_fold_relations(chain, n, day, &f);
	else
		asof_fold(chain, n, day, steps[kind], NULL, &f);
	out->state = f.state;
	out->possible = f.possible;
	out->uncertain = f.uncertain;
	out->level = f.level;
	out->recognises = kind == CHAIN_RECOGNITION ? chancery_fold_recognises(&f) : CHANCERY_NO;
	asof_fold_release(&f);
}
