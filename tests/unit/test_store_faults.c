/* test_store_faults.c: fault injection in the style of SQLite's own tests.
 * An import is run again and again; on run N the Nth I/O call SQLite makes
 * (open, read, write, truncate, sync, size, shared memory) fails, or in a
 * second sweep its Nth memory allocation. After each run, with the faults
 * off, the store must open, pass PRAGMA integrity_check, and hold exactly
 * what it held before the import (if the import failed, and then the
 * message names the failure) or exactly what the import brings (if it
 * succeeded). The sweep ends at the first N that the import gets through
 * without meeting a fault. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"

/* ---- a VFS that fails the Nth call ---- */

static sqlite3_vfs *real_vfs;
static long fault_at;   /* fail the call with this number; 0: never */
static long calls;      /* calls counted since the count was reset */
static int fault_hit;   /* a fault was injected in this run */

static int fault(void)
{
	if (fault_at && ++calls == fault_at) {
		fault_hit = 1;
		return 1;
	}
	return 0;
}

struct ffile {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

#define REAL(f) (((struct ffile *)(f))->real)

static int f_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	return fault() ? SQLITE_IOERR_READ : REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	return fault() ? SQLITE_IOERR_WRITE : REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return fault() ? SQLITE_IOERR_TRUNCATE : REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	return fault() ? SQLITE_IOERR_FSYNC : REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return fault() ? SQLITE_IOERR_FSTAT : REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int f_check(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int f_chars(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int f_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return fault() ? SQLITE_IOERR_SHMMAP
		       : REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int f_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int f_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}

static const sqlite3_io_methods f_methods = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_check,
	f_control, f_sector, f_chars, f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch,
	f_unfetch,
};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	struct ffile *ff = (struct ffile *)file;
	int rc;
	(void)vfs;
	ff->base.pMethods = NULL;
	if (fault())
		return SQLITE_CANTOPEN;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
	if (rc == SQLITE_OK && ff->real->pMethods)
		ff->base.pMethods = &f_methods;
	return rc;
}

static int v_delete(sqlite3_vfs *v, const char *n, int sync)
{
	(void)v;
	return real_vfs->xDelete(real_vfs, n, sync);
}
static int v_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
	(void)v;
	return real_vfs->xAccess(real_vfs, n, flags, out);
}
static int v_full(sqlite3_vfs *v, const char *n, int size, char *out)
{
	(void)v;
	return real_vfs->xFullPathname(real_vfs, n, size, out);
}
static int v_random(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xRandomness(real_vfs, n, out);
}
static int v_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return real_vfs->xSleep(real_vfs, us);
}
static int v_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return real_vfs->xCurrentTime(real_vfs, out);
}
static int v_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static sqlite3_vfs faulty_vfs;

static void install_vfs(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	faulty_vfs.iVersion = 1;
	faulty_vfs.szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile;
	faulty_vfs.mxPathname = real_vfs->mxPathname;
	faulty_vfs.zName = "faulty";
	faulty_vfs.xOpen = f_open;
	faulty_vfs.xDelete = v_delete;
	faulty_vfs.xAccess = v_access;
	faulty_vfs.xFullPathname = v_full;
	faulty_vfs.xDlOpen = NULL;
	faulty_vfs.xRandomness = v_random;
	faulty_vfs.xSleep = v_sleep;
	faulty_vfs.xCurrentTime = v_time;
	faulty_vfs.xGetLastError = v_error;
	assert_int_equal(sqlite3_vfs_register(&faulty_vfs, 1), SQLITE_OK); /* the default */
}

/* ---- an allocator that fails the Nth allocation ---- */

static sqlite3_mem_methods real_mem;

static void *m_malloc(int n) { return fault() ? NULL : real_mem.xMalloc(n); }
static void *m_realloc(void *p, int n) { return fault() ? NULL : real_mem.xRealloc(p, n); }

static void install_allocator(void)
{
	sqlite3_mem_methods m;
	assert_int_equal(sqlite3_shutdown(), SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem), SQLITE_OK);
	m = real_mem;
	m.xMalloc = m_malloc;
	m.xRealloc = m_realloc;
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
	assert_int_equal(sqlite3_initialize(), SQLITE_OK);
}

/* ---- the runs ---- */

static const char before_ledger[] = "source s \"S\"\n"
				    "party RU \"Russian Federation\" short=Russia source=s\n"
				    "party AB \"Abkhazia\" kind=partially-recognised source=s\n"
				    "2008-08-26 recognise RU AB id=rec source=s\n";
/* changes one fact, adds two (one a treaty with actions), keeps the rest */
static const char import_ledger[] =
	"source s \"S\"\n"
	"party RU \"Russian Federation\" short=Russia iso=RU source=s\n"
	"party AB \"Abkhazia\" kind=partially-recognised source=s\n"
	"2008-08-26 recognise RU AB id=rec source=s\n"
	"2008-09-09 establish-relations RU AB id=rel level=embassy source=s\n"
	"treaty t \"Treaty\" parties=AB,RU source=s\n"
	"  2010-02-17 sign\n"
	"  2011-10-06 ratify RU\n";

static char dir[64], base_db[96], run_db[96];
static char *text_before, *text_after;

static chancery_registry *parse(const char *text)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_buffer(r, "t.ledger", text, strlen(text), &d), 0);
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	chancery_diags_release(&d);
	return r;
}

static char *export_store(const char *path)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	chancery_store *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	assert_int_equal(chancery_store_open(path, CHANCERY_STORE_READONLY, &s, &d), 0);
	assert_int_equal(chancery_store_load(s, NULL, r, &d), 0);
	chancery_store_close(s);
	f = open_memstream(&buf, &len);
	assert_int_equal(chancery_ledger_write(r, f), 0);
	fclose(f);
	chancery_registry_free(r);
	chancery_diags_release(&d);
	return buf;
}

static void integrity_ok(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void copy_file(const char *from, const char *to)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);
	assert_int_equal(system(cmd), 0);
}

static int group_setup(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts o = { .author = "setup", .recorded_at = "2020-01-01",
					  .check = chancery_check };
	chancery_registry *r;
	chancery_store *s;
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/chancery-faults-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(base_db, sizeof(base_db), "%s/base.db", dir);
	snprintf(run_db, sizeof(run_db), "%s/run.db", dir);
	r = parse(before_ledger);
	assert_int_equal(chancery_store_open(base_db, CHANCERY_STORE_CREATE, &s, &d), 0);
	assert_int_equal(chancery_store_import(s, r, &o, NULL, &d), 0);
	chancery_store_close(s); /* the last connection: the WAL is folded in */
	chancery_registry_free(r);
	text_before = export_store(base_db);
	/* what a store holds after a clean import, to compare with */
	copy_file(base_db, run_db);
	r = parse(import_ledger);
	o.recorded_at = "2021-01-01";
	assert_int_equal(chancery_store_open(run_db, 0, &s, &d), 0);
	assert_int_equal(chancery_store_import(s, r, &o, NULL, &d), 0);
	chancery_store_close(s);
	chancery_registry_free(r);
	text_after = export_store(run_db);
	assert_string_not_equal(text_before, text_after);
	chancery_diags_release(&d);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[128];
	(void)state;
	free(text_before);
	free(text_after);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* One run with the Nth call failing. Returns 1 if a fault was met. */
static int run(long n, long *failed_runs)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_import_opts o = { .author = "faulty", .recorded_at = "2021-01-01",
					  .check = chancery_check };
	chancery_registry *r = parse(import_ledger); /* before the faults: ours, not SQLite's */
	chancery_store *s = NULL;
	char *text;
	int rc, hit;

	copy_file(base_db, run_db);
	calls = 0;
	fault_hit = 0;
	fault_at = n;
	rc = chancery_store_open(run_db, 0, &s, &d);
	if (!rc)
		rc = chancery_store_import(s, r, &o, NULL, &d);
	chancery_store_close(s);
	fault_at = 0;
	hit = fault_hit;
	chancery_registry_free(r);

	integrity_ok(run_db);
	text = export_store(run_db);
	if (rc) {
		/* before, and a message that says what failed */
		assert_string_equal(text, text_before);
		assert_true(d.errors > 0);
		/* "cannot import into store 'x': disk I/O error", "cannot open
		 * store 'x': out of memory", "... unable to open database file" */
		assert_non_null(strstr(d.v[d.n - 1].message, "cannot"));
		assert_true(strstr(d.v[d.n - 1].message, "I/O error") ||
			    strstr(d.v[d.n - 1].message, "out of memory") ||
			    strstr(d.v[d.n - 1].message, "unable to open"));
		if (getenv("FAULT_MESSAGES"))
			print_message("run %ld: %s\n", n, d.v[d.n - 1].message);
		(*failed_runs)++;
	} else {
		assert_string_equal(text, text_after);
	}
	free(text);
	chancery_diags_release(&d);
	return hit;
}

static void test_io_faults(void **state)
{
	long n, failed = 0;
	(void)state;
	install_vfs();
	for (n = 1; run(n, &failed); n++)
		;
	/* every call before the last run was a place to fail */
	print_message("I/O faults: %ld places, %ld imports failed cleanly, the rest went through\n",
		      n - 1, failed);
	assert_true(n > 20);
	assert_true(failed > 0);
	assert_int_equal(sqlite3_vfs_unregister(&faulty_vfs), SQLITE_OK);
}

static void test_allocation_faults(void **state)
{
	long n, failed = 0, step = 1;
	(void)state;
	install_allocator();
	/* every allocation up to 300, then every 13th: a few thousand runs
	 * under ASan would take minutes */
	for (n = 1; run(n, &failed); n += step)
		if (n >= 300)
			step = 13;
	print_message("allocation faults: %ld places tried, %ld imports failed cleanly\n", n - 1,
		      failed);
	assert_true(failed > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_faults),
		cmocka_unit_test(test_allocation_faults),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
