/* json.h: entities as JSON objects (jansson), for --json output and the
 * future HTTP API. Keys follow the ledger's attribute names; dates give
 * the EDTF text with its earliest and latest day. */
#ifndef CHANCERY_JSON_H
#define CHANCERY_JSON_H

#include <jansson.h>

#include "chancery.h"

/* Each returns a new reference; the caller json_decref()s it. */
json_t *json_date(const struct chancery_date *d);
json_t *json_party(const struct chancery_party *p);
json_t *json_person(const struct chancery_person *p);
json_t *json_source(const struct chancery_source *s);
/* One covers line of a source (docs/coverage.md). */
json_t *json_coverage(const struct chancery_coverage *c);
/* A covers line with its source's id and title; null when none. */
json_t *json_covered(const struct chancery_covered *c);
json_t *json_event(const struct chancery_event *e);
json_t *json_treaty(const chancery_registry *r, size_t index);
json_t *json_diags(const struct chancery_diags *d);
json_t *json_span(const struct chancery_span *s);
json_t *json_fold(const char *chain, const struct chancery_fold *f);
json_t *json_treaty_status(const struct chancery_treaty_status *s);
json_t *json_dyad_status(const struct chancery_dyad_status *s);
/* An ISO day "2008-08-26" for a day number, or null at the open ends. */
json_t *json_day(int32_t day);

#endif
