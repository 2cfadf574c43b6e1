/* served.h: the registry the server answers from, held in memory and
 * replaced whole after a write (served.c). */
#ifndef SERVER_SERVED_H
#define SERVER_SERVED_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "chancery.h"
#include "cache.h"

/* One loaded registry. Immutable once published; freed when the last
 * reader lets go of it. */
struct served {
	chancery_registry *r;
	int64_t rec;          /* the store's last record when it was loaded */
	atomic_uint refs;
	struct cache cache;   /* the answers given from it */
};

struct holder {
	pthread_mutex_t lock; /* held only to copy `cur` and count a reference */
	struct served *cur;
	const char *db;
	/* the rebuild thread */
	pthread_t thread;
	pthread_cond_t wake, done;
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

/* Ask for a rebuild that includes record rec, and wait until it is
 * published (readers go on meanwhile with the old registry). Returns 0, or
 * -1 if the rebuild failed (the old registry stays). */
int holder_refresh(struct holder *h, int64_t rec);

#endif
