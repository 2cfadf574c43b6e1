/* snapfile_read.c: reading the snapshot file: mapped (read with pread where it cannot be),
 * checked a block at a time as it is read (and each text by its own sum),
 * every offset and count bounded by its section, so that a corrupt or
 * hostile file is found out and never crashes a reader. A query gathers the facts it needs and
 * what they name, parses just those, and finishes a small registry. */
#include "persist/snapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/hashmap.h"
#include "base/strbuf.h"
#include "model/registry.h"
#include "persist/persist.h"
#include "query/snapshot.h"
#include "base/banned.h"

struct snapfile {
	int fd;                   /* the file, or -1 for bytes in memory */
	const unsigned char *mem; /* the bytes: the file mapped, or the caller's */
	void *map;                /* the mapping to unmap, or NULL */
	uint8_t *checked;         /* a bit per block: its sum matched (mapped) */
	size_t size;
	unsigned flags;
	struct snap_header h;
	unsigned char *sums;              /* SEC_BLOCKSUMS, read whole at open */
	uint64_t first_block[SEC__COUNT]; /* each checked section's first block sum */
	uint64_t n_blocks;
	/* The blocks read so far, checked, by their global number: a query
	 * reads a few thousand, so they are kept (and no page of the file is
	 * mapped: a mapping would bring in its neighbours too). */
	struct cached {
		uint64_t g;
		unsigned char *data; /* a block; NULL: empty slot */
	} *cache;
	size_t n_cached, cap_cached;
	const struct cached *last; /* the block read last, tried first */
	const char *why;           /* the first failure */
	char why_buf[200];
};

static const char *const section_names[SEC__COUNT] = {
	"facts", "texts", "ids", "lists", "parties", "dyads", "id map", "kinds", "block sums",
};

static void fail(struct snapfile *f, const char *why)
{
	if (!f->why)
		f->why = why;
}

static uint32_t u32_at(const unsigned char *p)
{
	uint32_t x;
	memcpy(&x, p, sizeof(x));
	return x;
}

static uint64_t align_block(uint64_t x, uint32_t block)
{
	return (x + block - 1) / block * block;
}

/* Read len bytes at off of the file into dst. */
static int read_at(struct snapfile *f, uint64_t off, void *dst, size_t len)
{
	if (off > f->size || len > f->size - off) {
		fail(f, "truncated");
		return -1;
	}
	if (f->mem) {
		memcpy(dst, f->mem + off, len);
		return 0;
	}
	while (len) {
		ssize_t k = pread(f->fd, dst, len, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			fail(f, k < 0 ? "cannot be read" : "truncated");
			return -1;
		}
		dst = (char *)dst + k;
		off += (uint64_t)k;
		len -= (size_t)k;
	}
	return 0;
}

/* Does block b of section s, read into data, match its sum? */
static int block_ok(struct snapfile *f, int s, uint64_t b, const unsigned char *data)
{
	uint64_t g = f->first_block[s] + b;
	if (f->flags & SNAP_NO_SUMS ||
	    (uint32_t)hash64(data, f->h.block, SNAP_SEED_BLOCK + g) == u32_at(f->sums + g * 4))
		return 1;
	snprintf(f->why_buf, sizeof(f->why_buf), "block %llu of its %s does not match its checksum",
		 (unsigned long long)b, section_names[s]);
	fail(f, f->why_buf);
	return 0;
}

static void cache_put(struct snapfile *f, uint64_t g, unsigned char *data)
{
	if ((f->n_cached + 1) * 2 > f->cap_cached) {
		struct cached *old = f->cache;
		size_t old_cap = f->cap_cached;
		f->cap_cached = old_cap ? old_cap * 2 : 256;
		f->cache = xcalloc(f->cap_cached, sizeof(*f->cache));
		f->n_cached = 0;
		f->last = NULL;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].data)
				cache_put(f, old[i].g, old[i].data);
		free(old);
	}
	for (size_t at = (size_t)(g * 0x9e3779b97f4a7c15ull >> 32) & (f->cap_cached - 1);;
	     at = (at + 1) & (f->cap_cached - 1))
		if (!f->cache[at].data) {
			f->cache[at].g = g;
			f->cache[at].data = data;
			f->last = &f->cache[at];
			f->n_cached++;
			return;
		}
}

/* Block b of section s, read and checked once. NULL after a failure. */
static const unsigned char *block(struct snapfile *f, int s, uint64_t b)
{
	uint64_t g = f->first_block[s] + b;
	unsigned char *data;
	if (f->map) {
		/* mapped: checked in place, once (no copy, no allocation) */
		const unsigned char *p = f->mem + f->h.sec[s].off + b * f->h.block;
		if (f->h.sec[s].off + (b + 1) * f->h.block > f->size) {
			fail(f, "truncated");
			return NULL;
		}
		if (!(f->checked[g / 8] >> (g % 8) & 1)) {
			if (!block_ok(f, s, b, p))
				return NULL;
			f->checked[g / 8] |= (uint8_t)(1u << (g % 8));
		}
		return p;
	}
	if (f->last && f->last->g == g)
		return f->last->data;
	for (size_t at = f->cap_cached ? (size_t)(g * 0x9e3779b97f4a7c15ull >> 32) &
						 (f->cap_cached - 1)
				       : 0;
	     f->cap_cached && f->cache[at].data; at = (at + 1) & (f->cap_cached - 1))
		if (f->cache[at].g == g) {
			f->last = &f->cache[at];
			return f->cache[at].data;
		}
	data = xmalloc(f->h.block);
	if (read_at(f, f->h.sec[s].off + b * f->h.block, data, f->h.block) ||
	    !block_ok(f, s, b, data)) {
		free(data);
		return NULL;
	}
	cache_put(f, g, data);
	return data;
}

/* Copy the bytes [off, off + len) of checked section s into dst; -1 if
 * they are out of its bounds or a block fails its sum. */
static int copy_out(struct snapfile *f, int s, uint64_t off, void *dst, size_t len)
{
	const struct snap_range *sec = &f->h.sec[s];
	if (f->why)
		return -1;
	if (off > sec->size || len > sec->size - off) {
		snprintf(f->why_buf, sizeof(f->why_buf), "a reference past the end of its %s",
			 section_names[s]);
		fail(f, f->why_buf);
		return -1;
	}
	while (len) {
		const unsigned char *p = block(f, s, off / f->h.block);
		size_t in = (size_t)(off % f->h.block), k = f->h.block - in < len ? f->h.block - in : len;
		if (!p)
			return -1;
		memcpy(dst, p + in, k);
		dst = (char *)dst + k;
		off += k;
		len -= k;
	}
	return 0;
}

/* Fact i's record, its fields bounded by their sections. */
static int fact_at(struct snapfile *f, uint32_t i, struct snap_fact *x)
{
	uint64_t n_list = f->h.sec[SEC_LISTS].size / 4;
	if (i >= f->h.n_facts) {
		fail(f, "a fact number past the last fact");
		return -1;
	}
	if (copy_out(f, SEC_FACTS, (uint64_t)i * sizeof(*x), x, sizeof(*x)))
		return -1;
	if (x->entity < CHANCERY_ENT_PARTY || x->entity > CHANCERY_ENT_TREATY ||
	    x->text_off > f->h.sec[SEC_TEXTS].size ||
	    x->text_len > f->h.sec[SEC_TEXTS].size - x->text_off || !x->text_len ||
	    (uint64_t)x->id_off + x->id_len > f->h.sec[SEC_IDS].size || x->refs > n_list ||
	    x->n_refs > n_list - x->refs || x->reacts > n_list || x->n_reacts > n_list - x->reacts) {
		fail(f, "a fact's record is out of bounds");
		return -1;
	}
	return 0;
}

/* Entry k of a list at off in SEC_LISTS (bounded by the caller's n). */
static int list_item(struct snapfile *f, uint32_t off, uint32_t k, uint32_t *out)
{
	return copy_out(f, SEC_LISTS, ((uint64_t)off + k) * 4, out, 4);
}

static int party_at(struct snapfile *f, uint32_t i, struct snap_party *x)
{
	if (i >= f->h.n_parties) {
		fail(f, "a party past the last party");
		return -1;
	}
	return copy_out(f, SEC_PARTIES, (uint64_t)i * sizeof(*x), x, sizeof(*x));
}

static enum snap_status open_error(struct snapfile *f, enum snap_status st, const char *why,
				   const char **out)
{
	*out = why;
	snapfile_close(f);
	return st;
}

enum snap_status snapfile_open(const char *path, const void *buf, size_t len,
			       const struct chancery_store_state *state, unsigned flags,
			       struct snapfile **out, const char **why)
{
	struct snapfile *f = xcalloc(1, sizeof(*f));
	struct snap_header *h = &f->h;
	uint64_t want_sums = 0;

	*out = NULL;
	f->flags = flags;
	f->fd = -1;
	if (path) {
		struct stat st;
		if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return open_error(f, errno == ENOENT ? SNAP_MISSING : SNAP_CORRUPT,
					  errno == ENOENT ? "missing" : "cannot be read", why);
		if (fstat(f->fd, &st) || !S_ISREG(st.st_mode))
			return open_error(f, SNAP_CORRUPT, "not a regular file", why);
		f->size = (size_t)st.st_size;
		/* Mapped, read where touched: a query reads a few thousand
		 * scattered blocks, and a pread and a copy each cost a third of
		 * a status on a million events. The writer renames a new file
		 * over the old one, never changes it in place. */
		if (f->size) {
			void *m = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, f->fd, 0);
			if (m != MAP_FAILED) {
				posix_madvise(m, f->size, POSIX_MADV_RANDOM);
				f->map = m;
				f->mem = m;
			}
		}
	} else {
		f->mem = buf;
		f->size = len;
	}
	if (f->size < sizeof(*h) || read_at(f, 0, h, sizeof(*h)))
		return open_error(f, SNAP_CORRUPT, "truncated", why);
	if (memcmp(h->magic, SNAP_MAGIC, 8))
		return open_error(f, SNAP_CORRUPT, "not a snapshot file", why);
	if (h->byte_order != SNAP_BYTE_ORDER || h->format != SNAP_FORMAT)
		return open_error(f, SNAP_OTHER_VERSION, "of another format", why);
	if (!(flags & SNAP_NO_SUMS) &&
	    h->header_sum != hash64(h, offsetof(struct snap_header, header_sum), SNAP_SEED_HEADER))
		return open_error(f, SNAP_CORRUPT, "its header does not match its checksum", why);
	if (h->block < 64 || h->block > 65536 || (h->block & (h->block - 1)) || h->unused)
		return open_error(f, SNAP_CORRUPT, "its block size is not one", why);
	if (h->code_id != snap_code_id())
		return open_error(f, SNAP_OTHER_VERSION, "written by another version of chancery", why);
	if (h->file_size != f->size)
		return open_error(f, SNAP_CORRUPT, "truncated", why);
	if (!(flags & SNAP_ANY_STATE) &&
	    (h->max_fid != state->max_fid || h->last_rec != state->last_rec ||
	     h->digest != state->digest))
		return open_error(f, SNAP_STALE, "stale", why);

	/* Every section inside the file, on a block, its own blocks whole
	 * (the checked ones are read a block at a time) and of the size its
	 * counts say. */
	for (int s = 0; s < SEC__COUNT; s++) {
		const struct snap_range *r = &h->sec[s];
		uint64_t span = s == SEC_TEXTS || s == SEC_BLOCKSUMS ? r->size
								     : align_block(r->size, h->block);
		if (r->off % h->block || r->off > f->size || r->size > f->size ||
		    span > f->size - r->off)
			return open_error(f, SNAP_CORRUPT, "a section is out of bounds", why);
		if (s != SEC_TEXTS && s != SEC_BLOCKSUMS) {
			f->first_block[s] = want_sums;
			want_sums += align_block(r->size, h->block) / h->block;
		}
	}
	if (h->sec[SEC_FACTS].size != (uint64_t)h->n_facts * sizeof(struct snap_fact) ||
	    h->sec[SEC_PARTIES].size != (uint64_t)h->n_parties * sizeof(struct snap_party) ||
	    h->sec[SEC_DYADS].size != (uint64_t)h->n_dyads * sizeof(struct snap_dyad) ||
	    h->sec[SEC_IDMAP].size != (uint64_t)h->n_slots * sizeof(struct snap_slot) ||
	    h->sec[SEC_KINDS].size != h->n_facts ||
	    !h->n_slots || (h->n_slots & (h->n_slots - 1)) || h->sec[SEC_LISTS].size % 4 ||
	    h->sec[SEC_BLOCKSUMS].size != want_sums * 4)
		return open_error(f, SNAP_CORRUPT, "its counts do not match its sections", why);
	for (int e = 0; e < 6; e++)
		if (h->ent_first[e] > h->n_facts || h->ent_count[e] > h->n_facts - h->ent_first[e])
			return open_error(f, SNAP_CORRUPT, "its counts do not match its sections", why);
	f->sums = xmalloc((size_t)h->sec[SEC_BLOCKSUMS].size + 1);
	if (read_at(f, h->sec[SEC_BLOCKSUMS].off, f->sums, (size_t)h->sec[SEC_BLOCKSUMS].size))
		return open_error(f, SNAP_CORRUPT, "truncated", why);
	if (!(flags & SNAP_NO_SUMS) &&
	    hash64(f->sums, h->sec[SEC_BLOCKSUMS].size, SNAP_SEED_BLOCK) != h->blocksums_sum)
		return open_error(f, SNAP_CORRUPT, "its block sums do not match their checksum", why);
	f->n_blocks = want_sums;
	if (f->map)
		f->checked = xcalloc(want_sums / 8 + 1, 1);
	*out = f;
	*why = NULL;
	return SNAP_OK;
}

void snapfile_close(struct snapfile *f)
{
	if (!f)
		return;
	if (f->map)
		munmap(f->map, f->size);
	free(f->checked);
	if (f->fd >= 0)
		close(f->fd);
	for (size_t i = 0; i < f->cap_cached; i++)
		free(f->cache[i].data);
	free(f->cache);
	free(f->sums);
	free(f);
}

void snapfile_stats(const struct snapfile *f, size_t *facts, size_t *bytes)
{
	*facts = f->h.n_facts;
	*bytes = f->size;
}

void snapfile_state(const struct snapfile *f, struct chancery_store_state *out)
{
	out->max_fid = f->h.max_fid;
	out->last_rec = f->h.last_rec;
	out->digest = f->h.digest;
}

/* Append fact x's text to out, checked against its sum. */
static int read_text(struct snapfile *f, const struct snap_fact *x, struct strbuf *out)
{
	if (f->why)
		return -1;
	strbuf_grow(out, x->text_len + 1);
	if (read_at(f, f->h.sec[SEC_TEXTS].off + x->text_off, out->buf + out->len, x->text_len))
		return -1;
	if (!(f->flags & SNAP_NO_SUMS) &&
	    (uint32_t)hash64(out->buf + out->len, x->text_len, SNAP_SEED_TEXT) != x->text_sum) {
		fail(f, "a text does not match its checksum");
		return -1;
	}
	strbuf_setlen(out, out->len + x->text_len);
	if (out->buf[out->len - 1] != '\n')
		strbuf_addch(out, '\n');
	return 0;
}

int snapfile_verify(struct snapfile *f, const char **why)
{
	unsigned char *data = xmalloc(f->h.block);
	struct strbuf text = STRBUF_INIT;
	/* every block once, not kept: the whole file would not fit the cache */
	for (int s = 0; s < SEC_BLOCKSUMS && !f->why; s++)
		if (s != SEC_TEXTS)
			for (uint64_t b = 0; b * f->h.block < f->h.sec[s].size && !f->why; b++)
				if (!read_at(f, f->h.sec[s].off + b * f->h.block, data, f->h.block))
					block_ok(f, s, b, data);
	for (uint32_t i = 0; i < f->h.n_facts && !f->why; i++) {
		struct snap_fact x;
		strbuf_reset(&text);
		if (!fact_at(f, i, &x))
			read_text(f, &x, &text);
		if (f->n_cached > 4096) {
			/* the records' blocks, read through the cache: let it go */
			for (size_t k = 0; k < f->cap_cached; k++)
				free(f->cache[k].data);
			memset(f->cache, 0, f->cap_cached * sizeof(*f->cache));
			f->n_cached = 0;
			f->last = NULL;
		}
	}
	free(data);
	strbuf_release(&text);
	*why = f->why;
	return f->why ? -CHANCERY_ESTORE : 0;
}

/* ---- the facts a query needs ---- */

struct loader {
	struct snapfile *f;
	chancery_registry *r;
	uint8_t *want;    /* a bit per fact: gathered */
	uint8_t *follows; /* a bit per fact: its reactions gathered too */
	struct todo {
		uint32_t fact;
		uint8_t follow; /* gather the reactions to it, and to those */
	} *todo;
	size_t n, alloc, done;
	size_t counts[6]; /* gathered facts by entity */
	struct strbuf buf;
	/* The store's changes since the file (may be empty): the file's facts
	 * they replace are masked (gathered, to follow their lists, but not
	 * parsed), and every one of them is parsed at the end. */
	const struct snap_delta *delta;
	uint8_t *masked;         /* a bit per fact */
	uint8_t *parsed;         /* a bit per fact: in the registry already */
	int parse_delta;         /* the next parse_gathered adds the delta */
	struct hashmap delta_id; /* id -> index in delta */
};

static int has(const uint8_t *bits, uint32_t i)
{
	return bits[i / 8] >> (i % 8) & 1;
}

static void add(struct loader *l, uint32_t fact, int follow)
{
	if (fact >= l->f->h.n_facts) {
		fail(l->f, "a fact number past the last fact");
		return;
	}
	if (has(l->want, fact) && (!follow || has(l->follows, fact)))
		return;
	l->want[fact / 8] |= (uint8_t)(1u << (fact % 8));
	if (follow)
		l->follows[fact / 8] |= (uint8_t)(1u << (fact % 8));
	ALLOC_GROW(l->todo, l->n + 1, l->alloc);
	l->todo[l->n].fact = fact;
	l->todo[l->n++].follow = (uint8_t)follow;
}

/* Gather every fact of a list, of the kinds in mask (events; all kinds and
 * every other entity with mask 0). */
static void add_list(struct loader *l, uint32_t off, uint32_t n, int follow, uint64_t mask)
{
	for (uint32_t i = 0; i < n && !l->f->why; i++) {
		uint32_t fact;
		if (list_item(l->f, off, i, &fact))
			return;
		if (mask) {
			uint8_t kind;
			if (fact >= l->f->h.n_facts) {
				fail(l->f, "a fact number past the last fact");
				return;
			}
			if (copy_out(l->f, SEC_KINDS, fact, &kind, 1))
				return;
			if (kind >= 64 || !(mask >> kind & 1))
				continue;
		}
		add(l, fact, follow);
	}
}

/* Gather what the gathered facts name, and the reactions to those marked
 * to follow, until nothing is new. */
static void close_over(struct loader *l)
{
	for (; l->done < l->n && !l->f->why; l->done++) {
		struct todo t = l->todo[l->done];
		struct snap_fact x;
		if (fact_at(l->f, t.fact, &x))
			return;
		add_list(l, x.refs, x.n_refs, 0, 0);
		if (t.follow)
			add_list(l, x.reacts, x.n_reacts, 1, 0);
	}
}

static int cmp_todo(const void *a, const void *b)
{
	uint32_t x = ((const struct todo *)a)->fact, y = ((const struct todo *)b)->fact;
	return x < y ? -1 : x > y;
}

/* Parse the gathered facts from `from` on into the registry, and finish it. */
static int parse_gathered(struct loader *l, size_t from)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int rc;
	/* in fact order: parties, persons, sources, events, treaties, as a
	 * load from the store */
	if (l->n - from > 1)
		qsort(l->todo + from, l->n - from, sizeof(*l->todo), cmp_todo);
	strbuf_reset(&l->buf);
	for (size_t i = from; i < l->n; i++) {
		struct snap_fact x;
		if (i > from && l->todo[i].fact == l->todo[i - 1].fact)
			continue; /* gathered again to follow its reactions */
		if (has(l->masked, l->todo[i].fact) || has(l->parsed, l->todo[i].fact))
			continue; /* the store has a later version of it (below), or
				   * it was parsed before, and gathered again to
				   * follow its reactions */
		l->parsed[l->todo[i].fact / 8] |= (uint8_t)(1u << (l->todo[i].fact % 8));
		if (fact_at(l->f, l->todo[i].fact, &x) || read_text(l->f, &x, &l->buf))
			return -CHANCERY_ESTORE;
		l->counts[x.entity]++;
	}
	if (l->parse_delta)
		for (size_t i = 0; i < l->delta->n; i++) {
			const struct chancery_store_change *c = l->delta->v[i];
			if (c->retracted)
				continue;
			strbuf_add(&l->buf, l->delta->buf + c->text_off, c->text_len);
			l->counts[c->entity]++;
		}
	rc = chancery_ledger_parse_buffer_opts(l->r, "<snapshot>", l->buf.buf, l->buf.len,
					       &no_includes, &d);
	if (!rc)
		rc = chancery_registry_finish(l->r, &d);
	chancery_diags_release(&d);
	if (rc) {
		fail(l->f, "a text does not parse");
		return -CHANCERY_ESTORE;
	}
	return 0;
}

/* The root party index of a party name, or -1 (no such party). Checks the
 * file's party against the parsed one. */
static long resolve(struct loader *l, const char *name, struct snap_party *out)
{
	const struct chancery_party *p = name ? chancery_registry_find_party(l->r, name) : NULL;
	long root;
	if (!p)
		return -1;
	root = snapshot_party_root(l->r, p->id);
	if (root < 0 || party_at(l->f, (uint32_t)root, out))
		return -1;
	if (out->root != (uint32_t)root) {
		fail(l->f, "a party's root differs from its registry's");
		return -1;
	}
	return root;
}

/* The id's fact, by the id map: its number, or -1. */
static long find_id(struct loader *l, const char *id)
{
	struct snapfile *f = l->f;
	size_t len = strlen(id);
	uint64_t h = hash64(id, len, SNAP_SEED_ID);
	uint32_t mask = f->h.n_slots - 1;
	char *s = xmalloc(len + 1);
	long found = -1;
	for (uint32_t k = 0, at = (uint32_t)h & mask; k < f->h.n_slots; k++, at = (at + 1) & mask) {
		struct snap_slot slot;
		struct snap_fact x;
		if (copy_out(f, SEC_IDMAP, (uint64_t)at * sizeof(slot), &slot, sizeof(slot)) ||
		    !slot.fact1)
			break;
		if (slot.hash_hi != (uint32_t)(h >> 32))
			continue;
		if (fact_at(f, slot.fact1 - 1, &x))
			break;
		if (x.id_len != len)
			continue;
		if (copy_out(f, SEC_IDS, x.id_off, s, len))
			break;
		if (!memcmp(s, id, len)) {
			found = (long)(slot.fact1 - 1);
			break;
		}
	}
	free(s);
	return found;
}

/* Is id one the store changed since the file? Its index in the delta. */
static long delta_index(const struct loader *l, const char *id)
{
	uint64_t v;
	return hashmap_get(&l->delta_id, id, &v) ? (long)v : -1;
}

/* Mask the file's facts the delta replaces. 0, or -1 when a changed id is
 * one the file has as another entity (a treaty action's id is no fact of
 * the file: the id map has entities only, and that is fine). */
static int mask_delta(struct loader *l)
{
	for (size_t i = 0; i < l->delta->n && !l->f->why; i++) {
		const struct chancery_store_change *c = l->delta->v[i];
		long at;
		hashmap_put(&l->delta_id, c->id, i, NULL);
		if ((at = find_id(l, c->id)) >= 0)
			l->masked[at / 8] |= (uint8_t)(1u << (at % 8));
	}
	return l->f->why ? -1 : 0;
}

struct delta_refs {
	struct loader *l;
	int unresolved; /* an id in neither the file nor the delta */
};

static void delta_ref(void *ctx, const char *id)
{
	struct delta_refs *d = ctx;
	long at;
	if (delta_index(d->l, id) >= 0)
		return; /* parsed with the delta anyway */
	if ((at = find_id(d->l, id)) >= 0)
		add(d->l, (uint32_t)at, 0);
	else
		d->unresolved = 1; /* say, a reaction to a treaty action's id */
}

/* What the delta's facts name, from the file. 0, or -1 (with a reason)
 * when one of them names an id the file cannot find. */
static int gather_delta_refs(struct loader *l)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *dr = chancery_registry_new();
	struct strbuf buf = STRBUF_INIT;
	struct delta_refs refs = { l, 0 };
	int rc;
	for (size_t i = 0; i < l->delta->n; i++) {
		const struct chancery_store_change *c = l->delta->v[i];
		if (!c->retracted)
			strbuf_add(&buf, l->delta->buf + c->text_off, c->text_len);
	}
	rc = chancery_ledger_parse_buffer_opts(dr, "<store>", buf.buf, buf.len, &no_includes, &d);
	for (int e = CHANCERY_ENT_PARTY; !rc && e <= CHANCERY_ENT_TREATY; e++) {
		size_t n = e == CHANCERY_ENT_PARTY    ? dr->n_parties
			   : e == CHANCERY_ENT_PERSON ? dr->n_persons
			   : e == CHANCERY_ENT_SOURCE ? dr->n_sources
			   : e == CHANCERY_ENT_EVENT  ? dr->n_events
						      : dr->n_treaties;
		for (size_t i = 0; i < n; i++) {
			if (e == CHANCERY_ENT_EVENT && dr->events[i].treaty)
				continue; /* an action: its treaty's refs */
			snap_each_ref(dr, (enum chancery_entity)e, i, delta_ref, &refs);
		}
	}
	chancery_diags_release(&d);
	chancery_registry_free(dr);
	strbuf_release(&buf);
	if (rc) {
		fail(l->f, "a text the store recorded since does not parse");
		return -1;
	}
	if (refs.unresolved) {
		fail(l->f, "behind: the store's changes name an id the file does not index");
		return -1;
	}
	return 0;
}

static void add_entity(struct loader *l, enum chancery_entity e)
{
	for (uint32_t i = 0; i < l->f->h.ent_count[e] && !l->f->why; i++)
		add(l, l->f->h.ent_first[e] + i, 0);
}

/* The treaties of both roots, a merge of two sorted lists. */
static void add_shared_treaties(struct loader *l, const struct snap_party *a,
				const struct snap_party *b, int follow)
{
	uint32_t i = 0, j = 0, u, v;
	while (i < a->n_treaties && j < b->n_treaties) {
		if (list_item(l->f, a->treaties, i, &u) || list_item(l->f, b->treaties, j, &v))
			return;
		if (u < v) {
			i++;
		} else if (v < u) {
			j++;
		} else {
			add(l, u, follow);
			i++;
			j++;
		}
	}
}

/* The events of a dyad of roots, by binary search of the dyads. */
static void add_dyad(struct loader *l, uint32_t a, uint32_t b)
{
	uint64_t key = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
	uint32_t lo = 0, hi = l->f->h.n_dyads;
	struct snap_dyad d;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (copy_out(l->f, SEC_DYADS, (uint64_t)mid * sizeof(d), &d, sizeof(d)))
			return;
		if (d.key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->f->h.n_dyads &&
	    !copy_out(l->f, SEC_DYADS, (uint64_t)lo * sizeof(d), &d, sizeof(d)) && d.key == key)
		add_list(l, d.events, d.n_events, 1, 0);
}

/* What names a root party: its events and its treaties, with the
 * reactions to them, and to those, on (registry_event_involves follows
 * about= to reactions of reactions). */
static void add_naming(struct loader *l, const struct snap_party *p)
{
	add_list(l, p->events, p->n_events, 1, 0);
	add_list(l, p->treaties, p->n_treaties, 1, 0);
}

struct closure_refs {
	struct loader *l;
	const chancery_registry *with;
};

/* What a fact of `with` names: from the delta, the file, or `with` itself;
 * anything else (a reaction to a treaty action of the store: the file
 * indexes entities only) the file cannot give. */
static void closure_ref(void *ctx, const char *id)
{
	struct closure_refs *c = ctx;
	size_t i;
	long at;
	if (delta_index(c->l, id) >= 0)
		return;
	if ((at = find_id(c->l, id)) >= 0)
		add(c->l, (uint32_t)at, 0);
	else if (chancery_registry_lookup(c->with, id, &i) == CHANCERY_ENT_NONE)
		fail(c->l->f, "behind: an import names an id the file does not index");
}

/* Closure, phase 1: the store's versions of the ids of `with`, followed
 * to their reactions, and what the facts of `with` name. */
static void closure_ids(struct loader *l, const chancery_registry *with)
{
	struct closure_refs refs = { l, with };
	for (int e = CHANCERY_ENT_PERSON; e <= CHANCERY_ENT_TREATY; e++) {
		size_t n = e == CHANCERY_ENT_PERSON   ? with->n_persons
			   : e == CHANCERY_ENT_SOURCE ? with->n_sources
			   : e == CHANCERY_ENT_EVENT  ? with->n_events
						      : with->n_treaties;
		for (size_t i = 0; i < n; i++) {
			const char *id = e == CHANCERY_ENT_PERSON   ? with->persons[i].id
					 : e == CHANCERY_ENT_SOURCE ? with->sources[i].id
					 : e == CHANCERY_ENT_EVENT  ? with->events[i].id
								    : with->treaties[i].id;
			long at;
			if (e == CHANCERY_ENT_EVENT && with->events[i].treaty)
				continue; /* an action: its treaty's */
			if (delta_index(l, id) < 0 && (at = find_id(l, id)) >= 0)
				add(l, (uint32_t)at, 1);
			snap_each_ref(with, (enum chancery_entity)e, i, closure_ref, &refs);
		}
	}
}

/* The dyads an event's parties make (as snapshot_new keys them), by the
 * party ids of the partial registry. */
static void closure_event_dyads(struct loader *l, const struct chancery_event *e)
{
	struct snap_party pa, pb;
	long a = resolve(l, e->actor, &pa), b;
	if (a < 0 || e->treaty || e->kind == CHANCERY_EV_JOIN_ORGANISATION ||
	    e->kind == CHANCERY_EV_LEAVE_ORGANISATION)
		return;
	if ((b = resolve(l, e->target, &pb)) >= 0 && b != a)
		add_dyad(l, (uint32_t)a, (uint32_t)b);
	if ((b = resolve(l, e->from_party, &pb)) >= 0 && b != a)
		add_dyad(l, (uint32_t)a, (uint32_t)b);
	for (uint32_t k = 0; k < e->subject.n; k++)
		if ((b = resolve(l, e->subject.v[k], &pb)) >= 0 && b != a)
			add_dyad(l, (uint32_t)a, (uint32_t)b);
}

/* Closure, phase 2: the dyads of the events of `with` and of the store's
 * versions of them (an event may have moved from one dyad to another). */
static void closure_dyads(struct loader *l, const chancery_registry *with)
{
	for (size_t i = 0; i < with->n_events && !l->f->why; i++) {
		const struct chancery_event *e = &with->events[i];
		size_t j;
		closure_event_dyads(l, e);
		if (!e->treaty && chancery_registry_lookup(l->r, e->id, &j) == CHANCERY_ENT_EVENT)
			closure_event_dyads(l, &l->r->events[j]);
	}
}

#define KIND(k) ((uint64_t)1 << (k))

static void gather(struct loader *l, const struct persist_need *need)
{
	struct snap_party pa, pb;
	long a = -1, b = -1;

	switch (need->kind) {
	case PERSIST_DYAD:
	case PERSIST_EVENTS_OF:
		if ((a = resolve(l, need->parties[0], &pa)) < 0 ||
		    (b = resolve(l, need->parties[1], &pb)) < 0)
			return; /* the parties alone, for "unknown party" */
		if (need->kind == PERSIST_DYAD) {
			add_dyad(l, (uint32_t)a, (uint32_t)b);
		} else {
			add_list(l, pa.events, pa.n_events, 1, 0);
			add_list(l, pb.events, pb.n_events, 1, 0);
		}
		add_shared_treaties(l, &pa, &pb, 1);
		break;
	case PERSIST_RECOGNITIONS: {
		/* what chancery_recognitions and the series read: the chains of
		 * recognition (with the relations that imply it) and membership */
		uint64_t chain = KIND(CHANCERY_EV_RECOGNISE) | KIND(CHANCERY_EV_WITHDRAW_RECOGNITION) |
				 KIND(CHANCERY_EV_DENY_RECOGNITION) |
				 KIND(CHANCERY_EV_REAFFIRM_RECOGNITION) |
				 KIND(CHANCERY_EV_SWITCH_RECOGNITION) |
				 KIND(CHANCERY_EV_ESTABLISH_RELATIONS) |
				 KIND(CHANCERY_EV_RESTORE_RELATIONS) |
				 /* missions and envoys: a presence implies a
				  * recognition while it lasts */
				 KIND(CHANCERY_EV_ANNOUNCE_MISSION) | KIND(CHANCERY_EV_OPEN_MISSION) |
				 KIND(CHANCERY_EV_CLOSE_MISSION) | KIND(CHANCERY_EV_APPOINT_ENVOY) |
				 KIND(CHANCERY_EV_PRESENT_CREDENTIALS) |
				 KIND(CHANCERY_EV_END_ENVOY);
		uint64_t member = KIND(CHANCERY_EV_JOIN_ORGANISATION) |
				  KIND(CHANCERY_EV_LEAVE_ORGANISATION);
		_Static_assert(CHANCERY_EV__COUNT <= 64, "event kinds fit a 64-bit mask");
		if ((a = resolve(l, need->parties[0], &pa)) < 0)
			return;
		add_list(l, pa.events, pa.n_events, 0, chain | member);
		for (size_t i = 1; i < need->n_parties && i < PERSIST_MAX_PARTIES; i++)
			if ((b = resolve(l, need->parties[i], &pb)) >= 0)
				add_list(l, pb.events, pb.n_events, 0, member);
		break;
	}
	case PERSIST_TREATY: {
		long t = need->id ? find_id(l, need->id) : -1, d = need->id ? delta_index(l, need->id) : -1;
		struct snap_fact x;
		if (d >= 0 && l->delta->v[d]->entity == CHANCERY_ENT_TREATY && !l->delta->v[d]->retracted)
			break; /* the store's new version, parsed with the delta */
		if (t >= 0 && !fact_at(l->f, (uint32_t)t, &x) && x.entity == CHANCERY_ENT_TREATY &&
		    d < 0)
			add(l, (uint32_t)t, 0);
		else
			add_entity(l, CHANCERY_ENT_TREATY); /* for "did you mean" */
		break;
	}
	case PERSIST_NAMING:
		for (size_t i = 0; i < need->n_parties && i < PERSIST_MAX_PARTIES; i++) {
			if (resolve(l, need->parties[i], &pa) < 0)
				return; /* the parties alone, for "unknown party" */
			add_naming(l, &pa);
		}
		break;
	case PERSIST_SHOW: {
		/* as api_resolve_id: an id first, then a party's name */
		long t = need->id ? find_id(l, need->id) : -1, d = need->id ? delta_index(l, need->id) : -1;
		struct snap_fact x;
		if (d >= 0 && !l->delta->v[d]->retracted &&
		    l->delta->v[d]->entity != CHANCERY_ENT_PERSON)
			break; /* the store's new version, parsed with the delta (what
				* it names: gather_delta_refs) */
		if (t >= 0 && fact_at(l->f, (uint32_t)t, &x))
			return;
		if (t >= 0 && x.entity != CHANCERY_ENT_PARTY && x.entity != CHANCERY_ENT_PERSON) {
			add(l, (uint32_t)t, 0);
		} else if ((t < 0 || x.entity == CHANCERY_ENT_PARTY) &&
			   resolve(l, need->id, &pa) >= 0) {
			add_naming(l, &pa);
		} else {
			for (int e = CHANCERY_ENT_PERSON; e <= CHANCERY_ENT_TREATY; e++)
				add_entity(l, (enum chancery_entity)e);
		}
		break;
	}
	case PERSIST_TREATIES:
		if (need->n_parties) {
			if ((a = resolve(l, need->parties[0], &pa)) >= 0)
				add_list(l, pa.treaties, pa.n_treaties, 0, 0);
		} else {
			add_entity(l, CHANCERY_ENT_TREATY);
		}
		break;
	default: break;
	}
}

int snapfile_load(struct snapfile *f, const struct persist_need *need,
		  const struct snap_delta *delta, chancery_registry *r, const char **why)
{
	static const struct snap_delta none = { "", NULL, 0 };
	struct loader l = { .f = f, .r = r, .buf = STRBUF_INIT, .delta = delta ? delta : &none,
			    .delta_id = HASHMAP_INIT };
	size_t first = 0, actions = 0;
	int rc = 0;

	l.want = xcalloc(f->h.n_facts / 8 + 1, 1);
	l.follows = xcalloc(f->h.n_facts / 8 + 1, 1);
	l.masked = xcalloc(f->h.n_facts / 8 + 1, 1);
	l.parsed = xcalloc(f->h.n_facts / 8 + 1, 1);
	if (mask_delta(&l))
		goto out;
	/* Every party first: names are resolved in them, and they are few. */
	for (uint32_t i = 0; i < f->h.n_parties && !f->why; i++) {
		struct snap_party p;
		if (!party_at(f, i, &p))
			add(&l, p.fact, 0);
	}
	if (f->why || (rc = parse_gathered(&l, 0)))
		goto out;
	if (r->n_parties != f->h.n_parties) {
		fail(f, "its parties differ from the registry's");
		goto out;
	}
	first = l.n;
	l.done = 0;
	close_over(&l); /* the parties' sources */
	/* Every source too: a source's covers lines say where absence is
	 * "no" (docs/coverage.md), whichever facts cite it, and sources are
	 * few beside the events. */
	add_entity(&l, CHANCERY_ENT_SOURCE);
	if (need->kind == PERSIST_CLOSURE) {
		closure_ids(&l, need->with);
	} else {
		gather(&l, need);
	}
	if (l.delta->n && gather_delta_refs(&l))
		goto out;
	close_over(&l);
	l.parse_delta = 1;
	if (f->why || (rc = parse_gathered(&l, first)))
		goto out;
	if (need->kind == PERSIST_CLOSURE) {
		size_t from = l.n;
		closure_dyads(&l, need->with);
		close_over(&l);
		l.parse_delta = 0;
		if (f->why || (l.n > from && (rc = parse_gathered(&l, from))))
			goto out;
	}
	/* Each text defines one entity, and its treaty's actions: no more, no
	 * fewer, or a text is not what its record says. */
	for (size_t i = 0; i < r->n_treaties; i++)
		actions += registry_treaty_actions(r, i)->n;
	if (r->n_parties != l.counts[CHANCERY_ENT_PARTY] ||
	    r->n_persons != l.counts[CHANCERY_ENT_PERSON] ||
	    r->n_sources != l.counts[CHANCERY_ENT_SOURCE] ||
	    r->n_treaties != l.counts[CHANCERY_ENT_TREATY] ||
	    r->n_events != l.counts[CHANCERY_ENT_EVENT] + actions)
		fail(f, "a text defines another entity than its record says");
out:
	free(l.want);
	free(l.follows);
	free(l.masked);
	free(l.parsed);
	hashmap_release(&l.delta_id);
	free(l.todo);
	strbuf_release(&l.buf);
	*why = f->why;
	if (f->why)
		return -CHANCERY_ESTORE;
	return rc;
}
