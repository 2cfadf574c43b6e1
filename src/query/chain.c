/* chain.c: one chain of events folded on a day without the event lists of
 * a status (chain.h), with the folds of fold.c: what a panel sweeping
 * many days needs. */
#include "query/chain.h"
#include "query/fold.h"
#include "base/banned.h"

void chain_fold(const struct chancery_event *const *chain, size_t n, int32_t day,
		enum chain_kind kind, struct chain_state *out)
{
	static const step_fn steps[] = {
		[CHAIN_RECOGNITION] = asof_step_recognition,
		[CHAIN_RELATIONS] = asof_step_relations,
		[CHAIN_MISSION] = asof_step_mission,
		[CHAIN_ENVOY] = asof_step_envoy,
	};
	struct step_ctx ctx = { NULL, -1 };
	struct chancery_fold f;
	asof_fold(chain, n, day, steps[kind], &ctx, &f);
	out->state = f.state;
	out->possible = f.possible;
	out->uncertain = f.uncertain;
	out->level = f.level;
	asof_fold_release(&f);
}
