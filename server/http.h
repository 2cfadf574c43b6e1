/* http.h: what the server's files share: a request as the routes see it,
 * the replies they build, and the server's state (http.c runs
 * libmicrohttpd; routes.c answers; web.c serves the page). */
#ifndef SERVER_HTTP_H
#define SERVER_HTTP_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>

#include "server.h"
#include "auth.h"
#include "served.h"

struct server {
	struct server_opts o;
	struct MHD_Daemon *daemon;
	struct holder holder;
	unsigned port;
	pthread_mutex_t auth_lock; /* auth_store is one connection */
	chancery_store *auth_store;
	pthread_mutex_t write_lock; /* one import at a time */
	/* Writes run on a thread of their own, the connection suspended
	 * meanwhile, so that libmicrohttpd's threads go on answering reads
	 * (each connection belongs to one of them). */
	pthread_t writer;
	pthread_mutex_t jobs_lock;
	pthread_cond_t jobs_cond;
	struct request *jobs, *jobs_tail;
	int writer_stop;
	/* Loads of the whole store as of a time (?known_on=) running now: each
	 * takes a core and the store's size in memory for seconds on a large
	 * store, for one request, so at most SERVER_PAST_LOADS run at once;
	 * another is answered 503 with Retry-After (issue 21, item 4). */
	atomic_uint past_loads;
	/* Connections per network (--per-ip): a tree of struct net_count
	 * (http.c). */
	pthread_mutex_t nets_lock;
	void *nets;
};

enum { SERVER_PAST_LOADS = 1, SERVER_PAST_LOADS_RETRY_SECONDS = 2 };

enum method { M_GET, M_HEAD, M_POST, M_OPTIONS, M_OTHER };

struct request {
	struct server *srv;
	struct MHD_Connection *conn;
	char *uri;          /* as received, with the query string */
	char *path;         /* decoded path, from libmicrohttpd */
	enum method method;
	const char *method_name;
	const char *body_type; /* Content-Type of the request, read on its own thread */
	struct query q;
	struct strbuf body;
	int started, too_large;
	int head_too_large; /* 414 or 431: the request line or headers past --max-header */
	struct auth_who who;
	struct served *snap;          /* held while the request is answered */
	chancery_registry *known_on;  /* a registry loaded for ?known_on= */
	int64_t fresh_record;         /* the store's last record when fresh was read */
	chancery_registry *fresh;     /* what the request needs, loaded from the
				       * store while the served one is behind it */
	/* the reply */
	int status;
	struct strbuf out;
	const char *content_type;
	const char *allow;    /* 405: the methods the path takes */
	int www_authenticate; /* 401 */
	int retry_after;      /* 503: seconds, 0 for none */
	int cache;            /* 1: a read whose reply may be revalidated (ETag) */
	char etag[24];        /* set from the cache, else computed from the body */
	/* a write waiting for the writer thread */
	void (*deferred)(struct request *rq, const char *id);
	const char *deferred_id;
	int ready;            /* the writer has answered it */
	struct request *next_job;
};

/* Replies. Each sets status, body and content type; the body of a JSON
 * reply is what `chancery ... --json` prints (two-space indent, keys in
 * order, a final newline). reply_json takes the reference to v. */
void reply_json(struct request *rq, int status, json_t *v);
void reply_text(struct request *rq, int status, const char *content_type, const char *buf,
		size_t len);
/* {"error": {"code": CODE, "message": ...}}; extra (may be NULL) is
 * merged into the error object. */
void reply_error(struct request *rq, int status, const char *code, json_t *extra,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The routes: answer rq (routes.c), or set rq->deferred for the writer
 * thread. */
void route_request(struct request *rq);

/* The embedded web page (web.c): answer a GET of path, or return 0 when
 * no file has that path. */
int web_serve(struct request *rq);

/* Log a line through the server's options. */
void server_log(struct server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
