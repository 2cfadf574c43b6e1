/* bench_map.c: the maps benchmark of issue 10 (bench/maps.md): how long
 * one locator map and one world recognition map take to draw from a
 * loaded registry, and how big they are.
 *
 *   bench_map [--reps N] [--out DIR] LEDGER
 *
 * The registry is parsed and finished once (not timed), its query
 * snapshot built by a first map (not timed); then map_locator(Abkhazia,
 * Russia) and map_recognitions(Abkhazia) are each run --reps times
 * (default 50), each call timed alone (CLOCK_MONOTONIC): median, min and
 * max in ms, and the SVG's size. --out DIR writes the two SVGs there, for
 * bench/run_maps.sh to time rsvg-convert on them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chancery.h"
#include "publish/map.h"
#include "base/strbuf.h"
#include "base/banned.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

enum which { LOCATOR, RECOGNITIONS };

static int draw(const chancery_registry *r, enum which w, struct strbuf *out)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct map_opts o;
	int rc;
	map_opts_init(&o, chancery_day_from_ymd(2026, 1, 1));
	rc = w == LOCATOR ? map_locator(r, "AB", "RU", &o, out, &d) : map_recognitions(r, "AB", &o, out, &d);
	chancery_diags_release(&d);
	return rc;
}

static void run(const chancery_registry *r, enum which w, int reps, const char *dir, const char *key)
{
	double *t = calloc((size_t)reps, sizeof(*t));
	struct strbuf svg = STRBUF_INIT;
	for (int i = 0; i < reps; i++) {
		double t0;
		strbuf_reset(&svg);
		t0 = now_ms();
		if (draw(r, w, &svg)) {
			fprintf(stderr, "bench_map: no map\n");
			exit(1);
		}
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)reps, sizeof(*t), cmp_double);
	printf("%s_ms_median %.3f\n%s_ms_min %.3f\n%s_ms_max %.3f\n%s_bytes %zu\n", key,
	       t[reps / 2], key, t[0], key, t[reps - 1], key, svg.len);
	if (dir) {
		struct strbuf path = STRBUF_INIT;
		FILE *f;
		strbuf_addf(&path, "%s/%s.svg", dir, key);
		if (!(f = fopen(path.buf, "w")) || fwrite(svg.buf, 1, svg.len, f) != svg.len || fclose(f)) {
			fprintf(stderr, "bench_map: cannot write %s\n", path.buf);
			exit(1);
		}
		strbuf_release(&path);
	}
	strbuf_release(&svg);
	free(t);
}

int main(int argc, char **argv)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	struct strbuf warm = STRBUF_INIT;
	const char *dir = NULL, *ledger = NULL;
	int reps = 50;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			dir = argv[++i];
		else
			ledger = argv[i];
	}
	if (!ledger || reps < 1) {
		fputs("usage: bench_map [--reps N] [--out DIR] LEDGER\n", stderr);
		return 2;
	}
	if (chancery_ledger_parse_file(r, ledger, &d) || chancery_registry_finish(r, &d)) {
		chancery_diags_print(&d, stderr);
		return 1;
	}
	draw(r, LOCATOR, &warm); /* builds the query snapshot */
	run(r, LOCATOR, reps, dir, "locator");
	run(r, RECOGNITIONS, reps, dir, "recognitions");
	strbuf_release(&warm);
	chancery_diags_release(&d);
	chancery_registry_free(r);
	return 0;
}
