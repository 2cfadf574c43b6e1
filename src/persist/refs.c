/* refs.c: the ids a fact names that a partial registry must hold beside
 * it (persons, sources, events; parties are always loaded), read from the
 * vocabulary's field tables, so that a new attribute is followed without a
 * change here. The snapshot file's writer lists them per fact; its reader
 * follows them for the facts the store recorded after the file. */
#include "persist/snapfile.h"

#include "model/registry.h"
#include "model/vocab.h"
#include "base/banned.h"

static void ref_fields(const struct field *fields, const void *obj, snap_ref_fn fn, void *ctx)
{
	for (const struct field *f = fields; f->key; f++) {
		const char *at = (const char *)obj + f->offset;
		switch ((enum field_type)f->type) {
		case FT_PERSON:
		case FT_EVENT:
			if (*(const char *const *)at)
				fn(ctx, *(const char *const *)at);
			break;
		case FT_PERSONS:
		case FT_SOURCES: {
			const struct chancery_ids *ids = (const struct chancery_ids *)at;
			for (uint32_t k = 0; k < ids->n; k++)
				fn(ctx, ids->v[k]);
			break;
		}
		default: break;
		}
	}
}

static void ref_event(const struct chancery_event *e, snap_ref_fn fn, void *ctx)
{
	if (e->person)
		fn(ctx, e->person);
	if (e->treaty)
		fn(ctx, e->treaty);
	ref_fields(event_fields, e, fn, ctx);
}

void snap_each_ref(const chancery_registry *r, enum chancery_entity e, size_t idx, snap_ref_fn fn,
		   void *ctx)
{
	switch (e) {
	case CHANCERY_ENT_PARTY: ref_fields(party_fields, &r->parties[idx], fn, ctx); break;
	case CHANCERY_ENT_PERSON: {
		const struct chancery_person *p = &r->persons[idx];
		ref_fields(person_fields, p, fn, ctx);
		for (uint32_t k = 0; k < p->n_offices; k++)
			ref_fields(office_fields, &p->offices[k], fn, ctx);
		break;
	}
	case CHANCERY_ENT_SOURCE: ref_fields(source_fields, &r->sources[idx], fn, ctx); break;
	case CHANCERY_ENT_EVENT: ref_event(&r->events[idx], fn, ctx); break;
	case CHANCERY_ENT_TREATY: {
		const struct index_list *acts = registry_treaty_actions(r, idx);
		ref_fields(treaty_fields, &r->treaties[idx], fn, ctx);
		for (uint32_t k = 0; k < acts->n; k++)
			ref_event(&r->events[acts->v[k]], fn, ctx);
		break;
	}
	default: break;
	}
}
