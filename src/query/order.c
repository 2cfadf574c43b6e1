/* order.c: which kinds of events come before which within one chain
 * (order.h), and when two events are of one chain. The folds use the
 * order to settle imprecise dates; the timeline to place them. */
#include "query/order.h"

#include <string.h>

#include "query/snapshot.h"
#include "base/banned.h"

static int is_consent(enum chancery_event_kind k)
{
	return k == CHANCERY_EV_RATIFY || k == CHANCERY_EV_ACCEDE || k == CHANCERY_EV_APPROVE ||
	       k == CHANCERY_EV_ACCEPT || k == CHANCERY_EV_NOTIFY;
}

int kinds_ordered(enum chancery_event_kind a, enum chancery_event_kind b)
{
	switch (b) {
	case CHANCERY_EV_PRESENT_CREDENTIALS: return a == CHANCERY_EV_APPOINT_ENVOY;
	case CHANCERY_EV_END_ENVOY:
		return a == CHANCERY_EV_APPOINT_ENVOY || a == CHANCERY_EV_PRESENT_CREDENTIALS;
	case CHANCERY_EV_OPEN_MISSION: return a == CHANCERY_EV_ANNOUNCE_MISSION;
	case CHANCERY_EV_CLOSE_MISSION: return a == CHANCERY_EV_OPEN_MISSION;
	case CHANCERY_EV_WITHDRAW_RECOGNITION:
	case CHANCERY_EV_DENY_RECOGNITION:
	case CHANCERY_EV_ESTABLISH_RELATIONS:
	case CHANCERY_EV_RESTORE_RELATIONS:
		return a == CHANCERY_EV_RECOGNISE;
	case CHANCERY_EV_REAFFIRM_RECOGNITION: return a == CHANCERY_EV_DENY_RECOGNITION;
	case CHANCERY_EV_CHANGE_RELATIONS:
	case CHANCERY_EV_SUSPEND_RELATIONS:
	case CHANCERY_EV_SEVER_RELATIONS:
		return a == CHANCERY_EV_ESTABLISH_RELATIONS;
	/* a treaty: signed, then the steps of a ratification, the
	 * ratification, the exchange of instruments */
	case CHANCERY_EV_RATIFY_STEP: return a == CHANCERY_EV_SIGN;
	case CHANCERY_EV_RATIFY:
	case CHANCERY_EV_ACCEDE:
	case CHANCERY_EV_APPROVE:
	case CHANCERY_EV_ACCEPT:
	case CHANCERY_EV_NOTIFY:
		return a == CHANCERY_EV_SIGN || a == CHANCERY_EV_RATIFY_STEP;
	case CHANCERY_EV_EXCHANGE: return a == CHANCERY_EV_SIGN || is_consent(a);
	default: return 0;
	}
}

int kinds_required(enum chancery_event_kind b, enum chancery_event_kind a)
{
	switch (b) {
	case CHANCERY_EV_PRESENT_CREDENTIALS:
	case CHANCERY_EV_END_ENVOY: return a == CHANCERY_EV_APPOINT_ENVOY;
	case CHANCERY_EV_CLOSE_MISSION: return a == CHANCERY_EV_OPEN_MISSION;
	case CHANCERY_EV_WITHDRAW_RECOGNITION:
	case CHANCERY_EV_DENY_RECOGNITION:
		return a == CHANCERY_EV_RECOGNISE || a == CHANCERY_EV_REAFFIRM_RECOGNITION ||
		       a == CHANCERY_EV_SWITCH_RECOGNITION || a == CHANCERY_EV_ESTABLISH_RELATIONS ||
		       a == CHANCERY_EV_RESTORE_RELATIONS;
	case CHANCERY_EV_RESTORE_RELATIONS:
		return a == CHANCERY_EV_SEVER_RELATIONS || a == CHANCERY_EV_SUSPEND_RELATIONS;
	default: return 0;
	}
}

int mission_one_per_host(const char *type)
{
	return !type || !strcmp(type, "embassy") || !strcmp(type, "high-commission") ||
	       !strcmp(type, "legation") || !strcmp(type, "interests-section") ||
	       !strcmp(type, "permanent-mission");
}

static int family(enum chancery_event_kind k)
{
	if (k >= CHANCERY_EV_APPOINT_ENVOY && k <= CHANCERY_EV_END_ENVOY)
		return 1;
	if (k >= CHANCERY_EV_ANNOUNCE_MISSION && k <= CHANCERY_EV_CLOSE_MISSION)
		return 2;
	if (k == CHANCERY_EV_RECOGNISE || k == CHANCERY_EV_WITHDRAW_RECOGNITION ||
	    k == CHANCERY_EV_DENY_RECOGNITION || k == CHANCERY_EV_REAFFIRM_RECOGNITION)
		return 3;
	if (k >= CHANCERY_EV_ESTABLISH_RELATIONS && k <= CHANCERY_EV_RESTORE_RELATIONS)
		return 4;
	return 0;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int same_chain(const chancery_registry *r, const struct chancery_event *a,
	       const struct chancery_event *b)
{
	long aa = snapshot_party_root(r, a->actor), at = snapshot_party_root(r, a->target);
	long ba = snapshot_party_root(r, b->actor), bt = snapshot_party_root(r, b->target);
	int fa = family(a->kind), fb = family(b->kind);
	if (a->treaty || b->treaty) {
		/* one treaty; a party's steps and its own ratification */
		if (!a->treaty || !b->treaty || strcmp(a->treaty, b->treaty))
			return 0;
		if ((a->kind == CHANCERY_EV_RATIFY_STEP || b->kind == CHANCERY_EV_RATIFY_STEP) &&
		    a->kind != CHANCERY_EV_SIGN && b->kind != CHANCERY_EV_SIGN)
			return aa == ba;
		return 1;
	}
	if (!fa || !fb || at < 0 || bt < 0)
		return 0;
	if (fa == 1 && fb == 1)
		return a->person == b->person && aa == ba && at == bt;
	if (fa == 2 && fb == 2)
		return aa == ba && at == bt && a->mission_type == b->mission_type &&
		       (mission_one_per_host(a->mission_type) || same_text(a->city, b->city));
	/* a recognition, with relations (which imply it) */
	if ((fa == 3 || fa == 4) && (fb == 3 || fb == 4)) {
		if (fa == 4 && fb == 4)
			return (aa == ba && at == bt) || (aa == bt && at == ba);
		if (fa == 3 && fb == 3)
			return aa == ba && at == bt;
		return (aa == ba && at == bt) || (aa == bt && at == ba);
	}
	return 0;
}
