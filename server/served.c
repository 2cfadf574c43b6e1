/* served.c: the registry the server answers from. It is loaded once; a
 * thread of its own then watches the store (its last record, every
 * HOLDER_POLL_MS, and this server's writes at once): while the store is
 * ahead, readers load what they need from it (routes.c), and once the
 * writes pause the thread loads the store again, builds the query indexes
 * (snapshot_of) and swaps the new registry in under a lock held only for
 * a pointer copy. A reader takes a reference to the registry of the moment
 * and answers from it to the end, so it never waits for a rebuild and
 * never sees half a write; the old registry is freed when its last reader
 * lets go. After a rebuild is published, the same thread writes the
 * snapshot file beside the store from it, so that the command line's
 * queries on a store edited over the web stay fast. */
#include "served.h"

#include <malloc.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "base/hashmap.h"
#include "persist/persist.h"
#include "query/snapshot.h"
#include "store/store.h"
#include "store/tokens.h"
#include "base/strbuf.h"
#include "base/banned.h"

static void log_line(struct holder *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(struct holder *h, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	if (!h->log)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	h->log(h->log_ctx, sb.buf);
	strbuf_release(&sb);
}

/* Load the store's registry and build its indexes, so that no reader pays
 * for them; with texts, keep the stored texts for the snapshot file. */
static int load(const char *db, struct served **out, struct chancery_store_texts *texts,
		struct chancery_diags *diags)
{
	struct chancery_store_state state;
	chancery_store *s = NULL;
	chancery_registry *r;
	int ret = chancery_store_open(db, CHANCERY_STORE_READONLY, &s, diags);
	if (ret)
		return ret;
	r = chancery_registry_new();
	/* The state first: a write after it makes the loaded registry newer
	 * than it says, never older, so no later change is missed. */
	ret = chancery_store_state(s, &state, diags);
	if (!ret)
		ret = texts ? chancery_store_load_texts(s, r, texts, diags)
			    : chancery_store_load(s, NULL, r, diags);
	chancery_store_close(s);
	if (ret) {
		if (texts)
			chancery_store_texts_release(texts);
		chancery_registry_free(r);
		return ret;
	}
	snapshot_of(r);
	*out = xcalloc(1, sizeof(**out));
	(*out)->r = r;
	(*out)->rec = state.last_rec;
	(*out)->max_fid = state.max_fid;
	atomic_init(&(*out)->refs, 1);
	cache_init(&(*out)->cache);
	return 0;
}

struct served *served_get(struct holder *h)
{
	struct served *s;
	pthread_mutex_lock(&h->lock);
	s = h->cur;
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&h->lock);
	return s;
}

void served_put(struct served *s)
{
	if (s && atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1) {
		chancery_registry_free(s->r);
		cache_release(&s->cache);
		free(s);
		/* A registry is hundreds of megabytes in many blocks; give them
		 * back to the system, or every swap keeps the old one's pages. */
		malloc_trim(0);
	}
}

/* ---- what the store changed since the registry ---- */

static void view_free(struct change_view *v)
{
	if (!v)
		return;
	free(v->touched);
	hashmap_release(&v->ids);
	arena_release(&v->arena);
	free(v);
}

struct change_view *holder_view(struct holder *h)
{
	struct change_view *v;
	pthread_mutex_lock(&h->lock);
	if ((v = h->view))
		atomic_fetch_add_explicit(&v->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&h->lock);
	return v;
}

void view_put(struct change_view *v)
{
	if (v && atomic_fetch_sub_explicit(&v->refs, 1, memory_order_acq_rel) == 1)
		view_free(v);
}

static void touch(struct change_view *v, const chancery_registry *base, const char *id)
{
	long root = id ? snapshot_party_root(base, id) : -1;
	if (root >= 0)
		v->touched[root / 8] |= (uint8_t)(1u << (root % 8));
	else if (id)
		v->all = 1; /* a party the registry does not have */
}

static void touch_event(struct change_view *v, const chancery_registry *base,
			const struct chancery_event *e)
{
	touch(v, base, e->actor);
	touch(v, base, e->target);
	touch(v, base, e->from_party);
	for (uint32_t k = 0; k < e->subject.n; k++)
		touch(v, base, e->subject.v[k]);
}

/* A reaction bears on the dyad of what it is about, and of what that is
 * about, on. */
static void touch_about(struct change_view *v, const chancery_registry *base,
			const chancery_registry *delta, const char *about)
{
	for (int depth = 0; about && depth < 16; depth++) {
		size_t i;
		const struct chancery_event *e = NULL;
		if (chancery_registry_lookup(delta, about, &i) == CHANCERY_ENT_EVENT)
			e = &delta->events[i];
		else if (chancery_registry_lookup(base, about, &i) == CHANCERY_ENT_EVENT)
			e = &base->events[i];
		if (!e)
			return;
		if (e->treaty && chancery_registry_lookup(base, e->treaty, &i) == CHANCERY_ENT_TREATY)
			for (uint32_t k = 0; k < base->treaties[i].parties.n; k++)
				touch(v, base, base->treaties[i].parties.v[k]);
		touch_event(v, base, e);
		about = e->about;
	}
}

/* The parties whose answers the store's changes since base may change:
 * those the changed facts name, in their new versions and their old, and
 * those of what a reaction is about; every answer (all) for a change of a
 * party, a person or a source (names, coverage), or too many changes. */
static struct change_view *view_of(chancery_store *s, const struct served *base, int64_t rec)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_store_changes changes;
	struct change_view *v = xcalloc(1, sizeof(*v));
	chancery_registry *dr = NULL;
	struct strbuf buf = STRBUF_INIT;
	const chancery_registry *r = base->r;
	v->rec = rec;
	v->base = base;
	v->ids = (struct hashmap)HASHMAP_INIT;
	v->arena = (struct arena)ARENA_INIT;
	v->touched = xcalloc(r->n_parties / 8 + 1, 1);
	atomic_init(&v->refs, 1);
	if (chancery_store_changes(s, base->max_fid, HOLDER_VIEW_MAX, &changes, &d)) {
		v->all = 1;
		chancery_diags_release(&d);
		return v;
	}
	v->rec = changes.state.last_rec;
	v->all = changes.truncated;
	v->n_changes = changes.n;
	for (size_t i = 0; i < changes.n && !v->all; i++) {
		const struct chancery_store_change *c = &changes.v[i];
		size_t at;
		hashmap_put(&v->ids, arena_strdup(&v->arena, c->id), 1, NULL);
		if (c->entity != CHANCERY_ENT_EVENT && c->entity != CHANCERY_ENT_TREATY)
			v->all = 1;
		/* the old version's parties */
		switch (chancery_registry_lookup(r, c->id, &at)) {
		case CHANCERY_ENT_EVENT:
			touch_event(v, r, &r->events[at]);
			touch_about(v, r, r, r->events[at].about);
			break;
		case CHANCERY_ENT_TREATY:
			for (uint32_t k = 0; k < r->treaties[at].parties.n; k++)
				touch(v, r, r->treaties[at].parties.v[k]);
			break;
		default: break;
		}
		if (!c->retracted)
			strbuf_add(&buf, changes.buf + c->text_off, c->text_len);
	}
	if (!v->all) {
		dr = chancery_registry_new();
		if (chancery_ledger_parse_buffer_opts(dr, "<store>", buf.buf, buf.len, &no_includes, &d))
			v->all = 1;
	}
	for (size_t i = 0; dr && !v->all && i < dr->n_events; i++) {
		touch_event(v, r, &dr->events[i]);
		touch_about(v, r, dr, dr->events[i].about);
	}
	for (size_t i = 0; dr && !v->all && i < dr->n_treaties; i++)
		for (uint32_t k = 0; k < dr->treaties[i].parties.n; k++)
			touch(v, r, dr->treaties[i].parties.v[k]);
	chancery_registry_free(dr);
	chancery_store_changes_release(&changes);
	chancery_diags_release(&d);
	strbuf_release(&buf);
	return v;
}

int view_touches(const struct change_view *v, const chancery_registry *base, const char *party)
{
	const struct chancery_party *p;
	long root;
	if (v->all)
		return 1;
	if (!party || !(p = chancery_registry_find_party(base, party)))
		return 1; /* a name the registry cannot place: ask the store */
	root = snapshot_party_root(base, p->id);
	return root < 0 || (v->touched[root / 8] >> (root % 8) & 1);
}

int view_has_id(const struct change_view *v, const char *id)
{
	uint64_t x;
	return v->all || (id && hashmap_get(&v->ids, id, &x));
}

/* ---- the threads ---- */

static void publish(struct holder *h, struct served *s)
{
	struct served *old;
	struct change_view *view;
	pthread_mutex_lock(&h->lock);
	old = h->cur;
	h->cur = s;
	view = h->view; /* of the old registry: the watcher makes a new one */
	h->view = NULL;
	pthread_cond_signal(&h->poke);
	pthread_mutex_unlock(&h->lock);
	view_put(view);
	served_put(old);
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void holder_note(struct holder *h, int64_t rec)
{
	pthread_mutex_lock(&h->lock);
	if (rec > atomic_load(&h->store_rec)) {
		atomic_store(&h->store_rec, rec);
		h->last_change = now_ms();
		pthread_cond_signal(&h->poke);
	}
	pthread_mutex_unlock(&h->lock);
}

int holder_behind(const struct holder *h, const struct served *s)
{
	return atomic_load(&h->store_rec) > s->rec;
}

static void deadline(struct timespec *t, int ms)
{
	clock_gettime(CLOCK_REALTIME, t);
	t->tv_nsec += (long)ms * 1000000L;
	t->tv_sec += t->tv_nsec / 1000000000L;
	t->tv_nsec %= 1000000000L;
}

/* The watcher: every HOLDER_POLL_MS (and at once after this server's own
 * writes), the store's last record; while the registry is behind, what the
 * changes since it touch (readers of the rest answer from memory), and a
 * reload once the writes pause. A thread of its own, so that a reload
 * running does not stop it. */
static void *watch_main(void *arg)
{
	struct holder *h = arg;
	chancery_store *watch = NULL;
	int64_t first_behind = 0;
	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		struct chancery_diags d = CHANCERY_DIAGS_INIT;
		struct timespec until;
		struct served *base;
		struct change_view *v = NULL;
		int64_t rec = 0, t;
		deadline(&until, HOLDER_POLL_MS);
		pthread_cond_timedwait(&h->poke, &h->lock, &until);
		if (h->stop)
			break;
		base = h->cur;
		atomic_fetch_add_explicit(&base->refs, 1, memory_order_relaxed);
		pthread_mutex_unlock(&h->lock);
		if (!watch && chancery_store_open(h->db, CHANCERY_STORE_READONLY, &watch, &d))
			watch = NULL;
		if (watch && !chancery_store_last_record(watch, &rec, &d) && rec > base->rec)
			v = view_of(watch, base, rec);
		chancery_diags_release(&d);
		pthread_mutex_lock(&h->lock);
		if (v && h->cur == base && (!h->view || h->view->rec < v->rec)) {
			struct change_view *old = h->view;
			h->view = v;
			v = NULL;
			if (old && atomic_fetch_sub_explicit(&old->refs, 1, memory_order_acq_rel) == 1)
				view_free(old);
		}
		/* another process's write is announced with its view, under one
		 * lock: a read in between sees both or neither, so that a read
		 * the write does not touch is never sent to the store for want
		 * of a view not yet made (holder_note, without the wake-up) */
		if (rec > atomic_load(&h->store_rec)) {
			atomic_store(&h->store_rec, rec);
			h->last_change = now_ms();
		}
		if (v)
			view_free(v);
		t = now_ms();
		if (atomic_load(&h->store_rec) > h->cur->rec) {
			/* behind: load the registry again once the writes pause,
			 * if they touch much; else after a while */
			int much = !h->view || h->view->all ||
				   h->view->n_changes >= HOLDER_RELOAD_CHANGES;
			if (!first_behind)
				first_behind = t;
			if (((much && t - h->last_change >= HOLDER_QUIET_MS) ||
			     t - first_behind >= HOLDER_LAG_MAX_MS) &&
			    h->want < atomic_load(&h->store_rec)) {
				h->want = atomic_load(&h->store_rec);
				pthread_cond_signal(&h->wake);
			}
		} else {
			first_behind = 0;
		}
		pthread_mutex_unlock(&h->lock);
		served_put(base);
		pthread_mutex_lock(&h->lock);
	}
	pthread_mutex_unlock(&h->lock);
	chancery_store_close(watch);
	return NULL;
}

static void *rebuild_main(void *arg)
{
	struct holder *h = arg;
	pthread_mutex_lock(&h->lock);
	for (;;) {
		struct chancery_diags d = CHANCERY_DIAGS_INIT;
		struct chancery_store_texts texts;
		struct served *s = NULL;
		int64_t want;
		int ret, write = h->write_snapshot;
		while (!h->stop && h->want <= h->cur->rec)
			pthread_cond_wait(&h->wake, &h->lock);
		if (h->stop)
			break;
		want = h->want;
		h->running = 1;
		pthread_mutex_unlock(&h->lock);

		ret = load(h->db, &s, write ? &texts : NULL, &d);
		if (ret)
			log_line(h, "rebuild failed: %s", d.n ? d.v[0].message : "unknown error");
		else
			log_line(h, "registry rebuilt at record %lld: %zu events",
				 (long long)s->rec, chancery_registry_event_count(s->r));
		chancery_diags_release(&d);
		if (!ret) {
			if (write) /* kept until the file is written */
				atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
			publish(h, s);
		}

		pthread_mutex_lock(&h->lock);
		h->running = 0;
		h->failed = ret != 0 || s->rec < want;
		if (h->failed && h->want == want)
			h->want = h->cur->rec; /* give up on it until the next write asks */
		pthread_cond_broadcast(&h->done);
		if (!ret && write) {
			/* the writer has its answer; the file is a cache, and a
			 * failure to write it leaves the next query to rebuild it */
			pthread_mutex_unlock(&h->lock);
			if (persist_write(h->db, s->r, &texts, &d))
				log_line(h, "snapshot file not written: %s",
					 d.n ? d.v[d.n - 1].message : "unknown error");
			chancery_diags_release(&d);
			chancery_store_texts_release(&texts);
			served_put(s);
			pthread_mutex_lock(&h->lock);
		}
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

int holder_init(struct holder *h, const char *db, void (*logf)(void *, const char *), void *ctx,
		struct chancery_diags *diags)
{
	int ret;
	memset(h, 0, sizeof(*h));
	h->db = db;
	h->write_snapshot = persist_wanted(db, NULL); /* as for the command line */
	h->log = logf;
	h->log_ctx = ctx;
	if ((ret = load(db, &h->cur, NULL, diags)))
		return ret;
	h->want = h->cur->rec;
	atomic_init(&h->store_rec, h->cur->rec);
	h->last_change = now_ms();
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->wake, NULL);
	pthread_cond_init(&h->poke, NULL);
	pthread_cond_init(&h->done, NULL);
	if (pthread_create(&h->thread, NULL, rebuild_main, h)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot start the rebuild thread");
		served_put(h->cur);
		return -CHANCERY_ENOMEM;
	}
	if (pthread_create(&h->watcher, NULL, watch_main, h)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot start the thread that watches the store");
		pthread_mutex_lock(&h->lock);
		h->stop = 1;
		pthread_cond_broadcast(&h->wake);
		pthread_mutex_unlock(&h->lock);
		pthread_join(h->thread, NULL);
		served_put(h->cur);
		return -CHANCERY_ENOMEM;
	}
	return 0;
}

void holder_release(struct holder *h)
{
	pthread_mutex_lock(&h->lock);
	h->stop = 1;
	pthread_cond_broadcast(&h->wake);
	pthread_cond_broadcast(&h->poke);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_join(h->watcher, NULL);
	view_put(h->view);
	served_put(h->cur);
	pthread_cond_destroy(&h->wake);
	pthread_cond_destroy(&h->poke);
	pthread_cond_destroy(&h->done);
	pthread_mutex_destroy(&h->lock);
}

int holder_refresh(struct holder *h, int64_t rec)
{
	int ok;
	pthread_mutex_lock(&h->lock);
	if (rec > h->want)
		h->want = rec;
	pthread_cond_signal(&h->wake);
	while (h->cur->rec < rec && (h->running || h->want > h->cur->rec) && !h->stop)
		pthread_cond_wait(&h->done, &h->lock);
	ok = h->cur->rec >= rec;
	pthread_mutex_unlock(&h->lock);
	return ok ? 0 : -1;
}
