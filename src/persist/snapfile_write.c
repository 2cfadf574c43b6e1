/* snapfile_write.c: writing the snapshot file from a full load of the
 * store: the store's own texts, and the indexes of the query layer's
 * snapshot_new over the finished registry, turned from event and treaty
 * indices into fact numbers, so that a partial registry parsed from the
 * facts a list names answers exactly as the full one. */
#include "persist/snapfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/sort.h"
#include "base/strbuf.h"
#include "model/registry.h"
#include "model/vocab.h"
#include "query/snapshot.h"
#include "base/banned.h"

_Static_assert(sizeof(struct snap_fact) == 48, "struct snap_fact is 48 bytes");
_Static_assert(sizeof(struct snap_party) == 24, "struct snap_party is 24 bytes");
_Static_assert(sizeof(struct snap_dyad) == 16, "struct snap_dyad is 16 bytes");
_Static_assert(sizeof(struct snap_slot) == 8, "struct snap_slot is 8 bytes");
_Static_assert(sizeof(struct snap_header) == 288, "struct snap_header is 288 bytes");

static uint64_t hash_str(const char *s, uint64_t h)
{
	return s ? hash64(s, strlen(s) + 1, h) : hash64("", 0, h + 1);
}

static uint64_t hash_fields(const struct field *f, uint64_t h)
{
	for (; f->key; f++) {
		h = hash_str(f->key, h);
		h = hash64(&f->type, sizeof(f->type), h);
	}
	return h;
}

uint64_t snap_code_id(void)
{
	uint64_t h = hash64(SNAP_MAGIC, 8, SNAP_FORMAT);
	const size_t sizes[] = { sizeof(struct snap_header), sizeof(struct snap_fact),
				 sizeof(struct snap_party), sizeof(struct snap_dyad),
				 sizeof(struct snap_slot), CHANCERY_EV__COUNT };
	h = hash_str(CHANCERY_VERSION, h);
	h = hash64(sizes, sizeof(sizes), h);
	for (int k = 0; k < CHANCERY_EV__COUNT; k++) {
		h = hash_str(kinds[k].name, h);
		h = hash_str(kinds[k].args, h);
		h = hash_str(kinds[k].keys, h);
		h = hash_str(kinds[k].category, h);
		h = hash64(&kinds[k].text, 1, h);
		h = hash64(&kinds[k].treaty, 1, h);
	}
	h = hash_fields(party_fields, h);
	h = hash_fields(person_fields, h);
	h = hash_fields(office_fields, h);
	h = hash_fields(source_fields, h);
	h = hash_fields(coverage_fields, h);
	for (int k = 0; fact_kind_names[k]; k++)
		h = hash_str(fact_kind_names[k], h);
	h = hash_fields(treaty_fields, h);
	h = hash_fields(provision_fields, h);
	return hash_fields(event_fields, h);
}

/* A growable list of fact numbers. */
struct u32v {
	uint32_t *v;
	size_t n, alloc;
};

static void u32_push(struct u32v *l, uint32_t x)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = x;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

struct builder {
	const chancery_registry *r;
	const struct chancery_store_texts *t;
	const struct snapshot *snap;
	uint32_t *party_fact, *person_fact, *source_fact, *treaty_fact, *event_fact;
	uint32_t *index_of; /* fact -> its entity's index in the registry */
	struct snap_fact *facts;
	struct u32v lists;   /* SEC_LISTS */
	struct u32v scratch; /* one list being gathered */
	struct strbuf ids;   /* SEC_IDS */
	uint64_t texts_len;  /* SEC_TEXTS */
	size_t *text_order;  /* the facts in the order their texts are written */
};

/* Sort and unique the scratch list, leaving out `self`, and append it to
 * the lists: its offset and length. */
static void put_list(struct builder *b, uint32_t self, uint32_t *off, uint32_t *n)
{
	struct u32v *s = &b->scratch;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_u32);
	*off = (uint32_t)b->lists.n;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] != self && (i == 0 || s->v[i] != s->v[i - 1]))
			u32_push(&b->lists, s->v[i]);
	*n = (uint32_t)(b->lists.n - *off);
	s->n = 0;
}

/* The fact an id names (parties are always loaded: none). */
static void ref_id(void *ctx, const char *id)
{
	struct builder *b = ctx;
	size_t i;
	switch (chancery_registry_lookup(b->r, id, &i)) {
	case CHANCERY_ENT_PERSON: u32_push(&b->scratch, b->person_fact[i]); break;
	case CHANCERY_ENT_SOURCE: u32_push(&b->scratch, b->source_fact[i]); break;
	case CHANCERY_ENT_EVENT: u32_push(&b->scratch, b->event_fact[i]); break;
	case CHANCERY_ENT_TREATY: u32_push(&b->scratch, b->treaty_fact[i]); break;
	default: break;
	}
}

/* The reactions (about=) to registry event i, as facts. */
static void reactions_of(struct builder *b, size_t i)
{
	const struct index_list *l = i < b->snap->n_about ? &b->snap->about[i] : NULL;
	for (uint32_t k = 0; l && k < l->n; k++)
		u32_push(&b->scratch, b->event_fact[l->v[k]]);
}

/* Map every text to its entity in the registry. 0, or -1 when the two
 * disagree (then no file is written: it would not be the store's). */
static int map_facts(struct builder *b, uint32_t first[6], uint32_t count[6])
{
	const chancery_registry *r = b->r;
	const struct chancery_store_texts *t = b->t;
	size_t n_actions = 0, mapped = 0;
	int last = 0;

	b->party_fact = xcalloc(r->n_parties + 1, sizeof(uint32_t));
	b->person_fact = xcalloc(r->n_persons + 1, sizeof(uint32_t));
	b->source_fact = xcalloc(r->n_sources + 1, sizeof(uint32_t));
	b->treaty_fact = xcalloc(r->n_treaties + 1, sizeof(uint32_t));
	b->event_fact = xcalloc(r->n_events + 1, sizeof(uint32_t));
	b->index_of = xcalloc(t->n + 1, sizeof(uint32_t));
	memset(first, 0, 6 * sizeof(*first));
	memset(count, 0, 6 * sizeof(*count));
	for (size_t i = 0; i < t->n; i++) {
		const struct chancery_store_fact *f = &t->v[i];
		size_t idx;
		uint32_t *slot;
		if (chancery_registry_lookup(r, f->id, &idx) != f->entity || (int)f->entity < last)
			return -1;
		if ((int)f->entity != last)
			first[f->entity] = (uint32_t)i;
		last = (int)f->entity;
		count[f->entity]++;
		switch (f->entity) {
		case CHANCERY_ENT_PARTY: slot = &b->party_fact[idx]; break;
		case CHANCERY_ENT_PERSON: slot = &b->person_fact[idx]; break;
		case CHANCERY_ENT_SOURCE: slot = &b->source_fact[idx]; break;
		case CHANCERY_ENT_EVENT: slot = &b->event_fact[idx]; break;
		case CHANCERY_ENT_TREATY: slot = &b->treaty_fact[idx]; break;
		default: return -1;
		}
		*slot = (uint32_t)i;
		b->index_of[i] = (uint32_t)idx;
		mapped++;
		if (f->entity == CHANCERY_ENT_TREATY) {
			const struct index_list *acts = registry_treaty_actions(r, idx);
			for (uint32_t k = 0; k < acts->n; k++)
				b->event_fact[acts->v[k]] = (uint32_t)i;
			n_actions += acts->n;
		}
	}
	/* every entity of the registry has its text, and no more */
	if (mapped + n_actions != r->n_parties + r->n_persons + r->n_sources + r->n_treaties +
					  r->n_events)
		return -1;
	return 0;
}

/* Where a fact's text goes: the texts of one dyad's events together, and
 * the treaties of one pair of parties, so that a query of a dyad reads a
 * few pages and not one page a fact (the file is mapped: every page
 * touched is a fault). Parties, persons and sources first. */
static uint64_t text_place(const struct builder *b, size_t i)
{
	const chancery_registry *r = b->r;
	const uint32_t *root = b->snap->party_root;
	const struct chancery_store_fact *f = &b->t->v[i];
	size_t idx = b->index_of[i], k;
	long x = -1, y = -1;
	const char *ids[2] = { NULL, NULL };
	if (f->entity == CHANCERY_ENT_EVENT) {
		ids[0] = r->events[idx].actor;
		ids[1] = r->events[idx].target;
	} else if (f->entity == CHANCERY_ENT_TREATY && r->treaties[idx].parties.n) {
		ids[0] = r->treaties[idx].parties.v[0];
		ids[1] = r->treaties[idx].parties.n > 1 ? r->treaties[idx].parties.v[1] : NULL;
	} else {
		return 0;
	}
	if (ids[0] && chancery_registry_lookup(r, ids[0], &k) == CHANCERY_ENT_PARTY)
		x = root[k];
	if (ids[1] && chancery_registry_lookup(r, ids[1], &k) == CHANCERY_ENT_PARTY)
		y = root[k];
	if (x < 0)
		x = y;
	if (y < 0)
		y = x;
	if (x > y) {
		long z = x;
		x = y;
		y = z;
	}
	return ((uint64_t)(x + 1) << 32 | (uint64_t)(y + 1)) + (f->entity == CHANCERY_ENT_TREATY);
}

static void place_texts(struct builder *b)
{
	const struct chancery_store_texts *t = b->t;
	struct sort_item *v = xmalloc((t->n + 1) * sizeof(*v));
	for (size_t i = 0; i < t->n; i++) {
		v[i].key = text_place(b, i);
		v[i].index = (uint32_t)i;
	}
	radix_sort(v, t->n); /* stable: each place's facts stay in fact order */
	b->text_order = xmalloc((t->n + 1) * sizeof(*b->text_order));
	for (size_t i = 0; i < t->n; i++) {
		const struct chancery_store_fact *f = &t->v[v[i].index];
		b->text_order[i] = v[i].index;
		b->facts[v[i].index].text_off = b->texts_len;
		b->texts_len += f->text_len;
	}
	free(v);
}

static void build_facts(struct builder *b)
{
	const chancery_registry *r = b->r;
	const struct chancery_store_texts *t = b->t;
	b->facts = xcalloc(t->n + 1, sizeof(*b->facts));
	place_texts(b);
	for (size_t i = 0; i < t->n; i++) {
		const struct chancery_store_fact *f = &t->v[i];
		struct snap_fact *x = &b->facts[i];
		size_t idx = b->index_of[i], id_len = strlen(f->id);
		x->fid = (uint64_t)f->fid;
		x->text_len = (uint32_t)f->text_len;
		x->text_sum = (uint32_t)hash64(t->buf + f->text_off, f->text_len, SNAP_SEED_TEXT);
		x->id_off = (uint32_t)b->ids.len;
		x->id_len = (uint16_t)id_len;
		strbuf_add(&b->ids, f->id, id_len);
		x->entity = (uint8_t)f->entity;
		x->kind = f->entity == CHANCERY_ENT_EVENT ? (uint8_t)r->events[idx].kind : 0xff;
		snap_each_ref(r, f->entity, idx, ref_id, b);
		put_list(b, (uint32_t)i, &x->refs, &x->n_refs);
		if (f->entity == CHANCERY_ENT_EVENT) {
			reactions_of(b, idx);
		} else if (f->entity == CHANCERY_ENT_TREATY) {
			const struct index_list *acts = registry_treaty_actions(r, idx);
			for (uint32_t k = 0; k < acts->n; k++)
				reactions_of(b, acts->v[k]);
		}
		put_list(b, (uint32_t)i, &x->reacts, &x->n_reacts);
	}
}

static struct snap_party *build_parties(struct builder *b)
{
	const struct snapshot *s = b->snap;
	size_t np = b->r->n_parties;
	struct snap_party *v = xcalloc(np + 1, sizeof(*v));
	for (size_t i = 0; i < np; i++) {
		v[i].fact = b->party_fact[i];
		v[i].root = s->party_root[i];
		for (uint32_t k = 0; i < s->n_parties && k < s->party_events[i].n; k++)
			u32_push(&b->scratch, b->event_fact[s->party_events[i].v[k]]);
		put_list(b, UINT32_MAX, &v[i].events, &v[i].n_events);
		for (uint32_t k = 0; i < s->n_parties && k < s->party_treaties[i].n; k++)
			u32_push(&b->scratch, b->treaty_fact[s->party_treaties[i].v[k]]);
		put_list(b, UINT32_MAX, &v[i].treaties, &v[i].n_treaties);
	}
	return v;
}

static struct snap_dyad *build_dyads(struct builder *b, size_t *n_out)
{
	const struct snapshot *s = b->snap;
	struct snap_dyad *v = xcalloc(s->n_dyads + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < s->n_dyads;) {
		uint64_t key = s->dyads[i].key;
		for (; i < s->n_dyads && s->dyads[i].key == key; i++)
			u32_push(&b->scratch, b->event_fact[s->dyads[i].event]);
		v[n].key = key;
		put_list(b, UINT32_MAX, &v[n].events, &v[n].n_events);
		n++;
	}
	*n_out = n;
	return v;
}

static struct snap_slot *build_idmap(struct builder *b, uint32_t *n_slots)
{
	const struct chancery_store_texts *t = b->t;
	uint32_t cap = 16;
	struct snap_slot *v;
	while (cap < 2 * t->n + 2)
		cap *= 2;
	v = xcalloc(cap, sizeof(*v));
	for (size_t i = 0; i < t->n; i++) {
		uint64_t h = hash64(t->v[i].id, strlen(t->v[i].id), SNAP_SEED_ID);
		uint32_t at = (uint32_t)h & (cap - 1);
		while (v[at].fact1)
			at = (at + 1) & (cap - 1);
		v[at].fact1 = (uint32_t)i + 1;
		v[at].hash_hi = (uint32_t)(h >> 32);
	}
	*n_slots = cap;
	return v;
}

static uint64_t align_block(uint64_t x, uint32_t block)
{
	return (x + block - 1) / block * block;
}

static int write_all(FILE *f, const void *p, size_t n)
{
	return n && fwrite(p, 1, n, f) != n ? -1 : 0;
}

static int pad_to(FILE *f, uint64_t at, uint64_t to)
{
	static const char zeros[SNAP_BLOCK];
	while (at < to) {
		size_t k = to - at > sizeof(zeros) ? sizeof(zeros) : (size_t)(to - at);
		if (write_all(f, zeros, k))
			return -1;
		at += k;
	}
	return 0;
}

int snapfile_write(const char *path, const chancery_registry *r,
		   const struct chancery_store_texts *t, struct chancery_diags *diags)
{
	struct builder b = { .r = r, .t = t, .ids = STRBUF_INIT };
	struct snap_header h;
	struct snap_party *parties = NULL;
	struct snap_dyad *dyads = NULL;
	struct snap_slot *slots = NULL;
	struct snapshot *snap = NULL;
	const void *data[SEC__COUNT];
	uint32_t *sums = NULL;
	uint8_t *kinds_of = NULL;
	size_t n_dyads = 0, n_sums = 0;
	uint64_t at;
	struct strbuf tmp = STRBUF_INIT;
	struct stat st;
	FILE *f = NULL;
	int fd = -1, ret = 0;

	if (t->n >= UINT32_MAX / 2) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot write snapshot '%s': the store has too many facts", path);
		return -CHANCERY_EIO;
	}
	memset(&h, 0, sizeof(h));
	if (map_facts(&b, h.ent_first, h.ent_count)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot write snapshot '%s': the loaded registry does not match"
				   " the store's texts",
				   path);
		ret = -CHANCERY_ESTORE;
		goto out;
	}
	snap = snapshot_new(r);
	b.snap = snap;
	build_facts(&b);
	parties = build_parties(&b);
	dyads = build_dyads(&b, &n_dyads);
	slots = build_idmap(&b, &h.n_slots);

	memcpy(h.magic, SNAP_MAGIC, 8);
	h.format = SNAP_FORMAT;
	h.byte_order = SNAP_BYTE_ORDER;
	h.block = b.texts_len < SNAP_SMALL_FILE ? SNAP_BLOCK_SMALL : SNAP_BLOCK;
	h.code_id = snap_code_id();
	h.max_fid = t->state.max_fid;
	h.last_rec = t->state.last_rec;
	h.digest = t->state.digest;
	h.n_facts = (uint32_t)t->n;
	h.n_parties = (uint32_t)r->n_parties;
	h.n_dyads = (uint32_t)n_dyads;
	h.sec[SEC_FACTS].size = t->n * sizeof(struct snap_fact);
	h.sec[SEC_TEXTS].size = b.texts_len;
	h.sec[SEC_IDS].size = b.ids.len;
	h.sec[SEC_LISTS].size = b.lists.n * sizeof(uint32_t);
	h.sec[SEC_PARTIES].size = r->n_parties * sizeof(struct snap_party);
	h.sec[SEC_DYADS].size = n_dyads * sizeof(struct snap_dyad);
	h.sec[SEC_IDMAP].size = (uint64_t)h.n_slots * sizeof(struct snap_slot);
	h.sec[SEC_KINDS].size = t->n;
	kinds_of = xmalloc(t->n + 1);
	for (size_t i = 0; i < t->n; i++)
		kinds_of[i] = b.facts[i].kind;
	data[SEC_FACTS] = b.facts;
	data[SEC_TEXTS] = NULL; /* written text by text */
	data[SEC_IDS] = b.ids.buf;
	data[SEC_LISTS] = b.lists.v;
	data[SEC_PARTIES] = parties;
	data[SEC_DYADS] = dyads;
	data[SEC_IDMAP] = slots;
	data[SEC_KINDS] = kinds_of;

	/* A block sum for every block of every section but the texts (each
	 * text has its own), in section order. */
	for (int s = 0; s < SEC_BLOCKSUMS; s++)
		if (s != SEC_TEXTS)
			n_sums += (size_t)(align_block(h.sec[s].size, h.block) / h.block);
	sums = xcalloc(n_sums + 1, sizeof(*sums));
	n_sums = 0;
	for (int s = 0; s < SEC_BLOCKSUMS; s++) {
		if (s == SEC_TEXTS)
			continue;
		for (uint64_t off = 0; off < h.sec[s].size; off += h.block, n_sums++) {
			const char *p = (const char *)data[s] + off;
			unsigned char last[SNAP_BLOCK];
			if (h.sec[s].size - off < h.block) {
				/* the last block is hashed padded with zeros, as the
				 * file holds it */
				memset(last, 0, sizeof(last));
				memcpy(last, p, (size_t)(h.sec[s].size - off));
				p = (const char *)last;
			}
			sums[n_sums] = (uint32_t)hash64(p, h.block, SNAP_SEED_BLOCK + n_sums);
		}
	}
	h.sec[SEC_BLOCKSUMS].size = n_sums * sizeof(*sums);
	data[SEC_BLOCKSUMS] = sums;
	h.blocksums_sum = hash64(sums, n_sums * sizeof(*sums), SNAP_SEED_BLOCK);
	at = align_block(sizeof(h), h.block);
	for (int s = 0; s < SEC__COUNT; s++) {
		h.sec[s].off = at;
		at = align_block(at + h.sec[s].size, h.block);
	}
	h.file_size = at;
	h.header_sum = hash64(&h, offsetof(struct snap_header, header_sum), SNAP_SEED_HEADER);

	/* Written whole beside the store, then renamed over the old file: a
	 * reader opens either the old file or the new one, never half of one. */
	strbuf_addf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.buf)) < 0 || !(f = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		fd = -1;
		goto io_error;
	}
	{
		/* readable by whoever may read the store */
		struct strbuf db = STRBUF_INIT;
		strbuf_add(&db, path, strlen(path) - strlen(".snapshot"));
		if (strlen(path) > strlen(".snapshot") && !stat(db.buf, &st))
			fchmod(fd, st.st_mode & 0666);
		strbuf_release(&db);
	}
	if (write_all(f, &h, sizeof(h)) || pad_to(f, sizeof(h), h.sec[0].off))
		goto io_error;
	for (int s = 0; s < SEC__COUNT; s++) {
		uint64_t end = s + 1 < SEC__COUNT ? h.sec[s + 1].off : h.file_size;
		if (s == SEC_TEXTS) {
			/* in the order of place_texts, which depends on the facts
			 * only: the file is the same whatever order the store or
			 * the import handed them over in */
			for (size_t i = 0; i < t->n; i++) {
				const struct chancery_store_fact *x = &t->v[b.text_order[i]];
				if (write_all(f, t->buf + x->text_off, x->text_len))
					goto io_error;
			}
		} else if (write_all(f, data[s], (size_t)h.sec[s].size)) {
			goto io_error;
		}
		if (pad_to(f, h.sec[s].off + h.sec[s].size, end))
			goto io_error;
	}
	if (fflush(f) || ferror(f))
		goto io_error;
	if (fclose(f)) {
		f = NULL;
		goto io_error;
	}
	f = NULL;
	if (rename(tmp.buf, path))
		goto io_error;
	goto out;

io_error:
	chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
			   "cannot write snapshot '%s': %s", path, strerror(errno));
	ret = -CHANCERY_EIO;
	if (f)
		fclose(f);
	if (tmp.len)
		unlink(tmp.buf);
out:
	snapshot_free(snap);
	free(b.party_fact);
	free(b.person_fact);
	free(b.source_fact);
	free(b.treaty_fact);
	free(b.event_fact);
	free(b.index_of);
	free(b.facts);
	free(b.text_order);
	free(b.lists.v);
	free(b.scratch.v);
	strbuf_release(&b.ids);
	free(parties);
	free(dyads);
	free(slots);
	free(sums);
	free(kinds_of);
	strbuf_release(&tmp);
	return ret;
}
