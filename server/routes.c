/* routes.c: the API's endpoints, one table (docs/api.md). Each GET takes
 * the options of its command line twin as query parameters and answers
 * with the JSON that `chancery COMMAND --json` prints, built by the same
 * function (src/publish/api.c). Parameters are checked before anything
 * is computed: an unknown one, one given twice, a bad date or an unknown
 * party is a 400 or 404 that names it. */
#include "http.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "publish/api.h"
#include "publish/json.h"
#include "publish/map.h"
#include "model/registry.h"
#include "model/vocab.h"
#include "persist/persist.h"
#include "store/store.h"
#include "store/tokens.h"
#include "base/utf8.h"
#include "base/banned.h"

/* What a route needs of the caller. */
enum need { NEED_READ, NEED_EDIT, NEED_ADMIN };

struct route {
	const char *method; /* "GET" (HEAD too) or "POST" */
	const char *path;   /* exact, or a prefix ending in '/' followed by an id */
	enum need need;
	void (*fn)(struct request *rq, const char *id);
	int cacheable; /* its answer depends only on the registry, the address and today */
	const char *params; /* the parameters it takes, space separated; '*' after a
			     * name: it may repeat */
};

/* ---- parameters ---- */

static int param_allowed(const char *spec, const char *key, int *multi)
{
	size_t n = strlen(key);
	const char *p = spec;
	while ((p = strstr(p, key))) {
		int starts = p == spec || p[-1] == ' ';
		if (starts && (p[n] == ' ' || p[n] == '\0' || p[n] == '*')) {
			*multi = p[n] == '*';
			return 1;
		}
		p += n;
	}
	return 0;
}

/* Check the query against the route's list: every parameter known, none
 * repeated unless it may be. Replies 400 and returns -1 otherwise. */
static int check_params(struct request *rq, const struct route *rt)
{
	for (size_t i = 0; i < rq->q.n; i++) {
		int multi = 0;
		const char *key = rq->q.v[i].key;
		if (!param_allowed(rt->params, key, &multi)) {
			struct strbuf takes = STRBUF_INIT;
			for (const char *c = rt->params; *c; c++)
				if (*c != '*')
					strbuf_addch(&takes, *c == ' ' ? ',' : *c);
			reply_error(rq, 400, "bad_parameter",
				    json_pack("{s:s}", "parameter", key),
				    "unknown parameter '%s'; %s takes %s", key, rt->path,
				    takes.len ? takes.buf : "none");
			strbuf_release(&takes);
			return -1;
		}
		for (size_t k = 0; k < i && !multi; k++)
			if (!strcmp(rq->q.v[k].key, key)) {
				reply_error(rq, 400, "bad_parameter", json_pack("{s:s}", "parameter", key),
					    "parameter '%s' given twice; it takes one value", key);
				return -1;
			}
	}
	return 0;
}

static const char *param(const struct request *rq, const char *key)
{
	for (size_t i = 0; i < rq->q.n; i++)
		if (!strcmp(rq->q.v[i].key, key))
			return rq->q.v[i].value;
	return NULL;
}

static int bad_param(struct request *rq, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad_param(struct request *rq, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	reply_error(rq, 400, "bad_parameter", json_pack("{s:s}", "parameter", key), "parameter '%s': %s",
		    key, sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* A date parameter; *has is 0 when absent. */
static int param_date(struct request *rq, const char *key, struct chancery_date *d, int *has)
{
	const char *v = param(rq, key), *why;
	size_t where;
	char msg[160];
	*has = 0;
	if (!v)
		return 0;
	if (chancery_date_parse(v, strlen(v), d, &why, &where))
		return bad_param(rq, key, "%s (at character %zu)",
				 chancery_date_explain(v, strlen(v), why, where, msg, sizeof(msg)),
				 where + 1);
	*has = 1;
	return 0;
}

/* The same rule as the command line's check_from_to: from= surely after
 * to= is a mistake ("from=2009&to=2009-06" is a fine range). */
static int check_range(struct request *rq, const struct chancery_date *from, int has_from,
		       const struct chancery_date *to, int has_to)
{
	if (has_from && has_to && chancery_date_before(to, from) == CHANCERY_YES)
		return bad_param(rq, "from", "'%s' is after to= '%s'", param(rq, "from"), param(rq, "to"));
	return 0;
}

/* A day parameter (on=, and diff's from= and to=): one day, default today. */
static int param_day(struct request *rq, const char *key, int32_t *day, int required)
{
	struct chancery_date d;
	int has;
	if (param_date(rq, key, &d, &has))
		return -1;
	if (!has) {
		if (required)
			return bad_param(rq, key, "required; expected a day (YYYY-MM-DD)");
		*day = chancery_today();
		return 0;
	}
	if (!chancery_date_is_day(&d))
		return bad_param(rq, key, "'%s': expected one day (YYYY-MM-DD); a month or a year "
					  "can hold several answers",
				 param(rq, key));
	*day = d.lo;
	return 0;
}

static int param_flag(struct request *rq, const char *key, int *out)
{
	const char *v = param(rq, key);
	*out = 0;
	if (!v)
		return 0;
	if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"))
		*out = 1;
	else if (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "no"))
		return bad_param(rq, key, "'%s': expected 1 or 0 (true or false)", v);
	return 0;
}

/* 503: the store could not be read; the message says why. */
static void store_failed(struct request *rq, const struct chancery_diags *d)
{
	reply_error(rq, 503, "store", NULL, "cannot read the store: %s",
		    d->n ? d->v[0].message : "unknown error");
}

/* What a read needs of the store while the served registry is behind it
 * (a write since its last load): the same facts as the command line's
 * query (persist.h). 0, or 1 for a read of the whole registry. */
static int need_of(struct request *rq, struct persist_need *need)
{
	const char *p = rq->path, *party = param(rq, "party"), *rec = param(rq, "recognitions");
	memset(need, 0, sizeof(*need));
	if (!strcmp(p, "/api/status") || !strcmp(p, "/api/timeline") || !strcmp(p, "/api/diff") ||
	    !strcmp(p, "/api/chart/timeline")) {
		need->kind = PERSIST_DYAD;
		need->parties[0] = param(rq, "a");
		need->parties[1] = param(rq, "b");
		need->n_parties = 2;
	} else if (!strcmp(p, "/api/article")) {
		need->kind = PERSIST_EVENTS_OF;
		need->parties[0] = param(rq, "a");
		need->parties[1] = param(rq, "b");
		need->n_parties = 2;
	} else if (!strcmp(p, "/api/recognitions") || !strcmp(p, "/api/chart/recognitions") ||
		   (!strcmp(p, "/api/map") && rec)) {
		/* with the United Nations' members, for by=un-members */
		need->kind = PERSIST_RECOGNITIONS;
		need->parties[0] = rec ? rec : party;
		need->parties[1] = "Q1065";
		need->parties[2] = "UN";
		need->n_parties = 3;
	} else if (!strcmp(p, "/api/map") || !strcmp(p, "/api/parties")) {
		need->kind = PERSIST_PARTIES;
	} else if (!strcmp(p, "/api/treaties")) {
		need->kind = PERSIST_TREATIES;
		need->parties[0] = param(rq, "a");
		need->n_parties = need->parties[0] != NULL;
	} else if (!strncmp(p, "/api/treaty/", 12)) {
		need->kind = PERSIST_TREATY;
		need->id = p + 12;
	} else if (!strncmp(p, "/api/show/", 10)) {
		need->kind = PERSIST_SHOW;
		need->id = p + 10;
	} else if (!strcmp(p, "/api/events")) {
		for (size_t i = 0; i < rq->q.n; i++)
			if (!strcmp(rq->q.v[i].key, "party")) {
				if (need->n_parties == PERSIST_MAX_PARTIES)
					return 1;
				need->parties[need->n_parties++] = rq->q.v[i].value;
			}
		if (!need->n_parties)
			return 1;
		need->kind = PERSIST_NAMING;
	} else {
		return 1; /* /api, coverage, dyads: everything */
	}
	return 0;
}

/* Can the registry in memory answer need although it is behind the store:
 * does the latest view of the store's changes since it (made after every
 * write the server knows of) touch none of what need reads? */
static int untouched(struct request *rq, const struct persist_need *need)
{
	struct holder *h = &rq->srv->holder;
	struct change_view *v = holder_view(h);
	const chancery_registry *r = rq->snap->r;
	int ok = v && v->base == rq->snap && v->rec >= atomic_load(&h->store_rec) && !v->all;
	for (size_t i = 0; ok && i < need->n_parties; i++)
		/* a recognition's other names are the United Nations', which a
		 * registry may lack: a change would have to define it (all) */
		ok = !need->parties[i] ||
		     (need->kind == PERSIST_RECOGNITIONS && i > 0 &&
		      !chancery_registry_find_party(r, need->parties[i])) ||
		     !view_touches(v, r, need->parties[i]);
	if (ok && need->id)
		ok = !view_has_id(v, need->id) && (need->kind != PERSIST_SHOW ||
						   !chancery_registry_find_party(r, need->id) ||
						   !view_touches(v, r, need->id));
	if (ok && need->kind == PERSIST_TREATIES && !need->n_parties)
		ok = 0; /* every treaty */
	view_put(v);
	return ok;
}

/* The registry of a read while the served one is behind the store: the
 * one in memory when the changes since touch none of what the read needs;
 * else what it needs, read from the store (through the snapshot file and
 * the facts recorded since); for a read of everything, the registry loaded
 * again (that read waits for it). NULL after a reply. */
static const chancery_registry *fresh_registry(struct request *rq)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct persist_need need;
	chancery_store *s = NULL;
	int ret;
	if (!need_of(rq, &need) && untouched(rq, &need))
		return rq->snap->r;
	if (need_of(rq, &need)) {
		struct holder *h = &rq->srv->holder;
		if (holder_refresh(h, atomic_load(&h->store_rec)) == 0) {
			served_put(rq->snap);
			rq->snap = served_get(h);
		}
		return rq->snap->r;
	}
	const char *db = server_read_db(&rq->srv->o);
	struct persist_report rep = { 0 };
	ret = chancery_store_open(db, CHANCERY_STORE_READONLY | CHANCERY_STORE_UNNAMED, &s, &d);
	if (!ret)
		ret = persist_load(s, db, &need, persist_wanted(db, NULL) ? 0 : PERSIST_NO_FILE,
				   &rq->fresh, &rep, &d);
	if (!ret)
		rq->fresh_record = rep.record;
	chancery_store_close(s);
	if (ret)
		store_failed(rq, &d);
	chancery_diags_release(&d);
	return ret ? NULL : rq->fresh;
}

/* The registry of the request: the one served, or what the request needs
 * from the store when a write has come since that one was loaded, or the
 * store as it stood at ?known_on= (loaded for this request alone). Each
 * handler checks the parameters it can check without a registry before it
 * asks for one: a known_on load costs seconds on a large store, and a bad
 * parameter must not cost them (issue 21). */
static const chancery_registry *registry(struct request *rq)
{
	const char *known_on = param(rq, "known_on");
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_store *s = NULL;
	int ret;
	if (!known_on)
		return holder_behind(&rq->srv->holder, rq->snap) ? fresh_registry(rq) : rq->snap->r;
	if (atomic_fetch_add(&rq->srv->past_loads, 1) >= SERVER_PAST_LOADS) {
		atomic_fetch_sub(&rq->srv->past_loads, 1);
		rq->retry_after = SERVER_PAST_LOADS_RETRY_SECONDS;
		reply_error(rq, 503, "busy", NULL,
			    "the server is loading the store as of another time for another"
			    " request; ask again in %d s",
			    SERVER_PAST_LOADS_RETRY_SECONDS);
		return NULL;
	}
	rq->known_on = chancery_registry_new();
	ret = chancery_store_open(server_read_db(&rq->srv->o),
				      CHANCERY_STORE_READONLY | CHANCERY_STORE_UNNAMED, &s, &d);
	if (!ret)
		ret = chancery_store_load(s, known_on, rq->known_on, &d);
	chancery_store_close(s);
	atomic_fetch_sub(&rq->srv->past_loads, 1);
	if (ret == -CHANCERY_EINPUT)
		bad_param(rq, "known_on", "'%s': expected a record time, YYYY-MM-DD or "
					  "YYYY-MM-DDTHH:MM:SSZ",
			  known_on);
	else if (ret)
		store_failed(rq, &d);
	chancery_diags_release(&d);
	return ret ? NULL : rq->known_on;
}

/* The party named v (parameter key), or a 404 with the nearest names. */
static int find_party(struct request *rq, const chancery_registry *r, const char *key,
		      const char *v, const struct chancery_party **out)
{
	const struct chancery_party *near[3];
	struct strbuf msg = STRBUF_INIT;
	json_t *sugg;
	size_t n;
	if ((*out = chancery_registry_find_party(r, v)))
		return 0;
	n = chancery_registry_suggest_parties(r, v, near, 3);
	sugg = json_array();
	strbuf_addf(&msg, "unknown party '%s'", v);
	for (size_t i = 0; i < n; i++) {
		const char *name = near[i]->short_name ? near[i]->short_name : near[i]->name;
		strbuf_addf(&msg, "%s'%s' (%s)", i ? ", " : "; did you mean ", name, near[i]->id);
		json_array_append_new(sugg, json_pack("{s:s, s:s}", "id", near[i]->id, "name", name));
	}
	if (n)
		strbuf_addch(&msg, '?');
	reply_error(rq, 404, "unknown_party",
		    json_pack("{s:s, s:o}", "parameter", key, "suggestions", sugg), "%s", msg.buf);
	strbuf_release(&msg);
	return -1;
}

/* A party parameter: 400 when missing and required, 404 when it names no
 * party. */
static int param_party(struct request *rq, const chancery_registry *r, const char *key,
		       const struct chancery_party **out, int required)
{
	const char *v = param(rq, key);
	*out = NULL;
	if (v)
		return find_party(rq, r, key, v, out);
	if (required)
		return bad_param(rq, key, "required; expected a party (id, ISO code, Wikidata id "
					  "or name)");
	return 0;
}

static void reply_read(struct request *rq, json_t *v)
{
	reply_json(rq, 200, v);
	rq->cache = 1;
}

/* ---- the read endpoints ---- */

static void get_parties(struct request *rq, const char *id)
{
	const chancery_registry *r;
	const char *kind = param(rq, "kind"), *q = param(rq, "q"), *limit = param(rq, "limit");
	int k = -1;
	long n = 20;
	if (kind && (k = word_index(party_kind_names, kind, strlen(kind))) < 0) {
		bad_param(rq, "kind", "unknown kind '%s'; expected state, partially-recognised, "
				      "organisation, group, organ or territory",
			  kind);
		return;
	}
	if (limit) {
		char *end;
		n = strtol(limit, &end, 10);
		if (*end || n < 1 || n > 500) {
			bad_param(rq, "limit", "'%s': expected a number from 1 to 500", limit);
			return;
		}
	}
	if (!(r = registry(rq)))
		return;
	if (q)
		reply_read(rq, api_parties_search_json(r, q, k, (size_t)n));
	else
		reply_read(rq, api_parties_json(r, k));
}

static void get_events(struct request *rq, const char *id)
{
	const chancery_registry *r;
	struct api_events_query q = { 0 };
	const char **parties, **kind_names;
	size_t *idx;
	if (param_date(rq, "from", &q.from, &q.has_from) || param_date(rq, "to", &q.to, &q.has_to) ||
	    check_range(rq, &q.from, q.has_from, &q.to, q.has_to))
		return;
	parties = xcalloc(rq->q.n + 1, sizeof(*parties));
	kind_names = xcalloc(rq->q.n + 1, sizeof(*kind_names));
	for (size_t i = 0; i < rq->q.n; i++) {
		const char *key = rq->q.v[i].key, *v = rq->q.v[i].value;
		if (!strcmp(key, "kind")) {
			if (!api_kind_known(v)) {
				bad_param(rq, "kind", "'%s' is neither an event kind nor a category "
						      "(recognition, relations, missions, envoys, "
						      "statements, acts, treaty)",
					  v);
				goto out;
			}
			kind_names[q.n_kinds++] = v;
		}
	}
	if (!(r = registry(rq)))
		goto out;
	for (size_t i = 0; i < rq->q.n; i++) {
		const struct chancery_party *p;
		if (strcmp(rq->q.v[i].key, "party"))
			continue;
		if (find_party(rq, r, "party", rq->q.v[i].value, &p))
			goto out;
		parties[q.n_parties++] = p->id;
	}
	q.parties = parties;
	q.kinds = kind_names;
	idx = xmalloc((chancery_registry_event_count(r) + 1) * sizeof(*idx));
	reply_read(rq, api_events_json(r, idx, api_events_select(r, &q, idx)));
	free(idx);
out:
	free(parties);
	free(kind_names);
}

/* The dyad of a= and b=, its status on `day`. */
static struct chancery_dyad_status *dyad(struct request *rq, const chancery_registry *r,
					 int32_t day)
{
	const struct chancery_party *a, *b;
	struct chancery_dyad_status *s = NULL;
	if (param_party(rq, r, "a", &a, 1) || param_party(rq, r, "b", &b, 1))
		return NULL;
	if (chancery_dyad_status(r, a->id, b->id, day, &s)) {
		reply_error(rq, 404, "not_found", NULL, "no dyad of '%s' and '%s'", a->id, b->id);
		return NULL;
	}
	return s;
}

static void get_status(struct request *rq, const char *id)
{
	const chancery_registry *r;
	struct chancery_dyad_status *s;
	int32_t day = 0;
	if (param_day(rq, "on", &day, 0) || !(r = registry(rq)) || !(s = dyad(rq, r, day)))
		return;
	reply_read(rq, api_status_json(s, param(rq, "known_on")));
	chancery_dyad_status_free(s);
}

static void get_recognitions(struct request *rq, const char *id)
{
	const chancery_registry *r;
	const struct chancery_party *x, *un;
	const char *by = param(rq, "by");
	int32_t day = 0;
	int series, members_only = 0;
	if (param_day(rq, "on", &day, 0) || param_flag(rq, "series", &series))
		return;
	if (by && !(members_only = !strcmp(by, "un-members")) && strcmp(by, "all")) {
		bad_param(rq, "by", "unknown '%s'; expected un-members or all", by);
		return;
	}
	if (!(r = registry(rq)) || param_party(rq, r, "party", &x, 1))
		return;
	un = api_united_nations(r);
	if (members_only && !un) {
		reply_error(rq, 404, "not_found", NULL,
			    "by=un-members needs the United Nations as a party (wikidata=Q1065) and "
			    "its members' join-organisation events; none is recorded");
		return;
	}
	if (series) {
		struct chancery_series_point *v = NULL;
		size_t n = 0;
		chancery_recognition_series_by(r, x->id, members_only ? un->id : NULL, &v, &n);
		reply_read(rq, api_series_json(x, members_only, v, n));
		free(v);
	} else {
		struct api_recognitions rec;
		api_recognitions_compute(r, x, un, day, members_only, &rec);
		reply_read(rq, api_recognitions_json(&rec));
		api_recognitions_release(&rec);
	}
}

static void get_coverage(struct request *rq, const char *id)
{
	const chancery_registry *r = registry(rq);
	const struct chancery_party *x;
	if (r && !param_party(rq, r, "party", &x, 0))
		reply_read(rq, api_coverage_json(r, x));
}

static void get_timeline(struct request *rq, const char *id)
{
	const chancery_registry *r;
	struct chancery_date from, to;
	struct chancery_dyad_status *s;
	int has_from, has_to;
	size_t *idx;
	if (param_date(rq, "from", &from, &has_from) || param_date(rq, "to", &to, &has_to) ||
	    check_range(rq, &from, has_from, &to, has_to) || !(r = registry(rq)) ||
	    !(s = dyad(rq, r, chancery_today())))
		return;
	idx = xmalloc((s->n_events + 1) * sizeof(*idx));
	reply_read(rq, api_events_json(r, idx,
				       api_timeline_select(r, s, has_from ? &from : NULL,
							   has_to ? &to : NULL, idx)));
	free(idx);
	chancery_dyad_status_free(s);
}

static void get_diff(struct request *rq, const char *id)
{
	const chancery_registry *r;
	struct chancery_dyad_status *s1, *s2;
	int32_t d1 = 0, d2 = 0;
	if (param_day(rq, "from", &d1, 1) || param_day(rq, "to", &d2, 0))
		return;
	if (param(rq, "to") && d1 > d2) {
		bad_param(rq, "from", "'%s' is after to= '%s'", param(rq, "from"), param(rq, "to"));
		return;
	}
	if (!(r = registry(rq)) || !(s1 = dyad(rq, r, d1)))
		return;
	if ((s2 = dyad(rq, r, d2)))
		reply_read(rq, api_diff_json(s1, s2));
	chancery_dyad_status_free(s1);
	chancery_dyad_status_free(s2);
}

static void get_treaties(struct request *rq, const char *id)
{
	const chancery_registry *r;
	const struct chancery_party *a, *b;
	const char *want = param(rq, "status");
	int32_t day = 0;
	if (param_day(rq, "on", &day, 0))
		return;
	if (param(rq, "b") && !param(rq, "a")) {
		bad_param(rq, "b", "given without 'a'");
		return;
	}
	if (want && !(want = api_treaty_state(want))) {
		bad_param(rq, "status", "unknown status '%s'; expected not-signed, signed, "
					"ratified-by-some, ratified-by-all, provisionally-applied, in-force, "
					"suspended, denounced, terminated or expired",
			  param(rq, "status"));
		return;
	}
	if (!(r = registry(rq)) || param_party(rq, r, "a", &a, 0) || param_party(rq, r, "b", &b, 0))
		return;
	reply_read(rq, api_treaties_json(r, a, b, day, want));
}

static void get_treaty(struct request *rq, const char *id)
{
	const chancery_registry *r;
	struct chancery_treaty_status *s;
	size_t index;
	int32_t day = 0;
	if (param_day(rq, "on", &day, 0) || !(r = registry(rq)))
		return;
	if (chancery_registry_lookup(r, id, &index) != CHANCERY_ENT_TREATY) {
		reply_error(rq, 404, "not_found", json_pack("{s:s}", "id", id),
			    "no treaty has the id '%s'", id);
		return;
	}
	if (chancery_treaty_status(r, index, day, &s)) {
		reply_error(rq, 500, "internal", NULL, "cannot compute the status of '%s'", id);
		return;
	}
	reply_read(rq, api_treaty_json(s));
	chancery_treaty_status_free(s);
}

static void get_dyads(struct request *rq, const char *id)
{
	const chancery_registry *r;
	int32_t day = 0;
	if (!param_day(rq, "on", &day, 0) && (r = registry(rq)))
		reply_read(rq, api_dyads_json(r, day));
}

static void get_article(struct request *rq, const char *id)
{
	static const struct {
		const char *name, *type;
	} formats[] = {
		{ "text", "text/plain; charset=utf-8" },
		{ "markdown", "text/markdown; charset=utf-8" },
		{ "html", "text/html; charset=utf-8" },
		{ "wikitext", "text/plain; charset=utf-8" },
		{ "json", "application/json" },
	};
	const chancery_registry *r;
	const char *format = param(rq, "format");
	const struct chancery_party *a, *b;
	struct article *art = NULL;
	struct strbuf sb = STRBUF_INIT;
	int32_t day = 0;
	int refs, f = -1;
	if (param_day(rq, "on", &day, 0) || param_flag(rq, "refs", &refs))
		return;
	for (int i = 0; i < 5; i++)
		if (!strcmp(format ? format : "json", formats[i].name))
			f = i;
	if (f < 0) {
		bad_param(rq, "format", "unknown format '%s'; the formats are text, markdown, html, "
					"wikitext and json",
			  format);
		return;
	}
	if (!(r = registry(rq)) || param_party(rq, r, "a", &a, 1) || param_party(rq, r, "b", &b, 1))
		return;
	if (article_build(r, a->id, b->id, day, &art)) {
		reply_error(rq, 404, "not_found", NULL, "no article of '%s' and '%s'", a->id, b->id);
		return;
	}
	switch (f) {
	case 0: render_text(art, &sb); break;
	case 1: render_markdown(art, refs, &sb); break;
	case 2: render_html(art, refs, &sb); break;
	case 3: render_wikitext(art, refs, &sb); break;
	default: reply_read(rq, api_article_json(art)); break;
	}
	if (f < 4) {
		reply_text(rq, 200, formats[f].type, sb.buf, sb.len);
		rq->cache = 1;
	}
	strbuf_release(&sb);
	article_free(art);
}

/* ---- maps and charts: the SVG of `chancery map` and `chancery chart` ---- */

#define SVG_TYPE "image/svg+xml"

static void reply_svg(struct request *rq, int rc, struct strbuf *svg)
{
	if (rc) {
		reply_error(rq, 404, "not_found", NULL, "nothing to draw for these parties");
		return;
	}
	reply_text(rq, 200, SVG_TYPE, svg->buf, svg->len);
	rq->cache = 1;
}

static void get_map(struct request *rq, const char *id)
{
	const chancery_registry *r;
	const struct chancery_party *a, *b, *x;
	const char *detail = param(rq, "detail");
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct strbuf svg = STRBUF_INIT;
	struct map_opts mo;
	int32_t day = 0;
	if (param_day(rq, "on", &day, 0))
		return;
	map_opts_init(&mo, day);
	if (detail) {
		char *end;
		mo.display_max = strtod(detail, &end);
		if (*end || !(mo.display_max >= 100 && mo.display_max <= 10000)) {
			bad_param(rq, "detail", "'%s': expected a width in pixels from 100 to 10000", detail);
			return;
		}
	}
	if (param(rq, "recognitions") && (param(rq, "a") || param(rq, "b"))) {
		bad_param(rq, "recognitions", "takes no a= or b=: a map of one party's recognitions");
		return;
	}
	if (!(r = registry(rq)))
		return;
	if (param(rq, "recognitions")) {
		if (param_party(rq, r, "recognitions", &x, 1))
			return;
		reply_svg(rq, map_recognitions(r, x->id, &mo, &svg, &d), &svg);
	} else {
		if (param_party(rq, r, "a", &a, 1) || param_party(rq, r, "b", &b, 1))
			return;
		reply_svg(rq, map_locator(r, a->id, b->id, &mo, &svg, &d), &svg);
	}
	strbuf_release(&svg);
	chancery_diags_release(&d);
}

/* from= and to= of a chart: the first and the last day they may mean. */
static int chart_span(struct request *rq, int32_t *from, int32_t *to)
{
	struct chancery_date f, t;
	int has_f, has_t;
	if (param_date(rq, "from", &f, &has_f) || param_date(rq, "to", &t, &has_t))
		return -1;
	*from = has_f && f.form ? f.lo : CHANCERY_DAY_MIN;
	*to = has_t && t.form ? t.hi : CHANCERY_DAY_MAX;
	if (*from != CHANCERY_DAY_MIN && *to != CHANCERY_DAY_MAX && *to < *from)
		return bad_param(rq, "to", "'%s' is before from= '%s'", param(rq, "to"), param(rq, "from"));
	return 0;
}

static void get_chart_recognitions(struct request *rq, const char *id)
{
	const chancery_registry *r;
	const struct chancery_party *x;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct strbuf svg = STRBUF_INIT;
	int32_t from, to;
	if (chart_span(rq, &from, &to) || !(r = registry(rq)) || param_party(rq, r, "party", &x, 1))
		return;
	reply_svg(rq, chart_recognitions(r, x->id, from, to, &svg, &d), &svg);
	strbuf_release(&svg);
	chancery_diags_release(&d);
}

static void get_chart_timeline(struct request *rq, const char *id)
{
	const chancery_registry *r;
	const struct chancery_party *a, *b;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct strbuf svg = STRBUF_INIT;
	int32_t from, to;
	if (chart_span(rq, &from, &to) || !(r = registry(rq)) || param_party(rq, r, "a", &a, 1) ||
	    param_party(rq, r, "b", &b, 1))
		return;
	reply_svg(rq, chart_timeline(r, a->id, b->id, from, to, &svg, &d), &svg);
	strbuf_release(&svg);
	chancery_diags_release(&d);
}

static void get_show(struct request *rq, const char *id)
{
	const chancery_registry *r = registry(rq);
	enum chancery_entity ent;
	size_t index, *idx = NULL, n = 0;
	if (!r)
		return;
	if ((ent = api_resolve_id(r, id, &index)) == CHANCERY_ENT_NONE) {
		const struct chancery_party *near[3];
		size_t k = chancery_registry_suggest_parties(r, id, near, 3);
		json_t *sugg = json_array();
		for (size_t i = 0; i < k; i++)
			json_array_append_new(sugg, json_string(near[i]->id));
		reply_error(rq, 404, "not_found", json_pack("{s:s, s:o}", "id", id, "suggestions", sugg),
			    "nothing has the id '%s'", id);
		return;
	}
	if (ent == CHANCERY_ENT_PARTY || ent == CHANCERY_ENT_PERSON) {
		idx = xmalloc((chancery_registry_event_count(r) + 1) * sizeof(*idx));
		n = api_show_events(r, ent, index, idx);
	}
	reply_read(rq, api_show_json(r, ent, index, idx, n));
	free(idx);
}

/* The audit trail, read from the store itself (it is not in the registry). */
static void get_log(struct request *rq, const char *id)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_store_record *v = NULL;
	chancery_store *s = NULL;
	size_t n = 0;
	int ret = chancery_store_open(server_read_db(&rq->srv->o),
				      CHANCERY_STORE_READONLY | CHANCERY_STORE_UNNAMED, &s, &d);
	if (!ret)
		ret = chancery_store_records(s, &v, &n, &d);
	if (ret)
		store_failed(rq, &d);
	else
		reply_read(rq, server_records_json(v, n));
	chancery_store_records_free(v, n);
	chancery_store_close(s);
	chancery_diags_release(&d);
}

static void get_history(struct request *rq, const char *id)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_store_version *v = NULL;
	chancery_store *s = NULL;
	size_t n = 0;
	int ret = chancery_store_open(server_read_db(&rq->srv->o),
				      CHANCERY_STORE_READONLY | CHANCERY_STORE_UNNAMED, &s, &d);
	if (!ret)
		ret = chancery_store_history(s, id, &v, &n, NULL, &d); /* an action: its treaty's */
	if (ret == -CHANCERY_ENOTFOUND)
		reply_error(rq, 404, "not_found", json_pack("{s:s}", "id", id),
			    "the store never had the id '%s'", id);
	else if (ret)
		store_failed(rq, &d);
	else
		reply_read(rq, server_versions_json(v, n));
	chancery_store_versions_free(v, n);
	chancery_store_close(s);
	chancery_diags_release(&d);
}

static void get_tokens(struct request *rq, const char *id)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_token *v = NULL;
	size_t n = 0;
	int ret;
	pthread_mutex_lock(&rq->srv->auth_lock);
	ret = chancery_store_tokens(rq->srv->auth_store, &v, &n, &d);
	pthread_mutex_unlock(&rq->srv->auth_lock);
	if (ret)
		store_failed(rq, &d);
	else
		reply_json(rq, 200, server_tokens_json(v, n));
	chancery_store_tokens_free(v, n);
	chancery_diags_release(&d);
}

static void get_whoami(struct request *rq, const char *id)
{
	const struct server_opts *o = &rq->srv->o;
	reply_json(rq, 200,
		   json_pack("{s:s?, s:s?, s:b, s:b}", "name", rq->who.name[0] ? rq->who.name : NULL,
			     "role", rq->who.role[0] ? rq->who.role : NULL, "read_only", o->read_only,
			     "private", o->private_reads));
}

static void get_index(struct request *rq, const char *id);

/* ---- writes ---- */

/* The store's facts an edit touches, through the snapshot file
 * (chancery_import_opts.context), as the command line's import reads them. */
static int closure_of(chancery_store *s, const chancery_registry *r, chancery_registry **out,
		      void *ctx, struct chancery_diags *diags)
{
	return persist_closure(s, ctx, r, out, diags);
}

static void post_import(struct request *rq, const char *id)
{
	struct server *srv = rq->srv;
	struct import_body body = { 0 };
	struct strbuf err = STRBUF_INIT, origin = STRBUF_INIT;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts io = { 0 };
	struct chancery_parse_opts popts = { 0 };
	struct chancery_import_stats st = { 0 };
	const char *ctype = rq->body_type; /* on the writer thread: no call into the connection */
	chancery_registry *r = NULL;
	chancery_store *s = NULL;
	int64_t before = 0, after = 0;
	int check = 0, ret;
	json_t *out;

	if (param_flag(rq, "check", &check))
		return;
	if (ctype && !strncmp(ctype, "application/json", 16)) {
		if (import_body_parse_json(rq->body.buf, rq->body.len, &body, &err)) {
			reply_error(rq, 400, "bad_body", NULL, "%s", err.buf);
			goto out;
		}
		check |= body.check;
	} else if (!ctype || !strncmp(ctype, "text/plain", 10) ||
		   !strncmp(ctype, "application/octet-stream", 24) ||
		   /* what `curl --data-binary @file` sends unless told */
		   !strncmp(ctype, "application/x-www-form-urlencoded", 33)) {
		body.ledger = xmalloc(rq->body.len + 1);
		memcpy(body.ledger, rq->body.buf, rq->body.len + 1);
		body.ledger_len = rq->body.len;
	} else {
		reply_error(rq, 415, "unsupported_media_type", NULL,
			    "Content-Type '%s': expected text/plain (the ledger) or application/json",
			    ctype);
		goto out;
	}
	if (!body.origin && param(rq, "origin"))
		body.origin = xstrdup(param(rq, "origin"));
	strbuf_addstr(&origin, body.origin ? body.origin : "request");

	/* The same steps as `chancery import`: parse (no includes: a ledger
	 * sent over the network must not read the server's files), then the
	 * store checks it with what it holds and records it, all under its
	 * write lock. */
	r = chancery_registry_new();
	popts.flags = CHANCERY_PARSE_NO_INCLUDES;
	popts.max_input = srv->o.max_body;
	ret = chancery_ledger_parse_buffer_opts(r, origin.buf, body.ledger, body.ledger_len, &popts,
						&d);
	if (!ret)
		ret = chancery_registry_finish(r, &d);
	pthread_mutex_lock(&srv->write_lock);
	if (!ret)
		ret = chancery_store_open(srv->o.db, CHANCERY_STORE_UNNAMED, &s, &d);
	if (!ret)
		ret = chancery_store_last_record(s, &before, &d);
	if (!ret) {
		strbuf_reset(&err);
		strbuf_addf(&err, "http:%s", origin.buf);
		io.author = rq->who.name;
		io.origin = err.buf;
		io.dry_run = check;
		io.check = chancery_check;
		if (persist_wanted(srv->o.db, NULL)) {
			io.context = closure_of;
			io.context_ctx = (void *)srv->o.db;
		}
		ret = chancery_store_import(s, r, &io, &st, &d);
	}
	if (!ret)
		ret = chancery_store_last_record(s, &after, &d);
	chancery_store_close(s);
	pthread_mutex_unlock(&srv->write_lock);

	if (ret == -CHANCERY_EINPUT) {
		reply_error(rq, 422, "invalid_ledger", json_pack("{s:o}", "diagnostics", json_diags(&d)),
			    "%zu error%s in the ledger; nothing was stored", d.errors,
			    d.errors == 1 ? "" : "s");
		goto out;
	}
	if (ret) {
		reply_error(rq, 503, "store", json_pack("{s:o}", "diagnostics", json_diags(&d)),
			    "the store refused the import: %s", d.n ? d.v[d.n - 1].message : "unknown error");
		goto out;
	}
	/* Readers see the write at once: until the registry is loaded again
	 * (in the background), each reads what it needs from the store. No
	 * reader waits, nor does the writer. */
	if (after > before)
		holder_note(&srv->holder, after);
	out = server_import_json(NULL, check, &st);
	json_object_set_new(out, "record", after > before ? json_integer(after) : json_null());
	json_object_set_new(out, "author", json_string(rq->who.name));
	json_object_set_new(out, "diagnostics", json_diags(&d));
	reply_json(rq, 200, out);
out:
	chancery_registry_free(r);
	chancery_diags_release(&d);
	import_body_release(&body);
	strbuf_release(&err);
	strbuf_release(&origin);
}

/* ---- the table ---- */

static const struct route routes[] = {
	{ "GET", "/api", NEED_READ, get_index, 1, "" },
	{ "GET", "/api/parties", NEED_READ, get_parties, 1, "kind q limit known_on" },
	{ "GET", "/api/events", NEED_READ, get_events, 1, "party* kind* from to known_on" },
	{ "GET", "/api/status", NEED_READ, get_status, 1, "a b on known_on" },
	{ "GET", "/api/recognitions", NEED_READ, get_recognitions, 1, "party on series by known_on" },
	{ "GET", "/api/coverage", NEED_READ, get_coverage, 1, "party known_on" },
	{ "GET", "/api/timeline", NEED_READ, get_timeline, 1, "a b from to known_on" },
	{ "GET", "/api/diff", NEED_READ, get_diff, 1, "a b from to known_on" },
	{ "GET", "/api/treaties", NEED_READ, get_treaties, 1, "a b on status known_on" },
	{ "GET", "/api/treaty/", NEED_READ, get_treaty, 1, "on known_on" },
	{ "GET", "/api/dyads", NEED_READ, get_dyads, 1, "on known_on" },
	{ "GET", "/api/article", NEED_READ, get_article, 1, "a b on format refs known_on" },
	{ "GET", "/api/show/", NEED_READ, get_show, 1, "known_on" },
	{ "GET", "/api/map", NEED_READ, get_map, 1, "a b recognitions on detail known_on" },
	{ "GET", "/api/chart/recognitions", NEED_READ, get_chart_recognitions, 1, "party from to known_on" },
	{ "GET", "/api/chart/timeline", NEED_READ, get_chart_timeline, 1, "a b from to known_on" },
	/* these read the store, or the caller's token, not the registry */
	{ "GET", "/api/log", NEED_READ, get_log, 0, "" },
	{ "GET", "/api/history/", NEED_READ, get_history, 0, "" },
	{ "GET", "/api/whoami", NEED_READ, get_whoami, 0, "" },
	{ "GET", "/api/tokens", NEED_ADMIN, get_tokens, 0, "" },
	{ "POST", "/api/import", NEED_EDIT, post_import, 0, "check origin" },
};
#define N_ROUTES (sizeof(routes) / sizeof(*routes))

static void get_index(struct request *rq, const char *id)
{
	json_t *eps;
	struct served *snap;
	/* the registry as the store holds it now (loaded again after a
	 * write: counts of everything) */
	if (!registry(rq))
		return;
	snap = rq->snap;
	eps = json_array();
	for (size_t i = 0; i < N_ROUTES; i++)
		json_array_append_new(eps, json_pack("{s:s, s:s%}", "method", routes[i].method, "path",
						     routes[i].path,
						     strlen(routes[i].path) -
							     (routes[i].path[strlen(routes[i].path) - 1] == '/')));
	reply_json(rq, 200,
		   json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "name", "chancery", "version",
			     CHANCERY_VERSION, "record", (json_int_t)snap->rec, "parties",
			     (json_int_t)chancery_registry_party_count(snap->r), "events",
			     (json_int_t)chancery_registry_event_count(snap->r), "endpoints", eps));
}

/* Does path match rt? Sets *id for a prefix route ("/api/treaty/X"). */
static int path_matches(const struct route *rt, const char *path, const char **id)
{
	size_t n = strlen(rt->path);
	*id = NULL;
	if (rt->path[n - 1] != '/')
		return !strcmp(path, rt->path);
	if (strncmp(path, rt->path, n) || !path[n] || strchr(path + n, '/'))
		return 0;
	*id = path + n;
	return 1;
}

/* 401 without a token, 403 with one that does not allow it. */
static int authorize(struct request *rq, enum need need)
{
	static const char *const names[] = { "reader", "editor", "admin" };
	struct server *srv = rq->srv;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	const char *header = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
							  MHD_HTTP_HEADER_AUTHORIZATION);
	int res;
	if (!header && need == NEED_READ && !srv->o.private_reads)
		return 0;
	pthread_mutex_lock(&srv->auth_lock);
	res = auth_check(srv->auth_store, header, &rq->who, &d);
	pthread_mutex_unlock(&srv->auth_lock);
	chancery_diags_release(&d);
	if (res == AUTH_ERROR) {
		reply_error(rq, 503, "store", NULL, "cannot read the tokens of the store");
		return -1;
	}
	if (res != AUTH_OK) {
		reply_error(rq, 401, "unauthorized", NULL,
			    res == AUTH_NONE ? "this needs a token: send 'Authorization: Bearer TOKEN' "
					       "(chancery token add NAME --role %s)"
			    : res == AUTH_MALFORMED
				    ? "the Authorization header is not 'Bearer chy_...' (a token of "
				      "'chancery token add', role %s)"
				    : "unknown or revoked token (role %s needed)",
			    names[need]);
		rq->www_authenticate = 1;
		return -1;
	}
	if (!auth_role_allows(rq->who.role, names[need])) {
		/* roles: reader, editor, admin */
		reply_error(rq, 403, "forbidden", NULL, "account '%s' is %s %s; this needs the role %s",
			    rq->who.name, strchr("aeiou", rq->who.role[0]) ? "an" : "a", rq->who.role,
			    names[need]);
		return -1;
	}
	return 0;
}

void route_request(struct request *rq)
{
	struct strbuf err = STRBUF_INIT, allow = STRBUF_INIT;
	const struct route *rt = NULL;
	const char *qs = strchr(rq->uri, '?'), *id = NULL;
	int32_t today = chancery_today();
	int cacheable;
	int is_api = !strcmp(rq->path, "/api") || !strncmp(rq->path, "/api/", 5);

	{
		/* a path no route or page can have, and no message can quote */
		size_t n = strlen(rq->path), bad = utf8_first_bad(rq->path, n, UTF8_NO_CONTROLS);
		if (bad < n) {
			reply_error(rq, 400, "bad_request", NULL,
				    "the path is not UTF-8 without control characters (byte %zu)",
				    bad + 1);
			goto out;
		}
	}
	if (rq->method == M_OPTIONS) {
		reply_text(rq, 204, NULL, "", 0);
		rq->allow = "GET, HEAD, POST, OPTIONS";
		return;
	}
	for (size_t i = 0; i < N_ROUTES; i++) {
		const char *this_id;
		if (!path_matches(&routes[i], rq->path, &this_id))
			continue;
		if (!strstr(allow.buf, routes[i].method))
			strbuf_addf(&allow, "%s%s", allow.len ? ", " : "", routes[i].method);
		if (!strcmp(routes[i].method, "GET") ? rq->method == M_GET || rq->method == M_HEAD
						     : rq->method == M_POST) {
			rt = &routes[i];
			id = this_id;
		}
	}
	if (!rt) {
		if (allow.len) {
			if (strstr(allow.buf, "GET"))
				strbuf_addstr(&allow, ", HEAD");
			reply_error(rq, 405, "method_not_allowed", NULL, "%s takes %s, not %s", rq->path,
				    allow.buf, rq->method_name);
			rq->allow = strstr(allow.buf, "POST") ? "POST" : "GET, HEAD";
		} else if (is_api) {
			reply_error(rq, 404, "no_such_endpoint", NULL,
				    "no endpoint '%s'; GET /api lists them", rq->path);
		} else if (rq->method != M_GET && rq->method != M_HEAD) {
			reply_error(rq, 405, "method_not_allowed", NULL, "%s takes GET and HEAD, not %s",
				    rq->path, rq->method_name);
			rq->allow = "GET, HEAD";
		} else if (!web_serve(rq)) {
			/* The page holds no data: it is open even on a --private
			 * server, whose API asks it for a token. */
			reply_error(rq, 404, "not_found", NULL, "no page '%s'", rq->path);
		}
		goto out;
	}
	if (rt->need != NEED_READ && rq->srv->o.read_only) {
		reply_error(rq, 403, "read_only", NULL, "this server is read-only (--read-only)");
		goto out;
	}
	if (authorize(rq, rt->need))
		goto out;
	rq->snap = served_get(&rq->srv->holder);
	/* An answer given before from this registry: no parameter is parsed
	 * again (it was valid then), nothing computed. ?known_on= answers
	 * come from the store, not from this registry. */
	cacheable = rt->cacheable && !strstr(rq->uri, "known_on") &&
		    !holder_behind(&rq->srv->holder, rq->snap);
	if (cacheable && cache_get(&rq->snap->cache, rq->uri, today, &rq->out, &rq->content_type,
				   rq->etag)) {
		rq->status = 200;
		rq->cache = 1;
		goto out;
	}
	if (qs && query_parse(qs + 1, strlen(qs + 1), &rq->q, &err)) {
		reply_error(rq, 400, "bad_query", NULL, "%s", err.buf);
		goto out;
	}
	if (check_params(rq, rt))
		goto out;
	if (rq->method == M_POST) { /* a write: on the writer thread */
		rq->deferred = rt->fn;
		rq->deferred_id = id;
		goto out;
	}
	rt->fn(rq, id);
	if (cacheable && rq->status == 200 && rq->cache) {
		snprintf(rq->etag, sizeof(rq->etag), "\"%016llx\"",
			 (unsigned long long)cache_hash(rq->out.buf, rq->out.len));
		cache_put(&rq->snap->cache, rq->uri, today, rq->out.buf, rq->out.len,
			  rq->content_type, rq->etag);
	}
out:
	strbuf_release(&err);
	strbuf_release(&allow);
}
