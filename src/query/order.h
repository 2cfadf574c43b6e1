/* order.h: the order the kinds of events of one chain come in (an
 * appointment before the credentials it leads to), which the as-of folds
 * (asof.c) and the timeline (timeline.c) both follow; docs/queries.md,
 * "Implied order". */
#ifndef QUERY_ORDER_H
#define QUERY_ORDER_H

#include "chancery.h"

/* Within one chain, does an event of kind a come before one of kind b
 * whenever both belong to one episode? */
int kinds_ordered(enum chancery_event_kind a, enum chancery_event_kind b);

/* Must an event of kind b follow one of kind a (credentials need an
 * appointment)? Then b cannot have happened while every recorded a that
 * may precede it has not. */
int kinds_required(enum chancery_event_kind b, enum chancery_event_kind a);

/* Are a and b events of one chain of the same dyad (one envoy's posting,
 * one mission, one party's recognition of another, the relations of a
 * pair, one treaty)? */
int same_chain(const chancery_registry *r, const struct chancery_event *a,
	       const struct chancery_event *b);

/* Missions that are one per sender and host whatever their city. */
int mission_one_per_host(const char *type);

#endif
