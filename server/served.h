/* served.h: the registry the server answers from, held in memory and
 * replaced whole after a write (served.c). */
#ifndef SERVER_SERVED_H
#define SERVER_SERVED_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/hashmap.h"
#include "chancery.h"
#include "cache.h"

/* One loaded registry. Immutable once published; freed when the last
 * reader lets go of it. */
struct served {
	chancery_registry *r;
	int64_t rec;          /* the store's last record when it was loaded */
	int64_t max_fid;      /* and its last fact */
	atomic_uint refs;
	struct cache cache;   /* the answers given from it */
};

/* What the store changed since a registry was loaded (its facts written
 * since base->max_fid): the parties whose answers they may change, and
 * their ids. A read that names none of them is answered from the registry
 * in memory while it is behind; the rest read from the store. Immutable
 * once published, freed when its last reader lets go. */
struct change_view {
	int64_t rec;                /* the store's record it was made at */
	const struct served *base;  /* the registry it compares with */
	int all;                    /* every answer may change (a party, a person or a
				     * source changed, or too many facts) */
	size_t n_changes;           /* facts written since base */
	uint8_t *touched;           /* a bit per party of base (by root) */
	struct hashmap ids;         /* the changed ids */
	struct arena arena;         /* their strings */
	atomic_uint refs;
};

struct holder {
	pthread_mutex_t lock; /* held only to copy `cur` and count a reference */
	struct served *cur;
	const char *db;
	/* The store's last record as last seen: written by this server's
	 * imports, or found by the rebuild thread, which looks every
	 * HOLDER_POLL_MS for what other processes wrote. While it is ahead of
	 * cur->rec, a read loads what it needs from the store instead. */
	_Atomic int64_t store_rec;
	int64_t last_change;  /* when store_rec last moved (ms, monotonic) */
	/* the rebuild thread, and the watcher (served.c) */
	pthread_t thread, watcher;
	pthread_cond_t wake, done, poke;
	struct change_view *view; /* of cur, or NULL; under lock */
	int64_t want;         /* the record the next rebuild must reach */
	int stop, failed, running;
	/* after each rebuild, write the snapshot file beside the store from
	 * the new registry (docs/snapshot.md), once the writer has its answer */
	int write_snapshot;
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
};

/* Load the store at db and start the rebuild thread. */
int holder_init(struct holder *h, const char *db, void (*log)(void *, const char *), void *ctx,
		struct chancery_diags *diags);
void holder_release(struct holder *h);

/* The registry now served, with a reference the caller gives back with
 * served_put. Never waits for a rebuild. */
struct served *served_get(struct holder *h);
void served_put(struct served *s);

/* How often the watcher looks at the store for other processes' writes,
 * and how long the store must be quiet before the registry is loaded again
 * (readers meanwhile read from the store what the writes touch). */
enum { HOLDER_POLL_MS = 100, HOLDER_QUIET_MS = 1000, HOLDER_LAG_MAX_MS = 30000 };
/* A registry behind by fewer changes than this, none touching every
 * answer, is loaded again only after HOLDER_LAG_MAX_MS: reads of what the
 * changes touch read from the store meanwhile, the rest from memory, and
 * a reload (seconds of a core on a large store) waits for real need. */
enum { HOLDER_RELOAD_CHANGES = 256 };

/* Ask for a rebuild that includes record rec, and wait until it is
 * published (readers go on meanwhile with the old registry). Returns 0, or
 * -1 if the rebuild failed (the old registry stays). */
int holder_refresh(struct holder *h, int64_t rec);

/* The store has reached record rec (an import of this server's): readers
 * see it at once (reading from the store what the registry lacks), and the
 * registry is loaded again in the background. Never waits. */
void holder_note(struct holder *h, int64_t rec);

/* Is the registry s behind the store (its reads must come from the store)? */
int holder_behind(const struct holder *h, const struct served *s);

/* The latest view of the store's changes since the registry served, with a
 * reference given back with view_put; NULL while there is none yet. */
struct change_view *holder_view(struct holder *h);
void view_put(struct change_view *v);
/* May the changes of v change an answer about party (a name, as a user
 * gives it)? 1 also for a name base does not have. */
int view_touches(const struct change_view *v, const chancery_registry *base, const char *party);
/* Is id one of the changed ids (or are all answers touched)? */
int view_has_id(const struct change_view *v, const char *id);

/* The most changes a view is made of; more touch every answer. */
enum { HOLDER_VIEW_MAX = 4096 };

#endif
