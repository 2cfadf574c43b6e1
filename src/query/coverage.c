/* coverage.c: the covers lines of the sources, found by the pair of
 * parties a question is about (coverage.h, docs/coverage.md). */
#include "query/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "model/vocab.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "base/banned.h"

static uint64_t pair_key(uint32_t by, uint32_t with)
{
	return (uint64_t)by << 32 | with;
}

/* The root of a party id in a snapshot being built (snapshot_of would
 * build another), or -1. */
static long root_of(const chancery_registry *r, const struct snapshot *s, const char *id)
{
	size_t i;
	if (id && chancery_registry_lookup(r, id, &i) == CHANCERY_ENT_PARTY)
		return (long)s->party_root[i];
	return -1;
}

/* The roots of a side's parties, or COVERAGE_ALL alone. */
static size_t side_roots(const chancery_registry *r, const struct snapshot *s,
			 const struct chancery_ids *ids, uint32_t **v, size_t *alloc)
{
	size_t n = 0;
	ALLOC_GROW(*v, ids->n + 1, *alloc);
	if (!ids->n) {
		(*v)[n++] = COVERAGE_ALL;
		return n;
	}
	for (uint32_t k = 0; k < ids->n; k++) {
		long root = root_of(r, s, ids->v[k]);
		if (root >= 0)
			(*v)[n++] = (uint32_t)root;
	}
	return n;
}

static void index_lines(const chancery_registry *r, const struct snapshot *s,
			struct coverage_index *x)
{
	uint32_t *by = NULL, *with = NULL;
	size_t alloc_by = 0, alloc_with = 0, alloc_keys = 0, alloc_lines = 0;
	for (size_t i = 0; i < r->n_sources; i++)
		for (uint32_t k = 0; k < r->sources[i].n_covers; k++) {
			const struct chancery_coverage *c = &r->sources[i].covers[k];
			size_t nb = side_roots(r, s, &c->by, &by, &alloc_by);
			size_t nw = side_roots(r, s, &c->with, &with, &alloc_with);
			ALLOC_GROW(x->lines, x->n_lines + 1, alloc_lines);
			x->lines[x->n_lines] = (struct coverage_line){ &r->sources[i], c };
			for (size_t b = 0; b < nb; b++)
				for (size_t w = 0; w < nw; w++) {
					ALLOC_GROW(x->keys, x->n_keys + 1, alloc_keys);
					x->keys[x->n_keys].key = pair_key(by[b], with[w]);
					x->keys[x->n_keys++].index = (uint32_t)x->n_lines;
				}
			x->n_lines++;
		}
	free(by);
	free(with);
	/* lines pushed in source order: equal keys keep it */
	radix_sort(x->keys, x->n_keys);
}

/* The spells of membership of each root party in each system, from its
 * enter-system and exit-system events (a spell opens on its entry's
 * earliest day and closes on its exit's latest, as the panels read them). */
static void index_spells(const chancery_registry *r, const struct snapshot *s,
			 struct coverage_index *x)
{
	size_t np = s->n_parties;
	x->n_parties = np;
	for (int sys = 0; sys < 2; sys++) {
		size_t *alloc = xcalloc(np ? np : 1, sizeof(*alloc));
		x->spells[sys] = xcalloc(np ? np : 1, sizeof(*x->spells[sys]));
		x->n_spells[sys] = xcalloc(np ? np : 1, sizeof(*x->n_spells[sys]));
		for (size_t i = 0; i < r->n_events; i++) {
			const struct chancery_event *e = &r->events[i];
			int exit = e->kind == CHANCERY_EV_EXIT_SYSTEM;
			long root;
			struct system_spell *v;
			uint32_t *n;
			if ((e->kind != CHANCERY_EV_ENTER_SYSTEM && !exit) || !e->system ||
			    strcmp(e->system, state_systems[sys]) ||
			    (root = root_of(r, s, e->actor)) < 0)
				continue;
			v = x->spells[sys][root];
			n = &x->n_spells[sys][root];
			/* events are in canonical (date) order */
			if (!exit) {
				if (*n && v[*n - 1].hi == CHANCERY_DAY_MAX)
					continue; /* entered twice without an exit: the first holds */
				ALLOC_GROW(x->spells[sys][root], *n + 1, alloc[root]);
				x->spells[sys][root][(*n)++] =
					(struct system_spell){ e->date.lo, CHANCERY_DAY_MAX };
			} else if (*n && v[*n - 1].hi == CHANCERY_DAY_MAX) {
				v[*n - 1].hi = e->date.hi;
			}
		}
		free(alloc);
	}
}

void coverage_index_build(const chancery_registry *r, const struct snapshot *s,
			  struct coverage_index *out)
{
	memset(out, 0, sizeof(*out));
	index_lines(r, s, out);
	index_spells(r, s, out);
}

void coverage_index_release(struct coverage_index *x)
{
	for (int sys = 0; sys < 2; sys++) {
		for (size_t i = 0; x->spells[sys] && i < x->n_parties; i++)
			free(x->spells[sys][i]);
		free(x->spells[sys]);
		free(x->n_spells[sys]);
	}
	free(x->lines);
	free(x->keys);
	memset(x, 0, sizeof(*x));
}

int coverage_member(const struct coverage_index *x, const char *system, uint32_t root,
		    int32_t day)
{
	int sys = system && !strcmp(system, "gw");
	if (root >= x->n_parties)
		return 0;
	for (uint32_t k = 0; k < x->n_spells[sys][root]; k++)
		if (x->spells[sys][root][k].lo <= day && day <= x->spells[sys][root][k].hi)
			return 1;
	return 0;
}

enum chancery_tri coverage_exists(const struct chancery_party *p, int32_t day)
{
	enum chancery_tri from = p->from.form ? chancery_date_by(&p->from, day) : CHANCERY_YES;
	if (from == CHANCERY_NO || (p->to.form && p->to.hi < day))
		return CHANCERY_NO;
	if (from == CHANCERY_UNCERTAIN || (p->to.form && p->to.lo < day))
		return CHANCERY_UNCERTAIN;
	return CHANCERY_YES;
}

static int is_state(const struct chancery_party *p)
{
	return p->kind == CHANCERY_PARTY_STATE || p->kind == CHANCERY_PARTY_PARTIALLY_RECOGNISED;
}

/* Does line c answer for (by, with) on day? Both sides exist (may), a
 * side taken from "all" is a state, and with members= both are members
 * for certain. */
static int applies(const chancery_registry *r, const struct coverage_index *x,
		   const struct chancery_coverage *c, unsigned fact, uint32_t by, uint32_t with,
		   int32_t day, const char *mission_type)
{
	const struct chancery_party *pb = &r->parties[by], *pw = &r->parties[with];
	if (!(c->facts & fact) || day < c->from.lo || day > c->to.hi)
		return 0;
	if (c->mission_type && (!mission_type || strcmp(c->mission_type, mission_type)))
		return 0;
	if ((!c->by.n && !is_state(pb)) || (!c->with.n && !is_state(pw)))
		return 0;
	if (coverage_exists(pb, day) == CHANCERY_NO || coverage_exists(pw, day) == CHANCERY_NO)
		return 0;
	if (c->members &&
	    (!coverage_member(x, c->members, by, day) || !coverage_member(x, c->members, with, day)))
		return 0;
	return 1;
}

static size_t first_key(const struct coverage_index *x, uint64_t key)
{
	size_t lo = 0, hi = x->n_keys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->keys[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct coverage_line *find_directed(const chancery_registry *r,
						 const struct coverage_index *x, unsigned fact,
						 uint32_t by, uint32_t with, int32_t day,
						 const char *mission_type)
{
	const uint64_t keys[4] = { pair_key(by, with), pair_key(by, COVERAGE_ALL),
				   pair_key(COVERAGE_ALL, with),
				   pair_key(COVERAGE_ALL, COVERAGE_ALL) };
	for (int k = 0; k < 4; k++)
		for (size_t i = first_key(x, keys[k]); i < x->n_keys && x->keys[i].key == keys[k];
		     i++) {
			const struct coverage_line *l = &x->lines[x->keys[i].index];
			if (applies(r, x, l->line, fact, by, with, day, mission_type))
				return l;
		}
	return NULL;
}

struct coverage_line coverage_find(const chancery_registry *r, unsigned fact, long by, long with,
				   int32_t day, const char *mission_type)
{
	const struct coverage_index *x = &snapshot_of(r)->coverage;
	const struct coverage_line *l = NULL;
	struct coverage_line none = { NULL, NULL };
	if (by < 0 || with < 0 || !x->n_keys)
		return none;
	l = find_directed(r, x, fact, (uint32_t)by, (uint32_t)with, day, mission_type);
	if (!l && fact == CHANCERY_FACT_RELATIONS)
		l = find_directed(r, x, fact, (uint32_t)with, (uint32_t)by, day, mission_type);
	return l ? *l : none;
}

struct chancery_covered chancery_coverage_find(const chancery_registry *r, unsigned fact,
					       const char *by, const char *with, int32_t day,
					       const char *mission_type)
{
	struct coverage_line l = coverage_find(r, fact, snapshot_party_root(r, by),
					       snapshot_party_root(r, with), day, mission_type);
	return (struct chancery_covered){ l.source, l.line };
}

/* Does a side of a line name root party p, or all? */
static int side_names(const chancery_registry *r, const struct chancery_ids *ids, long p)
{
	if (!ids->n)
		return 1;
	for (uint32_t k = 0; k < ids->n; k++)
		if (snapshot_party_root(r, ids->v[k]) == p)
			return 1;
	return 0;
}

struct chancery_covered *chancery_coverage_lines(const chancery_registry *r, const char *a,
						 const char *b, size_t *n)
{
	const struct coverage_index *x = &snapshot_of(r)->coverage;
	long ra = a ? snapshot_party_root(r, a) : -1, rb = b ? snapshot_party_root(r, b) : -1;
	struct chancery_covered *out = xmalloc((x->n_lines ? x->n_lines : 1) * sizeof(*out));
	*n = 0;
	for (size_t i = 0; i < x->n_lines; i++) {
		const struct chancery_coverage *c = x->lines[i].line;
		int hit;
		if (!a)
			hit = 1;
		else if (!b)
			/* named on a side, or every state on both: a line of
			 * "all" with another party named is about that party */
			hit = (c->by.n && side_names(r, &c->by, ra)) ||
			      (c->with.n && side_names(r, &c->with, ra)) || (!c->by.n && !c->with.n);
		else
			hit = (side_names(r, &c->by, ra) && side_names(r, &c->with, rb)) ||
			      (side_names(r, &c->by, rb) && side_names(r, &c->with, ra));
		if (hit)
			out[(*n)++] = (struct chancery_covered){ x->lines[i].source, c };
	}
	return out;
}

void coverage_apply(const chancery_registry *r, struct chancery_fold *f, unsigned fact, long by,
		    long with, int32_t day, const char *mission_type)
{
	struct coverage_line l;
	const struct chancery_party *gone =
		coverage_exists(&r->parties[by], day) == CHANCERY_NO	 ? &r->parties[by]
		: coverage_exists(&r->parties[with], day) == CHANCERY_NO ? &r->parties[with]
									 : NULL;
	if (gone) {
		/* what was recorded of it belongs to other days: nothing holds
		 * on this one, not even an uncertain recognition a withdrawal
		 * implies */
		f->state = 0;
		f->uncertain = 0;
		f->possible_implied = 0;
		f->implied = 0;
		f->level = NULL;
		f->since = NULL;
		f->absent = gone;
		return;
	}
	if (f->state || f->since)
		return;
	l = coverage_find(r, fact, by, with, day, mission_type);
	f->covered = (struct chancery_covered){ l.source, l.line };
}

/* The COVER_* bits a line gives (missions of type embassy give only the
 * embassy bit). */
static uint8_t cover_bits(const struct chancery_coverage *c)
{
	uint8_t bits = 0;
	if (c->facts & CHANCERY_FACT_RECOGNITION)
		bits |= COVER_RECOGNITION;
	if (c->facts & CHANCERY_FACT_RELATIONS)
		bits |= COVER_RELATIONS;
	if (c->facts & CHANCERY_FACT_ENVOYS)
		bits |= COVER_ENVOYS;
	if ((c->facts & CHANCERY_FACT_MISSIONS) && !c->mission_type)
		bits |= COVER_MISSIONS | COVER_EMBASSY;
	else if ((c->facts & CHANCERY_FACT_MISSIONS) && !strcmp(c->mission_type, "embassy"))
		bits |= COVER_EMBASSY;
	return bits;
}

/* The positions among roots[0..n) of a side's parties (all of them for
 * "all"); at is roots' inverse, -1 where a party is not among them. */
static size_t side_positions(const chancery_registry *r, const struct chancery_ids *ids,
			     const long *at, size_t n, uint32_t *out)
{
	size_t k = 0;
	if (!ids->n) {
		for (size_t i = 0; i < n; i++)
			out[k++] = (uint32_t)i;
		return k;
	}
	for (uint32_t v = 0; v < ids->n; v++) {
		long root = snapshot_party_root(r, ids->v[v]);
		if (root >= 0 && at[root] >= 0)
			out[k++] = (uint32_t)at[root];
	}
	return k;
}

void coverage_fill_day(const chancery_registry *r, const uint32_t *roots, size_t n, int32_t day,
		       uint8_t *flags)
{
	const struct snapshot *snap = snapshot_of(r);
	const struct coverage_index *x = &snap->coverage;
	long *at;
	uint32_t *by, *with;
	if (!x->n_lines || !n)
		return;
	at = xmalloc((snap->n_parties + 1) * sizeof(*at));
	by = xmalloc((n + 1) * sizeof(*by));
	with = xmalloc((n + 1) * sizeof(*with));
	for (size_t i = 0; i < snap->n_parties; i++)
		at[i] = -1;
	for (size_t i = 0; i < n; i++)
		at[roots[i]] = (long)i;
	for (size_t l = 0; l < x->n_lines; l++) {
		const struct chancery_coverage *c = x->lines[l].line;
		uint8_t bits = cover_bits(c);
		size_t nb, nw;
		if (!bits || day < c->from.lo || day > c->to.hi)
			continue;
		nb = side_positions(r, &c->by, at, n, by);
		nw = side_positions(r, &c->with, at, n, with);
		for (size_t b = 0; b < nb; b++)
			for (size_t w = 0; w < nw; w++) {
				uint32_t i = by[b], j = with[w];
				/* the same tests as a single question (applies) */
				if (i == j || !applies(r, x, c, c->facts, roots[i], roots[j], day,
						       c->mission_type))
					continue;
				flags[(size_t)i * n + j] |= bits;
				if (bits & COVER_RELATIONS)
					flags[(size_t)j * n + i] |= COVER_RELATIONS;
			}
	}
	free(at);
	free(by);
	free(with);
}
