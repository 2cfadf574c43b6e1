/* import.h: readers of the public data sets (COW and Gleditsch-Ward state
 * lists, manytreaties, the Wikidata missions, the US chiefs of mission,
 * the US guide to recognition and relations, DIPCON, South and North
 * Korea's ties)
 * that turn each row into ledger facts citing the file and the row. An
 * importer writes ledger text into the job's buffer, remembering for
 * each line written the row it came from; the caller parses that text
 * into a registry, checks it, and may run the job again leaving out the
 * rows the check refused (docs/import.md). */
#ifndef IMPORT_IMPORT_H
#define IMPORT_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"
#include "base/hashmap.h"
#include "base/strbuf.h"

enum import_kind {
	IMPORT_STATES = 0, /* a COW or Gleditsch-Ward list, told by its header */
	IMPORT_TREATIES,   /* manytreaties: the parties file, the agreements file */
	IMPORT_MISSIONS,   /* the Wikidata database of embassies */
	IMPORT_ENVOYS,     /* the US chiefs of mission (pocom) */
	IMPORT_RDCR,       /* the Office of the Historian's guide (TEI XML articles) */
	IMPORT_DIPCON,     /* the Diplomatic Contacts Database (Stata .dta) */
	IMPORT_KOREA_TIES, /* South and North Korea's diplomatic ties (kdiplo CSV) */
};

/* One import: its inputs, the ledger text it writes, and what it found. */
struct import_job {
	enum import_kind kind;
	const chancery_registry *known; /* finished: the parties to match; may be NULL */
	const char *iso_path;           /* iso-codes' iso_3166-1.json; NULL: the default */
	/* Called now and then during a long read, and once with done = 1 at
	 * the end of each file (the command line shows it on a terminal);
	 * may be NULL. The library itself prints nothing. */
	void (*progress)(const char *path, size_t rows, int done);

	/* Rows the caller wants left out (a check refused them): a sorted
	 * list of (file number << 32 | line). */
	const uint64_t *skip;
	size_t n_skip;

	struct strbuf out;     /* the generated ledger */
	uint64_t *line_row;    /* generated line (from 1) -> (file << 32 | line) */
	size_t n_lines, alloc_lines;
	char **files;          /* the files read, by number (copies, freed with the job) */
	size_t n_files, alloc_files;

	size_t rows, bad, facts;
	struct chancery_diags *diags; /* bad rows (warnings), unreadable files (errors) */
	struct strbuf unmatched;      /* "code (n rows)" lines of what matched no party */
};

#define IMPORT_JOB_INIT { .out = STRBUF_INIT, .unmatched = STRBUF_INIT }

/* Read the files (paths[0..n)) of the job's kind and write their facts
 * into job->out. Returns 0, or a negative code when a file cannot be read
 * or is not of the kind (an error in job->diags). Bad rows are reported
 * as warnings naming file:line and are left out. */
int import_run(struct import_job *job, const char *const *paths, size_t n);

/* The file and row a generated line came from (0 when it came from none). */
int import_line_row(const struct import_job *job, unsigned line, const char **file,
		    unsigned *row);

void import_job_release(struct import_job *job);

/* ---- shared by the readers (import.c) ---- */

/* Called for each record of a delimited file: its first line, and its
 * fields (NUL-terminated, as read). A negative return stops the read. */
typedef int (*import_row_fn)(void *ctx, unsigned line, char **fields, const size_t *lens,
			     size_t n);

/* Read buf[0..len) as delimited records (RFC 4180 quoting with delim as
 * the separator), with libcsv, after a UTF-8 byte-order mark if it has one.
 * A record with more fields than the first (the header) is a bad row. A quote left open at the end is an error
 * naming path:line; a record with a field that is not UTF-8 is a bad row
 * (a warning, counted in *bad if bad is not NULL) and is not passed on.
 * Returns 0 or -CHANCERY_EINPUT. */
int import_read_delimited(const char *path, const char *buf, size_t len, char delim,
			  import_row_fn fn, void *ctx, struct chancery_diags *d, size_t *bad);

/* Recode Windows-1252 (which Latin-1 files in the wild are: the GW list
 * writes its apostrophe as 0x92) to UTF-8 with iconv. A byte that is not
 * a character is an error naming path:line:col. */
int import_latin1_to_utf8(const char *path, const char *buf, size_t len, struct strbuf *out,
			  struct chancery_diags *d);

/* The index of the column named name in a header record, or -1. */
int import_find_col(char **f, size_t n, const char *name);
/* Is s a ledger id (letters, digits and - _ . :, from a letter or digit)? */
int import_id_ok(const char *s);

/* Has s a character that import_quote keeps, other than a space? (A name
 * of only control characters would be written as "".) */
int import_has_text(const char *s);

/* Write s as a ledger string ("..." with \" and \\ escaped; controls, C1
 * controls and the characters a ledger refuses as deceptive, such as a
 * bidirectional override or U+FEFF, dropped). */
void import_quote(struct strbuf *sb, const char *s, size_t len);

/* Begin a generated line for row (file number, line of the file). */
void import_line(struct import_job *job, unsigned file, unsigned row);
/* Was this row left out by the caller? */
int import_skipped(const struct import_job *job, unsigned file, unsigned row);
/* Report a bad row: a warning at path:line, counted. */
void import_bad(struct import_job *job, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Count a code that matched no party (in seen: code -> rows), and at the
 * end write "WHAT 'CODE': N rows" lines, in code order, into
 * job->unmatched and empty seen. */
void import_unmatched(struct hashmap *seen, const char *code);
void import_unmatched_flush(struct import_job *job, struct hashmap *seen, const char *what);

/* Read a data-set date (YYYY, YYYY-MM, YYYY-MM-DD, with ? ~ and the open
 * marks "..") into EDTF text; 0 on success, -1 when it is not a date.
 * "9999-12-31" (manytreaties' "still open") gives *open = 1. */
int import_edtf(const char *s, size_t len, struct strbuf *out, int *open);

/* ---- the world's codes (codes.c) ---- */

/* A state of the COW or Gleditsch-Ward lists and the party it is. */
struct world_code {
	const char *id; /* the party id: ISO 3166-1 alpha-2, or COW-ABB / GW-ABB */
	int cow, gw;    /* 0 when the state is not in that list */
	uint8_t kind;   /* enum chancery_party_kind */
};
extern const struct world_code world_codes[];
extern const size_t n_world_codes;
const struct world_code *world_by_cow(int cow);
const struct world_code *world_by_gw(int gw);
const struct world_code *world_by_id(const char *id);

/* The party id of a name the data sets use where ISO's differs, or NULL. */
const char *world_alias(const char *name);
/* The state (or partially recognised state) of r with this Wikidata id,
 * or this name (aliases, then names, case-insensitively), or NULL. */
const struct chancery_party *world_find(const chancery_registry *r, const char *qid,
					const char *name);

/* An ISO 3166-1 entry (iso-codes). */
struct iso_country {
	char alpha2[3], alpha3[4], numeric[4];
	char *name, *official, *common;
};
struct iso_table {
	struct iso_country *v;
	size_t n;
};
/* Read iso-codes' iso_3166-1.json with jansson. */
int iso_table_read(struct iso_table *t, const char *path, struct chancery_diags *d);
const struct iso_country *iso_by_alpha2(const struct iso_table *t, const char *a2);
void iso_table_release(struct iso_table *t);
#define ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

/* The readers, one per data set (states.c, treaties.c, missions.c, envoys.c). */
int import_states(struct import_job *job, const char *const *paths, size_t n);
int import_treaties(struct import_job *job, const char *const *paths, size_t n);
int import_missions(struct import_job *job, const char *const *paths, size_t n);
int import_envoys(struct import_job *job, const char *const *paths, size_t n);
/* The relations data sets (issue 17): rdcr.c, dipcon.c, korea.c. */
int import_rdcr(struct import_job *job, const char *const *paths, size_t n);
int import_dipcon(struct import_job *job, const char *const *paths, size_t n);
int import_korea_ties(struct import_job *job, const char *const *paths, size_t n);

/* Shared by the readers: read a whole file (at most 256 MiB). */
int import_read_file(struct import_job *job, const char *path, struct strbuf *sb);
/* The file number of path in job->files (added if new). */
unsigned import_file_number(struct import_job *job, const char *path);
/* The basename of a path (the source id of its facts). */
const char *import_basename(const char *path);
/* Tell job->progress, if any, how far the read of path has come. */
void import_progress(struct import_job *job, const char *path, size_t rows, int done);

#endif
