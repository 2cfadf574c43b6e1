/* snapfile.h: the layout of the snapshot file (docs/snapshot.md) and what
 * its writer and reader share. The file is a cache of the store's current
 * registry: per fact its entity, id and canonical text, an id -> fact hash
 * table, and the query indexes by fact number, so that a query parses only
 * the facts it needs. Every number is little-endian, every offset is
 * relative to the start of its section: the file can be read into memory anywhere. */
#ifndef PERSIST_SNAPFILE_H
#define PERSIST_SNAPFILE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define SNAP_MAGIC "CHNCSNAP"
/* Bump it whenever what the file means changes: its layout, or the rules
 * by which the query layer's snapshot_new builds the indexes it copies
 * (src/query/snapshot.c). The vocabulary is hashed in as well (code_id). */
#define SNAP_FORMAT 1
#define SNAP_BYTE_ORDER 0x01020304u
/* Sections start on a block and are checked a block at a time: a query
 * hashes only the blocks it reads. A block is a page, or less in a small
 * file (less padding: the fuzz target's seeds are small files). */
#define SNAP_BLOCK 4096u
#define SNAP_BLOCK_SMALL 64u
#define SNAP_SMALL_FILE ((uint64_t)1 << 20) /* texts below this: small blocks */
/* Seeds, so that a text's sum cannot pass for a block's. */
#define SNAP_SEED_TEXT 0x74657874u
#define SNAP_SEED_BLOCK 0x626c6f63u
#define SNAP_SEED_ID 0x69642121u
#define SNAP_SEED_HEADER 0x68656164u

enum snap_section {
	SEC_FACTS,     /* struct snap_fact, one per fact, by fact number */
	SEC_TEXTS,     /* the canonical texts, each ending in a newline */
	SEC_IDS,       /* the ids, one after another (no separator) */
	SEC_LISTS,     /* uint32_t fact numbers: every list below points here */
	SEC_PARTIES,   /* struct snap_party, one per party, in registry order */
	SEC_DYADS,     /* struct snap_dyad, sorted by key */
	SEC_IDMAP,     /* struct snap_slot, a power of two of them */
	SEC_KINDS,     /* uint8_t per fact: snap_fact.kind again, dense, so that a
			* list filtered by kind reads a byte per fact, not a record */
	SEC_BLOCKSUMS, /* uint32_t per block of every section but TEXTS */
	SEC__COUNT
};

/* One fact, 48 bytes. */
struct snap_fact {
	uint64_t fid;      /* the store's fact number (fact.fid) */
	uint64_t text_off; /* in SEC_TEXTS */
	uint32_t text_len;
	uint32_t text_sum; /* hash64(text, SNAP_SEED_TEXT), low 32 bits */
	uint32_t id_off;   /* in SEC_IDS */
	uint16_t id_len;
	uint8_t entity; /* enum chancery_entity */
	uint8_t kind;   /* an event's enum chancery_event_kind; 0xff otherwise */
	uint32_t refs, n_refs;     /* in SEC_LISTS: the facts it names (persons,
				    * sources, events; parties are always loaded) */
	uint32_t reacts, n_reacts; /* in SEC_LISTS: the events that react to it
				    * (about=), to any of a treaty's actions */
};

/* One party, 24 bytes, indexed as in the finished registry (by id). */
struct snap_party {
	uint32_t fact;
	uint32_t root;                 /* the party its of= leads to */
	uint32_t events, n_events;     /* snapshot party_events, as facts (of a root) */
	uint32_t treaties, n_treaties; /* snapshot party_treaties, as facts (of a root) */
};

/* One dyad, 16 bytes: the events of the pair of roots (key as in the query
 * snapshot: smaller party index in the high half). */
struct snap_dyad {
	uint64_t key;
	uint32_t events, n_events;
};

/* One slot of the id map: fact + 1 (0: empty) and the top half of the id's
 * hash, so that most probes compare no string. Linear probing. */
struct snap_slot {
	uint32_t fact1;
	uint32_t hash_hi;
};

struct snap_range {
	uint64_t off, size;
};

/* The header, at offset 0. */
struct snap_header {
	char magic[8];
	uint32_t format;
	uint32_t byte_order;
	uint32_t block;   /* the block size: a power of two, 64 to 65536 */
	uint32_t unused;  /* zero */
	uint64_t code_id; /* this chancery's version and vocabulary */
	uint64_t file_size;
	/* the store state the file was built from (chancery_store_state) */
	int64_t max_fid, last_rec;
	uint64_t digest;
	uint32_t n_facts, n_parties, n_dyads, n_slots;
	/* facts of entity e are [ent_first[e], ent_first[e] + ent_count[e]) */
	uint32_t ent_first[6], ent_count[6];
	struct snap_range sec[SEC__COUNT];
	uint64_t blocksums_sum; /* hash64 of SEC_BLOCKSUMS */
	uint64_t header_sum;    /* hash64 of the bytes above */
};

/* The identity of this build's meaning of a file: the format, the version
 * and the vocabulary tables (a new kind or attribute changes it). */
uint64_t snap_code_id(void);

/* The ids fact idx of entity e of r names that a partial registry must
 * hold beside it (persons, sources, events, a treaty's; parties are always
 * loaded), each passed to fn (refs.c). */
typedef void (*snap_ref_fn)(void *ctx, const char *id);
void snap_each_ref(const chancery_registry *r, enum chancery_entity e, size_t idx, snap_ref_fn fn,
		   void *ctx);

/* ---- reading (snapfile_read.c) ---- */

struct snapfile;

enum snap_open_flags {
	/* Skip the checksums (the fuzz target uses it to reach the bounds
	 * checks behind them); never for a user's query. */
	SNAP_NO_SUMS = 1,
	/* Accept the store state in the file, whatever it is (fuzzing). */
	SNAP_ANY_STATE = 2,
};

/* Why a file cannot serve: it is missing, of another format or build, of
 * another store state, or corrupt. */
enum snap_status { SNAP_OK = 0, SNAP_MISSING, SNAP_OTHER_VERSION, SNAP_STALE, SNAP_CORRUPT };

/* Open the file at path (read with pread as needed) or the bytes buf[0..len) (path NULL; they
 * must outlive the handle) for the store state `state`. Returns SNAP_OK
 * and a handle in *out, or another status with a reason in *why (static
 * text, or the handle's until it is closed). */
enum snap_status snapfile_open(const char *path, const void *buf, size_t len,
			       const struct chancery_store_state *state, unsigned flags,
			       struct snapfile **out, const char **why);
void snapfile_close(struct snapfile *f);

/* The store state the file was built from. */
void snapfile_state(const struct snapfile *f, struct chancery_store_state *out);

/* What a query needs (persist.h names the kinds). */
struct persist_need;

/* What the store recorded after the file's state (persist.c): the latest
 * version of each id written since, retractions included, in the order
 * they were written. No party: a party's change can move the roots the
 * file's lists are kept by, and the file is then rebuilt instead. */
struct snap_delta {
	const char *buf; /* the texts (text_off, text_len of each) */
	const struct chancery_store_change *const *v;
	size_t n;
};

/* Parse into the empty registry r the facts need asks for and every fact
 * they name, and finish it: the file's facts, less those delta replaces,
 * and every fact of delta (few: they answer as if they were indexed).
 * Returns 0; SNAP_CORRUPT's -CHANCERY_ESTORE with the reason in *why when
 * a checksum or bound fails (r is then to be thrown away), or when delta
 * names an id the file cannot give (*why says so: the store answers
 * instead). */
int snapfile_load(struct snapfile *f, const struct persist_need *need,
		  const struct snap_delta *delta, chancery_registry *r, const char **why);

/* Read every block and text of the file: 0, or -CHANCERY_ESTORE with the
 * reason in *why. */
int snapfile_verify(struct snapfile *f, const char **why);

/* Counts for a report: facts, bytes. */
void snapfile_stats(const struct snapfile *f, size_t *facts, size_t *bytes);

/* ---- writing (snapfile_write.c) ---- */

/* Write the file for the finished registry r, loaded from the store texts
 * t, to path (through a temporary file renamed over it). Returns 0, or a
 * negative code with a message in diags. */
int snapfile_write(const char *path, const chancery_registry *r,
		   const struct chancery_store_texts *t, struct chancery_diags *diags);

#endif
