/* persist.c: a query's registry from the snapshot file when it is current
 * and whole, else from the store, rewriting the file from that full load.
 * The store's state is read first and the file must have been built from
 * exactly that state: the file is a cache, never a second source. */
#include "persist/persist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "base/hash.h"
#include "base/hashmap.h"
#include "base/strbuf.h"
#include "model/registry.h"
#include "persist/snapfile.h"
#include "store/store.h"
#include "base/banned.h"

/* Where a PostgreSQL store's snapshot file is kept on this machine: it
 * has no directory of its own. $CHANCERY_CACHE, else
 * $XDG_CACHE_HOME/chancery, else $HOME/.cache/chancery; NULL if none is
 * set. */
static int cache_dir(struct strbuf *out)
{
	const char *env = getenv("CHANCERY_CACHE"), *xdg = getenv("XDG_CACHE_HOME"),
		   *home = getenv("HOME");
	if (env && *env)
		strbuf_addstr(out, env);
	else if (xdg && *xdg)
		strbuf_addf(out, "%s/chancery", xdg);
	else if (home && *home)
		strbuf_addf(out, "%s/.cache/chancery", home);
	else
		return -1;
	return 0;
}

int persist_wanted(const char *db, int *report)
{
	const char *env = getenv("CHANCERY_SNAPSHOT");
	struct strbuf dir = STRBUF_INIT;
	int cache = 0;
	if (report)
		*report = env && !strcmp(env, "report");
	if (chancery_store_is_url(db)) {
		cache = cache_dir(&dir) == 0;
		strbuf_release(&dir);
		if (!cache)
			return 0;
	}
	return !(env && !strcmp(env, "off"));
}

/* Make dir and its parents, private to this user (a cache of the
 * store's facts); errors show when the file is written. */
static void make_dirs(char *dir)
{
	for (char *p = dir + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	}
	mkdir(dir, 0700);
}

char *persist_snapshot_path(const char *db_path)
{
	struct strbuf sb = STRBUF_INIT;
	if (chancery_store_is_url(db_path)) {
		/* one file per URL in the cache directory; the URL itself may
		 * hold a password, so the name is its hash */
		if (cache_dir(&sb) == 0) {
			make_dirs(sb.buf);
			strbuf_addf(&sb, "/pg-%016llx.snapshot",
				    (unsigned long long)hash64(db_path, strlen(db_path), 0x63686e63));
		} else {
			strbuf_addstr(&sb, "/nonexistent/chancery.snapshot"); /* never wanted */
		}
		return strbuf_detach(&sb, NULL);
	}
	strbuf_addf(&sb, "%s.snapshot", db_path);
	return strbuf_detach(&sb, NULL);
}

/* The entities of r, for the report (treaty actions count as events). */
static size_t entity_count(const chancery_registry *r)
{
	return chancery_registry_party_count(r) + chancery_registry_person_count(r) +
	       chancery_registry_source_count(r) + chancery_registry_event_count(r) +
	       chancery_registry_treaty_count(r);
}

/* Load the whole registry from the store into *out and write the file
 * from it (unless no_file). A failure to write is reported in rep, not as
 * an error: the query has its answer. */
static int full_load(chancery_store *s, const char *path, int write, chancery_registry **out,
		     struct persist_report *rep, struct chancery_diags *diags)
{
	struct chancery_store_texts t;
	chancery_registry *r = chancery_registry_new();
	/* the texts come with the state they were read in: its record is the
	 * one the answer is from (the server's Chancery-Record) */
	int ret = chancery_store_load_texts(s, r, &t, diags);
	if (!ret)
		rep->record = t.state.last_rec;
	if (!ret && write) {
		struct chancery_diags quiet = CHANCERY_DIAGS_INIT;
		if (snapfile_write(path, r, &t, &quiet))
			rep->write_failed = 1;
		else
			rep->rebuilt = 1;
		chancery_diags_release(&quiet);
	}
	chancery_store_texts_release(&t);
	if (ret) {
		chancery_registry_free(r);
		return ret;
	}
	rep->facts_loaded = entity_count(r);
	*out = r;
	return 0;
}

static void set_why(struct persist_report *rep, const char *why)
{
	snprintf(rep->why, sizeof(rep->why), "%s", why ? why : "");
}

/* The store's changes since the file's state, as a delta of the latest
 * version of each id: 1 and *out when the file can serve with them, 0 and
 * the reason in *why when it cannot (another store, too far behind, a
 * party changed), or a negative code. */
static int read_delta(chancery_store *s, const struct snapfile *f,
		      struct chancery_store_changes *changes, struct snap_delta *out,
		      const struct chancery_store_change ***latest, const char **why,
		      struct chancery_diags *diags)
{
	struct chancery_store_state file, now;
	struct hashmap seen = HASHMAP_INIT;
	int ret;
	memset(out, 0, sizeof(*out));
	memset(changes, 0, sizeof(*changes));
	*latest = NULL;
	snapfile_state(f, &file);
	if ((ret = chancery_store_extends(s, &file, &now, diags)) < 0)
		return ret;
	if (!ret) {
		*why = "stale";
		return 0;
	}
	changes->state = now;
	if (now.max_fid == file.max_fid && now.last_rec == file.last_rec)
		return 1; /* nothing since */
	if ((ret = chancery_store_changes(s, file.max_fid, PERSIST_DELTA_MAX, changes, diags)))
		return ret;
	if (changes->truncated) {
		*why = "behind the store by more facts than a query reads from it";
		return 0;
	}
	*latest = xmalloc((changes->n + 1) * sizeof(**latest));
	/* newest first, so that the first one seen of an id is its latest;
	 * then back into the order they were written */
	for (size_t i = changes->n; i-- > 0;) {
		const struct chancery_store_change *c = &changes->v[i];
		if (!hashmap_put(&seen, c->id, i, NULL))
			continue;
		if (c->entity == CHANCERY_ENT_PARTY) {
			*why = "stale: a party changed since it was written";
			hashmap_release(&seen);
			return 0;
		}
		(*latest)[out->n++] = c;
	}
	hashmap_release(&seen);
	for (size_t i = 0; i < out->n / 2; i++) {
		const struct chancery_store_change *t = (*latest)[i];
		(*latest)[i] = (*latest)[out->n - 1 - i];
		(*latest)[out->n - 1 - i] = t;
	}
	out->buf = changes->buf;
	out->v = *latest;
	return 1;
}

int persist_load(chancery_store *s, const char *db_path, const struct persist_need *need,
		 unsigned flags, chancery_registry **out, struct persist_report *rep,
		 struct chancery_diags *diags)
{
	struct persist_report dummy;
	struct chancery_store_changes changes = { 0 };
	const struct chancery_store_change **latest = NULL;
	struct snap_delta delta = { 0 };
	struct snapfile *f = NULL;
	const char *why = NULL;
	int ret, serves;
	char *path;

	if (!rep)
		rep = &dummy;
	memset(rep, 0, sizeof(*rep));
	*out = NULL;
	if (flags & PERSIST_NO_FILE) {
		set_why(rep, "not asked for");
		return full_load(s, NULL, 0, out, rep, diags);
	}
	path = persist_snapshot_path(db_path);
	serves = snapfile_open(path, NULL, 0, NULL, SNAP_ANY_STATE, &f, &why) == SNAP_OK;
	if (serves) {
		/* built from this store, then or since: what it lacks is read
		 * from the store (docs/snapshot.md, "Following the store") */
		ret = read_delta(s, f, &changes, &delta, &latest, &why, diags);
		if (ret < 0) {
			snapfile_close(f);
			free(path);
			return ret;
		}
		serves = ret;
	}
	set_why(rep, why);
	if (serves && need->kind == PERSIST_ALL) {
		/* everything: the store's own load is as fast, and the file
		 * that serves is left as it is */
		set_why(rep, "the whole registry asked for");
	} else if (serves) {
		chancery_registry *r = chancery_registry_new();
		if (!snapfile_load(f, need, &delta, r, &why)) {
			rep->used = 1;
			rep->delta = delta.n;
			rep->record = changes.state.last_rec;
			rep->facts_loaded = entity_count(r);
			*out = r;
			snapfile_close(f);
			chancery_store_changes_release(&changes);
			free(latest);
			free(path);
			return 0;
		}
		set_why(rep, why); /* corrupt, or behind in a way it cannot follow */
		chancery_registry_free(r);
		serves = 0;
	}
	snapfile_close(f);
	chancery_store_changes_release(&changes);
	free(latest);
	ret = full_load(s, path, !serves, out, rep, diags);
	free(path);
	return ret;
}

int persist_closure(chancery_store *s, const char *db_path, const chancery_registry *with,
		    chancery_registry **out, struct chancery_diags *diags)
{
	struct persist_need need = { .kind = PERSIST_CLOSURE, .with = with };
	struct chancery_store_changes changes = { 0 };
	const struct chancery_store_change **latest = NULL;
	struct snap_delta delta = { 0 };
	struct snapfile *f = NULL;
	const char *why = NULL;
	char *path = persist_snapshot_path(db_path);
	int ret = 1;
	*out = NULL;
	if (snapfile_open(path, NULL, 0, NULL, SNAP_ANY_STATE, &f, &why) == SNAP_OK &&
	    (ret = read_delta(s, f, &changes, &delta, &latest, &why, diags)) == 1) {
		chancery_registry *r = chancery_registry_new();
		if (!snapfile_load(f, &need, &delta, r, &why)) {
			/* the store's facts come from no file */
			store_forget_locations(r);
			*out = r;
			ret = 0;
		} else {
			chancery_registry_free(r);
			ret = 1;
		}
	} else if (ret == 0) {
		ret = 1;
	}
	snapfile_close(f);
	chancery_store_changes_release(&changes);
	free(latest);
	free(path);
	return ret;
}

int persist_far_behind(chancery_store *s, const char *db_path)
{
	struct chancery_store_state file, now;
	struct chancery_diags quiet = CHANCERY_DIAGS_INIT;
	struct snapfile *f = NULL;
	const char *why;
	char *path = persist_snapshot_path(db_path);
	int far = 1;
	if (snapfile_open(path, NULL, 0, NULL, SNAP_ANY_STATE, &f, &why) == SNAP_OK) {
		snapfile_state(f, &file);
		far = chancery_store_extends(s, &file, &now, &quiet) != 1 ||
		      now.max_fid - file.max_fid > PERSIST_DELTA_MAX / 2;
	}
	snapfile_close(f);
	chancery_diags_release(&quiet);
	free(path);
	return far;
}

int persist_rebuild(chancery_store *s, const char *db_path, size_t *facts, size_t *bytes,
		    struct chancery_diags *diags)
{
	struct chancery_store_texts t;
	chancery_registry *r = chancery_registry_new();
	char *path = persist_snapshot_path(db_path);
	int ret = chancery_store_load_texts(s, r, &t, diags);
	*facts = *bytes = 0;
	if (!ret)
		ret = snapfile_write(path, r, &t, diags);
	if (!ret) {
		struct snapfile *f = NULL;
		const char *why;
		if (snapfile_open(path, NULL, 0, &t.state, 0, &f, &why) == SNAP_OK)
			snapfile_stats(f, facts, bytes);
		snapfile_close(f);
	}
	chancery_store_texts_release(&t);
	chancery_registry_free(r);
	free(path);
	return ret;
}

int persist_write(const char *db_path, const chancery_registry *current,
		  const struct chancery_store_texts *texts, struct chancery_diags *diags)
{
	char *path = persist_snapshot_path(db_path);
	int ret = snapfile_write(path, current, texts, diags);
	free(path);
	return ret;
}

int persist_check(chancery_store *s, const char *db_path, char *why, size_t size,
		  struct chancery_diags *diags)
{
	struct chancery_store_changes changes;
	const struct chancery_store_change **latest = NULL;
	struct snap_delta delta;
	struct snapfile *f = NULL;
	const char *reason = NULL;
	char *path = persist_snapshot_path(db_path);
	int ret = 1;
	if (snapfile_open(path, NULL, 0, NULL, SNAP_ANY_STATE, &f, &reason) == SNAP_OK) {
		/* the file serves as a query would find it, and is whole */
		ret = read_delta(s, f, &changes, &delta, &latest, &reason, diags);
		if (ret < 0) {
			snapfile_close(f);
			free(path);
			return ret;
		}
		if (!ret || snapfile_verify(f, &reason)) {
			ret = 1;
		} else if (changes.n) {
			/* whole, and queries read the rest from the store: not
			 * current, which --check asks */
			snprintf(why, size, "behind the store by %zu facts, which queries read from it",
				 changes.n);
			reason = NULL;
			ret = 1;
		} else {
			ret = 0;
		}
		chancery_store_changes_release(&changes);
		free(latest);
	}
	if (reason || !ret)
		snprintf(why, size, "%s", reason ? reason : "");
	snapfile_close(f);
	free(path);
	return ret;
}
