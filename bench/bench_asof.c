/* bench_asof.c: the as-of benchmark of issue 3 (bench/asof.md): the cost
 * of the snapshot, and of the questions asked of it.
 *
 *   bench_asof [--on YYYY-MM-DD] [--sample N] [--busy-calls N] [--reps N]
 *              [--budget SECONDS] [--seed S] [--kv FILE]
 *              [--dump-relations FILE] [--dump-series FILE]
 *              [--dump-recognitions FILE] [--dump-dyad FILE]
 *              [--dump-sample FILE] LEDGER|STORE.db
 *
 * 1. The snapshot: read the ledger, parse it (chancery_ledger_parse_buffer),
 *    finish it (chancery_registry_finish: ids, canonical sort, lookup
 *    tables), build the query indexes of src/query/snapshot.c (which the
 *    first query would build); the query indexes alone are timed again by
 *    rebuilding them (snapshot_new, --reps times). Memory: peak RSS (getrusage ru_maxrss), the RSS after each
 *    step (/proc/self/statm), and the bytes the query indexes hold. Given
 *    a store (a file that starts with the SQLite header) instead, the
 *    registry is loaded from it (chancery_store_load, which finishes),
 *    and the query indexes are built.
 * 2. One dyad's status on day D (--on, default 2010-06-30):
 *    chancery_dyad_status for the dyad with the most events, called
 *    --busy-calls times (default 2000, fewer if that takes over 5 s), and
 *    for a sample of --sample dyads (default 10000) drawn at random
 *    without replacement from the pairs with events; each call is timed on
 *    its own (CLOCK_MONOTONIC): median, p99, max, mean, in microseconds.
 *    The free (chancery_dyad_status_free) is timed apart.
 * 3. All dyads on day D: "all dyads" are the pairs of parties (states,
 *    organs folded into their state) with at least one event between
 *    them, i.e. the distinct pairs of the snapshot's dyad index: one
 *    chancery_dyad_status (and free) per pair, --reps times, total ms.
 * 4. The most recognised party X: the party with the most parties
 *    recognising it for certain on D (chancery_recognitions for every
 *    party, timed as a whole too); then chancery_recognitions(X, D) and
 *    chancery_recognition_series(X), --reps times each (default 3), median
 *    ms; no new run of the series starts after --budget seconds (default
 *    10), as one run can take many seconds.
 *
 * --kv FILE writes the numbers as "key value" lines for bench/run_asof.sh.
 * The --dump-* options write the answers so that run_asof.sh can compare
 * them with what the SQL of bench/asof.sql answers: the relations of every
 * dyad (CSV), the series and the recognitions of X (CSV), the busiest
 * dyad's states (what|subject|state|level|uncertain, as asof.sql's dyad
 * section), and the sampled pairs ("A B" lines). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chancery.h"
#include "model/registry.h"
#include "query/snapshot.h"
#include "base/banned.h"

#define MAX_REPS 25

/* ---- clocks and memory ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* Peak resident set size so far, MB (ru_maxrss is in KiB on Linux). */
static double peak_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss * 1024.0 / 1e6;
}

/* Resident set size now, MB; 0 if unknown. */
static double rss_mb(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return (double)resident * (double)sysconf(_SC_PAGESIZE) / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

struct dist {
	double median, p99, max, min, mean;
};

/* Sorts v. Percentiles by the nearest rank. */
static struct dist distribution(double *v, size_t n)
{
	struct dist d = { 0, 0, 0, 0, 0 };
	double sum = 0;
	if (!n)
		return d;
	qsort(v, n, sizeof(*v), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	d.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	d.p99 = v[(size_t)ceil(0.99 * (double)n) - 1];
	d.max = v[n - 1];
	d.min = v[0];
	d.mean = sum / (double)n;
	return d;
}

static FILE *kv;

static void kv_num(const char *key, double v)
{
	if (kv)
		fprintf(kv, "%s %.10g\n", key, v);
}

static void kv_str(const char *key, const char *v)
{
	if (kv)
		fprintf(kv, "%s %s\n", key, v);
}

static void die(const char *what, struct chancery_diags *d)
{
	if (d)
		chancery_diags_print(d, stderr);
	fprintf(stderr, "bench_asof: %s failed\n", what);
	exit(1);
}

/* ---- random numbers: splitmix64 ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* ---- the snapshot's size ---- */

static size_t grown(size_t n)
{
	/* ALLOC_GROW's capacity for n items: 16, 32, 64, ... */
	size_t a = 16;
	if (!n)
		return 0;
	while (a < n)
		a *= 2;
	return a;
}

static size_t lists_bytes(const struct index_list *l, size_t n)
{
	size_t b = n * sizeof(*l);
	for (size_t i = 0; i < n; i++)
		b += (size_t)l[i].alloc * sizeof(*l[i].v);
	return b;
}

/* Bytes held by the query indexes of src/query/snapshot.c. */
static size_t snapshot_bytes(const chancery_registry *r)
{
	const struct snapshot *s = snapshot_of(r);
	return s->n_parties * sizeof(*s->party_root) + grown(s->n_dyads) * sizeof(*s->dyads) +
	       lists_bytes(s->party_events, s->n_parties) +
	       lists_bytes(s->party_treaties, s->n_parties) + lists_bytes(s->about, s->n_about) +
	       grown(s->n_pair_treaties) * sizeof(*s->pair_treaties) +
	       lists_bytes(s->big_treaties, s->n_parties);
}

/* ---- dyads ---- */

struct pair {
	uint32_t a, b; /* root party indices, a < b */
	uint32_t n;    /* entries in the dyad index */
};

/* What the one-pass walk counts, to compare with the per-dyad calls. */
struct batch_counts {
	size_t dyads, states[4], uncertain, rec_yes;
};

static int count_brief(const struct chancery_dyad_brief *d, void *ctx)
{
	struct batch_counts *c = ctx;
	c->dyads++;
	c->states[d->relations.state & 3]++;
	c->uncertain += d->relations.uncertain;
	for (int w = 0; w < 2; w++)
		c->rec_yes += d->recognition[w].state == CHANCERY_REC_YES && !d->recognition[w].uncertain;
	return 0;
}

/* The distinct pairs of the dyad index, in key order (party id order). */
static struct pair *dyad_pairs(const chancery_registry *r, size_t *n_out)
{
	struct pair *v = NULL;
	size_t n = 0, alloc = 0;
	const struct snapshot *s = snapshot_of(r);
	for (size_t i = 0; i < s->n_dyads; i++) {
		uint64_t key = s->dyads[i].key;
		if (n && ((uint64_t)v[n - 1].a << 32 | v[n - 1].b) == key) {
			v[n - 1].n++;
			continue;
		}
		if (n == alloc) {
			struct pair *w = realloc(v, (alloc = alloc ? 2 * alloc : 1024) * sizeof(*v));
			if (!w)
				die("allocation", NULL);
			v = w;
		}
		v[n].a = (uint32_t)(key >> 32);
		v[n].b = (uint32_t)key;
		v[n].n = 1;
		n++;
	}
	*n_out = n;
	return v;
}

static const char *pid(const chancery_registry *r, uint32_t i)
{
	return chancery_registry_party(r, i)->id;
}

/* One chancery_dyad_status, timed; returns the seconds of the call alone
 * and adds the free's to *free_s. */
static double timed_status(const chancery_registry *r, const char *a, const char *b, int32_t day,
			   double *free_s, struct chancery_dyad_status **keep)
{
	struct chancery_dyad_status *s = NULL;
	double t0 = now_s(), t1, t2;
	if (chancery_dyad_status(r, a, b, day, &s))
		die("chancery_dyad_status", NULL);
	t1 = now_s();
	if (keep) {
		*keep = s;
		return t1 - t0;
	}
	chancery_dyad_status_free(s);
	t2 = now_s();
	*free_s += t2 - t1;
	return t1 - t0;
}

static void day_text(int32_t day, char *buf, size_t n)
{
	struct chancery_date d = chancery_date_from_day(day);
	chancery_date_format(&d, buf, n);
}

static FILE *open_dump(const char *path)
{
	FILE *f;
	if (!path)
		return NULL;
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "bench_asof: cannot write '%s': %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

/* Missions that are one per sender and host whatever their city (as
 * src/query/asof.c's one_per_host). */
static int one_per_host(const char *type)
{
	return !type || !strcmp(type, "embassy") || !strcmp(type, "high-commission") ||
	       !strcmp(type, "legation") || !strcmp(type, "interests-section") ||
	       !strcmp(type, "permanent-mission");
}

/* A fold's state as a word, or "uncertain: STATE or OTHER". */
static const char *fold_word(const char *chain, const struct chancery_fold *f, char *buf,
			     size_t size)
{
	if (!f->uncertain)
		return chancery_state_name(chain, f->state);
	snprintf(buf, size, "uncertain: %s or %s", chancery_state_name(chain, f->state),
		 chancery_state_name(chain, f->possible));
	return buf;
}

/* The states of a dyad that are not "none", one per line, as
 * bench/asof.sql's dyad section writes them: what|subject|state|uncertain. */
static void write_dyad(const char *path, const struct chancery_dyad_status *s)
{
	FILE *f = open_dump(path);
	const struct chancery_fold *rel = &s->relations;
	char w1[96];
	if (rel->state != CHANCERY_REL_NONE || rel->uncertain)
		fprintf(f, "relations|%s-%s|%s|%s|%d\n", s->a->id, s->b->id,
			fold_word("relations", rel, w1, sizeof(w1)), rel->level ? rel->level : "",
			rel->uncertain);
	for (int w = 0; w < 2; w++)
		fprintf(f, "recognition|%s>%s|%s%s||%d\n", w ? s->b->id : s->a->id,
			w ? s->a->id : s->b->id,
			fold_word("recognition", &s->recognition[w], w1, sizeof(w1)),
			s->recognition[w].implied ? " (implied)" : "", s->recognition[w].uncertain);
	for (size_t i = 0; i < s->n_missions; i++) {
		const struct chancery_mission_status *m = &s->missions[i];
		if (m->fold.state == CHANCERY_MISSION_NONE && !m->fold.uncertain)
			continue;
		fprintf(f, "mission|%s>%s %s%s%s|%s||%d\n", m->sender, m->host,
			m->type ? m->type : "?", one_per_host(m->type) ? "" : " ",
			one_per_host(m->type) ? "" : (m->city ? m->city : ""),
			fold_word("mission", &m->fold, w1, sizeof(w1)), m->fold.uncertain);
	}
	for (size_t i = 0; i < s->n_envoys; i++) {
		const struct chancery_envoy_status *v = &s->envoys[i];
		if (v->fold.state == CHANCERY_ENVOY_NONE && !v->fold.uncertain)
			continue;
		fprintf(f, "envoy|%s %s>%s|%s||%d\n", v->person, v->sender, v->receiver,
			fold_word("envoy", &v->fold, w1, sizeof(w1)), v->fold.uncertain);
	}
	fclose(f);
}

static double median_of(double *v, int n)
{
	return distribution(v, (size_t)n).median;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_asof [--on YYYY-MM-DD] [--sample N] [--busy-calls N] [--reps N]\n"
		"                  [--budget SECONDS] [--seed S] [--kv FILE] [--dump-relations FILE]\n"
		"                  [--dump-series FILE] [--dump-recognitions FILE] [--dump-dyad FILE]\n"
		"                  [--dump-sample FILE] LEDGER|STORE.db\n");
	exit(2);
}

static long number(const char *opt, const char *s)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || !*s || *end || v < 0) {
		fprintf(stderr, "bench_asof: %s: expected a number, got '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

static int is_sqlite(const char *path)
{
	char head[16];
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return n == sizeof(head) && !memcmp(head, "SQLite format 3", 16);
}

int main(int argc, char **argv)
{
	const char *input = NULL, *on = "2010-06-30", *kv_path = NULL;
	const char *dump_rel = NULL, *dump_series = NULL, *dump_rec = NULL, *dump_dyad = NULL;
	const char *dump_sample = NULL;
	long sample = 10000, busy_calls = 2000, reps = 3, seed = 1, budget = 10;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r;
	struct chancery_date ond;
	const char *why;
	size_t where, n_pairs, busy = 0;
	struct pair *pairs;
	int32_t day;
	double t0, t1, c0, free_s;
	double rss_start, rss_read = 0, rss_parse = 0, rss_after_free = 0, rss_finish;
	double peak_parse = 0;
	char buf_day[32];

	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		int more = i + 1 < argc;
		if (!strcmp(o, "--on") && more)
			on = argv[++i];
		else if (!strcmp(o, "--sample") && more)
			sample = number(o, argv[++i]);
		else if (!strcmp(o, "--busy-calls") && more)
			busy_calls = number(o, argv[++i]);
		else if (!strcmp(o, "--reps") && more)
			reps = number(o, argv[++i]);
		else if (!strcmp(o, "--budget") && more)
			budget = number(o, argv[++i]);
		else if (!strcmp(o, "--seed") && more)
			seed = number(o, argv[++i]);
		else if (!strcmp(o, "--kv") && more)
			kv_path = argv[++i];
		else if (!strcmp(o, "--dump-relations") && more)
			dump_rel = argv[++i];
		else if (!strcmp(o, "--dump-series") && more)
			dump_series = argv[++i];
		else if (!strcmp(o, "--dump-recognitions") && more)
			dump_rec = argv[++i];
		else if (!strcmp(o, "--dump-dyad") && more)
			dump_dyad = argv[++i];
		else if (!strcmp(o, "--dump-sample") && more)
			dump_sample = argv[++i];
		else if (o[0] == '-' || input)
			usage();
		else
			input = o;
	}
	if (!input || reps < 1 || reps > MAX_REPS || busy_calls < 1)
		usage();
	if (chancery_date_parse(on, strlen(on), &ond, &why, &where) ||
	    ond.form != CHANCERY_DATE_POINT || ond.lo != ond.hi) {
		fprintf(stderr, "bench_asof: --on '%s': expected one day (YYYY-MM-DD)\n", on);
		return 2;
	}
	day = ond.lo;
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1du + 7;
	if (kv_path && !(kv = fopen(kv_path, "w"))) {
		fprintf(stderr, "bench_asof: cannot write '%s': %s\n", kv_path, strerror(errno));
		return 1;
	}

	/* ---- 1. the snapshot ---- */
	rss_start = rss_mb();
	r = chancery_registry_new();
	printf("== snapshot of %s\n", input);
	if (is_sqlite(input)) {
		chancery_store *s;
		t0 = now_s();
		c0 = cpu_s();
		if (chancery_store_open(input, CHANCERY_STORE_READONLY, &s, &d) ||
		    chancery_store_load(s, NULL, r, &d))
			die("load", &d);
		chancery_store_close(s);
		t1 = now_s();
		snapshot_of(r);
		printf("load from the store (includes finish)  %8.3f s wall %8.3f s cpu\n", t1 - t0,
		       cpu_s() - c0);
		printf("query indexes (snapshot_of)            %8.3f s wall\n", now_s() - t1);
		kv_num("load_s", t1 - t0);
		kv_num("build_s", now_s() - t0);
	} else {
		double t_read, t_parse, t_finish, cpu_parse, cpu_finish;
		FILE *f = fopen(input, "rb");
		struct stat st;
		size_t len;
		char *buf;
		t0 = now_s();
		if (!f || fstat(fileno(f), &st)) {
			fprintf(stderr, "bench_asof: cannot read '%s': %s\n", input, strerror(errno));
			return 1;
		}
		len = (size_t)st.st_size;
		buf = malloc(len + 1);
		if (!buf || fread(buf, 1, len, f) != len) {
			fprintf(stderr, "bench_asof: cannot read '%s'\n", input);
			return 1;
		}
		buf[len] = '\0';
		fclose(f);
		t_read = now_s() - t0;
		rss_read = rss_mb();

		c0 = cpu_s();
		t0 = now_s();
		if (chancery_ledger_parse_buffer(r, input, buf, len, &d))
			die("parse", &d);
		t_parse = now_s() - t0;
		cpu_parse = cpu_s() - c0;
		rss_parse = rss_mb();
		peak_parse = peak_mb();
		free(buf); /* as the command line does */
		rss_after_free = rss_mb();

		c0 = cpu_s();
		t0 = now_s();
		if (chancery_registry_finish(r, &d))
			die("finish", &d);
		snapshot_of(r); /* the query indexes, as the first query builds them */
		t_finish = now_s() - t0;
		cpu_finish = cpu_s() - c0;

		printf("%-40s %8s %8s\n", "step", "wall s", "cpu s");
		printf("%-40s %8.3f %8s   (%.1f MB)\n", "read the file", t_read, "-", (double)len / 1e6);
		printf("%-40s %8.3f %8.3f\n", "parse", t_parse, cpu_parse);
		printf("%-40s %8.3f %8.3f\n", "finish + query indexes", t_finish,
		       cpu_finish);
		printf("%-40s %8.3f %8.3f\n", "snapshot build = parse + finish", t_parse + t_finish,
		       cpu_parse + cpu_finish);
		kv_num("bytes", (double)len);
		kv_num("read_s", t_read);
		kv_num("parse_s", t_parse);
		kv_num("parse_cpu_s", cpu_parse);
		kv_num("finish_s", t_finish);
		kv_num("finish_cpu_s", cpu_finish);
		kv_num("build_s", t_parse + t_finish);
		kv_num("build_cpu_s", cpu_parse + cpu_finish);
	}
	rss_finish = rss_mb();
	{
		/* the query indexes alone, rebuilt */
		double v[MAX_REPS];
		for (long k = 0; k < reps; k++) {
			struct snapshot *again;
			t0 = now_s();
			again = snapshot_new(r);
			v[k] = now_s() - t0;
			snapshot_free(again);
		}
		printf("%-40s %8.3f %8s   (median of %ld rebuilds)\n",
		       "  of which the query indexes (snapshot_new)", median_of(v, (int)reps), "-", reps);
		kv_num("index_s", median_of(v, (int)reps));
	}
	printf("\nregistry: %zu events, %zu parties, %zu persons, %zu treaties; "
	       "dyad index %zu entries\n",
	       chancery_registry_event_count(r), chancery_registry_party_count(r),
	       chancery_registry_person_count(r), chancery_registry_treaty_count(r), snapshot_of(r)->n_dyads);
	if (rss_read > 0)
		printf("memory: peak RSS %.0f MB (getrusage); RSS at start %.0f, after read %.0f, "
		       "after parse %.0f (peak then %.0f),\n"
		       "        after freeing the text %.0f, after finish %.0f MB; "
		       "the query indexes hold %.1f MB\n",
		       peak_mb(), rss_start, rss_read, rss_parse, peak_parse, rss_after_free,
		       rss_finish, (double)snapshot_bytes(r) / 1e6);
	else
		printf("memory: peak RSS %.0f MB (getrusage); RSS at start %.0f, after the load "
		       "%.0f MB; the query indexes hold %.1f MB\n",
		       peak_mb(), rss_start, rss_finish, (double)snapshot_bytes(r) / 1e6);
	kv_num("events", (double)chancery_registry_event_count(r));
	kv_num("parties", (double)chancery_registry_party_count(r));
	kv_num("treaties", (double)chancery_registry_treaty_count(r));
	kv_num("peak_rss_mb", peak_mb());
	kv_num("rss_mb", rss_finish);
	kv_num("rss_start_mb", rss_start);
	kv_num("index_mb", (double)snapshot_bytes(r) / 1e6);
	kv_num("dyad_entries", (double)snapshot_of(r)->n_dyads);

	pairs = dyad_pairs(r, &n_pairs);
	if (!n_pairs)
		die("finding a dyad", NULL);
	for (size_t i = 1; i < n_pairs; i++)
		if (pairs[i].n > pairs[busy].n)
			busy = i;
	day_text(day, buf_day, sizeof(buf_day));
	kv_str("on", buf_day);
	kv_num("pairs", (double)n_pairs);

	/* ---- 2a. the busiest dyad ---- */
	{
		const char *a = pid(r, pairs[busy].a), *b = pid(r, pairs[busy].b);
		double *v = malloc((size_t)busy_calls * sizeof(*v));
		struct chancery_dyad_status *s;
		long n = 0;
		double start = now_s();
		struct dist dd;
		if (!v)
			die("allocation", NULL);
		free_s = 0;
		/* one untimed call to warm the caches, and to describe it */
		timed_status(r, a, b, day, &free_s, &s);
		printf("\n== one dyad on %s: the busiest, %s-%s (%u events in the dyad index;\n"
		       "   its status: %zu events with treaty actions and reactions, %zu missions, "
		       "%zu envoys, %zu treaties, %zu reactions)\n",
		       buf_day, a, b, pairs[busy].n, s->n_events, s->n_missions, s->n_envoys,
		       s->n_treaties, s->n_reactions);
		printf("   relations %s%s%s, %s recognises %s: %s, %s recognises %s: %s\n",
		       chancery_state_name("relations", s->relations.state),
		       s->relations.level ? " " : "", s->relations.level ? s->relations.level : "",
		       a, b, chancery_state_name("recognition", s->recognition[0].state), b, a,
		       chancery_state_name("recognition", s->recognition[1].state));
		if (dump_dyad)
			write_dyad(dump_dyad, s);
		kv_num("busy_treaties", (double)s->n_treaties);
		kv_num("busy_events", (double)s->n_events);
		chancery_dyad_status_free(s);
		free_s = 0;
		while (n < busy_calls && (n < 101 || now_s() - start < 5.0)) {
			v[n] = timed_status(r, a, b, day, &free_s, NULL) * 1e6;
			n++;
		}
		dd = distribution(v, (size_t)n);
		printf("   chancery_dyad_status, %ld calls: median %.1f us, p99 %.1f us, max %.1f us, "
		       "mean %.1f us; free %.1f us\n",
		       n, dd.median, dd.p99, dd.max, dd.mean, free_s / (double)n * 1e6);
		kv_str("busy_a", a);
		kv_str("busy_b", b);
		kv_num("busy_dyad_entries", pairs[busy].n);
		kv_num("busy_calls", (double)n);
		kv_num("busy_median_us", dd.median);
		kv_num("busy_p99_us", dd.p99);
		kv_num("busy_max_us", dd.max);
		kv_num("busy_mean_us", dd.mean);
		kv_num("busy_free_us", free_s / (double)n * 1e6);
		free(v);
	}

	/* ---- 2b. a random sample of dyads ---- */
	{
		size_t n = (size_t)sample < n_pairs ? (size_t)sample : n_pairs;
		size_t *idx = malloc(n_pairs * sizeof(*idx));
		double *v = malloc((n ? n : 1) * sizeof(*v));
		double timer[1000];
		struct dist dd, dt;
		if (!idx || !v)
			die("allocation", NULL);
		for (size_t i = 0; i < n_pairs; i++)
			idx[i] = i;
		for (size_t i = 0; i < n; i++) { /* partial Fisher-Yates */
			size_t j = i + (size_t)(rnd() % (n_pairs - i)), t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		if (dump_sample) {
			FILE *f = open_dump(dump_sample);
			for (size_t i = 0; i < n; i++)
				fprintf(f, "%s %s\n", pid(r, pairs[idx[i]].a), pid(r, pairs[idx[i]].b));
			fclose(f);
		}
		free_s = 0;
		for (size_t i = 0; i < n; i++)
			v[i] = timed_status(r, pid(r, pairs[idx[i]].a), pid(r, pairs[idx[i]].b), day,
					    &free_s, NULL) *
			       1e6;
		dd = distribution(v, n);
		for (int i = 0; i < 1000; i++) {
			double x = now_s();
			timer[i] = (now_s() - x) * 1e6;
		}
		dt = distribution(timer, 1000);
		printf("\n== one dyad on %s: %zu dyads drawn at random from the %zu pairs with events\n"
		       "   chancery_dyad_status: median %.1f us, p99 %.1f us, max %.1f us, mean %.1f us; "
		       "free %.1f us (clock overhead %.3f us)\n",
		       buf_day, n, n_pairs, dd.median, dd.p99, dd.max, dd.mean,
		       free_s / (double)(n ? n : 1) * 1e6, dt.median);
		kv_num("sample_n", (double)n);
		kv_num("sample_median_us", dd.median);
		kv_num("sample_p99_us", dd.p99);
		kv_num("sample_max_us", dd.max);
		kv_num("sample_mean_us", dd.mean);
		kv_num("sample_free_us", free_s / (double)(n ? n : 1) * 1e6);
		kv_num("clock_overhead_us", dt.median);
		free(idx);
		free(v);
	}

	/* ---- 3. all dyads on one day ---- */
	{
		double v[MAX_REPS], vc[MAX_REPS], m, mc;
		size_t states[4] = { 0, 0, 0, 0 }, uncertain = 0, rec_yes = 0, implied = 0;
		FILE *dump = open_dump(dump_rel);
		if (dump)
			fputs("a,b,state,level,uncertain\n", dump);
		for (long k = 0; k < reps; k++) {
			double c = cpu_s();
			t0 = now_s();
			for (size_t i = 0; i < n_pairs; i++) {
				struct chancery_dyad_status *s;
				if (chancery_dyad_status(r, pid(r, pairs[i].a), pid(r, pairs[i].b), day,
							 &s))
					die("chancery_dyad_status", NULL);
				if (k == 0) {
					const struct chancery_fold *f = &s->relations;
					states[f->state & 3]++;
					uncertain += f->uncertain;
					for (int w = 0; w < 2; w++) {
						rec_yes += s->recognition[w].state == CHANCERY_REC_YES &&
							   !s->recognition[w].uncertain;
						implied += s->recognition[w].implied &&
							   !s->recognition[w].uncertain;
					}
					if (dump && (f->state != CHANCERY_REL_NONE || f->uncertain))
						fprintf(dump, "%s,%s,%s,%s,%d\n", s->a->id, s->b->id,
							chancery_state_name("relations", f->state),
							f->level ? f->level : "", f->uncertain);
				}
				chancery_dyad_status_free(s);
			}
			v[k] = (now_s() - t0) * 1e3;
			vc[k] = (cpu_s() - c) * 1e3;
		}
		if (dump)
			fclose(dump);
		m = median_of(v, (int)reps); /* sorts v: v[0] is the fastest */
		mc = median_of(vc, (int)reps);
		printf("\n== all dyads on %s: the %zu pairs of parties with at least one event\n"
		       "   (of %zu possible pairs of %zu parties), chancery_dyad_status + free each\n"
		       "   total: median %.1f ms wall, %.1f ms cpu (%ld runs; fastest %.1f ms)\n"
		       "   relations: %zu established, %zu suspended, %zu severed, %zu none; "
		       "%zu uncertain\n"
		       "   recognitions for certain (both ways): %zu, of which %zu implied by "
		       "relations\n",
		       buf_day, n_pairs,
		       chancery_registry_party_count(r) * (chancery_registry_party_count(r) - 1) / 2,
		       chancery_registry_party_count(r), m, mc, reps, v[0], states[1], states[2], states[3], states[0],
		       uncertain, rec_yes, implied);
		kv_num("all_ms", m);
		kv_num("all_min_ms", v[0]);
		kv_num("all_cpu_ms", mc);
		kv_num("all_established", (double)states[1]);
		kv_num("all_suspended", (double)states[2]);
		kv_num("all_severed", (double)states[3]);
		kv_num("all_none", (double)states[0]);
		kv_num("all_uncertain", (double)uncertain);
		kv_num("all_rec_yes", (double)rec_yes);
		kv_num("all_rec_implied", (double)implied);
	}

	/* ---- 3b. all dyads in one pass: chancery_dyads_on ---- */
	{
		double v[MAX_REPS], m;
		struct batch_counts first = { 0 };
		for (long k = 0; k < reps; k++) {
			struct batch_counts bc = { 0 };
			t0 = now_s();
			chancery_dyads_on(r, day, count_brief, &bc);
			v[k] = (now_s() - t0) * 1e3;
			if (k == 0)
				first = bc;
		}
		m = median_of(v, (int)reps);
		printf("\n== all dyads on %s in one pass (chancery_dyads_on: recognition both ways\n"
		       "   and relations, the panel's columns): %zu dyads, median %.1f ms (%ld runs;\n"
		       "   fastest %.1f ms); relations: %zu established, %zu suspended, %zu severed,\n"
		       "   %zu none, %zu uncertain; recognitions for certain: %zu\n",
		       buf_day, first.dyads, m, reps, v[0], first.states[1], first.states[2],
		       first.states[3], first.states[0], first.uncertain, first.rec_yes);
		kv_num("all_batch_ms", m);
		kv_num("all_batch_min_ms", v[0]);
		kv_num("all_batch_dyads", (double)first.dyads);
		if (first.dyads != n_pairs)
			die("chancery_dyads_on visited another number of dyads than the index holds", NULL);
	}

	/* ---- 4. recognitions ---- */
	{
		size_t np = chancery_registry_party_count(r), best = 0;
		long best_yes = -1, best_unc = 0;
		double v[MAX_REPS];
		long k;
		const char *x;
		struct chancery_series_point *pts = NULL;
		size_t n_pts = 0;
		t0 = now_s();
		for (size_t p = 0; p < np; p++) {
			struct chancery_recognizer *rv;
			size_t n;
			long yes = 0, unc = 0;
			if (chancery_recognitions(r, pid(r, (uint32_t)p), day, &rv, &n))
				die("chancery_recognitions", NULL);
			for (size_t i = 0; i < n; i++) {
				yes += rv[i].fold.state == CHANCERY_REC_YES && !rv[i].fold.uncertain;
				unc += rv[i].fold.uncertain;
			}
			if (yes > best_yes) {
				best_yes = yes;
				best_unc = unc;
				best = p;
			}
			chancery_recognizers_free(rv, n);
		}
		t1 = now_s();
		x = pid(r, (uint32_t)best);
		printf("\n== recognitions on %s\n"
		       "   of every party (%zu calls of chancery_recognitions): %.1f ms\n"
		       "   the most recognised: %s, by %ld for certain, %ld uncertain\n",
		       buf_day, np, (t1 - t0) * 1e3, x, best_yes, best_unc);
		kv_num("rec_all_parties_ms", (t1 - t0) * 1e3);
		kv_str("x", x);
		kv_num("x_yes", (double)best_yes);
		kv_num("x_uncertain", (double)best_unc);

		for (k = 0; k < reps; k++) {
			struct chancery_recognizer *rv;
			size_t n;
			t0 = now_s();
			if (chancery_recognitions(r, x, day, &rv, &n))
				die("chancery_recognitions", NULL);
			v[k] = (now_s() - t0) * 1e3;
			if (k == 0 && dump_rec) {
				FILE *f = open_dump(dump_rec);
				fputs("by,state,uncertain,implied\n", f);
				for (size_t i = 0; i < n; i++)
					fprintf(f, "%s,%s,%d,%d\n", rv[i].party->id,
						chancery_state_name("recognition", rv[i].fold.state),
						rv[i].fold.uncertain, rv[i].fold.implied);
				fclose(f);
			}
			chancery_recognizers_free(rv, n);
		}
		printf("   chancery_recognitions(%s): median %.3f ms (%ld runs)\n", x,
		       median_of(v, (int)reps), reps);
		kv_num("rec_ms", median_of(v, (int)reps));

		/* --reps runs, but no new run once --budget seconds have gone */
		for (k = 0, t1 = now_s(); k < reps && (k == 0 || now_s() - t1 < budget); k++) {
			free(pts);
			t0 = now_s();
			if (chancery_recognition_series(r, x, &pts, &n_pts))
				die("chancery_recognition_series", NULL);
			v[k] = (now_s() - t0) * 1e3;
		}
		printf("   chancery_recognition_series(%s): median %.1f ms (%ld runs); %zu points",
		       x, median_of(v, (int)k), k, n_pts);
		if (n_pts) {
			char a[32];
			day_text(pts[n_pts - 1].day, a, sizeof(a));
			printf(", the last %s: %d for certain, %d uncertain", a, pts[n_pts - 1].count,
			       pts[n_pts - 1].uncertain);
			kv_num("series_last_count", pts[n_pts - 1].count);
			kv_num("series_last_uncertain", pts[n_pts - 1].uncertain);
		}
		putchar('\n');
		kv_num("series_ms", median_of(v, (int)k));
		kv_num("series_runs", (double)k);
		kv_num("series_points", (double)n_pts);
		if (dump_series) {
			FILE *f = open_dump(dump_series);
			fputs("day,count,uncertain\n", f);
			for (size_t i = 0; i < n_pts; i++) {
				char a[32];
				day_text(pts[i].day, a, sizeof(a));
				fprintf(f, "%s,%d,%d\n", a, pts[i].count, pts[i].uncertain);
			}
			fclose(f);
		}
		free(pts);
	}

	kv_num("peak_rss_end_mb", peak_mb());
	free(pairs);
	chancery_registry_free(r);
	chancery_diags_release(&d);
	if (kv)
		fclose(kv);
	return 0;
}
