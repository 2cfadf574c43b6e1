/* bench_registry.c: time chancery's phases on one ledger, in one process
 * (bench/README.md).
 *
 *   bench_registry [--reps N] [--export FILE] [--kv FILE] LEDGER STORE.db
 *
 * Phases, each timed with CLOCK_MONOTONIC (wall) and getrusage (CPU:
 * user + system; on a busy machine CPU time is the steadier number, and
 * wall time well above it means the process waited for a core or for
 * the disk): read the file; parse
 * (chancery_ledger_parse_buffer), finish, check, each run --reps times
 * (default 3) on a fresh registry and reported as the median; import
 * into a fresh store (open with CREATE, import with a fixed record time,
 * close: the WAL checkpoint happens there); load the registry back from
 * the store; export it with chancery_ledger_write (to /dev/null unless
 * --export FILE). Peak RSS (getrusage ru_maxrss) is taken after the first
 * parse+finish+check and at the end. --kv FILE also writes the numbers as
 * "key value" lines, for bench/run.sh. STORE.db and its -wal and -shm
 * files are removed first. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chancery.h"
#include "base/banned.h"

#define RECORDED_AT "2025-01-01T00:00:00Z"
#define MAX_REPS 15

struct stamp {
	double wall, cpu;
};

static struct stamp now(void)
{
	struct timespec ts;
	struct rusage ru;
	struct stamp s;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	getrusage(RUSAGE_SELF, &ru);
	s.wall = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
	s.cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
	return s;
}

/* b - a */
static struct stamp since(struct stamp a, struct stamp b)
{
	struct stamp d = { b.wall - a.wall, b.cpu - a.cpu };
	return d;
}

/* Peak resident set size so far, in MB (ru_maxrss is in KiB on Linux). */
static double peak_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss * 1024.0 / 1e6;
}

/* Current resident set size in MB, from /proc/self/statm; 0 if unknown. */
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

static double median_of(double *s, int n)
{
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The median of the wall and of the CPU times (each on its own), and the
 * fastest wall time. */
static struct stamp median(const struct stamp *v, int n, double *min_wall)
{
	double w[MAX_REPS], c[MAX_REPS];
	struct stamp m;
	for (int i = 0; i < n; i++) {
		w[i] = v[i].wall;
		c[i] = v[i].cpu;
	}
	m.wall = median_of(w, n);
	m.cpu = median_of(c, n);
	if (min_wall)
		*min_wall = w[0];
	return m;
}

static FILE *kv;

/* One line of the table; events/s and MB/s are per wall second. min_wall
 * < 0: none. */
static void row(const char *key, const char *phase, struct stamp t, double min_wall,
		double events, double bytes)
{
	char ev[32] = "-", mb[32] = "-", mn[32] = "-";
	if (events > 0 && t.wall > 0)
		snprintf(ev, sizeof(ev), "%.0f", events / t.wall);
	if (bytes > 0 && t.wall > 0)
		snprintf(mb, sizeof(mb), "%.1f", bytes / 1e6 / t.wall);
	if (min_wall >= 0)
		snprintf(mn, sizeof(mn), "%.3f", min_wall);
	printf("%-32s %8.3f %8.3f %8s %11s %8s\n", phase, t.wall, t.cpu, mn, ev, mb);
	if (kv) {
		fprintf(kv, "%s_s %.6f\n%s_cpu_s %.6f\n", key, t.wall, key, t.cpu);
		if (min_wall >= 0)
			fprintf(kv, "%s_min_s %.6f\n", key, min_wall);
	}
}

static void die_diags(const char *what, struct chancery_diags *d)
{
	chancery_diags_print(d, stderr);
	fprintf(stderr, "bench_registry: %s failed\n", what);
	exit(1);
}

static void remove_store(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		if (unlink(name) && errno != ENOENT) {
			fprintf(stderr, "bench_registry: cannot remove '%s': %s\n", name,
				strerror(errno));
			exit(1);
		}
	}
}

static double file_mb(const char *path)
{
	struct stat st;
	return stat(path, &st) ? 0 : (double)st.st_size / 1e6;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_registry [--reps N] [--export FILE] [--kv FILE] LEDGER STORE.db\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *ledger = NULL, *store_path = NULL, *export_path = "/dev/null";
	const char *kv_path = NULL;
	int reps = 3;
	struct stamp t_parse[MAX_REPS], t_finish[MAX_REPS], t_check[MAX_REPS], t_pfc[MAX_REPS],
		t_free[MAX_REPS];
	struct stamp t0, t1, t2, t3, t_read;
	double peak_check = 0, rss_registry = 0, min_parse, min_finish, min_check, min_pfc;
	double rss_read = 0, rss_parse = 0, rss_finish = 0;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = NULL, *loaded;
	chancery_store *s;
	struct chancery_import_stats stats;
	struct chancery_import_opts opts = { 0 };
	size_t len, n_events = 0, warnings = 0;
	char *buf;
	FILE *f;
	struct stat st;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--export") && i + 1 < argc)
			export_path = argv[++i];
		else if (!strcmp(argv[i], "--kv") && i + 1 < argc)
			kv_path = argv[++i];
		else if (argv[i][0] == '-')
			usage();
		else if (!ledger)
			ledger = argv[i];
		else if (!store_path)
			store_path = argv[i];
		else
			usage();
	}
	if (!ledger || !store_path || reps < 1 || reps > MAX_REPS)
		usage();
	if (kv_path && !(kv = fopen(kv_path, "w"))) {
		fprintf(stderr, "bench_registry: cannot write '%s': %s\n", kv_path, strerror(errno));
		return 1;
	}

	/* ---- read ---- */
	t0 = now();
	f = fopen(ledger, "rb");
	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "bench_registry: cannot read '%s': %s\n", ledger, strerror(errno));
		return 1;
	}
	len = (size_t)st.st_size;
	buf = malloc(len + 1);
	if (!buf || fread(buf, 1, len, f) != len) {
		fprintf(stderr, "bench_registry: cannot read '%s'\n", ledger);
		return 1;
	}
	buf[len] = '\0';
	fclose(f);
	t_read = since(t0, now());
	rss_read = rss_mb();

	/* ---- parse, finish, check: reps times, fresh registry each ---- */
	for (int k = 0; k < reps; k++) {
		if (r) {
			t0 = now();
			chancery_registry_free(r);
			t_free[k - 1] = since(t0, now());
		}
		r = chancery_registry_new();
		t0 = now();
		if (chancery_ledger_parse_buffer(r, ledger, buf, len, &d))
			die_diags("parse", &d);
		t1 = now();
		if (k == 0)
			rss_parse = rss_mb();
		if (chancery_registry_finish(r, &d))
			die_diags("finish", &d);
		t2 = now();
		if (k == 0)
			rss_finish = rss_mb();
		if (chancery_check(r, &d))
			die_diags("check", &d);
		t3 = now();
		t_parse[k] = since(t0, t1);
		t_finish[k] = since(t1, t2);
		t_check[k] = since(t2, t3);
		t_pfc[k] = since(t0, t3);
		warnings = d.warnings;
		chancery_diags_release(&d);
		memset(&d, 0, sizeof(d));
		if (k == 0) {
			peak_check = peak_mb();
			rss_registry = rss_mb();
		}
		fprintf(stderr, "  run %d: parse %.3f s, finish %.3f s, check %.3f s (wall)\n", k + 1,
			t_parse[k].wall, t_finish[k].wall, t_check[k].wall);
	}
	n_events = chancery_registry_event_count(r);
	free(buf); /* the command line frees the file's text after parsing, too */

	printf("ledger %s: %.1f MB, %zu events, %zu parties, %zu persons, %zu treaties, %zu warnings\n\n",
	       ledger, (double)len / 1e6, n_events, chancery_registry_party_count(r),
	       chancery_registry_person_count(r), chancery_registry_treaty_count(r), warnings);
	printf("%-32s %8s %8s %8s %11s %8s\n", "phase", "wall s", "cpu s", "min s", "events/s",
	       "MB/s");
	row("read", "read file", t_read, -1, 0, (double)len);
	{
		struct stamp mp = median(t_parse, reps, &min_parse);
		struct stamp mf = median(t_finish, reps, &min_finish);
		struct stamp mc = median(t_check, reps, &min_check);
		struct stamp mpfc = median(t_pfc, reps, &min_pfc);
		row("parse", "parse (median)", mp, min_parse, (double)n_events, (double)len);
		row("finish", "finish (median)", mf, min_finish, (double)n_events, 0);
		row("check", "check (median)", mc, min_check, (double)n_events, 0);
		row("parse_finish_check", "parse+finish+check (median)", mpfc, min_pfc,
		    (double)n_events, (double)len);
	}
	if (reps > 1)
		row("free", "free registry (median)", median(t_free, reps - 1, NULL), -1,
		    (double)n_events, 0);
	fflush(stdout);

	/* ---- import into a fresh store ---- */
	remove_store(store_path);
	opts.author = "bench";
	opts.recorded_at = RECORDED_AT;
	opts.origin = ledger;
	t0 = now();
	if (chancery_store_open(store_path, CHANCERY_STORE_CREATE, &s, &d))
		die_diags("store open", &d);
	t1 = now();
	if (chancery_store_import(s, r, &opts, &stats, &d))
		die_diags("import", &d);
	t2 = now();
	chancery_store_close(s);
	t3 = now();
	row("store_create", "store create", since(t0, t1), -1, 0, 0);
	row("import", "import (one transaction)", since(t1, t2), -1, (double)n_events, (double)len);
	row("store_close", "close (WAL checkpoint)", since(t2, t3), -1, 0, 0);
	row("import_total", "create+import+close", since(t0, t3), -1, (double)n_events,
	    (double)len);
	if (stats.added == 0)
		fprintf(stderr, "bench_registry: the import added nothing\n");
	chancery_registry_free(r);
	fflush(stdout);

	/* ---- load it back ---- */
	loaded = chancery_registry_new();
	t0 = now();
	if (chancery_store_open(store_path, CHANCERY_STORE_READONLY, &s, &d) ||
	    chancery_store_load(s, NULL, loaded, &d))
		die_diags("load", &d);
	chancery_store_close(s);
	t1 = now();
	row("load", "load from store", since(t0, t1), -1,
	    (double)chancery_registry_event_count(loaded), 0);
	if (chancery_registry_event_count(loaded) != n_events)
		fprintf(stderr, "bench_registry: loaded %zu events, not %zu\n",
			chancery_registry_event_count(loaded), n_events);

	/* ---- export ---- */
	t0 = now();
	f = fopen(export_path, "w");
	if (!f || chancery_ledger_write(loaded, f) || fclose(f)) {
		fprintf(stderr, "bench_registry: cannot export to '%s'\n", export_path);
		return 1;
	}
	t1 = now();
	{
		double mb = strcmp(export_path, "/dev/null") ? file_mb(export_path) : 0;
		row("export", "export (chancery_ledger_write)", since(t0, t1), -1, (double)n_events,
		    mb * 1e6);
	}
	chancery_registry_free(loaded);

	printf("\nstore %s: %.1f MB\n", store_path, file_mb(store_path));
	printf("peak RSS after the first parse+finish+check: %.0f MB"
	       " (RSS then %.0f MB, of which the file text %.0f MB)\n",
	       peak_check, rss_registry, (double)len / 1e6);
	printf("RSS after the read %.0f MB, the parse %.0f MB, finish %.0f MB, check %.0f MB\n",
	       rss_read, rss_parse, rss_finish, rss_registry);
	printf("peak RSS at the end: %.0f MB\n", peak_mb());
	if (kv) {
		fprintf(kv, "events %zu\nbytes %zu\npeak_check_mb %.1f\npeak_end_mb %.1f\n", n_events,
			len, peak_check, peak_mb());
		fprintf(kv, "store_mb %.1f\n", file_mb(store_path));
		fclose(kv);
	}
	return 0;
}
