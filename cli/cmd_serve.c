/* cmd_serve.c: chancery serve: start the HTTP server (server/, docs/api.md)
 * on the store, print its address, and run until SIGINT or SIGTERM. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include "cli.h"
#include "server/server.h"
#include "base/banned.h"

/* The server's log: one line to stderr, with the UTC time. */
static void log_stderr(void *ctx, const char *line)
{
	struct timespec ts;
	int y, m, d;
	long sec;
	clock_gettime(CLOCK_REALTIME, &ts);
	chancery_day_to_ymd((int32_t)(ts.tv_sec / 86400), &y, &m, &d);
	sec = (long)(ts.tv_sec % 86400);
	fprintf(stderr, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ %s\n", y, m, d, sec / 3600, sec / 60 % 60,
		sec % 60, line);
}

/* A size such as 4194304, 64K or 4M. */
static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end || !v || v > (1ull << 32))
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_count(const char *s, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	enum { OPT_LISTEN = 1000, OPT_RO, OPT_PRIVATE, OPT_THREADS, OPT_BODY, OPT_HEADER, OPT_CONNS,
	       OPT_PER_IP, OPT_TIMEOUT, OPT_CORS, OPT_ACCESS, OPT_READ_DB };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "read-only", no_argument, NULL, OPT_RO },
		{ "private", no_argument, NULL, OPT_PRIVATE },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "max-body", required_argument, NULL, OPT_BODY },
		{ "max-header", required_argument, NULL, OPT_HEADER },
		{ "max-connections", required_argument, NULL, OPT_CONNS },
		{ "per-ip", required_argument, NULL, OPT_PER_IP },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "cors", required_argument, NULL, OPT_CORS },
		{ "access-log", no_argument, NULL, OPT_ACCESS },
		{ "read-db", required_argument, NULL, OPT_READ_DB },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("serve");
	struct common o = { 0 };
	struct server_opts so;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct server *srv = NULL;
	sigset_t set;
	int opt, sig = 0, ret, code = EXIT_OK;

	server_opts_init(&so);
	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		switch (opt) {
		case OPT_LISTEN: so.listen = optarg; break;
		case OPT_RO: so.read_only = 1; break;
		case OPT_PRIVATE: so.private_reads = 1; break;
		case OPT_ACCESS: so.access_log = 1; break;
		case OPT_CORS: so.cors = optarg; break;
		case OPT_READ_DB: so.read_db = optarg; break;
		case OPT_THREADS:
			if (parse_count(optarg, 1, 64, &so.threads))
				die_usage(c, "--threads '%s': expected a number from 1 to 64", optarg);
			break;
		case OPT_BODY:
			if (parse_size(optarg, &so.max_body))
				die_usage(c, "--max-body '%s': expected a size such as 4M or 65536", optarg);
			break;
		case OPT_HEADER:
			if (parse_size(optarg, &so.max_header) || so.max_header < 4096)
				die_usage(c, "--max-header '%s': expected a size of at least 4K", optarg);
			break;
		case OPT_CONNS:
			if (parse_count(optarg, 1, 65536, &so.max_connections))
				die_usage(c, "--max-connections '%s': expected a number from 1 to 65536",
					  optarg);
			break;
		case OPT_PER_IP:
			if (parse_count(optarg, 0, 65536, &so.per_ip))
				die_usage(c, "--per-ip '%s': expected a number from 0 (no limit) to 65536",
					  optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_count(optarg, 1, 3600, &so.timeout))
				die_usage(c, "--timeout '%s': expected seconds from 1 to 3600", optarg);
			break;
		}
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	so.db = common_db(&o);
	so.log = log_stderr;

	/* The signals that stop the server are taken by sigwait below; block
	 * them before the server's threads start, so that they inherit it. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	{
		chancery_store *s = NULL; /* "no store at ...; run 'chancery init' first" */
		ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
		chancery_store_close(s);
	}
	if (!ret)
		ret = server_start(&so, &srv, &d);
	report_diags(&d);
	chancery_diags_release(&d);
	if (ret) {
		common_release(&o);
		return ret == -CHANCERY_EINPUT ? EXIT_USAGE : EXIT_STORE;
	}
	{
		/* the address as given, the port as bound (port 0 picks one) */
		const char *colon = strrchr(so.listen, ':');
		int hl = (int)(colon - so.listen);
		if (!hl || (hl == 7 && !strncmp(so.listen, "0.0.0.0", 7))) {
			/* a URL to open here; and say it answers elsewhere too */
			printf("http://127.0.0.1:%u/\n", server_port(srv));
			fprintf(stderr, "chancery serve: listening on every IPv4 address of this"
					" machine, port %u (plain HTTP: put a TLS proxy in front)\n",
				server_port(srv));
		} else {
			printf("http://%.*s:%u/\n", hl, so.listen, server_port(srv));
		}
	}
	fflush(stdout);
	log_stderr(NULL, "chancery serve: answering from the store; stop with Ctrl-C");
	sigwait(&set, &sig);
	log_stderr(NULL, sig == SIGINT ? "stopping (SIGINT)" : "stopping (SIGTERM)");
	server_stop(srv);
	common_release(&o);
	return code;
}
