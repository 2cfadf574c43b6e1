/* chancery.h: the one public header of libchancery, a registry of the
 * relations between states kept as dated, sourced facts.
 *
 * Flow: ledger text -> chancery_ledger_parse_*() -> struct chancery_registry
 * -> chancery_check() -> chancery_store_import() (SQLite) -> ... and back
 * with chancery_store_load() and chancery_ledger_write().
 *
 * Conventions: functions return 0 on success or a negative CHANCERY_E*
 * code; messages go to a caller's struct chancery_diags. Strings handed
 * out by the registry live as long as the registry; the caller never
 * frees them. Every function that returns allocated memory says who frees.
 */
#ifndef CHANCERY_H
#define CHANCERY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version, the one place it is written (CMakeLists.txt reads it
 * from here): CHANCERY_VERSION_NUMBER is major * 10000 + minor * 100 +
 * patch, for #if; chancery_version() is the number of the library a
 * program runs with, which may be newer than the header it was built with. */
#define CHANCERY_VERSION_MAJOR 0
#define CHANCERY_VERSION_MINOR 1
#define CHANCERY_VERSION_PATCH 0
#define CHANCERY_STRINGIFY_(x) #x
#define CHANCERY_STRINGIFY(x) CHANCERY_STRINGIFY_(x)
#define CHANCERY_VERSION                                                    \
	CHANCERY_STRINGIFY(CHANCERY_VERSION_MAJOR) "." CHANCERY_STRINGIFY(   \
		CHANCERY_VERSION_MINOR) "." CHANCERY_STRINGIFY(CHANCERY_VERSION_PATCH)
#define CHANCERY_VERSION_NUMBER \
	(CHANCERY_VERSION_MAJOR * 10000 + CHANCERY_VERSION_MINOR * 100 + CHANCERY_VERSION_PATCH)

int chancery_version(void);
const char *chancery_version_string(void);

/* Error codes (negated when returned). */
enum chancery_error {
	CHANCERY_OK = 0,
	CHANCERY_EINPUT = 1,  /* the input is invalid; diagnostics say where */
	CHANCERY_EIO = 2,     /* a file could not be read or written */
	CHANCERY_ESTORE = 3,  /* the SQLite store failed */
	CHANCERY_ENOTFOUND = 4,
	CHANCERY_ENOMEM = 5,
};

/* ---- Dates ---------------------------------------------------------- */

/* Answers that dates can give: imprecise dates make some "uncertain". */
enum chancery_tri { CHANCERY_NO = 0, CHANCERY_YES = 1, CHANCERY_UNCERTAIN = 2 };

enum chancery_precision {
	CHANCERY_PREC_NONE = 0, /* no date at all ("undated") */
	CHANCERY_PREC_YEAR,
	CHANCERY_PREC_MONTH,
	CHANCERY_PREC_DAY,
};

enum chancery_qualifier {
	CHANCERY_Q_UNCERTAIN = 1,   /* '?' */
	CHANCERY_Q_APPROXIMATE = 2, /* '~'; both together are written '%' */
};

/* One end of a date as written. */
struct chancery_datepoint {
	int16_t year;       /* 1..9999; with unspecified digits, the lowest year */
	uint8_t month;      /* 1..12, 0 when absent or unspecified */
	uint8_t day;        /* 1..31, 0 when absent or unspecified */
	uint8_t precision;  /* enum chancery_precision of what is written */
	uint8_t qualifiers; /* enum chancery_qualifier bits */
	uint8_t year_x;     /* how many trailing year digits are 'X' (0..3) */
	uint8_t mday_x;     /* bit 1: month is "XX", bit 2: day is "XX" */
	uint8_t open;       /* interval ends only: 1 = "..", 2 = empty */
};

enum chancery_date_form {
	CHANCERY_DATE_NONE = 0, /* "undated" */
	CHANCERY_DATE_POINT,    /* one date, of any precision */
	CHANCERY_DATE_INTERVAL, /* start/end */
};

#define CHANCERY_DAY_MIN INT32_MIN
#define CHANCERY_DAY_MAX INT32_MAX

/* A date as written, with the range of days it may stand for. Days are
 * counted from 1970-01-01 (day 0) in the proleptic Gregorian calendar.
 * For "undated", lo = CHANCERY_DAY_MIN and hi = CHANCERY_DAY_MAX. */
struct chancery_date {
	uint8_t form; /* enum chancery_date_form */
	struct chancery_datepoint start;
	struct chancery_datepoint end; /* intervals only */
	int32_t lo, hi;                /* earliest and latest possible day */
};

/* Parse an EDTF date (see docs/ledger.md) from s[0..len). On success fill
 * *out and return 0. On failure return -CHANCERY_EINPUT, set *why to a
 * static message (lower case, no full stop, e.g. "expected a month 01-12")
 * and *where to the byte offset in s of the offending character. */
int chancery_date_parse(const char *s, size_t len, struct chancery_date *out,
			const char **why, size_t *where);

/* A complete message for a failed chancery_date_parse of s[0..len): the
 * parse's `why`, made specific where it helps ("day 30 does not exist in
 * 2009-02"), followed by " in date '...'" otherwise. Writes into buf like
 * snprintf and returns buf. */
const char *chancery_date_explain(const char *s, size_t len, const char *why, size_t where,
				  char *buf, size_t size);

/* Write the canonical EDTF text of d into buf (at most size bytes with
 * the NUL); returns the length it needs, like snprintf. 64 bytes always
 * suffice. */
size_t chancery_date_format(const struct chancery_date *d, char *buf, size_t size);

/* Has the dated thing happened by the end of `day`?  YES if its latest
 * possible day is <= day, NO if its earliest is > day, else UNCERTAIN. */
enum chancery_tri chancery_date_by(const struct chancery_date *d, int32_t day);

/* Is a definitely before b (every day of a before every day of b)? YES,
 * NO (every day of a on or after every day of b), else UNCERTAIN. */
enum chancery_tri chancery_date_before(const struct chancery_date *a,
				       const struct chancery_date *b);

/* Total order for sorting: lo, then hi, then precision (coarser first),
 * then the written fields, with undated last; 0 exactly when both are
 * written the same. Returns <0, 0, >0. */
int chancery_date_cmp(const struct chancery_date *a, const struct chancery_date *b);

/* Day numbers to and from calendar dates. ymd_valid is 1 for a real day. */
int32_t chancery_day_from_ymd(int year, int month, int day);
void chancery_day_to_ymd(int32_t day, int *year, int *month, int *dayofmonth);
int chancery_ymd_valid(int year, int month, int day);

/* Is d exactly one day, written without a qualifier ("2009-06-01", not
 * "2009", "2009-06" or "2009-06-01?")? The as-of questions need one. */
int chancery_date_is_day(const struct chancery_date *d);

/* A single day as a date of day precision. The struct holds years 1 to
 * 9999: a day outside keeps its lo/hi but is written as the nearest year
 * there; to write a computed day, use chancery_day_format. */
struct chancery_date chancery_date_from_day(int32_t day);

/* A day as ISO 8601 text, the one rule for every output: "2011-10-06";
 * a year after 9999 in ISO 8601's expanded form, "+10009-12-31", and one
 * before year 1 as "0000-..." (1 BC) or "-0001-...". The open ends
 * CHANCERY_DAY_MIN and CHANCERY_DAY_MAX give "". Writes into buf like
 * snprintf (24 bytes always suffice) and returns buf. */
const char *chancery_day_format(int32_t day, char *buf, size_t size);

/* ---- Diagnostics ---------------------------------------------------- */

enum chancery_severity { CHANCERY_WARNING = 1, CHANCERY_ERROR = 2 };

struct chancery_diag {
	enum chancery_severity severity;
	const char *file; /* a copy; may be NULL for messages about arguments */
	unsigned line, col;
	char *message;   /* "unknown party 'XX'" */
	char *line_text; /* the source line, for the caret display; may be NULL */
};

/* A list of diagnostics; zero-initialise it (CHANCERY_DIAGS_INIT). */
struct chancery_diags {
	struct chancery_diag *v;
	size_t n, alloc;
	size_t errors, warnings;
};
#define CHANCERY_DIAGS_INIT { 0 }

void chancery_diags_add(struct chancery_diags *d, enum chancery_severity sev,
			const char *file, unsigned line, unsigned col,
			const char *line_text, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Print "file:line:col: error: message", the line and a caret. */
void chancery_diags_print(const struct chancery_diags *d, FILE *out);
void chancery_diags_release(struct chancery_diags *d);

/* ---- The registry: parties, persons, sources, events, treaties ------ */

struct chancery_loc {
	const char *file; /* as given to the parser; NULL when from the store */
	uint32_t line;
};

/* A list of ids (parties, persons, sources). */
struct chancery_ids {
	const char **v;
	uint32_t n;
};

enum chancery_party_kind {
	CHANCERY_PARTY_STATE = 0,
	CHANCERY_PARTY_PARTIALLY_RECOGNISED,
	CHANCERY_PARTY_ORGANISATION,
	CHANCERY_PARTY_GROUP,
	CHANCERY_PARTY_ORGAN,
	CHANCERY_PARTY_TERRITORY,
};

struct chancery_party {
	const char *id, *name, *short_name, *adjective;
	enum chancery_party_kind kind;
	const char *iso2, *iso3, *wikidata, *of; /* NULL when absent */
	int cow;                                 /* 0 when absent */
	struct chancery_date from, to;           /* form NONE when absent */
	struct chancery_ids sources;
	const char *note;
	struct chancery_loc loc;
	/* Grammar for prose (docs/ledger.md, "party"): "the" or "none" before
	 * the name used in running text; NULL: the default rule. */
	const char *article;
	/* The world (issue 12): the Gleditsch-Ward code and the ISO 3166-1
	 * numeric code ("004"); 0 / NULL when absent. */
	int gw;
	const char *isonum;
};

struct chancery_office {
	const char *title, *of;
	struct chancery_date from, to;
	struct chancery_ids sources;
};

struct chancery_person {
	const char *id, *name, *wikidata;
	struct chancery_office *offices;
	uint32_t n_offices;
	struct chancery_ids sources;
	const char *note;
	struct chancery_loc loc;
};

/* The kinds of fact a source may declare it lists completely. */
enum chancery_fact_kind {
	CHANCERY_FACT_RECOGNITION = 1 << 0,
	CHANCERY_FACT_RELATIONS = 1 << 1,
	CHANCERY_FACT_MISSIONS = 1 << 2,
	CHANCERY_FACT_ENVOYS = 1 << 3,
	CHANCERY_FACT_MEMBERSHIP = 1 << 4,
};

/* What a source declares it lists completely (a `covers` line of its
 * block, docs/coverage.md): inside this scope a fact of these kinds that
 * the registry does not hold did not happen, so absence is "no (per the
 * source)" there and "not recorded" everywhere else. */
struct chancery_coverage {
	unsigned facts;               /* enum chancery_fact_kind bits */
	struct chancery_ids by, with; /* the acting side and the other; n = 0: all */
	const char *mission_type;     /* missions: only this type; NULL: any */
	const char *members;          /* "cow" or "gw": only between members of
				       * that state system on the day; NULL */
	struct chancery_date from, to; /* the period, each end taken whole */
	const char *note;
	struct chancery_loc loc; /* the covers line */
};

struct chancery_source {
	const char *id, *title, *publisher, *url;
	struct chancery_date date, accessed;
	const char *note;
	struct chancery_loc loc;
	struct chancery_coverage *covers; /* what it lists completely */
	uint32_t n_covers;
};

/* Event kinds; the table in src/model/vocab.c gives each its name, arguments and
 * attributes. Treaty actions come last. */
enum chancery_event_kind {
	CHANCERY_EV_DECLARE_INDEPENDENCE = 0,
	CHANCERY_EV_RECOGNISE,
	CHANCERY_EV_WITHDRAW_RECOGNITION,
	CHANCERY_EV_MOTION,
	CHANCERY_EV_DECREE,
	CHANCERY_EV_DECLARE,
	CHANCERY_EV_ESTABLISH_RELATIONS,
	CHANCERY_EV_CHANGE_RELATIONS,
	CHANCERY_EV_SUSPEND_RELATIONS,
	CHANCERY_EV_SEVER_RELATIONS,
	CHANCERY_EV_RESTORE_RELATIONS,
	CHANCERY_EV_ANNOUNCE_MISSION,
	CHANCERY_EV_OPEN_MISSION,
	CHANCERY_EV_CLOSE_MISSION,
	CHANCERY_EV_APPOINT_ENVOY,
	CHANCERY_EV_PRESENT_CREDENTIALS,
	CHANCERY_EV_END_ENVOY,
	CHANCERY_EV_REACT,
	CHANCERY_EV_ARMED_CONFLICT,
	/* contested and switched recognition; membership of organisations */
	CHANCERY_EV_DENY_RECOGNITION,
	CHANCERY_EV_REAFFIRM_RECOGNITION,
	CHANCERY_EV_SWITCH_RECOGNITION,
	CHANCERY_EV_JOIN_ORGANISATION,
	CHANCERY_EV_LEAVE_ORGANISATION,
	/* The world (issue 12): a state enters or leaves a state system
	 * (system=cow or gw), as the COW and Gleditsch-Ward lists date it. */
	CHANCERY_EV_ENTER_SYSTEM,
	CHANCERY_EV_EXIT_SYSTEM,
	/* treaty actions */
	CHANCERY_EV_SIGN,
	CHANCERY_EV_RATIFY,
	CHANCERY_EV_ACCEDE,
	CHANCERY_EV_APPROVE,
	CHANCERY_EV_ACCEPT,
	CHANCERY_EV_NOTIFY,
	CHANCERY_EV_EXCHANGE,
	CHANCERY_EV_APPLY_PROVISIONALLY,
	CHANCERY_EV_ENTER_INTO_FORCE,
	CHANCERY_EV_SUSPEND,
	CHANCERY_EV_DENOUNCE,
	CHANCERY_EV_TERMINATE,
	CHANCERY_EV_RATIFY_STEP, /* a dated step of a party's ratification */
	CHANCERY_EV_EXTEND,      /* an extension of the term agreed by the parties */
	CHANCERY_EV__COUNT
};

/* The name of a kind as the ledger writes it ("recognise"), or NULL. */
const char *chancery_event_kind_name(enum chancery_event_kind k);
/* The kind named s, or -1. */
int chancery_event_kind_from_name(const char *s);
/* Is k a treaty action? */
int chancery_event_kind_is_treaty_action(enum chancery_event_kind k);

struct chancery_event {
	const char *id;
	enum chancery_event_kind kind;
	struct chancery_date date;
	const char *treaty;   /* treaty actions: the treaty's id */
	const char *person;   /* envoy events: the envoy */
	const char *actor;    /* the party that acts (A of "A recognises B"), or
			       * the party of a treaty action; NULL = all */
	const char *target;   /* the other party, or the host */
	/* attributes, NULL / empty when absent */
	const char *instrument, *place, *level, *mission_type, *city, *rank,
		*stance, *about, *text, *note;
	const char *by, *to, *from_party; /* person, person, party */
	struct chancery_date effect;      /* denounce: recorded effect date */
	struct chancery_ids persons;      /* participants */
	struct chancery_ids subject;      /* parties it is about */
	struct chancery_ids sources;
	uint8_t auto_id; /* 1 when the id was generated, not written */
	struct chancery_loc loc;
	const char *system; /* enter-system, exit-system: "cow" or "gw" */
};

/* A duration such as 49y, 6m or 30d; n = 0 means absent. */
struct chancery_duration {
	int32_t n;
	char unit; /* 'y', 'm' or 'd' */
};

enum chancery_force_rule {
	CHANCERY_FORCE_UNKNOWN = 0, /* no force line */
	CHANCERY_FORCE_ON_SIGNATURE,
	CHANCERY_FORCE_LAST_RATIFICATION,
	CHANCERY_FORCE_EXCHANGE,
	CHANCERY_FORCE_NTH_RATIFICATION,
	CHANCERY_FORCE_DATE,
};

struct chancery_provision {
	const char *text, *party;
	struct chancery_date from; /* form NONE with from_force = 1: "from=force" */
	uint8_t from_force;
};

struct chancery_treaty {
	const char *id, *title;
	struct chancery_ids parties;
	enum chancery_force_rule force;
	int32_t force_n;                 /* nth-ratification: n */
	struct chancery_duration force_after;
	struct chancery_date force_date; /* force date=... */
	struct chancery_duration term, renew, notice;
	uint8_t term_indefinite;
	struct chancery_provision *provisions;
	uint32_t n_provisions;
	struct chancery_ids sources;
	const char *note; /* note="..." or the block's note line */
	struct chancery_loc loc;
	/* term ... extend=5y: the term may be extended by agreement of the
	 * parties, by this much each time an extend action is recorded
	 * (renew= is automatic renewal) */
	struct chancery_duration extend;
	/* As the treaty data sets give them (issue 17): the kind of
	 * instrument ("Agreement", "Protocol"), where it was signed, and
	 * who keeps its instruments; NULL when absent. */
	const char *type, *place, *depositary;
};

/* The registry: everything parsed or loaded, indexed by id. */
typedef struct chancery_registry chancery_registry;

/* A new empty registry. Free it with chancery_registry_free(). */
chancery_registry *chancery_registry_new(void);
void chancery_registry_free(chancery_registry *r);

size_t chancery_registry_party_count(const chancery_registry *r);
const struct chancery_party *chancery_registry_party(const chancery_registry *r, size_t i);
size_t chancery_registry_person_count(const chancery_registry *r);
const struct chancery_person *chancery_registry_person(const chancery_registry *r, size_t i);
size_t chancery_registry_source_count(const chancery_registry *r);
const struct chancery_source *chancery_registry_source(const chancery_registry *r, size_t i);
/* Events, in canonical order once chancery_registry_finish() has run. */
size_t chancery_registry_event_count(const chancery_registry *r);
const struct chancery_event *chancery_registry_event(const chancery_registry *r, size_t i);
size_t chancery_registry_treaty_count(const chancery_registry *r);
const struct chancery_treaty *chancery_registry_treaty(const chancery_registry *r, size_t i);

/* What an id names. */
enum chancery_entity {
	CHANCERY_ENT_NONE = 0,
	CHANCERY_ENT_PARTY,
	CHANCERY_ENT_PERSON,
	CHANCERY_ENT_SOURCE,
	CHANCERY_ENT_EVENT,
	CHANCERY_ENT_TREATY,
};
const char *chancery_entity_name(enum chancery_entity e); /* "party", ... */

/* Look an id up; returns its kind and sets *index (may be NULL). */
enum chancery_entity chancery_registry_lookup(const chancery_registry *r, const char *id,
					      size_t *index);

/* Find a party by id, ISO 3166 code (alpha-2 or alpha-3), Wikidata id, name
 * or short name, case-insensitively. NULL if none. */
const struct chancery_party *chancery_registry_find_party(const chancery_registry *r,
							  const char *name);

/* Up to max parties whose names are nearest to name (edit distance), best
 * first; returns how many were written to out. For "did you mean". */
size_t chancery_registry_suggest_parties(const chancery_registry *r, const char *name,
					 const struct chancery_party **out, size_t max);

/* ---- The ledger ----------------------------------------------------- */

/* Parse ledger text into r. `name` is used in diagnostics and to resolve
 * includes (relative to its directory). Errors and warnings are appended
 * to diags; the parser goes on after an error. Returns 0, or
 * -CHANCERY_EINPUT if any error was found (r then holds what did parse and
 * must not be stored). Call chancery_registry_finish() after the last
 * parse. */
int chancery_ledger_parse_buffer(chancery_registry *r, const char *name, const char *buf,
				 size_t len, struct chancery_diags *diags);
int chancery_ledger_parse_file(chancery_registry *r, const char *path,
			       struct chancery_diags *diags);

/* How a parse may read files (docs/ledger.md, "Includes"). Zero-initialise
 * it; every zero field means its default. */
struct chancery_parse_opts {
	/* Includes must resolve, symbolic links followed, inside this directory.
	 * NULL: the directory of the file parsed (for a buffer, the directory
	 * of its name, else the working directory). */
	const char *include_root;
	/* The most bytes an include tree may read in all, the top file
	 * included; 0: CHANCERY_PARSE_MAX_INPUT. */
	size_t max_input;
	unsigned flags; /* enum chancery_parse_flags */
};
#define CHANCERY_PARSE_MAX_INPUT ((size_t)2 << 30) /* 2 GiB */

enum chancery_parse_flags {
	/* An include line is an error: the text is facts, not directives (the
	 * store's canonical texts are parsed so). */
	CHANCERY_PARSE_NO_INCLUDES = 1,
};

/* chancery_ledger_parse_buffer and _file with options; opts may be NULL. */
int chancery_ledger_parse_buffer_opts(chancery_registry *r, const char *name, const char *buf,
				      size_t len, const struct chancery_parse_opts *opts,
				      struct chancery_diags *diags);
int chancery_ledger_parse_file_opts(chancery_registry *r, const char *path,
				    const struct chancery_parse_opts *opts,
				    struct chancery_diags *diags);

/* Finish a registry after parsing: give ids to events written without one,
 * sort events into canonical order, build the indexes. Idempotent. */
int chancery_registry_finish(chancery_registry *r, struct chancery_diags *diags);

/* Write the whole registry in canonical form. Returns 0 or -CHANCERY_EIO. */
int chancery_ledger_write(const chancery_registry *r, FILE *out);

enum chancery_write_flags {
	/* Write every event id, even one equal to its generated id. The store
	 * keeps texts written so, so that an id once recorded never moves. */
	CHANCERY_WRITE_ALL_IDS = 1,
};

/* Write one entity's canonical text (a party line, a person block, a
 * treaty block with its actions, an event line), ending in a newline,
 * into a new NUL-terminated string. Treaty actions are written only inside
 * their treaty's block. It is the caller's responsibility to free the
 * returned buffer. */
char *chancery_ledger_entity_text(const chancery_registry *r, enum chancery_entity e,
				  size_t index, unsigned flags);

/* ---- Checks ----------------------------------------------------------- */

/* Semantic checks (docs/checks.md): unknown ids, events before a party
 * existed, ratification before signature, ... Appends to diags; returns 0
 * or -CHANCERY_EINPUT when any error was found (warnings do not fail). */
int chancery_check(const chancery_registry *r, struct chancery_diags *diags);

/* ---- The store -------------------------------------------------------- */

typedef struct chancery_store chancery_store;

enum chancery_store_flags {
	CHANCERY_STORE_CREATE = 1,   /* create the file and schema if missing */
	CHANCERY_STORE_READONLY = 2,
	/* messages call the store STORE, never by its path or URL: for
	 * answers to clients of the HTTP server (SECURITY.md) */
	CHANCERY_STORE_UNNAMED = 4,
};

/* Open (and with CREATE, initialise) the SQLite store at path. On failure
 * returns a negative code and appends a message to diags. */
int chancery_store_open(const char *path, unsigned flags, chancery_store **out,
			struct chancery_diags *diags);
void chancery_store_close(chancery_store *s);

struct chancery_import_opts {
	const char *author;      /* who records; required */
	const char *recorded_at; /* ISO 8601 UTC timestamp; NULL = now. Record
				  * times never go back: one earlier than the
				  * store's last record is refused, and so is one
				  * more than 5 minutes ahead of this machine's
				  * clock (docs/schema.md). */
	const char *origin;      /* e.g. the file imported, for the audit trail */
	int sync;                /* 1: retract what the registry no longer has */
	int dry_run;             /* 1: count changes, store nothing */
	/* Check the registry with what the store holds, inside the import's
	 * write transaction, so that no other import can change the store
	 * between the check and the writes: the store's current facts whose
	 * ids the registry lacks are added to a copy for the check (the files
	 * may name parties recorded earlier; with sync, the registry alone is
	 * checked). A non-zero return refuses the import. Only the registry's
	 * own facts are ever written. NULL: no check. Pass chancery_check. */
	int (*check)(const chancery_registry *merged, struct chancery_diags *diags);
	/* The store's facts the check needs beside the registry, found
	 * through indexes instead of reading every fact, so that an edit costs
	 * what it touches: *out gets a finished registry of the store's current
	 * facts the registry's facts touch (their ids' versions, dyads, what
	 * they name, the reactions to them) and 0 is returned; or 1 when it
	 * cannot say, and the whole store is read. Called under the write lock,
	 * for an import of few facts that changes no party or person and holds
	 * no assertion. NULL: the whole store, always. */
	int (*context)(chancery_store *s, const chancery_registry *r, chancery_registry **out,
		       void *ctx, struct chancery_diags *diags);
	void *context_ctx;
	int full; /* 1: read and check the whole store, as without context */
};

struct chancery_import_stats {
	size_t added, changed, unchanged, retracted;
	int partial; /* 1: checked with the facts it touches (opts->context) */
};

/* Record r in the store as one transaction: new ids are added, changed
 * ones get a new version that supersedes the old, identical ones are left.
 * The write lock is taken first, the check (opts->check) runs under it,
 * and every text about to be written is parsed back and must come out the
 * same (the round-trip promise: an accepted fact always loads back), so
 * concurrent imports cannot lose each other's updates and nothing is
 * written on any failure; -CHANCERY_EINPUT when the check or the round
 * trip refuses (diagnostics name each fact). The check's diagnostics that
 * the store gave before the import (a warning about a fact it already
 * held) are not repeated: only what the import adds is reported. */
int chancery_store_import(chancery_store *s, const chancery_registry *r,
			  const struct chancery_import_opts *opts,
			  struct chancery_import_stats *stats, struct chancery_diags *diags);

/* Load the registry as it stood at record time known_on (ISO 8601
 * timestamp, or a date meaning the end of that day UTC; NULL = now) into
 * the empty registry r, finished. */
int chancery_store_load(chancery_store *s, const char *known_on, chancery_registry *r,
			struct chancery_diags *diags);

/* ---- As of a date (docs/queries.md) -------------------------------- */

/* Today (UTC) as a day number. */
int32_t chancery_today(void);

/* A source's covers line (docs/coverage.md): source NULL when none. */
struct chancery_covered {
	const struct chancery_source *source;
	const struct chancery_coverage *line;
};

/* The covers line that makes the absence of a fact of kind `fact` (a
 * CHANCERY_FACT_* bit) done by party `by` to party `with` (ids) on day a
 * "no": for relations either way round; mission_type narrows a question
 * about missions to one type (NULL: any mission). source NULL: none. */
struct chancery_covered chancery_coverage_find(const chancery_registry *r, unsigned fact,
					       const char *by, const char *with, int32_t day,
					       const char *mission_type);

/* The covers lines that can bear on the dyad of a and b (ids): those
 * whose sides name them or "all", on any day, in source order. With b
 * NULL, those about party a: that name it on a side, or "all" on both;
 * with a NULL too, every line. Returns a new array (the caller frees it)
 * of *n. */
struct chancery_covered *chancery_coverage_lines(const chancery_registry *r, const char *a,
						 const char *b, size_t *n);

/* What folding a chain of events gives on a day: the definite state, and
 * where an event that may have happened by then would change it, the
 * possible other state. The states' meaning depends on the chain (enums
 * below). */
struct chancery_fold {
	int state;                           /* the definite state */
	int possible;                        /* the other possible state, when uncertain */
	uint8_t uncertain;                   /* 1: the dates allow both */
	uint8_t implied;                     /* recognition implied by relations */
	const char *level;                   /* relations: the level of the definite state */
	const char *possible_level;          /* relations: the level of the possible state */
	const struct chancery_event *since;  /* the event that set the definite state */
	const struct chancery_event *maybe;  /* the event that may change it */
	const struct chancery_event **events; /* every event of the chain happened or maybe */
	uint32_t n_events;
	/* recognition: the possible state "yes" is implied by `maybe`, a
	 * withdrawal with no recorded recognition before it (date unknown) */
	uint8_t possible_implied;
	uint32_t n_chain; /* events of the chain on record, on any day: 0 is
			   * "nothing recorded", not "no" */
	/* Where no event of the chain has happened by the day: the covers
	 * line that makes the absence "no" (docs/coverage.md); none: "not
	 * recorded". */
	struct chancery_covered covered;
	const struct chancery_party *absent; /* a party of the chain that does
					      * not exist on the day: "no" */
	uint8_t horizon; /* envoys: in post for all the registry says, but
			  * past the horizon with no end recorded: uncertain */
	/* envoys: the successor whose credentials end the posting (the
	 * event that set "ended", or may) */
	const struct chancery_event *successor;
};

/* Four answers, never two (docs/coverage.md): what a fold says of its
 * question (does A recognise B, have they relations, is the mission open,
 * is the envoy in post). */
enum chancery_answer {
	CHANCERY_ANSWER_NOT_RECORDED = 0,
	CHANCERY_ANSWER_YES,
	CHANCERY_ANSWER_NO,       /* a fact says so, or a covering source */
	CHANCERY_ANSWER_UNCERTAIN, /* the dates allow yes and no */
};
/* The answer of a fold of chain "recognition", "relations", "mission" or
 * "envoy". */
enum chancery_answer chancery_fold_answer(const char *chain, const struct chancery_fold *f);
/* "not-recorded", "yes", "no", "uncertain" */
const char *chancery_answer_name(enum chancery_answer a);
/* The word for a state of fold f (its definite or its possible one):
 * chancery_state_name's, but "not-recorded" for the state before any
 * event ("no", "none") where neither a fact nor a covering source says
 * it (docs/coverage.md). */
const char *chancery_fold_state_name(const char *chain, const struct chancery_fold *f, int state);

enum chancery_recognition_state {
	CHANCERY_REC_NO = 0, CHANCERY_REC_YES, CHANCERY_REC_WITHDRAWN,
	CHANCERY_REC_DENIED, /* its government denies the recognition reported */
};
enum chancery_relations_state {
	CHANCERY_REL_NONE = 0, CHANCERY_REL_ESTABLISHED, CHANCERY_REL_SUSPENDED,
	CHANCERY_REL_SEVERED,
};
enum chancery_mission_state {
	CHANCERY_MISSION_NONE = 0, CHANCERY_MISSION_ANNOUNCED, CHANCERY_MISSION_OPEN,
	CHANCERY_MISSION_CLOSED,
};
enum chancery_envoy_state {
	CHANCERY_ENVOY_NONE = 0, CHANCERY_ENVOY_APPOINTED, CHANCERY_ENVOY_IN_POST,
	CHANCERY_ENVOY_ENDED,
};
/* "no", "yes", "withdrawn", "denied", "established", "in-post", ... */
const char *chancery_state_name(const char *chain, int state);

/* ---- The state of a dyad (src/query/asof.c) ---- */

struct chancery_mission_status {
	const char *sender, *host, *type, *city; /* city: the latest recorded */
	struct chancery_fold fold;               /* enum chancery_mission_state */
};

struct chancery_envoy_status {
	const char *person, *sender, *receiver, *rank;
	struct chancery_fold fold; /* enum chancery_envoy_state */
};

struct chancery_dyad_status {
	int32_t on;
	const struct chancery_party *a, *b;   /* as given (organs are resolved to their state) */
	struct chancery_fold recognition[2];  /* [0]: a recognises b; [1]: b recognises a */
	struct chancery_fold relations;       /* enum chancery_relations_state */
	struct chancery_mission_status *missions; /* each side's missions in the other */
	size_t n_missions;
	struct chancery_envoy_status *envoys;
	size_t n_envoys;
	struct chancery_treaty_status **treaties; /* treaties with both as parties */
	size_t n_treaties;
	/* The covers lines that make "no mission" and "no envoy" an answer on
	 * the day, for a's in b ([0]) and b's in a ([1]): a line of one type
	 * of mission (DIPCON's embassies) says so in line->mission_type. */
	struct chancery_covered no_missions[2], no_envoys[2];
	/* Every covers line that bears on the dyad, on any day
	 * (chancery_coverage_lines): what the answers above may rest on. */
	struct chancery_covered *coverage;
	size_t n_coverage;
	const struct chancery_event **reactions;  /* third parties' reactions, happened or maybe */
	size_t n_reactions;
	const struct chancery_event **events;     /* the dyad's events, for timelines */
	size_t n_events;
};

/* The state of the relations of parties a and b (ids) on day. Returns 0
 * and a new status the caller frees with chancery_dyad_status_free(), or
 * -CHANCERY_ENOTFOUND when a or b is not a party. */
int chancery_dyad_status(const chancery_registry *r, const char *a, const char *b, int32_t day,
			 struct chancery_dyad_status **out);
void chancery_dyad_status_free(struct chancery_dyad_status *s);

/* Recognition each way and diplomatic relations of one dyad: the part of
 * its status a dyad-year panel needs. */
struct chancery_dyad_brief {
	const struct chancery_party *a, *b; /* states (roots), a before b in id order */
	struct chancery_fold recognition[2]; /* [0]: a recognises b; [1]: b recognises a */
	struct chancery_fold relations;
};
/* Called for each dyad; a non-zero return stops the walk and is returned. */
typedef int (*chancery_dyad_fn)(const struct chancery_dyad_brief *d, void *ctx);

/* Every dyad with at least one event between the two, on day, in one pass
 * over the dyad index (the same rules as chancery_dyad_status). The brief
 * lives only during the call. Returns 0 or what fn returned. */
int chancery_dyads_on(const chancery_registry *r, int32_t day, chancery_dyad_fn fn, void *ctx);

/* Every party with a recognition of x on record (recognise, withdraw, or
 * relations implying it), and its state on day, in id order. */
struct chancery_recognizer {
	const struct chancery_party *party;
	struct chancery_fold fold; /* enum chancery_recognition_state */
};
int chancery_recognitions(const chancery_registry *r, const char *x, int32_t day,
			  struct chancery_recognizer **out, size_t *n);
void chancery_recognizers_free(struct chancery_recognizer *v, size_t n);

/* The count of parties recognising x at every day it changes: a point for
 * each day on which the definite count or the number of uncertain ones
 * differs from the day before. */
struct chancery_series_point {
	int32_t day;
	int count;     /* recognising for certain */
	int uncertain; /* may be recognising, or may have withdrawn */
};
int chancery_recognition_series(const chancery_registry *r, const char *x,
				struct chancery_series_point **out, size_t *n);

/* ---- Treaty status (src/query/treaty.c) ---- */

/* A computed date: the range of days it may be, or unknown. */
struct chancery_span {
	int32_t lo, hi;
	uint8_t known; /* 0: an input is missing; lo/hi are meaningless */
};

enum chancery_treaty_state {
	CHANCERY_TREATY_PROPOSED = 0, /* nothing done yet */
	CHANCERY_TREATY_SIGNED,
	CHANCERY_TREATY_RATIFIED_BY_SOME,
	CHANCERY_TREATY_PROVISIONAL,
	CHANCERY_TREATY_IN_FORCE,
	CHANCERY_TREATY_SUSPENDED,
	CHANCERY_TREATY_DENOUNCED, /* per party: its denunciation has taken effect */
	CHANCERY_TREATY_TERMINATED,
	CHANCERY_TREATY_EXPIRED,
	CHANCERY_TREATY_RATIFIED_BY_ALL, /* every party has, awaiting entry into force */
};
/* The first state: nothing done by the day (the old name). */
#define CHANCERY_TREATY_NOT_SIGNED CHANCERY_TREATY_PROPOSED
/* "not-signed", "signed", "ratified-by-some", "provisionally-applied",
 * "in-force", "suspended", "denounced", "terminated", "expired",
 * "ratified-by-all" (docs/queries.md, "Treaties"). */
const char *chancery_treaty_state_name(enum chancery_treaty_state s);

enum chancery_party_treaty_state {
	CHANCERY_PT_NONE = 0, CHANCERY_PT_SIGNED, CHANCERY_PT_RATIFIED, CHANCERY_PT_PROVISIONAL,
	CHANCERY_PT_IN_FORCE, CHANCERY_PT_DENOUNCED,
};
/* "none", "signed", "ratified", "provisionally-applied", "in-force", "denounced" */
const char *chancery_party_treaty_state_name(enum chancery_party_treaty_state s);
struct chancery_party_treaty_status;
/* The word for a party's state as a treaty office says it: for consent
 * given, by its kind ("ratified", "acceded", "approved", "accepted",
 * "notified": internal procedures completed); else
 * chancery_party_treaty_state_name's. */
const char *chancery_party_treaty_state_word(const struct chancery_party_treaty_status *p);

struct chancery_party_treaty_status {
	const char *party;
	enum chancery_party_treaty_state state;
	uint8_t uncertain;                      /* the dates allow another state */
	const struct chancery_event *signature; /* the party's own or the common one */
	const struct chancery_event *consent;   /* ratify / accede / approve / accept / notify */
	const struct chancery_event *denunciation;
	struct chancery_span in_force_from;     /* for this party */
	struct chancery_span denunciation_effect;
	char *reason;                           /* one line: how in_force_from was found */
	/* the dated steps of its ratification (ratify-step), by the day, in
	 * date order */
	const struct chancery_event **steps;
	uint32_t n_steps;
};

struct chancery_treaty_status {
	const struct chancery_treaty *treaty;
	int32_t on;
	enum chancery_treaty_state state;
	uint8_t uncertain;
	struct chancery_span in_force_from; /* the treaty's entry into force */
	char *force_reason;                 /* "last ratification (x, 2011-10-06) + 30 days" */
	struct chancery_span term_end;      /* the end of the current term or renewal period */
	char *term_reason;
	struct chancery_party_treaty_status *parties; /* one per party, in parties= order */
	uint32_t n_parties;
	/* some action of the treaty has (or may have) happened by the day;
	 * 0: the treaty does not exist yet on that day, and nothing after
	 * the day is used for the dates above */
	uint8_t acted;
	uint32_t n_extensions; /* extensions agreed by the day */
};

/* The status of treaty `index` on `day`. Returns 0 and a new status the
 * caller frees with chancery_treaty_status_free(), or a negative code. */
int chancery_treaty_status(const chancery_registry *r, size_t index, int32_t day,
			   struct chancery_treaty_status **out);
void chancery_treaty_status_free(struct chancery_treaty_status *s);

/* ---- Implied orders, counts, membership, timelines (issue 8) ---- */

/* Does a recognition fold count as recognising? YES when "yes" is its
 * only possible state, NO when "yes" is not among them (no, withdrawn,
 * denied), else UNCERTAIN (docs/queries.md, "Recognition"). */
enum chancery_tri chancery_fold_recognises(const struct chancery_fold *f);

/* Is party (an id) a member of organisation org (an id) on day, from its
 * join-organisation and leave-organisation events? UNCERTAIN where the
 * dates leave it open; NO with no membership recorded. */
enum chancery_tri chancery_membership(const chancery_registry *r, const char *party,
				      const char *org, int32_t day);
/* How many join-organisation and leave-organisation events of party in
 * org are recorded, on any day: 0 is "membership not recorded". */
size_t chancery_membership_recorded(const chancery_registry *r, const char *party,
				    const char *org);

/* The recognition series of x counting only recognisers that are members
 * of org on each day (org NULL: every recogniser), as
 * chancery_recognition_series. */
int chancery_recognition_series_by(const chancery_registry *r, const char *x, const char *org,
				   struct chancery_series_point **out, size_t *n);

/* Sort a list of events in timeline order (docs/queries.md, "Timeline"):
 * by the day each is known to have happened by (an imprecise date after
 * the precise days it may follow), undated last, an event that must
 * precede another of its chain before it, and a reaction after the event
 * it reacts to. */
void chancery_timeline_sort(const chancery_registry *r, const struct chancery_event **v,
			    size_t n);

/* ---- Panels (issue 12: src/query/panel.c, src/publish/panel_csv.c) ---- */

enum chancery_system { CHANCERY_SYSTEM_COW = 0, CHANCERY_SYSTEM_GW };
enum chancery_panel_on {
	CHANCERY_PANEL_ANY = 0, /* COW's rule: a member on any day of the year;
				 * states taken on 31 December */
	CHANCERY_PANEL_JAN1,    /* members on 1 January, states on 1 January */
	CHANCERY_PANEL_DEC31,   /* members on 31 December, states then */
	CHANCERY_PANEL_DAY,     /* members on opts.month-opts.mday, states then
				 * (DIPCON's samples describe late spring) */
};
enum chancery_panel_column {
	CHANCERY_COL_NAMES = 1 << 0,       /* id and short name of each state */
	CHANCERY_COL_RECOGNITION = 1 << 1, /* recognises, each way */
	CHANCERY_COL_RELATIONS = 1 << 2,   /* diplomatic relations and level */
	CHANCERY_COL_MISSIONS = 1 << 3,    /* the highest open mission, each way */
	CHANCERY_COL_ENVOYS = 1 << 4,      /* an envoy in post, each way */
	CHANCERY_COL_TREATIES = 1 << 5,    /* bilateral and common multilateral treaties in force */
	CHANCERY_COL_ALL = (1 << 6) - 1,
};
struct chancery_panel_opts {
	int from, to;  /* years, inclusive */
	int system;    /* enum chancery_system */
	int on;        /* enum chancery_panel_on */
	int directed;  /* 1: both orders of each pair */
	unsigned columns; /* enum chancery_panel_column bits */
	int month, mday;  /* CHANCERY_PANEL_DAY: the day of each year (29 February:
			   * the 28th in other years) */
};
typedef struct chancery_panel chancery_panel;

/* Compute the panel of registry r (finished) for the years and system of
 * opts: the members of each year and each dyad's diplomacy, swept once
 * over the years (docs/panels.md). Returns 0 and a panel the caller frees
 * with chancery_panel_free(), or -CHANCERY_EINPUT (a message in diags)
 * when the years are out of range or the registry has no member states. */
int chancery_panel_build(const chancery_registry *r, const struct chancery_panel_opts *opts,
			 chancery_panel **out, struct chancery_diags *diags);
void chancery_panel_free(chancery_panel *p);
/* Member state-years and dyad-years (directed or not, as opts asked). */
size_t chancery_panel_state_years(const chancery_panel *p);
size_t chancery_panel_dyad_years(const chancery_panel *p);

/* Write the panel as CSV with a header line (docs/panels.md has the
 * codebook). Returns 0 or -CHANCERY_EIO. */
int chancery_panel_write_dyad_years(const chancery_panel *p, FILE *out);
int chancery_panel_write_state_years(const chancery_panel *p, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
