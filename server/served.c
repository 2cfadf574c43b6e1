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
	chancery_store *s = NULL;
	chancery_registry *r;
	int64_t rec = 0;
	int ret = chancery_store_open(db, CHANCERY_STORE_READONLY, &s, diags);
	if (ret)
		return ret;
	r = chancery_registry_new();
	/* The record number first: a write after it makes the loaded registry
	 * newer than rec says, never older, so a later refresh is not skipped. */
	ret = chancery_store_last_record(s, &rec, diags);
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
	(*out)->rec = rec;
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

static void publish(struct holder *h, struct served *s)
{
	struct served *old;
	pthread_mutex_lock(&h->lock);
	old = h->cur;
	h->cur = s;
	pthread_mutex_unlock(&h->lock);
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
		pthread_cond_signal(&h->wake);
	}
	pthread_mutex_unlock(&h->lock);
}

int holder_behind(const struct holder *h, const struct served *s)
{
	return atomic_load(&h->store_rec) > s->rec;
}

/* Look at the store for writes (this server's, or another process's):
 * the last record, on a connection of the thread's own. */
static void poll_store(struct holder *h, chancery_store **watch)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int64_t rec = 0;
	if (!*watch && chancery_store_open(h->db, CHANCERY_STORE_READONLY, watch, &d))
		*watch = NULL;
	if (*watch && !chancery_store_last_record(*watch, &rec, &d))
		holder_note(h, rec);
	chancery_diags_release(&d);
}

static void *rebuild_main(void *arg)
{
	struct holder *h = arg;
	chancery_store *watch = NULL;
	int64_t first_behind = 0;
	pthread_mutex_lock(&h->lock);
	for (;;) {
		struct chancery_diags d = CHANCERY_DIAGS_INIT;
		struct chancery_store_texts texts;
		struct served *s = NULL;
		int64_t want;
		int ret, write = h->write_snapshot;
		for (;;) {
			struct timespec until;
			int64_t store = atomic_load(&h->store_rec), t = now_ms();
			if (h->stop)
				break;
			if (h->want > h->cur->rec)
				break; /* asked for (holder_refresh) */
			if (store > h->cur->rec) {
				/* behind: readers read from the store; load the
				 * registry again once the writes have paused */
				if (!first_behind)
					first_behind = t;
				if (t - h->last_change >= HOLDER_QUIET_MS ||
				    t - first_behind >= HOLDER_LAG_MAX_MS) {
					h->want = store;
					break;
				}
			}
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += (long)HOLDER_POLL_MS * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&h->wake, &h->lock, &until);
			pthread_mutex_unlock(&h->lock);
			poll_store(h, &watch);
			pthread_mutex_lock(&h->lock);
		}
		if (h->stop)
			break;
		first_behind = 0;
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
	chancery_store_close(watch);
	return NULL;
}

int holder_init(struct holder *h, const char *db, void (*logf)(void *, const char *), void *ctx,
		struct chancery_diags *diags)
{
	int ret;
	memset(h, 0, sizeof(*h));
	h->db = db;
	h->write_snapshot = persist_wanted(NULL); /* as for the command line */
	h->log = logf;
	h->log_ctx = ctx;
	if ((ret = load(db, &h->cur, NULL, diags)))
		return ret;
	h->want = h->cur->rec;
	atomic_init(&h->store_rec, h->cur->rec);
	h->last_change = now_ms();
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->wake, NULL);
	pthread_cond_init(&h->done, NULL);
	if (pthread_create(&h->thread, NULL, rebuild_main, h)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot start the rebuild thread");
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
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	served_put(h->cur);
	pthread_cond_destroy(&h->wake);
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
