/* http.c: chancery's HTTP server on libmicrohttpd. The daemon runs its own
 * pool of threads (MHD_USE_EPOLL_INTERNAL_THREAD with
 * MHD_OPTION_THREAD_POOL_SIZE, one epoll loop per thread), so each request
 * is answered on the thread that read it, from the registry in memory.
 * This file turns libmicrohttpd's callbacks into a struct request, keeps
 * the limits (body, header, connections, idle time), and turns the reply
 * into a response with ETag, Cache-Control and the security headers. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <search.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/banned.h"

void server_opts_init(struct server_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->listen = SERVER_DEFAULT_LISTEN;
	o->threads = SERVER_DEFAULT_THREADS;
	o->max_body = SERVER_DEFAULT_MAX_BODY;
	o->max_header = SERVER_DEFAULT_MAX_HEADER;
	o->max_connections = SERVER_DEFAULT_MAX_CONNECTIONS;
	o->per_ip = SERVER_DEFAULT_PER_IP;
	o->timeout = SERVER_DEFAULT_TIMEOUT;
}

void server_log(struct server *s, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	if (!s->o.log)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	s->o.log(s->o.log_ctx, sb.buf);
	strbuf_release(&sb);
}

static void holder_log(void *ctx, const char *line)
{
	server_log(ctx, "%s", line);
}

/* ---- replies ---- */

void reply_json(struct request *rq, int status, json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	strbuf_reset(&rq->out);
	if (!text) {
		/* only a string that is not UTF-8 can make jansson fail here */
		rq->status = 500;
		strbuf_addstr(&rq->out, "{\n  \"error\": {\n    \"code\": \"internal\",\n"
					"    \"message\": \"cannot write the answer as JSON\"\n  }\n}\n");
	} else {
		rq->status = status;
		strbuf_addstr(&rq->out, text);
		strbuf_addch(&rq->out, '\n');
		free(text);
	}
	rq->content_type = "application/json";
}

void reply_text(struct request *rq, int status, const char *content_type, const char *buf,
		size_t len)
{
	rq->status = status;
	strbuf_reset(&rq->out);
	strbuf_add(&rq->out, buf, len);
	rq->content_type = content_type;
}

void reply_error(struct request *rq, int status, const char *code, json_t *extra,
		 const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	json_t *err;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	err = json_pack("{s:s, s:s%}", "code", code, "message", msg.buf, msg.len);
	if (!err) /* a message quoting bytes that are not UTF-8 */
		err = json_pack("{s:s, s:s}", "code", code, "message", "the request is not valid");
	if (extra)
		json_object_update(err, extra);
	json_decref(extra);
	strbuf_release(&msg);
	reply_json(rq, status, json_pack("{s:o}", "error", err));
	rq->cache = 0;
}

/* ---- requests ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *rq = xcalloc(1, sizeof(*rq));
	rq->srv = cls;
	rq->conn = conn;
	rq->uri = xstrdup(uri ? uri : "/");
	strbuf_init(&rq->body, 0);
	strbuf_init(&rq->out, 0);
	return rq;
}

static void request_free(struct request *rq)
{
	served_put(rq->snap);
	chancery_registry_free(rq->known_on);
	chancery_registry_free(rq->fresh);
	query_release(&rq->q);
	strbuf_release(&rq->body);
	strbuf_release(&rq->out);
	free(rq->uri);
	free(rq->path);
	free(rq);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **ptr,
		    enum MHD_RequestTerminationCode why)
{
	if (*ptr)
		request_free(*ptr);
	*ptr = NULL;
}

static enum method method_of(const char *m)
{
	return !strcmp(m, "GET") ? M_GET : !strcmp(m, "HEAD") ? M_HEAD
		: !strcmp(m, "POST") ? M_POST : !strcmp(m, "OPTIONS") ? M_OPTIONS : M_OTHER;
}

static int etag_matches(const char *header, const char *etag)
{
	/* If-None-Match: "a", W/"b", * */
	if (!header)
		return 0;
	return !strcmp(header, "*") || strstr(header, etag) != NULL;
}

static void add_header(struct MHD_Response *r, const char *k, const char *v)
{
	MHD_add_response_header(r, k, v);
}

static enum MHD_Result send_reply(struct request *rq)
{
	struct server *s = rq->srv;
	struct MHD_Response *resp;
	enum MHD_Result ok;
	int status = rq->status;
	size_t len = rq->out.len;
	int not_modified = 0;

	if (rq->cache && status == 200) {
		/* a strong ETag: a hash of the body, the same bytes the same tag */
		if (!rq->etag[0])
			snprintf(rq->etag, sizeof(rq->etag), "\"%016llx\"",
				 (unsigned long long)cache_hash(rq->out.buf, rq->out.len));
		not_modified = etag_matches(
			MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "If-None-Match"),
			rq->etag);
	}
	if (not_modified) {
		status = 304;
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		resp = MHD_create_response_from_buffer(len, strbuf_detach(&rq->out, NULL),
						       MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return MHD_NO;
	if (rq->content_type && !not_modified)
		add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rq->content_type);
	if (rq->cache && rq->status == 200) {
		add_header(resp, MHD_HTTP_HEADER_ETAG, rq->etag);
		/* may be stored, but asked again each time: a write can change
		 * any answer, and the ETag makes asking cheap */
		add_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	} else {
		add_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	add_header(resp, "X-Content-Type-Options", "nosniff");
	add_header(resp, "Referrer-Policy", "no-referrer");
	if (rq->content_type && !strncmp(rq->content_type, "text/html", 9)) {
		add_header(resp, "Content-Security-Policy",
			   "default-src 'self'; img-src 'self' data:; style-src 'self'; "
			   "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
		add_header(resp, "X-Frame-Options", "DENY");
	}
	if (rq->content_type && !strncmp(rq->content_type, "image/svg+xml", 13))
		/* a drawing: nothing in it may run or load anything */
		add_header(resp, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
	if (rq->snap && (rq->status == 200 || rq->status == 404) && rq->method != M_POST) {
		/* which registry answered: the one in memory, or the store's facts
		 * read for this request while that one was behind a write
		 * (docs/api.md, "Writes by others") */
		char rec[24];
		add_header(resp, "Chancery-Answered-From", rq->fresh || rq->known_on ? "store" : "memory");
		/* and the store's last record it is the answer at (not for
		 * ?known_on=, whose answer is at a time): a client, or a test,
		 * can tell how far behind the writes a server's answer is */
		snprintf(rec, sizeof(rec), "%lld",
			 (long long)(rq->fresh ? rq->fresh_record : rq->snap->rec));
		if (!rq->known_on)
			add_header(resp, "Chancery-Record", rec);
	}
	if (rq->allow)
		add_header(resp, MHD_HTTP_HEADER_ALLOW, rq->allow);
	if (rq->retry_after) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", rq->retry_after);
		add_header(resp, "Retry-After", secs);
	}
	if (rq->www_authenticate)
		add_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"chancery\"");
	if (s->o.cors) {
		add_header(resp, "Access-Control-Allow-Origin", s->o.cors);
		add_header(resp, "Access-Control-Allow-Headers", "Authorization, Content-Type");
		add_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
		add_header(resp, "Vary", "Origin");
	}
	ok = MHD_queue_response(rq->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	if (s->o.access_log || rq->method == M_POST || status >= 500)
		server_log(s, "%s %s %d %zu%s%s", rq->method_name, rq->uri, status,
			   not_modified ? (size_t)0 : len, rq->who.name[0] ? " " : "", rq->who.name);
	return ok;
}

static int defer(struct server *s, struct request *rq);

static enum MHD_Result add_header_bytes(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": ", CRLF */
	return MHD_YES;
}

/* 414 or 431 when the request line or the headers are larger than
 * --max-header, else 0. libmicrohttpd is given twice that room (server_start)
 * so that these answers are chancery's JSON; a request past even that gets
 * libmicrohttpd's own page or a closed connection. */
static int head_too_large(struct server *s, struct MHD_Connection *conn, const char *method,
			  const char *uri, const char *version)
{
	size_t bytes = strlen(method) + strlen(uri) + strlen(version) + 4;
	if (strlen(uri) > s->o.max_header / 2)
		return 414;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_bytes, &bytes);
	return bytes > s->o.max_header ? 431 : 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **ptr)
{
	struct server *s = cls;
	struct request *rq = *ptr;

	if (!rq) /* no URI callback ran (it always does; be safe) */
		*ptr = rq = on_uri(s, url, conn);
	if (rq->ready) /* the writer thread answered, and resumed the connection */
		return send_reply(rq);
	if (!rq->started) {
		const char *cl;
		rq->started = 1;
		rq->conn = conn;
		rq->path = xstrdup(url);
		rq->method_name = method;
		rq->method = method_of(method);
		rq->body_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							    MHD_HTTP_HEADER_CONTENT_TYPE);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if ((rq->head_too_large = head_too_large(s, conn, method, rq->uri, version))) {
			/* refused before a body is read: the connection closes after */
		} else if (cl && strtoull(cl, NULL, 10) > s->o.max_body) {
			/* refused before it is read: the connection closes after */
			rq->too_large = 1;
		} else {
			/* Answer in a later call, once the request is read to its
			 * end: a reply queued earlier makes libmicrohttpd close the
			 * connection instead of keeping it alive. */
			return MHD_YES;
		}
	}
	if (*upload_size) {
		if (!rq->too_large && rq->body.len + *upload_size <= s->o.max_body)
			strbuf_add(&rq->body, upload_data, *upload_size);
		else
			rq->too_large = 1; /* read on to the end, keep nothing */
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->head_too_large == 414) {
		reply_error(rq, 414, "uri_too_long", json_pack("{s:I}", "limit",
								(json_int_t)(s->o.max_header / 2)),
			    "request target longer than %zu bytes (half the server's --max-header)",
			    s->o.max_header / 2);
	} else if (rq->head_too_large) {
		reply_error(rq, 431, "header_too_large",
			    json_pack("{s:I}", "limit", (json_int_t)s->o.max_header),
			    "request line and headers larger than %zu bytes (the server's --max-header)",
			    s->o.max_header);
	} else if (rq->too_large) {
		reply_error(rq, 413, "body_too_large", json_pack("{s:I}", "limit", (json_int_t)s->o.max_body),
			    "request body larger than %zu bytes (the server's --max-body)",
			    s->o.max_body);
	} else {
		route_request(rq);
		if (rq->deferred && defer(s, rq))
			return MHD_YES;
	}
	return send_reply(rq);
}

/* ---- connections per network (--per-ip) ----
 *
 * libmicrohttpd's own per-address limit counts each IPv6 address apart,
 * and a client given a /64 has 2^64 of them; so the count is ours, by
 * network: an IPv4 address (an IPv4-mapped IPv6 one counts as that
 * address), or the /64 an IPv6 address is in, the block a site or a home
 * is given. A connection is refused at accept (the policy callback) while
 * its network holds per_ip; it is counted when libmicrohttpd starts it and
 * uncounted when it closes (the connection notifications, a pair for every
 * connection): counting at accept would leak a count whenever
 * libmicrohttpd drops a connection it accepted. Two threads accepting at
 * once may each let one more in, so a network holds at most per_ip plus
 * the threads minus one. */

struct net_count {
	unsigned char key[SERVER_NET_KEY];
	unsigned n;
};

int server_net_key(const struct sockaddr *a, unsigned char key[SERVER_NET_KEY])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	memset(key, 0, SERVER_NET_KEY);
	if (a->sa_family == AF_INET) {
		key[0] = 4;
		memcpy(key + 1, &((const struct sockaddr_in *)(const void *)a)->sin_addr, 4);
		return 0;
	}
	if (a->sa_family == AF_INET6) {
		const unsigned char *b =
			((const struct sockaddr_in6 *)(const void *)a)->sin6_addr.s6_addr;
		if (!memcmp(b, mapped, sizeof(mapped))) {
			key[0] = 4;
			memcpy(key + 1, b + 12, 4);
		} else {
			key[0] = 6;
			memcpy(key + 1, b, 8);
		}
		return 0;
	}
	return -1; /* not an internet address: not counted */
}

static int net_cmp(const void *a, const void *b)
{
	return memcmp(((const struct net_count *)a)->key, ((const struct net_count *)b)->key, SERVER_NET_KEY);
}

/* The policy callback: may a connection from addr come in? */
static enum MHD_Result net_admit(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct server *s = cls;
	struct net_count probe, **found;
	unsigned n = 0;
	if (!s->o.per_ip || server_net_key(addr, probe.key))
		return MHD_YES;
	pthread_mutex_lock(&s->nets_lock);
	found = tfind(&probe, &s->nets, net_cmp);
	if (found)
		n = (*found)->n;
	pthread_mutex_unlock(&s->nets_lock);
	return n < s->o.per_ip ? MHD_YES : MHD_NO;
}

/* Count a connection in (started) or out (closed); *ctx holds its
 * network's entry between the two. */
static void net_notify(void *cls, struct MHD_Connection *conn, void **ctx,
		       enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	if (!s->o.per_ip)
		return;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		struct net_count *e = xcalloc(1, sizeof(*e)), **slot;
		*ctx = NULL;
		if (!ci || !ci->client_addr || server_net_key(ci->client_addr, e->key)) {
			free(e);
			return;
		}
		pthread_mutex_lock(&s->nets_lock);
		slot = tsearch(e, &s->nets, net_cmp);
		if (!slot) {
			/* no memory for the entry: let the connection go uncounted */
			pthread_mutex_unlock(&s->nets_lock);
			free(e);
			return;
		}
		if (*slot != e)
			free(e);
		(*slot)->n++;
		*ctx = *slot;
		pthread_mutex_unlock(&s->nets_lock);
	} else if (*ctx) {
		struct net_count *e = *ctx;
		pthread_mutex_lock(&s->nets_lock);
		if (!--e->n) {
			tdelete(e, &s->nets, net_cmp);
			free(e);
		}
		pthread_mutex_unlock(&s->nets_lock);
		*ctx = NULL;
	}
}

/* libmicrohttpd's messages; its format strings are its own. */
/* ---- the writer thread ---- */

static void *writer_main(void *arg)
{
	struct server *s = arg;
	pthread_mutex_lock(&s->jobs_lock);
	for (;;) {
		struct request *rq;
		while (!s->jobs && !s->writer_stop)
			pthread_cond_wait(&s->jobs_cond, &s->jobs_lock);
		if (!s->jobs)
			break; /* stopping, and nothing left to do */
		rq = s->jobs;
		s->jobs = rq->next_job;
		if (!s->jobs)
			s->jobs_tail = NULL;
		pthread_mutex_unlock(&s->jobs_lock);
		rq->deferred(rq, rq->deferred_id);
		rq->ready = 1;
		MHD_resume_connection(rq->conn);
		pthread_mutex_lock(&s->jobs_lock);
	}
	pthread_mutex_unlock(&s->jobs_lock);
	return NULL;
}

/* Hand rq to the writer thread and suspend its connection; 0 when the
 * writer is stopping (the caller then answers it itself). */
static int defer(struct server *s, struct request *rq)
{
	pthread_mutex_lock(&s->jobs_lock);
	if (s->writer_stop) {
		pthread_mutex_unlock(&s->jobs_lock);
		rq->deferred(rq, rq->deferred_id);
		return 0;
	}
	/* suspended before the writer can see it, so that its resume finds
	 * the connection suspended */
	MHD_suspend_connection(rq->conn);
	if (s->jobs_tail)
		s->jobs_tail->next_job = rq;
	else
		s->jobs = rq;
	s->jobs_tail = rq;
	pthread_cond_signal(&s->jobs_cond);
	pthread_mutex_unlock(&s->jobs_lock);
	return 1;
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *s = cls;
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, fmt, ap);
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		strbuf_setlen(&sb, sb.len - 1);
	server_log(s, "libmicrohttpd: %s", sb.buf);
	strbuf_release(&sb);
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080" (all IPv4 addresses). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, int *v6,
			struct chancery_diags *diags)
{
	char host[64];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	char *end;
	unsigned long port;
	memset(ss, 0, sizeof(*ss));
	if (!colon)
		goto bad;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		goto bad;
	hl = (size_t)(colon - h);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
		*v6 = 1;
	} else {
		*v6 = 0;
	}
	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (!*host)
			a->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
	}
	return 0;
bad:
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
			   "--listen '%s': expected ADDRESS:PORT, such as 127.0.0.1:8080 or [::1]:8080",
			   listen);
	return -CHANCERY_EINPUT;
}

/* Can the address be bound? Tried on a socket of our own before
 * libmicrohttpd binds it, for a message that says why not: libmicrohttpd
 * logs "Failed to bind to port 0" when the port given in the address is
 * taken. 0, or an errno. */
static int can_bind(const struct sockaddr_storage *ss, int v6)
{
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1, e = 0;
	if (fd < 0)
		return errno;
	/* as libmicrohttpd does: a port left in TIME_WAIT is free */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (const struct sockaddr *)ss,
		 v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)))
		e = errno;
	close(fd);
	return e;
}

int server_start(const struct server_opts *o, struct server **out, struct chancery_diags *diags)
{
	struct sockaddr_storage ss;
	struct server *s;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	int v6, ret;

	*out = NULL;
	if ((ret = parse_listen(o->listen, &ss, &v6, diags)))
		return ret;
	if ((ret = can_bind(&ss, v6))) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot listen on '%s': %s", o->listen,
				   ret == EADDRINUSE ? "the port is in use"
				   : ret == EADDRNOTAVAIL ? "not an address of this machine"
				   : ret == EACCES ? "a port below 1024 needs privileges"
						   : strerror(ret));
		return -CHANCERY_EIO;
	}
	if ((ret = auth_init(diags)))
		return ret;
	/* jansson seeds its hash function once; do it before the threads */
	json_object_seed(0);
	s = xcalloc(1, sizeof(*s));
	s->o = *o;
	pthread_mutex_init(&s->auth_lock, NULL);
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_mutex_init(&s->jobs_lock, NULL);
	pthread_cond_init(&s->jobs_cond, NULL);
	pthread_mutex_init(&s->nets_lock, NULL);
	if ((ret = chancery_store_open(o->db, CHANCERY_STORE_READONLY, &s->auth_store, diags)) ||
	    (ret = holder_init(&s->holder, server_read_db(o), holder_log, s, diags))) {
		chancery_store_close(s->auth_store);
		free(s);
		return ret;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, 0, net_admit, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
		MHD_OPTION_NOTIFY_CONNECTION, net_notify, s,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
		/* twice --max-header and room for the reading: a request past
		 * --max-header is refused by chancery, in JSON (on_request) */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)o->max_header * 2 + 16384,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
		MHD_OPTION_END);
	if (!s->daemon) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot listen on '%s' (in use, or not an address of this machine)",
				   o->listen);
		holder_release(&s->holder);
		chancery_store_close(s->auth_store);
		free(s);
		return -CHANCERY_EIO;
	}
	if (pthread_create(&s->writer, NULL, writer_main, s)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot start the writer thread");
		MHD_stop_daemon(s->daemon);
		holder_release(&s->holder);
		chancery_store_close(s->auth_store);
		free(s);
		return -CHANCERY_ENOMEM;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	*out = s;
	return 0;
}

unsigned server_port(const struct server *s)
{
	return s->port;
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	/* Finish the writes handed over (their connections are resumed and
	 * answered), then stop: a write that comes after is answered on its
	 * own thread (defer). */
	pthread_mutex_lock(&s->jobs_lock);
	s->writer_stop = 1;
	pthread_cond_signal(&s->jobs_cond);
	pthread_mutex_unlock(&s->jobs_lock);
	pthread_join(s->writer, NULL);
	MHD_stop_daemon(s->daemon);
	holder_release(&s->holder);
	chancery_store_close(s->auth_store);
	pthread_mutex_destroy(&s->auth_lock);
	pthread_mutex_destroy(&s->write_lock);
	pthread_mutex_destroy(&s->jobs_lock);
	pthread_cond_destroy(&s->jobs_cond);
	pthread_mutex_destroy(&s->nets_lock); /* the tree is empty: every connection closed */
	free(s);
}
