/* panel.c: dyad-year and state-year panels (docs/panels.md). Members of
 * each year come from the enter-system and exit-system events of the
 * system asked (COW or Gleditsch-Ward); the diplomacy of each dyad with
 * facts is swept once over the years, and each chain of events is folded
 * again only on a day past one of its dates' ends, where the answer may
 * change. Treaties are asked for their status only on such days too. */
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "model/vocab.h"
#include "query/chain.h"
#include "query/fold.h"
#include "query/order.h"
#include "query/panel.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "base/banned.h"

static int cmp_state(const void *x, const void *y)
{
	const struct panel_state *a = x, *b = y;
	return a->code < b->code ? -1 : a->code > b->code;
}

static int32_t year_day(int year, const struct chancery_panel_opts *o)
{
	if (o->on == CHANCERY_PANEL_DAY) {
		int mday = o->mday;
		if (!chancery_ymd_valid(year, o->month, mday))
			mday = 28; /* 29 February in a common year */
		return chancery_day_from_ymd(year, o->month, mday);
	}
	return o->on == CHANCERY_PANEL_JAN1 ? chancery_day_from_ymd(year, 1, 1)
					    : chancery_day_from_ymd(year, 12, 31);
}

/* A membership event of one party: its day, and whether it exits. */
struct edge {
	uint32_t party;
	int32_t day;
	uint8_t exit;
};

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;
	if (a->party != b->party)
		return a->party < b->party ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return b->exit - a->exit; /* a spell that ends the day another begins ends first */
}

/* The spells of each party in the system: enter-system opens one on its
 * earliest day, exit-system closes the open one on its latest day. */
static void build_states(const chancery_registry *r, struct chancery_panel *p, long *state_of)
{
	const char *word = state_systems[p->opts.system];
	size_t np = r->n_parties, n_edges = 0, alloc_edges = 0;
	struct panel_state *by_party = xcalloc(np ? np : 1, sizeof(*by_party));
	size_t *alloc = xcalloc(np ? np : 1, sizeof(*alloc));
	struct edge *edges = NULL;

	for (size_t i = 0; i < r->n_events; i++) {
		const struct chancery_event *e = &r->events[i];
		size_t pi;
		int exit = e->kind == CHANCERY_EV_EXIT_SYSTEM;
		if ((e->kind != CHANCERY_EV_ENTER_SYSTEM && !exit) || !e->system ||
		    strcmp(e->system, word) ||
		    chancery_registry_lookup(r, e->actor, &pi) != CHANCERY_ENT_PARTY)
			continue;
		ALLOC_GROW(edges, n_edges + 1, alloc_edges);
		edges[n_edges++] = (struct edge){ (uint32_t)pi, exit ? e->date.hi : e->date.lo,
						  (uint8_t)exit };
	}
	if (n_edges > 1)
		qsort(edges, n_edges, sizeof(*edges), cmp_edge);
	for (size_t i = 0; i < n_edges; i++) {
		struct panel_state *s = &by_party[edges[i].party];
		int open = s->n_spells && s->spells[s->n_spells - 1].hi == CHANCERY_DAY_MAX;
		if (!edges[i].exit) {
			if (open)
				continue; /* entered twice without an exit: the first holds */
			ALLOC_GROW(s->spells, s->n_spells + 1, alloc[edges[i].party]);
			s->spells[s->n_spells].lo = edges[i].day;
			s->spells[s->n_spells].hi = CHANCERY_DAY_MAX;
			s->n_spells++;
		} else if (open) {
			s->spells[s->n_spells - 1].hi = edges[i].day;
		}
	}
	free(edges);
	p->states = xcalloc(np ? np : 1, sizeof(*p->states));
	for (size_t i = 0; i < np; i++) {
		const struct chancery_party *party = &r->parties[i];
		int code = p->opts.system == CHANCERY_SYSTEM_GW ? party->gw : party->cow;
		if (!by_party[i].n_spells || !code) {
			free(by_party[i].spells);
			continue;
		}
		by_party[i].party = party;
		by_party[i].code = code;
		p->states[p->n_states++] = by_party[i];
	}
	qsort(p->states, p->n_states, sizeof(*p->states), cmp_state);
	for (size_t i = 0; i < np; i++)
		state_of[i] = -1;
	for (size_t s = 0; s < p->n_states; s++)
		state_of[p->states[s].party - r->parties] = (long)s;
	free(by_party);
	free(alloc);
}

static void build_membership(struct chancery_panel *p)
{
	int32_t ny = p->n_years;
	p->member = xcalloc(p->n_states * (size_t)ny + 1, 1);
	p->present = xcalloc(p->n_states * (size_t)ny + 1, 1);
	for (size_t s = 0; s < p->n_states; s++)
		for (int32_t y = 0; y < ny; y++) {
			int year = p->opts.from + y;
			int32_t jan1 = chancery_day_from_ymd(year, 1, 1);
			int32_t dec31 = chancery_day_from_ymd(year, 12, 31);
			int32_t day = p->day[y];
			uint8_t any = 0, on = 0;
			for (size_t k = 0; k < p->states[s].n_spells; k++) {
				int32_t lo = p->states[s].spells[k].lo, hi = p->states[s].spells[k].hi;
				any |= lo <= dec31 && hi >= jan1;
				on |= lo <= day && hi >= day;
			}
			p->member[s * (size_t)ny + (size_t)y] = p->opts.on == CHANCERY_PANEL_ANY ? any : on;
			p->present[s * (size_t)ny + (size_t)y] = on;
		}
}

static struct panel_cell *cells_of(struct chancery_panel *p, size_t i, size_t j, size_t *alloc)
{
	int32_t *at = &p->dyad[i * p->n_states + j];
	if (*at < 0) {
		size_t ny = (size_t)p->n_years;
		ALLOC_GROW(p->cells, (p->n_dyads + 1) * ny, *alloc);
		memset(p->cells + p->n_dyads * ny, 0, ny * sizeof(*p->cells));
		*at = (int32_t)p->n_dyads++;
	}
	return p->cells + (size_t)*at * (size_t)p->n_years;
}

/* ---- a chain over the years ---- */

struct chain {
	const struct chancery_event **v;
	size_t n, alloc;
	enum chain_kind kind;
	int dir;          /* 0: i towards j, 1: j towards i (missions, envoys) */
	const char *key1, *key2, *key3; /* missions: type, city; envoys: person */
};

/* Does a date of the chain end in (prev, day]: may the answer differ? */
static int changes(const struct chain *c, int32_t prev, int32_t day)
{
	for (size_t i = 0; i < c->n; i++) {
		int32_t lo = c->v[i]->date.lo, hi = c->v[i]->date.hi;
		if ((lo > prev && lo <= day) || (hi > prev && hi <= day))
			return 1;
	}
	return 0;
}

/* The chain's state on each year's day; target: for a recognition chain,
 * the root party index of the party recognised; credentials: an envoy's
 * fellows' (asof_fold_envoy_end). An envoy's post may also end by its successor or its
 * horizon, on days that are none of its own: it is folded every year. */
static void sweep(const chancery_registry *r, const struct chancery_panel *p, const struct chain *c,
		  long target, const struct chancery_event *const *credentials, size_t n_credentials,
		  struct chain_state *out)
{
	int32_t prev = CHANCERY_DAY_MIN;
	for (int32_t y = 0; y < p->n_years; y++) {
		if (y == 0 || c->kind == CHAIN_ENVOY || changes(c, prev, p->day[y]))
			chain_fold(r, c->v, c->n, p->day[y], c->kind, target, credentials,
				   n_credentials, &out[y]);
		else
			out[y] = out[y - 1];
		prev = p->day[y];
	}
}

static struct chain *chain_for(struct chain **v, size_t *n, size_t *alloc, enum chain_kind kind,
			       int dir, const char *k1, const char *k2, const char *k3)
{
	for (size_t i = 0; i < *n; i++) {
		struct chain *c = &(*v)[i];
		if (c->kind == kind && c->dir == dir && c->key1 == k1 && c->key3 == k3 &&
		    (c->key2 == k2 || (c->key2 && k2 && !strcmp(c->key2, k2))))
			return c;
	}
	ALLOC_GROW(*v, *n + 1, *alloc);
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].kind = kind;
	(*v)[*n].dir = dir;
	(*v)[*n].key1 = k1;
	(*v)[*n].key2 = k2;
	(*v)[*n].key3 = k3;
	return &(*v)[(*n)++];
}

static void chain_add(struct chain *c, const struct chancery_event *e)
{
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n++] = e;
}

static uint8_t word_code(const char *const *list, const char *w)
{
	int i = w ? word_index(list, w, strlen(w)) : -1;
	return (uint8_t)(i < 0 ? 0 : i + 1);
}

/* The level of representation an envoy's rank gives, as COW's Diplomatic
 * Exchange codes it: 3 an ambassador, 2 a minister or envoy, 1 a chargé
 * d'affaires or a rank not known (docs/panels.md). */
static uint8_t rank_level(const char *rank)
{
	char low[64];
	size_t n = 0;
	for (; rank && rank[n] && n + 1 < sizeof(low); n++)
		low[n] = (char)(rank[n] >= 'A' && rank[n] <= 'Z' ? rank[n] - 'A' + 'a' : rank[n]);
	low[n] = 0;
	if (strstr(low, "ambassador"))
		return 3;
	if (strstr(low, "minister") || strstr(low, "envoy"))
		return 2;
	return 1;
}

/* The level a resident mission's type gives: 3 an embassy or a high
 * commission, 2 a legation; other missions give none. */
static uint8_t mission_level(const char *type)
{
	if (!type)
		return 0;
	if (!strcmp(type, "embassy") || !strcmp(type, "high-commission"))
		return 3;
	return !strcmp(type, "legation") ? 2 : 0;
}

static uint16_t rank_index(struct chancery_panel *p, const char *rank)
{
	for (size_t i = 0; i < p->n_ranks; i++)
		if (!strcmp(p->ranks[i], rank))
			return (uint16_t)(i + 1);
	if (p->n_ranks >= 0xfffe)
		return 0;
	ALLOC_GROW(p->ranks, p->n_ranks + 1, p->alloc_ranks);
	p->ranks[p->n_ranks++] = rank;
	return (uint16_t)p->n_ranks;
}

/* What one direction's missions and envoys come to in a year, gathered
 * over their chains before the cell is written. */
struct side_year {
	uint8_t mis_sure, mis_maybe, mis_closed, mis_open_or_announced;
	uint8_t emb_sure, emb_maybe, emb_closed, emb_other;
	uint8_t env_sure, env_maybe, env_fact;
	uint8_t rep_sure, rep_maybe;
	uint16_t rank;
};

/* A chain's state on a day as the fold it came from, for the folds'
 * own rules (asof_presence_add, asof_apply_presence). */
static struct chancery_fold as_fold(int state, int uncertain, const struct chancery_event *since)
{
	struct chancery_fold f;
	memset(&f, 0, sizeof(f));
	f.state = state;
	f.uncertain = (uint8_t)uncertain;
	f.since = since;
	return f;
}

/* A presence (a resident mission open, an envoy in post) implies
 * relations and recognition while it lasts (asof_apply_presence), for one
 * year's cell; ended[] the events that set rec[0], rec[1] and rel. */
static void apply_presence(struct panel_cell *cell, const struct asof_presence *p,
			   const struct chancery_event *const ended[3])
{
	for (int k = 0; k < 2; k++) {
		struct chancery_fold f;
		if (cell->rec[k] == PANEL_UNCERTAIN)
			continue;
		f = as_fold(cell->rec[k], 0, ended[k]);
		asof_apply_presence(&f, "recognition", k, p);
		cell->rec[k] = (uint8_t)f.state;
	}
	if (cell->rel != PANEL_UNCERTAIN) {
		struct chancery_fold f = as_fold(cell->rel, 0, ended[2]);
		asof_apply_presence(&f, "relations", 0, p);
		if (f.state != cell->rel) {
			cell->rel = (uint8_t)f.state;
			cell->level = word_code(relation_levels, f.level);
		}
	}
}

static void add_mission(struct side_year *d, struct asof_presence *pres, const struct chain *ch,
			const struct chain_state *s, int consent)
{
	struct chancery_fold f = as_fold(s->state, s->uncertain, s->since);
	asof_presence_add(pres, ch->dir, ch->key1 ? ch->key1 : "", consent, &f);
	uint8_t type = word_code(mission_types, ch->key1), level = mission_level(ch->key1);
	int open = s->state == CHANCERY_MISSION_OPEN, resident = asof_resident_mission(ch->key1);
	if (!type)
		type = 1 + 9; /* an untyped mission ranks last */
	if (open && !s->uncertain) {
		if (!d->mis_sure || type < d->mis_sure)
			d->mis_sure = type;
		if (resident)
			d->emb_sure = 1;
		if (level > d->rep_sure)
			d->rep_sure = level;
	} else if (s->uncertain && (open || s->possible == CHANCERY_MISSION_OPEN)) {
		d->mis_maybe = 1;
		d->emb_maybe |= (uint8_t)resident;
		if (level > d->rep_maybe)
			d->rep_maybe = level;
	} else if (s->state == CHANCERY_MISSION_CLOSED) {
		d->mis_closed = 1;
		d->emb_closed |= (uint8_t)resident;
	} else if (s->any) {
		d->mis_open_or_announced = 1; /* announced: not open, not known closed */
		d->emb_other |= (uint8_t)resident;
	}
}

static void add_envoy(struct chancery_panel *p, struct side_year *d, struct asof_presence *pres,
		      const struct chain *ch, const struct chain_state *s)
{
	struct chancery_fold f = as_fold(s->state, s->uncertain, s->since);
	int in_post = s->state == CHANCERY_ENVOY_IN_POST;
	const char *rank = NULL;
	for (size_t k = 0; k < ch->n; k++)
		if (ch->v[k]->rank)
			rank = ch->v[k]->rank;
	if (in_post && !s->uncertain) {
		uint8_t level = rank_level(rank);
		d->env_sure = 1;
		asof_presence_add(pres, ch->dir, NULL, 0, &f);
		if (level > d->rep_sure)
			d->rep_sure = level;
		if (rank && (!d->rank || level >= rank_level(p->ranks[d->rank - 1])))
			d->rank = rank_index(p, rank);
	} else if (s->uncertain && (in_post || s->possible == CHANCERY_ENVOY_IN_POST)) {
		uint8_t level = rank_level(rank);
		d->env_maybe = 1;
		if (level > d->rep_maybe)
			d->rep_maybe = level;
	} else if (s->any) {
		d->env_fact = 1; /* appointed, or ended: not in post, a fact says so */
	}
}

/* One direction's year into its cell (dir 0: i towards j). */
static void side_cell(struct panel_cell *cell, int dir, const struct side_year *d)
{
	cell->mission[dir] = d->mis_sure	? (d->mis_sure > 9 ? 10 : d->mis_sure)
			     : d->mis_maybe	? PANEL_UNCERTAIN
						: 0;
	if (d->mis_sure || d->mis_maybe || (d->mis_closed && !d->mis_open_or_announced))
		cell->known |= (uint16_t)(KNOWN_MIS0 << dir);
	cell->embassy[dir] = d->emb_sure ? 1 : d->emb_maybe ? PANEL_UNCERTAIN : 0;
	if (d->emb_sure || d->emb_maybe || (d->emb_closed && !d->emb_other))
		cell->known |= (uint16_t)(KNOWN_EMB0 << dir);
	cell->envoy[dir] = d->env_sure ? 1 : d->env_maybe ? PANEL_UNCERTAIN : 0;
	if (d->env_sure || d->env_maybe || d->env_fact)
		cell->known |= (uint16_t)(KNOWN_ENV0 << dir);
	cell->rank[dir] = d->env_sure ? d->rank : 0;
	cell->rep[dir] = d->rep_maybe > d->rep_sure ? PANEL_UNCERTAIN : d->rep_sure;
}

/* The dyad (i, j) of states, i < j, with its events [begin, end). */
static void dyad_sweep(const chancery_registry *r, struct chancery_panel *p, const long *state_of,
		       const uint32_t *root, size_t i, size_t j, const struct dyad_entry *begin,
		       const struct dyad_entry *end, size_t *alloc_cells, struct chain_state *tmp)
{
	struct chain *chains = NULL;
	size_t n = 0, alloc = 0;
	struct panel_cell *cells;
	size_t ny = (size_t)p->n_years;
	struct side_year *sides;
	const struct chancery_event **ended; /* per year: what set rec[0], rec[1], rel */
	struct asof_presence *pres;          /* per year: the dyad's presences */
	const struct chancery_event **creds[2] = { NULL, NULL };
	size_t n_creds[2] = { 0, 0 }, alloc_creds[2] = { 0, 0 };

	for (const struct dyad_entry *d = begin; d < end; d++) {
		const struct chancery_event *e = &r->events[d->event];
		size_t ai, ti, fi;
		long a, t;
		int dir;
		if (!e->actor || !e->target ||
		    chancery_registry_lookup(r, e->actor, &ai) != CHANCERY_ENT_PARTY ||
		    chancery_registry_lookup(r, e->target, &ti) != CHANCERY_ENT_PARTY)
			continue;
		a = state_of[root[ai]];
		t = state_of[root[ti]];
		/* a switch of recognition is in the chain of the party left too
		 * (asof.c, classify) */
		if (e->kind == CHANCERY_EV_SWITCH_RECOGNITION && t != (long)i && t != (long)j &&
		    e->from_party &&
		    chancery_registry_lookup(r, e->from_party, &fi) == CHANCERY_ENT_PARTY)
			t = state_of[root[fi]];
		/* the pair's own facts, not one naming a state only as subject */
		if (!((a == (long)i && t == (long)j) || (a == (long)j && t == (long)i)))
			continue;
		dir = a == (long)i ? 0 : 1;
		switch (e->kind) {
		case CHANCERY_EV_RECOGNISE:
		case CHANCERY_EV_WITHDRAW_RECOGNITION:
		case CHANCERY_EV_DENY_RECOGNITION:
		case CHANCERY_EV_REAFFIRM_RECOGNITION:
		case CHANCERY_EV_SWITCH_RECOGNITION:
			chain_add(chain_for(&chains, &n, &alloc, CHAIN_RECOGNITION, dir, NULL, NULL, NULL), e);
			break;
		case CHANCERY_EV_ESTABLISH_RELATIONS:
		case CHANCERY_EV_CHANGE_RELATIONS:
		case CHANCERY_EV_SUSPEND_RELATIONS:
		case CHANCERY_EV_SEVER_RELATIONS:
		case CHANCERY_EV_RESTORE_RELATIONS:
			/* relations imply recognition both ways */
			chain_add(chain_for(&chains, &n, &alloc, CHAIN_RELATIONS, 0, NULL, NULL, NULL), e);
			chain_add(chain_for(&chains, &n, &alloc, CHAIN_RECOGNITION, 0, NULL, NULL, NULL), e);
			chain_add(chain_for(&chains, &n, &alloc, CHAIN_RECOGNITION, 1, NULL, NULL, NULL), e);
			break;
		case CHANCERY_EV_ANNOUNCE_MISSION:
		case CHANCERY_EV_OPEN_MISSION:
		case CHANCERY_EV_CLOSE_MISSION:
			chain_add(chain_for(&chains, &n, &alloc, CHAIN_MISSION, dir, e->mission_type,
					    mission_one_per_host(e->mission_type) ? NULL : e->city, NULL),
				  e);
			break;
		case CHANCERY_EV_APPOINT_ENVOY:
		case CHANCERY_EV_PRESENT_CREDENTIALS:
		case CHANCERY_EV_END_ENVOY:
			chain_add(chain_for(&chains, &n, &alloc, CHAIN_ENVOY, dir, NULL, NULL, e->person), e);
			if (e->kind == CHANCERY_EV_PRESENT_CREDENTIALS) {
				ALLOC_GROW(creds[dir], n_creds[dir] + 1, alloc_creds[dir]);
				creds[dir][n_creds[dir]++] = e;
			}
			break;
		default: break;
		}
	}
	if (!n) {
		free(creds[0]);
		free(creds[1]);
		return;
	}
	cells = cells_of(p, i, j, alloc_cells);
	sides = xcalloc(ny * 2, sizeof(*sides));
	ended = xcalloc(ny * 3, sizeof(*ended));
	pres = xcalloc(ny, sizeof(*pres));
	for (size_t c = 0; c < n; c++) {
		struct chain *ch = &chains[c];
		/* the party recognised: j for i's recognition, i for j's */
		long target = (long)(p->states[ch->dir ? i : j].party - r->parties);
		sweep(r, p, ch, target, creds[ch->dir], n_creds[ch->dir], tmp);
		for (size_t y = 0; y < ny; y++) {
			struct chain_state *s = &tmp[y];
			struct panel_cell *cell = &cells[y];
			struct side_year *d = &sides[y * 2 + (size_t)ch->dir];
			switch (ch->kind) {
			case CHAIN_RECOGNITION:
				/* the state, not only whether it recognises: a
				 * withdrawal is a "no" that a fact gives */
				cell->rec[ch->dir] = s->recognises == CHANCERY_UNCERTAIN
							     ? PANEL_UNCERTAIN
							     : (uint8_t)s->state;
				ended[y * 3 + (size_t)ch->dir] = s->since;
				break;
			case CHAIN_RELATIONS:
				cell->rel = s->uncertain ? PANEL_UNCERTAIN : (uint8_t)s->state;
				cell->level = word_code(relation_levels, s->level);
				ended[y * 3 + 2] = s->since;
				break;
			case CHAIN_MISSION:
				add_mission(d, &pres[y], ch, s,
					    asof_mission_consent(p->states[ch->dir ? j : i].party));
				break;
			case CHAIN_ENVOY: add_envoy(p, d, &pres[y], ch, s); break;
			}
		}
		free(ch->v);
	}
	for (size_t y = 0; y < ny; y++) {
		for (int dir = 0; dir < 2; dir++)
			side_cell(&cells[y], dir, &sides[y * 2 + (size_t)dir]);
		apply_presence(&cells[y], &pres[y], ended + y * 3);
	}
	free(sides);
	free(ended);
	free(pres);
	free(chains);
	free(creds[0]);
	free(creds[1]);
}

/* Each year's coverage of the state pairs (panel.h, cover): where a fact
 * is missing, a covers line may make the absence a "no". */
static void build_cover(const chancery_registry *r, struct chancery_panel *p)
{
	size_t ns = p->n_states, ny = (size_t)p->n_years;
	uint32_t *roots = xmalloc((ns + 1) * sizeof(*roots));
	const struct snapshot *snap = snapshot_of(r);
	for (size_t s = 0; s < ns; s++)
		roots[s] = snap->party_root[p->states[s].party - r->parties];
	p->cover = xcalloc(ny * ns * ns + 1, 1);
	for (size_t y = 0; y < ny; y++)
		coverage_fill_day(r, roots, ns, p->day[y], p->cover + y * ns * ns);
	free(roots);
}

static void build_dyads(const chancery_registry *r, struct chancery_panel *p, const long *state_of,
			size_t *alloc_cells)
{
	const struct snapshot *snap = snapshot_of(r);
	struct chain_state *tmp = xcalloc((size_t)p->n_years, sizeof(*tmp));
	for (size_t k = 0; k < snap->n_dyads;) {
		size_t e = k;
		uint64_t key = snap->dyads[k].key;
		long a, b;
		while (e < snap->n_dyads && snap->dyads[e].key == key)
			e++;
		a = state_of[key >> 32];
		b = state_of[key & 0xffffffffu];
		if (a >= 0 && b >= 0 && a != b)
			dyad_sweep(r, p, state_of, snap->party_root, (size_t)(a < b ? a : b),
				   (size_t)(a < b ? b : a), snap->dyads + k, snap->dyads + e,
				   alloc_cells, tmp);
		k = e;
	}
	free(tmp);
}

/* ---- treaties ---- */

/* Can the status be computed from its actions' dates alone (no rule that
 * adds a duration)? Then it changes only where an action's date may. */
static int plain_treaty(const struct chancery_treaty *t)
{
	return t->force == CHANCERY_FORCE_UNKNOWN && !t->term.n && !t->notice.n &&
	       !t->term_indefinite;
}

/* The status of a plain treaty whose actions are all dated, on every
 * year at once: each party's entry into force and denunciation do not
 * depend on the day asked (chancery_treaty_status computes them once),
 * only whether they have come by then does; a termination ends it for
 * all. Gives the same answers as asking the status each year, without
 * its per-call cost. An unknown span then means "not recorded": nothing
 * is undated. */
static int fast_treaty(const chancery_registry *r, size_t t, const struct index_list *acts,
		       const struct chancery_panel *p, struct chancery_treaty_status **status,
		       const struct chancery_event **terminate)
{
	int32_t last = p->day[0];
	*terminate = NULL;
	for (uint32_t i = 0; i < acts->n; i++) {
		const struct chancery_event *e = &r->events[acts->v[i]];
		if (e->date.form == CHANCERY_DATE_NONE)
			return 0;
		if (e->date.hi > last)
			last = e->date.hi;
		switch (e->kind) {
		case CHANCERY_EV_TERMINATE: *terminate = e; break;
		case CHANCERY_EV_SIGN:
		case CHANCERY_EV_RATIFY:
		case CHANCERY_EV_ACCEDE:
		case CHANCERY_EV_APPROVE:
		case CHANCERY_EV_ACCEPT:
		case CHANCERY_EV_NOTIFY:
		case CHANCERY_EV_ENTER_INTO_FORCE:
		case CHANCERY_EV_DENOUNCE: break;
		default: return 0; /* suspension, extension, provisional application, ... */
		}
	}
	/* Asked on a day when every action has surely happened: a status
	 * sees only the actions that may have happened by its day. */
	return chancery_treaty_status(r, t, last, status) == 0;
}

static int treaty_changes(const chancery_registry *r, const struct index_list *acts,
			  int32_t prev, int32_t day)
{
	for (uint32_t i = 0; i < acts->n; i++) {
		const struct chancery_date *d = &r->events[acts->v[i]].date;
		if ((d->lo > prev && d->lo <= day) || (d->hi > prev && d->hi <= day))
			return 1;
	}
	return 0;
}

/* The first year whose day is on or after day (n_years if none): where a
 * date's "has it come by then?" turns from no (lo) or to yes (hi). */
static size_t first_year_from(const struct chancery_panel *p, int32_t day)
{
	size_t lo = 0, hi = (size_t)p->n_years;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->day[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A party's years of a fast treaty: surely in force in [sure_lo, sure_hi),
 * possibly in [may_lo, may_hi) (which holds the sure ones). Each date only
 * moves from no to uncertain to yes as the days go on, so each test is a
 * year where it starts to may-hold and one where it surely holds. */
struct years {
	size_t sure_lo, sure_hi, may_lo, may_hi;
};

static void span_years(const struct chancery_panel *p, struct chancery_span s, size_t *may,
		       size_t *surely)
{
	size_t ny = (size_t)p->n_years;
	if (!s.known) {
		*may = *surely = ny;
		return;
	}
	*may = first_year_from(p, s.lo);
	*surely = first_year_from(p, s.hi);
}

static struct years party_years(const struct chancery_panel *p,
				const struct chancery_party_treaty_status *ps,
				const struct chancery_event *terminate)
{
	size_t f_may, f_sure, d_may, d_sure, t_may = (size_t)p->n_years, t_sure = (size_t)p->n_years;
	struct years y;
	span_years(p, ps->in_force_from, &f_may, &f_sure);
	span_years(p, ps->denunciation_effect, &d_may, &d_sure);
	if (terminate) {
		t_may = first_year_from(p, terminate->date.lo);
		t_sure = first_year_from(p, terminate->date.hi);
	}
	/* sure: in force surely, neither end may have come */
	y.sure_lo = f_sure;
	y.sure_hi = d_may < t_may ? d_may : t_may;
	/* possibly: in force may have come, neither end surely has */
	y.may_lo = f_may;
	y.may_hi = d_sure < t_sure ? d_sure : t_sure;
	if (y.sure_hi < y.sure_lo)
		y.sure_hi = y.sure_lo;
	if (y.may_hi < y.may_lo)
		y.may_hi = y.may_lo;
	return y;
}

static int in_range(size_t y, size_t lo, size_t hi)
{
	return y >= lo && y < hi;
}

/* A fast treaty's years, party by party, without a year loop per party. */
static void fast_treaty_years(struct chancery_panel *p, const struct chancery_treaty_status *s,
			      const struct chancery_event *terminate, const long *st, uint32_t np,
			      size_t multi, size_t *alloc_cells)
{
	size_t ny = (size_t)p->n_years;
	struct years *yr = xmalloc(np * sizeof(*yr));
	for (uint32_t k = 0; k < np; k++) {
		yr[k] = party_years(p, &s->parties[k], terminate);
		if (st[k] < 0)
			continue;
		for (size_t y = yr[k].may_lo; y < yr[k].may_hi; y++) {
			int sure = in_range(y, yr[k].sure_lo, yr[k].sure_hi);
			size_t at = (size_t)st[k] * ny + y;
			p->treaties[at] += sure;
			p->treaties_maybe[at] += !sure;
			if (np > 2) {
				size_t word = (at * p->words) + multi / 64;
				if (sure)
					p->multi[word] |= 1ull << (multi % 64);
				else
					p->multi_maybe[word] |= 1ull << (multi % 64);
			}
		}
	}
	if (np == 2 && st[0] >= 0 && st[1] >= 0 && st[0] != st[1]) {
		size_t a = (size_t)(st[0] < st[1] ? st[0] : st[1]);
		size_t b = (size_t)(st[0] < st[1] ? st[1] : st[0]);
		size_t lo = yr[0].may_lo > yr[1].may_lo ? yr[0].may_lo : yr[1].may_lo;
		size_t hi = yr[0].may_hi < yr[1].may_hi ? yr[0].may_hi : yr[1].may_hi;
		if (lo < hi) {
			struct panel_cell *c = cells_of(p, a, b, alloc_cells);
			for (size_t y = lo; y < hi; y++) {
				if (in_range(y, yr[0].sure_lo, yr[0].sure_hi) &&
				    in_range(y, yr[1].sure_lo, yr[1].sure_hi))
					c[y].bilateral++;
				else
					c[y].bilateral_maybe++;
			}
		}
	}
	free(yr);
}

static void build_treaties(const chancery_registry *r, struct chancery_panel *p, const long *state_of,
			   const uint32_t *root, size_t *alloc_cells)
{
	size_t ny = (size_t)p->n_years, n_multi = 0;
	size_t *multi_index = xcalloc(r->n_treaties + 1, sizeof(*multi_index));
	long *st = NULL;
	uint8_t *sure = NULL, *maybe = NULL;
	size_t alloc_st = 0;

	for (size_t t = 0; t < r->n_treaties; t++)
		if (r->treaties[t].parties.n > 2)
			multi_index[t] = n_multi++;
	p->words = (n_multi + 63) / 64;
	p->multi = xcalloc(p->n_states * ny * (p->words ? p->words : 1), sizeof(uint64_t));
	p->multi_maybe = xcalloc(p->n_states * ny * (p->words ? p->words : 1), sizeof(uint64_t));
	p->treaties = xcalloc(p->n_states * ny + 1, sizeof(uint32_t));
	p->treaties_maybe = xcalloc(p->n_states * ny + 1, sizeof(uint32_t));

	for (size_t t = 0; t < r->n_treaties; t++) {
		const struct chancery_treaty *tr = &r->treaties[t];
		const struct index_list *acts = registry_treaty_actions(r, t);
		struct chancery_treaty_status *s = NULL;
		int32_t prev = CHANCERY_DAY_MIN;
		uint32_t np = tr->parties.n;
		int plain = plain_treaty(tr), fast;
		const struct chancery_event *terminate = NULL;
		if (!acts->n || np < 2)
			continue;
		fast = plain && fast_treaty(r, t, acts, p, &s, &terminate);
		if (np > alloc_st) {
			alloc_st = np;
			st = xrealloc(st, np * sizeof(*st));
			sure = xrealloc(sure, np);
			maybe = xrealloc(maybe, np);
		}
		for (uint32_t k = 0; k < np; k++) {
			size_t pi;
			st[k] = chancery_registry_lookup(r, tr->parties.v[k], &pi) == CHANCERY_ENT_PARTY
					? state_of[root[pi]]
					: -1;
		}
		if (fast) {
			fast_treaty_years(p, s, terminate, st, np, multi_index[t], alloc_cells);
			chancery_treaty_status_free(s);
			continue;
		}
		for (size_t y = 0; y < ny; y++) {
			int32_t day = p->day[y];
			int any = 0;
			if (!s || !plain || treaty_changes(r, acts, prev, day)) {
				chancery_treaty_status_free(s);
				s = NULL;
				if (chancery_treaty_status(r, t, day, &s))
					break;
			}
			prev = day;
			for (uint32_t k = 0; k < np; k++) {
				const struct chancery_party_treaty_status *ps = &s->parties[k];
				int ended = s->state == CHANCERY_TREATY_TERMINATED ||
					    s->state == CHANCERY_TREATY_EXPIRED;
				int in = ps->state == CHANCERY_PT_IN_FORCE && !ended;
				sure[k] = in && !ps->uncertain && !s->uncertain;
				maybe[k] = !sure[k] && (in || ps->uncertain ||
							(s->uncertain && ps->state >= CHANCERY_PT_RATIFIED));
				any |= sure[k] | maybe[k];
				if (st[k] >= 0) {
					size_t at = (size_t)st[k] * ny + y;
					p->treaties[at] += sure[k];
					p->treaties_maybe[at] += maybe[k];
				}
			}
			if (!any)
				continue;
			if (np == 2) {
				if (st[0] >= 0 && st[1] >= 0 && st[0] != st[1]) {
					size_t a = (size_t)(st[0] < st[1] ? st[0] : st[1]);
					size_t b = (size_t)(st[0] < st[1] ? st[1] : st[0]);
					struct panel_cell *c = cells_of(p, a, b, alloc_cells);
					if (sure[0] && sure[1])
						c[y].bilateral++;
					else if ((sure[0] | maybe[0]) && (sure[1] | maybe[1]))
						c[y].bilateral_maybe++;
				}
				continue;
			}
			for (uint32_t k = 0; k < np; k++) {
				size_t w, at;
				if (st[k] < 0 || !(sure[k] | maybe[k]))
					continue;
				w = multi_index[t];
				at = ((size_t)st[k] * ny + y) * p->words + w / 64;
				if (sure[k])
					p->multi[at] |= 1ull << (w % 64);
				else
					p->multi_maybe[at] |= 1ull << (w % 64);
			}
		}
		chancery_treaty_status_free(s);
	}
	free(multi_index);
	free(st);
	free(sure);
	free(maybe);
}

int chancery_panel_build(const chancery_registry *r, const struct chancery_panel_opts *opts,
			 chancery_panel **out, struct chancery_diags *diags)
{
	struct chancery_panel *p;
	long *state_of;
	size_t alloc_cells = 0;

	*out = NULL;
	if (opts->from < 1 || opts->to > 9999 || opts->from > opts->to) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "years %d to %d: expected 1 <= from <= to <= 9999", opts->from,
				   opts->to);
		return -CHANCERY_EINPUT;
	}
	if (opts->system != CHANCERY_SYSTEM_COW && opts->system != CHANCERY_SYSTEM_GW) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "unknown state system %d", opts->system);
		return -CHANCERY_EINPUT;
	}
	p = xcalloc(1, sizeof(*p));
	p->opts = *opts;
	p->n_years = opts->to - opts->from + 1;
	p->day = xmalloc((size_t)p->n_years * sizeof(*p->day));
	for (int32_t y = 0; y < p->n_years; y++)
		p->day[y] = year_day(opts->from + y, opts);
	state_of = xmalloc((r->n_parties + 1) * sizeof(*state_of));
	build_states(r, p, state_of);
	build_membership(p);
	p->dyad = xmalloc((p->n_states * p->n_states + 1) * sizeof(*p->dyad));
	memset(p->dyad, 0xff, (p->n_states * p->n_states + 1) * sizeof(*p->dyad));
	if (opts->columns & (CHANCERY_COL_RECOGNITION | CHANCERY_COL_RELATIONS |
			     CHANCERY_COL_MISSIONS | CHANCERY_COL_ENVOYS)) {
		build_dyads(r, p, state_of, &alloc_cells);
		build_cover(r, p);
	}
	if (opts->columns & CHANCERY_COL_TREATIES)
		build_treaties(r, p, state_of, snapshot_of(r)->party_root, &alloc_cells);
	free(state_of);
	*out = p;
	return 0;
}

void chancery_panel_free(chancery_panel *p)
{
	if (!p)
		return;
	free(p->cover);
	free(p->ranks);
	for (size_t s = 0; s < p->n_states; s++)
		free(p->states[s].spells);
	free(p->states);
	free(p->member);
	free(p->present);
	free(p->day);
	free(p->dyad);
	free(p->cells);
	free(p->multi);
	free(p->multi_maybe);
	free(p->treaties);
	free(p->treaties_maybe);
	free(p);
}

size_t chancery_panel_state_years(const chancery_panel *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_states * (size_t)p->n_years; i++)
		n += p->member[i];
	return n;
}

size_t chancery_panel_dyad_years(const chancery_panel *p)
{
	size_t n = 0;
	for (int32_t y = 0; y < p->n_years; y++) {
		size_t m = 0;
		for (size_t s = 0; s < p->n_states; s++)
			m += p->member[s * (size_t)p->n_years + (size_t)y];
		n += m * (m - (m ? 1 : 0)) / (p->opts.directed ? 1 : 2);
	}
	return n;
}
