/* exec_full.c: the commands the lean `chancery` leaves to `chancery-full`
 * beside it (issue 19): the server and its accounts (libmicrohttpd,
 * libsodium, GnuTLS), the importers of the public data sets (libxml2
 * with ICU, ReadStat, libcsv) and the panels in Stata and SPSS files
 * (ReadStat; cmd_panel.c asks for it). Every other command runs without loading
 * those libraries: a query's process starts in about a third of the time.
 * Built into the lean binary only (CHANCERY_LEAN); `chancery-full` has the
 * commands themselves. */
#ifdef CHANCERY_LEAN
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "store/store.h"
#include "base/banned.h"

/* Run chancery-full from the directory of this program, with the same
 * arguments: it never returns, but on failure. */
int exec_full(void)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	if (n <= 0) {
		fprintf(stderr, "error: cannot find this program's directory: %s\n", strerror(errno));
		return EXIT_STORE;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/chancery-full", self);
	execv(path, main_argv);
	fprintf(stderr, "error: cannot run '%s': %s\n", path, strerror(errno));
	return EXIT_STORE;
}

/* A PostgreSQL store is opened by chancery-full, linked with libpq. */
int open_store_url(const char *db, unsigned flags, chancery_store **s, struct chancery_diags *d)
{
	exec_full();
	return -CHANCERY_ESTORE;
}

int cmd_import_states(int argc, char **argv) { return exec_full(); }
int cmd_import_treaties(int argc, char **argv) { return exec_full(); }
int cmd_import_missions(int argc, char **argv) { return exec_full(); }
int cmd_import_envoys(int argc, char **argv) { return exec_full(); }
int cmd_import_rdcr(int argc, char **argv) { return exec_full(); }
int cmd_import_dipcon(int argc, char **argv) { return exec_full(); }
int cmd_import_korea_ties(int argc, char **argv) { return exec_full(); }
int cmd_serve(int argc, char **argv) { return exec_full(); }
int cmd_token(int argc, char **argv) { return exec_full(); }
#else
#include "cli.h"
#include "store/store.h"

int open_store_url(const char *db, unsigned flags, chancery_store **s, struct chancery_diags *d)
{
	chancery_store_enable_postgresql();
	return chancery_store_open(db, flags, s, d);
}
#endif
