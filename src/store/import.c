/* import.c: recording a registry in the store as one transaction. The
 * registry's entities and the store's current versions are both sorted by
 * id and merged: a new id is added, a changed text gets a new version that
 * supersedes the old one, an identical one is left, and with --sync an id
 * the registry no longer has is retracted. One `record` row, written last,
 * says who recorded it and when. */
#include "store/internal.h"

#include "base/hashmap.h"
#include "base/banned.h"

/* The statements of the audit trail an import uses, prepared once per
 * import; the decoded rows have their own (struct rows, rows.c). */
enum { ST_FACT, ST_RECORD, ST__COUNT };

static const char *const import_sql[ST__COUNT] = {
	/* Fact numbers are given, not left to the engine: imports are
	 * serialised, and an engine's sequence (PostgreSQL's) would skip the
	 * numbers of a rolled-back import, so that two stores holding the
	 * same history would number it differently. */
	[ST_FACT] = "INSERT INTO fact (fid, id, entity, rec, supersedes, retracted, text, hash)"
		    " VALUES (?6, ?1, ?2, ?3, ?4, ?8, ?5, ?7)",
	[ST_RECORD] = "INSERT INTO record (rec, recorded_at, author, origin, added, changed,"
		      " retracted, chain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

/* One entity of the registry, or one id of the store, to be compared. Both
 * lists are sorted by id (bytewise, as SQLite's BINARY collation), so that
 * the comparison is a merge and the rows of fact_id are written in order. */
struct item {
	uint64_t key; /* the id's first 8 bytes, big-endian: most comparisons */
	const char *id;
	uint32_t index; /* registry: index among its entity; store: in cur */
	uint8_t entity;
};

/* The store's current version of one id. */
struct current {
	const char *text; /* in the import's arena */
	size_t text_len;
	int64_t fid;
	uint8_t entity, retracted;
};

struct import {
	chancery_store *s;
	const chancery_registry *r;
	int write; /* 0 for a dry run */
	int sync;
	int64_t rec;
	int64_t last_fid; /* the highest fact number written so far */
	struct store_chain chain; /* this record's, fed each fact as it is written */
	struct chancery_import_stats stats;
	struct item *todo; /* the registry's entities */
	size_t n_todo;
	struct item *have; /* the store's ids; index into cur */
	struct current *cur;
	size_t n_cur, alloc_cur;
	struct arena arena;
	struct db_stmt *st[ST__COUNT];
	struct rows rows;
	const char *dup_id; /* set when the registry has an id twice */
	/* New versions waiting to be written, checked first by the round
	 * trip in batches of PENDING_BATCH (verify.c). */
	struct pending {
		const struct item *it;
		char *text;
		size_t len;
		int64_t supersedes;
		size_t kept; /* its entry in kept, or SIZE_MAX */
	} *pend;
	size_t n_pend, alloc_pend;
	struct roundtrip rt;
	struct chancery_diags *diags;
	int refused; /* the round trip refused a fact: an input error */
	/* chancery_store_import_keep: every current fact's text, as written
	 * or as the store holds it, and the registry they make (the store's
	 * other facts with the registry copied in; NULL: the registry alone) */
	int keep;
	struct strbuf kept_buf;
	struct kept {
		int64_t fid;
		const char *id;
		size_t off, len;
		uint8_t entity;
	} *kept;
	size_t n_kept, alloc_kept;
	chancery_registry *current;
};

/* Keep a current fact's text (fid 0 until it is written); its index. */
static size_t keep_text(struct import *im, const char *id, enum chancery_entity e, int64_t fid,
			const char *text, size_t len)
{
	struct kept *k;
	ALLOC_GROW(im->kept, im->n_kept + 1, im->alloc_kept);
	k = &im->kept[im->n_kept];
	k->fid = fid;
	k->id = id;
	k->entity = (uint8_t)e;
	k->off = im->kept_buf.len;
	strbuf_add(&im->kept_buf, text, len);
	if (!len || text[len - 1] != '\n')
		strbuf_addch(&im->kept_buf, '\n');
	k->len = im->kept_buf.len - k->off;
	return im->n_kept++;
}

enum { PENDING_BATCH = 2048 };

/* The most facts an import reads only its own ids for, and checks with
 * what it touches (opts->context): an edit, not a load. */
enum { IMPORT_PARTIAL_MAX = 4096 };

static struct chancery_loc entity_loc(const chancery_registry *r, enum chancery_entity e,
				      size_t i)
{
	static const struct chancery_loc none;
	switch (e) {
	case CHANCERY_ENT_PARTY: return chancery_registry_party(r, i)->loc;
	case CHANCERY_ENT_PERSON: return chancery_registry_person(r, i)->loc;
	case CHANCERY_ENT_SOURCE: return chancery_registry_source(r, i)->loc;
	case CHANCERY_ENT_EVENT: return chancery_registry_event(r, i)->loc;
	case CHANCERY_ENT_TREATY: return chancery_registry_treaty(r, i)->loc;
	default: return none;
	}
}

static uint64_t id_key(const char *id)
{
	uint64_t k = 0;
	int i = 0;
	for (; i < 8 && id[i]; i++)
		k = k << 8 | (unsigned char)id[i];
	return k << (8 * (8 - i));
}

static int item_cmp(const struct item *a, const struct item *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	/* Equal keys: either both ids end within the first 8 bytes, at the
	 * same place, or both go on. */
	if (memchr(a->id, '\0', 8))
		return 0;
	return strcmp(a->id + 8, b->id + 8);
}

static int item_qsort_cmp(const void *a, const void *b)
{
	return item_cmp(a, b);
}

static void sort_items(struct item *v, size_t n)
{
	size_t i = 1;
	while (i < n && item_cmp(&v[i - 1], &v[i]) <= 0)
		i++;
	if (i < n)
		qsort(v, n, sizeof(*v), item_qsort_cmp);
}

static void add_item(struct item *v, size_t *n, const char *id, enum chancery_entity e,
		     size_t index)
{
	struct item *it = &v[(*n)++];
	it->key = id_key(id);
	it->id = id;
	it->index = (uint32_t)index;
	it->entity = (uint8_t)e;
}

/* Every entity of the registry, sorted by id. Treaty actions are left
 * out: they are written inside their treaty's text. */
static void list_registry(struct import *im)
{
	const chancery_registry *r = im->r;
	size_t n_party = chancery_registry_party_count(r);
	size_t n_person = chancery_registry_person_count(r);
	size_t n_source = chancery_registry_source_count(r);
	size_t n_event = chancery_registry_event_count(r);
	size_t n_treaty = chancery_registry_treaty_count(r);
	size_t n = 0;

	im->todo = xmalloc((n_party + n_person + n_source + n_event + n_treaty + 1) *
			   sizeof(*im->todo));
	for (size_t i = 0; i < n_party; i++)
		add_item(im->todo, &n, chancery_registry_party(r, i)->id, CHANCERY_ENT_PARTY, i);
	for (size_t i = 0; i < n_person; i++)
		add_item(im->todo, &n, chancery_registry_person(r, i)->id, CHANCERY_ENT_PERSON, i);
	for (size_t i = 0; i < n_source; i++)
		add_item(im->todo, &n, chancery_registry_source(r, i)->id, CHANCERY_ENT_SOURCE, i);
	for (size_t i = 0; i < n_event; i++) {
		const struct chancery_event *e = chancery_registry_event(r, i);
		if (!chancery_event_kind_is_treaty_action(e->kind))
			add_item(im->todo, &n, e->id, CHANCERY_ENT_EVENT, i);
	}
	for (size_t i = 0; i < n_treaty; i++)
		add_item(im->todo, &n, chancery_registry_treaty(r, i)->id, CHANCERY_ENT_TREATY, i);
	im->n_todo = n;
	sort_items(im->todo, n);
}

/* Read the latest version of every id the store has ever had, sorted by
 * id. */
static int read_current(struct import *im)
{
	static const char sql[] =
		"SELECT f.fid, f.id, f.entity, f.retracted, f.text"
		" FROM (SELECT max(fid) AS m FROM fact GROUP BY id) AS l"
		" JOIN fact AS f ON f.fid = l.m";
	struct db_stmt *st;
	size_t alloc_have = 0;
	int rc = db_prepare(im->s->db, sql, &st);
	if (rc != DB_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct current *c;
		const char *id = db_column_text(st, 1);
		const char *text = db_column_text(st, 4);
		size_t len = (size_t)db_column_bytes(st, 4);
		size_t n = im->n_cur;
		ALLOC_GROW(im->cur, n + 1, im->alloc_cur);
		ALLOC_GROW(im->have, n + 1, alloc_have);
		c = &im->cur[n];
		c->fid = db_column_int64(st, 0);
		c->entity = (uint8_t)store_entity_from_name(db_column_text(st, 2));
		c->retracted = (uint8_t)(db_column_int64(st, 3) != 0);
		c->text = arena_strndup(&im->arena, text ? text : "", len);
		c->text_len = len;
		add_item(im->have, &im->n_cur, arena_strdup(&im->arena, id ? id : ""),
			 (enum chancery_entity)c->entity, n);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	sort_items(im->have, im->n_cur);
	return DB_OK;
}

/* The latest version of each of the registry's ids only, through the index
 * of ids (fact_id): what an import of a few facts compares with, instead
 * of every id of the store. */
static int read_current_ids(struct import *im)
{
	static const char sql[] = "SELECT fid, entity, retracted, text FROM fact"
				  " WHERE id = ?1 ORDER BY fid DESC LIMIT 1";
	struct db_stmt *st;
	size_t alloc_have = 0;
	int rc = db_prepare(im->s->db, sql, &st);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < im->n_todo && rc == DB_OK; i++) {
		const struct item *it = &im->todo[i];
		db_bind_text(st, 1, it->id, -1);
		rc = db_step(st);
		if (rc == DB_ROW) {
			struct current *c;
			const char *text = db_column_text(st, 3);
			size_t len = (size_t)db_column_bytes(st, 3);
			size_t n = im->n_cur;
			ALLOC_GROW(im->cur, n + 1, im->alloc_cur);
			ALLOC_GROW(im->have, n + 1, alloc_have);
			c = &im->cur[n];
			c->fid = db_column_int64(st, 0);
			c->entity = (uint8_t)store_entity_from_name(
				db_column_text(st, 1));
			c->retracted = (uint8_t)(db_column_int64(st, 2) != 0);
			c->text = arena_strndup(&im->arena, text ? text : "", len);
			c->text_len = len;
			/* the registry's id (same bytes), in todo's order: sorted */
			add_item(im->have, &im->n_cur, it->id, (enum chancery_entity)c->entity, n);
		}
		if (rc == DB_ROW || rc == DB_DONE)
			rc = db_reset(st);
	}
	db_finalize(st);
	return rc;
}

/* Forget what read_current_ids read, to read every id instead. */
static void forget_current(struct import *im)
{
	free(im->have);
	free(im->cur);
	im->have = NULL;
	im->cur = NULL;
	im->n_cur = im->alloc_cur = 0;
}

/* Can an import of few facts be checked with only what it touches? Not
 * when it adds a party, or changes a party or a person already stored: a
 * party's from=, to= or of= bears on every event naming it (of= on the
 * roots every index is kept by, and a new party on their numbering), and
 * no index holds a person's events. */
static int touches_little(struct import *im)
{
	size_t j = 0;
	for (size_t i = 0; i < im->n_todo; i++) {
		const struct item *it = &im->todo[i];
		const struct current *c;
		char *text;
		int same;
		while (j < im->n_cur && item_cmp(&im->have[j], it) < 0)
			j++;
		if (j == im->n_cur || item_cmp(&im->have[j], it)) {
			/* new: a new party moves the indexes' party numbers */
			if (it->entity == CHANCERY_ENT_PARTY)
				return 0;
			continue;
		}
		c = &im->cur[im->have[j].index];
		if (it->entity != CHANCERY_ENT_PARTY && it->entity != CHANCERY_ENT_PERSON &&
		    c->entity != CHANCERY_ENT_PARTY && c->entity != CHANCERY_ENT_PERSON)
			continue;
		if (c->retracted || c->entity != it->entity)
			return 0;
		text = chancery_ledger_entity_text(im->r, (enum chancery_entity)it->entity, it->index,
						   CHANCERY_WRITE_ALL_IDS);
		same = text && strlen(text) == c->text_len && !memcmp(text, c->text, c->text_len);
		free(text);
		if (!same)
			return 0;
	}
	return 1;
}

/* Write the next fact, with its hash, and feed the hash to the record's
 * chain (integrity.c): facts are written in number order. */
static int write_fact(struct import *im, const char *id, enum chancery_entity e,
		      int64_t supersedes, int retracted, const char *text, size_t len)
{
	struct db_stmt *st = im->st[ST_FACT];
	unsigned char hash[STORE_FACT_HASH];
	struct store_fact_row f = {
		.fid = ++im->last_fid, .rec = im->rec, .supersedes = supersedes,
		.id = id, .entity = store_entity_names[e], .text = text, .text_len = len,
		.retracted = retracted,
	};
	store_fact_hash(&f, hash);
	store_chain_fact(&im->chain, hash);
	bind_req(st, 1, id);
	db_bind_text(st, 2, f.entity, -1);
	db_bind_int64(st, 3, im->rec);
	if (supersedes)
		db_bind_int64(st, 4, supersedes);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, text, (int)len);
	db_bind_int64(st, 6, f.fid);
	db_bind_blob(st, 7, hash, STORE_FACT_HASH);
	db_bind_int64(st, 8, retracted);
	return step_reset(st);
}

/* Check the pending versions' round trip, then write them (unless a dry
 * run). Returns an SQLite code: DB_DONE on success, DB_ABORT when
 * the round trip refused a fact (im->refused), or a statement's failure. */
static int flush_pending(struct import *im)
{
	int rc = DB_DONE, v = roundtrip_verify(&im->rt, im->diags);
	if (v == -CHANCERY_ENOMEM) {
		rc = DB_NOMEM;
	} else if (v) {
		im->refused = 1;
		rc = DB_ABORT;
	}
	for (size_t i = 0; i < im->n_pend && rc == DB_DONE && im->write; i++) {
		const struct pending *p = &im->pend[i];
		enum chancery_entity e = (enum chancery_entity)p->it->entity;
		rc = write_fact(im, p->it->id, e, p->supersedes, 0, p->text, p->len);
		if (rc == DB_DONE && p->kept != SIZE_MAX)
			im->kept[p->kept].fid = im->last_fid;
		if (rc == DB_DONE)
			rc = rows_write(&im->rows, im->last_fid, e, p->it->index);
	}
	for (size_t i = 0; i < im->n_pend; i++)
		free(im->pend[i].text);
	im->n_pend = 0;
	roundtrip_reset(&im->rt);
	return rc;
}

/* Compare one entity of the registry with the store's current version of
 * its id (c, NULL if the store never had it) and, if it is new or changed,
 * queue its new version (written by flush_pending). Returns an SQLite
 * code: DB_DONE on success, or what flush_pending returned. */
static int put_entity(struct import *im, const struct item *it, const struct current *c)
{
	enum chancery_entity e = (enum chancery_entity)it->entity;
	int64_t supersedes = 0;
	struct pending *p;
	size_t len;
	char *text;

	text = chancery_ledger_entity_text(im->r, e, it->index, CHANCERY_WRITE_ALL_IDS);
	if (!text)
		return DB_NOMEM;
	len = strlen(text);
	if (!c || c->retracted) {
		im->stats.added++;
		if (c)
			supersedes = c->fid;
	} else if (c->entity == e && c->text_len == len && !memcmp(c->text, text, len)) {
		im->stats.unchanged++;
		if (im->keep)
			keep_text(im, it->id, e, c->fid, text, len);
		free(text);
		return DB_DONE;
	} else {
		im->stats.changed++;
		supersedes = c->fid;
	}
	ALLOC_GROW(im->pend, im->n_pend + 1, im->alloc_pend);
	p = &im->pend[im->n_pend++];
	p->it = it;
	p->text = text;
	p->len = len;
	p->supersedes = supersedes;
	p->kept = im->keep ? keep_text(im, it->id, e, 0, text, len) : SIZE_MAX;
	roundtrip_add(&im->rt, it->id, e, entity_loc(im->r, e, it->index), text, len);
	return im->n_pend >= PENDING_BATCH ? flush_pending(im) : DB_DONE;
}

/* An id the store has and the registry has not: with sync, a retraction,
 * a new version that repeats the last text with retracted = 1; else it
 * stays as it is. */
static int put_missing(struct import *im, const struct item *h, const struct current *c)
{
	if (!im->sync && !c->retracted && im->keep)
		keep_text(im, h->id, (enum chancery_entity)c->entity, c->fid, c->text, c->text_len);
	if (!im->sync || c->retracted)
		return DB_DONE;
	im->stats.retracted++;
	if (!im->write)
		return DB_DONE;
	return write_fact(im, h->id, (enum chancery_entity)c->entity, c->fid, 1, c->text,
			  c->text_len);
}

/* Merge the registry's sorted entities with the store's sorted ids. */
static int put_all(struct import *im)
{
	size_t j = 0;
	int rc = DB_DONE;

	for (size_t i = 0; i < im->n_todo && rc == DB_DONE; i++) {
		const struct item *it = &im->todo[i];
		const struct current *c = NULL;
		int cmp = 1;
		if (i && !item_cmp(&im->todo[i - 1], it)) {
			/* The registry's own index refuses this; be safe. */
			im->dup_id = it->id;
			return DB_CONSTRAINT;
		}
		for (; j < im->n_cur && (cmp = item_cmp(&im->have[j], it)) < 0 && rc == DB_DONE;
		     j++)
			rc = put_missing(im, &im->have[j], &im->cur[im->have[j].index]);
		if (rc != DB_DONE)
			break;
		if (j < im->n_cur && cmp == 0)
			c = &im->cur[im->have[j++].index];
		rc = put_entity(im, it, c);
	}
	for (; j < im->n_cur && rc == DB_DONE; j++)
		rc = put_missing(im, &im->have[j], &im->cur[im->have[j].index]);
	if (rc == DB_DONE)
		rc = flush_pending(im);
	return rc;
}

/* The last record's number and time (as amended), if there is one. */
static int last_record(chancery_store *s, int64_t *rec, char at[24])
{
	struct strbuf q = STRBUF_INIT;
	struct db_stmt *st;
	int rc;
	strbuf_addf(&q, "SELECT rec, recorded_at FROM %s ORDER BY rec DESC LIMIT 1",
		    s->record_times);
	rc = db_prepare(s->db, q.buf, &st);
	strbuf_release(&q);
	if (rc != DB_OK)
		return rc;
	*rec = 0;
	at[0] = '\0';
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *t = db_column_text(st, 1);
		*rec = db_column_int64(st, 0);
		snprintf(at, 24, "%s", t ? t : "");
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

/* The highest fact number, 0 in an empty store. */
static int max_fid(chancery_store *s, int64_t *out)
{
	struct db_stmt *st;
	int rc = db_prepare(s->db, "SELECT coalesce(max(fid), 0) FROM fact", &st);
	if (rc != DB_OK)
		return rc;
	rc = db_step(st);
	*out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finalize(st);
	return rc == DB_ROW ? DB_OK : rc;
}

/* The store's current facts parsed back from their texts into *out,
 * finished, with no locations: with others, those whose ids the registry
 * lacks (what the check needs beside the registry; both id lists are
 * sorted, so this is a merge); else every one (what the store held before
 * the import, for the diagnostics it gave then). Returns 0, or a negative
 * code after a message. */
static int read_stored(struct import *im, int others, chancery_registry **out,
		       struct chancery_diags *diags)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	struct chancery_diags parse = CHANCERY_DIAGS_INIT;
	struct strbuf buf = STRBUF_INIT;
	chancery_registry *r = chancery_registry_new();
	size_t i = 0;
	int rc;
	for (size_t j = 0; j < im->n_cur; j++) {
		const struct item *h = &im->have[j];
		const struct current *c = &im->cur[h->index];
		int cmp = 1;
		while (others && i < im->n_todo && (cmp = item_cmp(&im->todo[i], h)) < 0)
			i++;
		if ((others && i < im->n_todo && cmp == 0) || c->retracted)
			continue;
		strbuf_add(&buf, c->text, c->text_len);
		if (!c->text_len || c->text[c->text_len - 1] != '\n')
			strbuf_addch(&buf, '\n');
	}
	rc = chancery_ledger_parse_buffer_opts(r, "<store>", buf.buf, buf.len, &no_includes, &parse);
	if (!rc)
		rc = chancery_registry_finish(r, &parse);
	strbuf_release(&buf);
	chancery_diags_release(&parse);
	if (rc) {
		chancery_registry_free(r);
		if (rc == -CHANCERY_ENOMEM)
			return rc;
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': its stored text does not parse"
				   " (chancery check names the fact)",
				   im->s->path);
		return -CHANCERY_ESTORE;
	}
	store_forget_locations(r);
	*out = r;
	return 0;
}

/* Report the diagnostics of the check after the import that the check
 * before it did not give (by severity and message: a warning about a fact
 * the store held, given again, is not news). Returns the errors added. */
static size_t report_new(const struct chancery_diags *before, const struct chancery_diags *after,
			 struct chancery_diags *diags)
{
	struct hashmap first = HASHMAP_INIT; /* a message -> its first index in before */
	char **keys = xcalloc(before->n + 1, sizeof(*keys));
	size_t *left = xcalloc(before->n + 1, sizeof(*left)), errors = 0;
	uint64_t at;
	for (size_t i = 0; i < before->n; i++) {
		struct strbuf k = STRBUF_INIT;
		strbuf_addf(&k, "%d %s", (int)before->v[i].severity, before->v[i].message);
		keys[i] = strbuf_detach(&k, NULL);
		/* a message given more than once is counted at its first index */
		hashmap_put(&first, keys[i], i, NULL);
		hashmap_get(&first, keys[i], &at);
		left[at]++;
	}
	for (size_t i = 0; i < after->n; i++) {
		const struct chancery_diag *d = &after->v[i];
		struct strbuf k = STRBUF_INIT;
		strbuf_addf(&k, "%d %s", (int)d->severity, d->message);
		if (hashmap_get(&first, k.buf, &at) && left[at]) {
			left[at]--;
		} else {
			chancery_diags_add(diags, d->severity, d->file, d->line, d->col, d->line_text,
					   "%s", d->message);
			errors += d->severity == CHANCERY_ERROR;
		}
		strbuf_release(&k);
	}
	hashmap_release(&first);
	for (size_t i = 0; i < before->n; i++)
		free(keys[i]);
	free(keys);
	free(left);
	return errors;
}

/* Run opts->check (if any) on the registry with the store's other facts,
 * under the import's lock; keep that whole registry for keep. The check
 * runs on what the store held before as well, and only the diagnostics the
 * import adds are reported. `others` are the store's facts the check
 * needs: every one (im->cur), or those the import touches (context, from
 * opts->context). 0, or -CHANCERY_EINPUT when the check refuses. */
static int check_with_store(struct import *im, const struct chancery_import_opts *opts,
			    chancery_registry *context, struct chancery_diags *diags)
{
	struct chancery_diags d_before = CHANCERY_DIAGS_INIT, d_after = CHANCERY_DIAGS_INIT;
	chancery_registry *before = NULL, *others = NULL, *after;
	int ret = 0;
	if (im->sync) /* the files are the whole registry */
		return opts->check && opts->check(im->r, diags) ? -CHANCERY_EINPUT : 0;
	if (context) {
		/* the store's versions of the registry's ids are in it: before as
		 * it is, after with the registry's in their place */
		before = context;
		others = chancery_registry_new();
		ret = registry_add_missing(others, im->r, diags);
		if (!ret)
			ret = registry_add_missing(others, context, diags);
		after = others;
	} else {
		if ((ret = read_stored(im, 1, &others, diags)))
			return ret;
		if (opts->check && (ret = read_stored(im, 0, &before, diags))) {
			chancery_registry_free(others);
			return ret;
		}
		if (!others->n_parties && !others->n_persons && !others->n_sources &&
		    !others->n_events && !others->n_treaties) {
			/* nothing else in the store: the registry is the whole */
			after = (chancery_registry *)im->r;
		} else {
			/* others lacks every id of the registry: all of it is
			 * copied in, and its assertions are checked on the whole */
			ret = registry_add_missing(others, im->r, diags);
			registry_borrow_assertions(others, im->r);
			after = others;
		}
	}
	if (!ret && opts->check) {
		opts->check(before, &d_before);
		opts->check(after, &d_after);
		if (report_new(&d_before, &d_after, diags))
			ret = -CHANCERY_EINPUT;
	}
	if (!ret && im->keep && !context && after == others) {
		im->current = others; /* NULL: the registry is the whole */
		others = NULL;
	}
	chancery_diags_release(&d_before);
	chancery_diags_release(&d_after);
	chancery_registry_free(others);
	if (before != context)
		chancery_registry_free(before);
	return ret;
}

/* Hand what the store now holds to fn, the facts listed as a load lists
 * them. */
static void hand_over(struct import *im, const struct chancery_store_state *state,
		      chancery_store_current_fn fn, void *ctx)
{
	struct chancery_store_texts t;
	memset(&t, 0, sizeof(t));
	t.state = *state;
	t.buf = im->kept_buf.buf;
	t.len = im->kept_buf.len;
	t.v = xmalloc((im->n_kept + 1) * sizeof(*t.v));
	t.n = im->n_kept;
	for (size_t i = 0; i < im->n_kept; i++) {
		t.v[i].fid = im->kept[i].fid;
		t.v[i].entity = (enum chancery_entity)im->kept[i].entity;
		t.v[i].id = im->kept[i].id;
		t.v[i].text_off = im->kept[i].off;
		t.v[i].text_len = im->kept[i].len;
	}
	store_sort_facts(t.v, t.n);
	fn(im->current ? im->current : im->r, &t, ctx);
	free(t.v);
}

static void import_release(struct import *im)
{
	for (size_t i = 0; i < im->n_pend; i++)
		free(im->pend[i].text);
	free(im->pend);
	roundtrip_release(&im->rt);
	for (int i = 0; i < ST__COUNT; i++)
		db_finalize(im->st[i]);
	free(im->todo);
	free(im->have);
	free(im->cur);
	arena_release(&im->arena);
	rows_release(&im->rows);
	strbuf_release(&im->kept_buf);
	free(im->kept);
	chancery_registry_free(im->current);
}

int chancery_store_import(chancery_store *s, const chancery_registry *r,
			  const struct chancery_import_opts *opts,
			  struct chancery_import_stats *stats, struct chancery_diags *diags)
{
	return chancery_store_import_keep(s, r, opts, stats, NULL, NULL, diags);
}

int chancery_store_import_keep(chancery_store *s, const chancery_registry *r,
			       const struct chancery_import_opts *opts,
			       struct chancery_import_stats *stats, chancery_store_current_fn fn,
			       void *ctx, struct chancery_diags *diags)
{
	struct import im = { .s = s,
			     .r = r,
			     .diags = diags,
			     .arena = ARENA_INIT,
			     .rows = { .list1 = STRBUF_INIT, .list2 = STRBUF_INIT, .list3 = STRBUF_INIT },
			     .kept_buf = STRBUF_INIT };
	struct chancery_store_state state;
	chancery_registry *context = NULL;
	char at[24], last_at[24], latest[24];
	int64_t last_rec = 0;
	int ret = 0, rc, partial = 0;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	im.write = !opts->dry_run;
	im.sync = !!opts->sync;
	im.keep = fn && im.write;
	if (!opts->author || !*opts->author) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': no author given", s->path);
		return -CHANCERY_EINPUT;
	}
	if ((ret = store_check_text("author", opts->author, diags)) ||
	    (ret = store_check_text("origin", opts->origin, diags)))
		return ret;
	if (opts->recorded_at) {
		if (parse_record_time(opts->recorded_at, 0, at) < 0) {
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "invalid record time '%s': expected YYYY-MM-DD or "
					   "YYYY-MM-DDTHH:MM:SSZ (UTC)",
					   opts->recorded_at);
			return -CHANCERY_EINPUT;
		}
	} else {
		utc_now(at); /* again under the lock, below */
	}
	utc_latest_allowed(latest);
	if (strcmp(at, latest) > 0) {
		/* a record time in the future would hold every later import
		 * back until that day: record times say when the registry
		 * learned a fact, not when it will */
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "record time '%s' is in the future (this machine's clock says"
				   " it is at most %s, with %d minutes allowed for clocks that"
				   " differ)",
				   at, latest, STORE_CLOCK_SKEW_SECONDS / 60);
		return -CHANCERY_EINPUT;
	}
	if (im.write && (s->flags & CHANCERY_STORE_READONLY)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': it is open read-only", s->path);
		return -CHANCERY_ESTORE;
	}

	list_registry(&im);
	/* The write lock is taken before reading, so that the comparison and
	 * the writes see the same store. A dry run only reads. */
	rc = db_begin(s->db, im.write ? DB_TXN_WRITE : DB_TXN_READ);
	if (rc != DB_OK)
		goto sql_error;
	rc = last_record(s, &last_rec, last_at);
	if (rc != DB_OK)
		goto sql_error;
	if (!opts->recorded_at) {
		/* "now" is when the lock was got: an import that waited for
		 * another must not be older than it; and a clock behind the last
		 * record (another machine's) does not send record times back */
		utc_now(at);
		if (last_at[0] && strcmp(at, last_at) < 0 && strcmp(last_at, latest) <= 0)
			memcpy(at, last_at, sizeof(at));
	}
	if (last_at[0] && strcmp(at, last_at) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "record time '%s' is before the last record's '%s' in store '%s';"
				   " if that record's time is wrong, correct it with 'chancery"
				   " amend-record %lld --recorded-at TIME --reason TEXT'",
				   at, last_at, s->path, (long long)last_rec);
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	im.rec = last_rec + 1;
	if (im.write) {
		unsigned char prev[STORE_CHAIN_HASH];
		int found;
		if ((rc = max_fid(s, &im.last_fid)) != DB_OK ||
		    (rc = store_read_chain(s, last_rec, prev, &found)) != DB_OK)
			goto sql_error;
		store_chain_begin(&im.chain, found ? prev : NULL);
	}
	/* An import of a few facts reads only its own ids and checks itself
	 * with what it touches (opts->context); a large one, or one that
	 * changes a party or a person, reads and checks the whole store. */
	if (!im.sync && opts->context && !opts->full && im.n_todo <= IMPORT_PARTIAL_MAX &&
	    !r->n_assertions) {
		rc = read_current_ids(&im);
		if (rc != DB_OK)
			goto sql_error;
		if (touches_little(&im)) {
			ret = opts->check ? opts->context(s, r, &context, opts->context_ctx, diags) : 0;
			if (ret < 0)
				goto out;
			partial = ret == 0;
			ret = 0;
		}
		if (!partial)
			forget_current(&im);
	}
	if (!partial) {
		rc = read_current(&im);
		if (rc != DB_OK)
			goto sql_error;
	} else {
		im.keep = 0; /* the caller's cache follows the store by itself */
	}
	im.stats.partial = partial;
	if ((opts->check || im.keep) && (ret = check_with_store(&im, opts, context, diags)))
		goto out;
	if (im.write) {
		for (int i = 0; i < ST__COUNT; i++) {
			rc = db_prepare(s->db, import_sql[i], &im.st[i]);
			db_may_defer(im.st[i]); /* checked at COMMIT at the latest */
			if (rc != DB_OK)
				goto sql_error;
		}
		rc = rows_prepare(&im.rows, s->db, r);
		if (rc != DB_OK)
			goto sql_error;
	}

	rc = put_all(&im);
	if (im.refused) {
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	if (rc == DB_CONSTRAINT && im.dup_id) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': the registry has id '%s' twice",
				   s->path, im.dup_id);
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	if (rc == DB_NOMEM) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot import into store '%s': out of memory", s->path);
		ret = -CHANCERY_ENOMEM;
		goto out;
	}
	if (rc != DB_DONE)
		goto sql_error;

	if (im.write && im.stats.added + im.stats.changed + im.stats.retracted > 0) {
		/* The record goes in last, with its counts; until then the
		 * facts' deferred reference to it is unresolved, so a failure
		 * anywhere cannot leave facts without their record. */
		struct db_stmt *st = im.st[ST_RECORD];
		unsigned char chain[STORE_CHAIN_HASH];
		struct store_record_row row = {
			/* as bound below: an empty origin is NULL */
			.rec = im.rec, .recorded_at = at, .author = opts->author ? opts->author : "",
			.origin = opts->origin && *opts->origin ? opts->origin : NULL, .added = (int64_t)im.stats.added,
			.changed = (int64_t)im.stats.changed, .retracted = (int64_t)im.stats.retracted,
		};
		store_chain_end(&im.chain, &row, chain);
		db_bind_blob(st, 8, chain, STORE_CHAIN_HASH);
		db_bind_int64(st, 1, im.rec);
		db_bind_text(st, 2, at, -1);
		bind_str(st, 3, opts->author);
		bind_str(st, 4, opts->origin);
		db_bind_int64(st, 5, (int64_t)im.stats.added);
		db_bind_int64(st, 6, (int64_t)im.stats.changed);
		db_bind_int64(st, 7, (int64_t)im.stats.retracted);
		rc = step_reset(st);
		if (rc != DB_DONE)
			goto sql_error;
		for (int i = 0; i < ST__COUNT; i++) {
			db_finalize(im.st[i]);
			im.st[i] = NULL;
		}
		rows_release(&im.rows);
		/* what the store holds once this commits, read before: no
		 * other import can come between */
		if (im.keep && store_read_state(s, &state) != DB_OK)
			goto sql_error;
		if (store_exec(s->db, "COMMIT") != DB_OK)
			goto sql_error;
	} else if (im.keep && store_read_state(s, &state) != DB_OK) {
		goto sql_error;
	}
	if (stats)
		*stats = im.stats;
	if (im.keep)
		hand_over(&im, &state, fn, ctx);
	goto out;

sql_error:
	ret = store_fail(s, diags, "import into");
out:
	chancery_registry_free(context);
	import_release(&im);
	store_rollback(s->db);
	return ret;
}

