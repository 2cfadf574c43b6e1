/* server.h: chancery's HTTP server (docs/api.md): the JSON API, the web
 * page and the accounts behind writes. The command line starts it
 * (cli/cmd_serve.c) and manages tokens through it (cli/cmd_token.c); the
 * server itself never prints or exits: it logs through the function its
 * options give. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"
#include "base/strbuf.h"

/* ---- running the server ---- */

struct server_opts {
	const char *listen;     /* "127.0.0.1:8080", "[::1]:8080", port 0 = any free one */
	const char *db;         /* the store: writes, and the accounts */
	const char *read_db;    /* where reads go (a hot standby), NULL: db */
	int read_only;          /* refuse every write (403) */
	int private_reads;      /* reads need a token too */
	unsigned threads;       /* libmicrohttpd's thread pool */
	size_t max_body;        /* bytes of a request body; more is 413 */
	size_t max_header;      /* bytes of the request line and headers */
	unsigned max_connections;
	unsigned per_ip;        /* connections from one address; 0: no limit */
	unsigned timeout;       /* seconds a connection may stay idle */
	const char *cors;       /* an origin to allow (Access-Control-Allow-Origin), or NULL */
	int access_log;         /* log every request, not only writes and errors */
	void (*log)(void *ctx, const char *line); /* one line, no newline */
	void *log_ctx;
};

/* The defaults of docs/api.md ("Limits"). */
#define SERVER_DEFAULT_LISTEN "127.0.0.1:8080"
#define SERVER_DEFAULT_THREADS 2
#define SERVER_DEFAULT_MAX_BODY (4u << 20)
#define SERVER_DEFAULT_MAX_HEADER (32u << 10)
#define SERVER_DEFAULT_MAX_CONNECTIONS 256
#define SERVER_DEFAULT_PER_IP 16
#define SERVER_DEFAULT_TIMEOUT 10

void server_opts_init(struct server_opts *o);

/* The store reads are answered from: --read-db, else the store. */
static inline const char *server_read_db(const struct server_opts *o)
{
	return o->read_db ? o->read_db : o->db;
}

struct server;

/* Load the store's registry, start listening. Returns 0 and the running
 * server, or a negative code with a message in diags. */
int server_start(const struct server_opts *o, struct server **out, struct chancery_diags *diags);
/* The port it listens on (the one the system chose for port 0). */
unsigned server_port(const struct server *s);
/* Stop listening, finish the requests in flight, free everything. */
void server_stop(struct server *s);

/* The network a client's address counts in for --per-ip (http.c): its
 * IPv4 address (an IPv4-mapped IPv6 address counts as the IPv4 one), or
 * the /64 its IPv6 address is in. key gets the family (4 or 6) and the
 * network's bytes, zero-padded: two addresses of one network give equal
 * keys. Returns 0, or -1 for an address that is neither. */
struct sockaddr;
#define SERVER_NET_KEY 17
int server_net_key(const struct sockaddr *a, unsigned char key[SERVER_NET_KEY]);

/* ---- accounts (auth.c) ---- */

/* A new token for account name with role, recorded in the store at db as
 * a hash. The token (NUL-terminated, shown once) goes to *token; the
 * caller frees it. */
int server_token_add(const char *db, const char *name, const char *role, char **token,
		     int64_t *tid, struct chancery_diags *diags);

/* The length of a token's text: "chy_" and 64 hex digits. */
#define SERVER_TOKEN_LEN 68

/* ---- JSON of the store's records (records.c), for the API and --json ---- */

struct json_t;
struct chancery_store_record;
struct chancery_store_version;
struct chancery_token;
struct json_t *server_records_json(const struct chancery_store_record *v, size_t n);
struct json_t *server_versions_json(const struct chancery_store_version *v, size_t n);
/* An import's counts; with "store": store unless it is NULL (the server
 * names no path of its own to a client). */
struct json_t *server_import_json(const char *store, int dry_run,
				  const struct chancery_import_stats *st);
struct json_t *server_tokens_json(const struct chancery_token *v, size_t n);

/* ---- request parsing (query.c, body.c), fuzzed in fuzz/ ---- */

/* A query string, decoded: key=value pairs in order. */
struct query_param {
	char *key, *value;
};
struct query {
	struct query_param *v;
	size_t n, alloc;
};
#define QUERY_INIT { NULL, 0, 0 }

/* Limits of a query string. */
#define QUERY_MAX_PARAMS 32
#define QUERY_MAX_LEN 4096

/* Parse s[0..len) ("a=1&b=x%20y") into the empty q: '+' is a space, %XX
 * a byte, a name alone a flag ("1"); every key and value must be UTF-8
 * with no control characters. Returns 0, or -1 with a message naming the
 * place in err and q left empty. */
int query_parse(const char *s, size_t len, struct query *q, struct strbuf *err);
void query_release(struct query *q);

/* What POST /api/import takes: ledger text, with an origin for the audit
 * trail, from a text/plain body or a JSON object. */
struct import_body {
	char *ledger;
	size_t ledger_len;
	char *origin; /* NULL when not given */
	int check;    /* 1: a dry run */
};

/* Parse a JSON body {"ledger": "...", "origin": "...", "check": false}.
 * Returns 0, or -1 with a message in err naming the line:column or the
 * field and what was expected. */
int import_body_parse_json(const char *s, size_t len, struct import_body *out, struct strbuf *err);
void import_body_release(struct import_body *b);

#endif
