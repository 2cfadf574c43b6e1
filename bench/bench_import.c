/* bench_import.c: how fast each importer reads its data set (issue 12,
 * bench/README.md "Importers"). For each file: the reader alone
 * (import_run: read, decode, match, write ledger text), then parsing and
 * finishing that text into a registry, best of RUNS, in rows per second.
 * The command line's checks and the store's import come on top; run_panel.sh
 * times the whole command too.
 *
 * usage: bench_import KNOWN.ledger... -- KIND FILE [FILE] [-- KIND FILE...]
 *   KIND: states, treaties, missions, envoys, rdcr, dipcon, korea-ties */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chancery.h"
#include "import/import.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int kind_of(const char *s, enum import_kind *k)
{
	/* in the order of enum import_kind */
	static const char *const names[] = { "states",	"treaties", "missions",	  "envoys",
					     "rdcr",	"dipcon",   "korea-ties" };
	for (int i = 0; i < (int)(sizeof(names) / sizeof(*names)); i++)
		if (!strcmp(s, names[i])) {
			*k = (enum import_kind)i;
			return 0;
		}
	return -1;
}

int main(int argc, char **argv)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *known = chancery_registry_new();
	int i = 1, runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 3;
	if (runs < 1)
		runs = 1;
	for (; i < argc && strcmp(argv[i], "--"); i++)
		if (chancery_ledger_parse_file(known, argv[i], &d)) {
			chancery_diags_print(&d, stderr);
			return 1;
		}
	chancery_registry_finish(known, &d);
	while (i < argc) {
		enum import_kind kind;
		const char *paths[2];
		size_t n = 0;
		double best_read = 1e9, best_parse = 1e9;
		size_t rows = 0, facts = 0;
		i++; /* "--" */
		if (i >= argc || kind_of(argv[i], &kind)) {
			fprintf(stderr, "usage: bench_import KNOWN... -- KIND FILE [FILE] ...\n");
			return 2;
		}
		for (i++; i < argc && strcmp(argv[i], "--") && n < 2; i++)
			paths[n++] = argv[i];
		for (int r = 0; r < runs; r++) {
			struct chancery_diags w = CHANCERY_DIAGS_INIT;
			struct import_job job = IMPORT_JOB_INIT;
			chancery_registry *reg = chancery_registry_new();
			double t0, t1, t2;
			job.kind = kind;
			job.known = known;
			job.diags = &w;
			t0 = now();
			if (import_run(&job, paths, n)) {
				chancery_diags_print(&w, stderr);
				return 1;
			}
			t1 = now();
			chancery_ledger_parse_buffer(reg, "(import)", job.out.buf, job.out.len, &w);
			chancery_registry_finish(reg, &w);
			t2 = now();
			if (t1 - t0 < best_read)
				best_read = t1 - t0;
			if (t2 - t1 < best_parse)
				best_parse = t2 - t1;
			rows = job.rows;
			facts = job.facts;
			import_job_release(&job);
			chancery_registry_free(reg);
			chancery_diags_release(&w);
		}
		printf("import_%s_rows %zu\nimport_%s_facts %zu\n", argv[i - n - 1], rows,
		       argv[i - n - 1], facts);
		printf("import_%s_read_s %.4f\nimport_%s_read_rows_per_s %.0f\n", argv[i - n - 1],
		       best_read, argv[i - n - 1], rows / best_read);
		printf("import_%s_read_parse_s %.4f\nimport_%s_read_parse_rows_per_s %.0f\n",
		       argv[i - n - 1], best_read + best_parse, argv[i - n - 1],
		       rows / (best_read + best_parse));
	}
	chancery_registry_free(known);
	chancery_diags_release(&d);
	return 0;
}
