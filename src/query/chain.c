/* chain.c: one chain of events folded on a day without the event lists of
 * a status (chain.h), with the folds of fold.c, by the same rules as
 * chancery_dyad_status: what a panel sweeping many days needs. */
#include "query/chain.h"
#include "query/fold.h"
#include "base/banned.h"

void chain_fold(const chancery_registry *r, const struct chancery_event *const *chain, size_t n,
		int32_t day, enum chain_kind kind, long target,
		const struct chancery_event *const *credentials, size_t n_credentials,
		struct chain_state *out)
{
	struct chancery_fold f;
	if (kind == CHAIN_RECOGNITION)
		asof_fold_recognition(r, chain, n, day, target, &f);
	else if (kind == CHAIN_RELATIONS)
		asof_fold(chain, n, day, asof_step_relations, NULL, &f);
	else if (kind == CHAIN_MISSION)
		asof_fold(chain, n, day, asof_step_mission, NULL, &f);
	else {
		asof_fold(chain, n, day, asof_step_envoy, NULL, &f);
		asof_fold_envoy_end(&f, credentials, n_credentials, day);
	}
	out->state = f.state;
	out->possible = f.possible;
	out->uncertain = f.uncertain;
	out->any = f.n_events > 0;
	out->since = f.since;
	out->level = f.level;
	out->recognises = kind == CHAIN_RECOGNITION ? chancery_fold_recognises(&f) : CHANCERY_NO;
	asof_fold_release(&f);
}
