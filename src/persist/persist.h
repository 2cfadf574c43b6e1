/* persist.h: the snapshot file beside the store (docs/snapshot.md): a
 * cache of the current registry that a query reads only in part (with
 * pread, a block at a time), parsing just the facts its answer rests on
 * into a small registry. It is rebuilt when it is missing, stale, corrupt
 * or of another version, and never trusted over the store: every read is
 * checked against the store's state and the file's checksums. Used by the
 * command line; --known-on and --file never come here. */
#ifndef PERSIST_PERSIST_H
#define PERSIST_PERSIST_H

#include <stddef.h>

#include "chancery.h"

struct chancery_store_texts;

/* What a query's answer rests on. Party names are as a user wrote them
 * (id, ISO code, Wikidata id, name); the registry handed back always holds
 * every party, so a name that finds none gets the usual "did you mean". */
enum persist_need_kind {
	PERSIST_ALL = 0,      /* everything: dyads, check, export, ... */
	PERSIST_PARTIES,      /* the parties alone */
	PERSIST_DYAD,         /* status, timeline, diff of parties[0] and [1]: the
			       * dyad's events, the treaties of both, the reactions
			       * to them (and to those, on) */
	PERSIST_EVENTS_OF,    /* the article of parties[0] and [1]: every event of
			       * either, their shared treaties, the reactions */
	PERSIST_RECOGNITIONS, /* recognitions of parties[0]: its recognition and
			       * relations events; the membership events of the
			       * other parties named (the United Nations) */
	PERSIST_TREATY,       /* the treaty `id`; all treaties if it is none */
	PERSIST_TREATIES,     /* the treaties of parties[0], all without one */
	PERSIST_NAMING,       /* events --party: every event naming any of
			       * parties[0..n) (or an organ of it), their
			       * treaties, the reactions to those, on */
	PERSIST_CLOSURE,      /* what checking the registry `with` against the
			       * store needs (an import: docs/checks.md): the
			       * store's versions of its ids, the dyads of their
			       * events and of its own, what they all name, the
			       * reactions to them */
	PERSIST_SHOW,         /* show `id`: a party as PERSIST_NAMING; another
			       * fact and what it names; everything for a person
			       * (no index holds a person's events) or an id the
			       * file lacks (a treaty action's own id, a typo) */
};

#define PERSIST_MAX_PARTIES 4

struct persist_need {
	enum persist_need_kind kind;
	const char *parties[PERSIST_MAX_PARTIES];
	size_t n_parties;
	const char *id;
	const chancery_registry *with; /* PERSIST_CLOSURE */
};

/* How a load went, for `chancery snapshot` and the tests. */
struct persist_report {
	int used;             /* 1: answered from the file */
	int rebuilt;          /* 1: the file was (re)written */
	char why[200];        /* why it was not used: "missing", "stale", ... */
	size_t facts_loaded;  /* facts parsed */
	size_t delta;         /* of them, ids the store changed since the file */
	int write_failed;     /* the rebuild could not write the file */
	int64_t record;       /* the store's last record in the state read */
};

/* How many facts the store may have recorded since the snapshot file was
 * written for a query still to use it, reading those from the store: an
 * edit costs no rewrite of the file, and a query reads at most this many
 * facts more (docs/snapshot.md, "Following the store"). Past it, the file
 * is rebuilt. */
enum { PERSIST_DELTA_MAX = 4096 };

/* The snapshot file of the store at db_path: db_path + ".snapshot"; for a
 * PostgreSQL URL, a file named by the URL's hash in $CHANCERY_CACHE, else
 * $XDG_CACHE_HOME/chancery, else ~/.cache/chancery (made, mode 0700). It
 * is the caller's responsibility to free the returned string. */
char *persist_snapshot_path(const char *db_path);

/* $CHANCERY_SNAPSHOT: "off" (0: the store alone, no file read or
 * written), "report" (1, and *report = 1: say on stderr how each registry
 * was loaded), anything else or unset (1). report may be NULL. A
 * PostgreSQL store (db a URL) keeps its file in this machine's cache
 * directory (persist_snapshot_path): 0 if there is none. */
int persist_wanted(const char *db, int *report);

enum persist_flags {
	PERSIST_NO_FILE = 1, /* neither read nor write the file: the store alone */
};

/* Load into *out (a new registry, finished, the caller frees it) what need
 * asks for from store s, whose file is db_path: from the snapshot file when
 * it is current and whole, else from the store, rewriting the file (the
 * whole registry is then handed back). Returns 0 or a negative code with
 * messages in diags, as chancery_store_load. */
int persist_load(chancery_store *s, const char *db_path, const struct persist_need *need,
		 unsigned flags, chancery_registry **out, struct persist_report *rep,
		 struct chancery_diags *diags);

/* The store's facts that checking `with` against it needs
 * (PERSIST_CLOSURE), read through the snapshot file, as a finished registry
 * in *out: 0; 1 when the file cannot give them (missing, too far behind,
 * a party changed, an id it does not index), and the caller checks against
 * the whole store; or a negative code with messages in diags. Reads inside
 * the caller's transaction when one is open (an import's). */
int persist_closure(chancery_store *s, const char *db_path, const chancery_registry *with,
		    chancery_registry **out, struct chancery_diags *diags);

/* Is the file of store s missing, or so far behind the store (half of
 * PERSIST_DELTA_MAX) that it should be rebuilt now? 1 if so. */
int persist_far_behind(chancery_store *s, const char *db_path);

/* Build the file of store s now, from a full load. Returns 0 or a negative
 * code with messages in diags; *facts and *bytes say what was written. */
int persist_rebuild(chancery_store *s, const char *db_path, size_t *facts, size_t *bytes,
		    struct chancery_diags *diags);

/* Write the file of the store at db_path from what an import left in it
 * (chancery_store_import_keep hands it over): no second load of the
 * store. Returns 0 or a negative code with a message in diags. */
int persist_write(const char *db_path, const chancery_registry *current,
		  const struct chancery_store_texts *texts, struct chancery_diags *diags);

/* Is the file of s current and whole (every block and text read)? 0 if it
 * is; 1 with the reason in why[0..size) if a query would rebuild it; or a
 * negative code with messages in diags when the store cannot be read. */
int persist_check(chancery_store *s, const char *db_path, char *why, size_t size,
		  struct chancery_diags *diags);

#endif
