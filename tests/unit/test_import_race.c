/* test_import_race.c: two imports into one store at the same time never
 * lose each other's updates (issue 9, item 1). Import A corrects party P1,
 * import B corrects P2. A's check, which the store runs under its write
 * lock, holds on until B has started on a second connection; B must then
 * wait for A, check against A's correction, and write only its own facts,
 * so that both corrections are in the store at the end. Before the fix,
 * the command line loaded and checked the store outside the write
 * transaction and wrote B's stale copy of P1 back over A's correction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chancery.h"

static const char base[] = "source s \"S\"\n"
			   "party P1 \"Party one\" source=s\n"
			   "party P2 \"Party two\" source=s\n";
/* Each correction file holds the whole registry as its author saw it. */
static const char file_a[] = "source s \"S\"\n"
			     "party P1 \"Party one, corrected by A\" source=s\n"
			     "party P2 \"Party two\" source=s\n";
static const char file_b[] = "source s \"S\"\n"
			     "party P2 \"Party two, corrected by B\" source=s\n";

static chancery_registry *parse(const char *text)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_buffer(r, "t.ledger", text, strlen(text), &d), 0);
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	chancery_diags_release(&d);
	return r;
}

static char path[64];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int a_holds_lock, b_started;
static int b_saw_a; /* B's check saw A's correction of P1 */

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

/* A's check: say "I hold the write lock", wait until B has started its
 * import, give it time to reach the lock, then check as usual. */
static int check_a(const chancery_registry *r, struct chancery_diags *d)
{
	pthread_mutex_lock(&lock);
	a_holds_lock = 1;
	pthread_cond_broadcast(&cond);
	while (!b_started)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	sleep_ms(300); /* B is now blocked on the lock (busy timeout 10 s) */
	return chancery_check(r, d);
}

static int check_b(const chancery_registry *r, struct chancery_diags *d)
{
	const struct chancery_party *p1 = chancery_registry_find_party(r, "P1");
	b_saw_a = p1 && !strcmp(p1->name, "Party one, corrected by A");
	return chancery_check(r, d);
}

static void *run_a(void *arg)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts o = { .author = "a", .check = check_a };
	chancery_registry *r = parse(file_a);
	chancery_store *s;
	int *rc = arg;
	*rc = chancery_store_open(path, 0, &s, &d);
	if (!*rc)
		*rc = chancery_store_import(s, r, &o, NULL, &d);
	chancery_diags_print(&d, stderr);
	chancery_store_close(s);
	chancery_registry_free(r);
	chancery_diags_release(&d);
	return NULL;
}

static void test_concurrent_corrections_both_survive(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts o = { .author = "setup", .check = chancery_check };
	struct chancery_import_stats stats;
	chancery_registry *r = parse(base), *loaded;
	chancery_store *s;
	pthread_t ta;
	int rc_a = -1;
	(void)state;

	snprintf(path, sizeof(path), "/tmp/chancery-race-%ld.db", (long)getpid());
	unlink(path);
	assert_int_equal(chancery_store_open(path, CHANCERY_STORE_CREATE, &s, &d), 0);
	assert_int_equal(chancery_store_import(s, r, &o, NULL, &d), 0);
	chancery_store_close(s);
	chancery_registry_free(r);

	assert_int_equal(pthread_create(&ta, NULL, run_a, &rc_a), 0);
	pthread_mutex_lock(&lock);
	while (!a_holds_lock)
		pthread_cond_wait(&cond, &lock);
	b_started = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);

	/* B, on its own connection, while A holds the lock */
	r = parse(file_b);
	o.author = "b";
	o.check = check_b;
	assert_int_equal(chancery_store_open(path, 0, &s, &d), 0);
	assert_int_equal(chancery_store_import(s, r, &o, &stats, &d), 0);
	chancery_store_close(s);
	chancery_registry_free(r);
	pthread_join(ta, NULL);
	assert_int_equal(rc_a, 0);
	if (d.n)
		chancery_diags_print(&d, stderr);

	/* B waited for A: its check saw A's correction, and it wrote only
	 * its own fact (P2 changed; s unchanged; P1 is not B's to write). */
	assert_true(b_saw_a);
	assert_int_equal(stats.changed, 1);
	assert_int_equal(stats.unchanged, 1);
	assert_int_equal(stats.added, 0);

	/* Both corrections are there. */
	loaded = chancery_registry_new();
	assert_int_equal(chancery_store_open(path, CHANCERY_STORE_READONLY, &s, &d), 0);
	assert_int_equal(chancery_store_load(s, NULL, loaded, &d), 0);
	chancery_store_close(s);
	assert_string_equal(chancery_registry_find_party(loaded, "P1")->name,
			    "Party one, corrected by A");
	assert_string_equal(chancery_registry_find_party(loaded, "P2")->name,
			    "Party two, corrected by B");
	chancery_registry_free(loaded);
	chancery_diags_release(&d);
	unlink(path);
	{
		char other[80];
		snprintf(other, sizeof(other), "%s-wal", path);
		unlink(other);
		snprintf(other, sizeof(other), "%s-shm", path);
		unlink(other);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_corrections_both_survive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
