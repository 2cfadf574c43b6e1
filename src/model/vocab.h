/* vocab.h: the ledger's vocabulary in one place: event kinds with their
 * arguments and attributes, the attributes of each entity, and the word
 * lists of enumerated values. The parser, the writer, the checks and the
 * store all read these tables. */
#ifndef VOCAB_H
#define VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"

struct strbuf;

enum field_type {
	FT_TEXT,       /* const char *: a word or a string */
	FT_ID,         /* const char *: an id */
	FT_PARTY,      /* const char *: a party id */
	FT_PERSON,     /* const char *: a person id */
	FT_EVENT,      /* const char *: an event id */
	FT_PARTIES,    /* struct chancery_ids of party ids */
	FT_PERSONS,    /* struct chancery_ids of person ids */
	FT_SOURCES,    /* struct chancery_ids of source ids */
	FT_DATE,       /* struct chancery_date */
	FT_INT,        /* int, 1..99999 */
	FT_PARTY_KIND, /* enum chancery_party_kind */
	FT_LEVEL,      /* const char *, one of relation_levels */
	FT_MISSION,    /* const char *, one of mission_types */
	FT_STANCE,     /* const char *, one of stances */
	FT_SYSTEM,     /* const char *, one of state_systems (issue 12) */
};

struct field {
	const char *key;
	uint8_t type;
	uint16_t offset; /* into the entity's struct */
};

/* Attributes of each entity, in canonical (writing) order. */
extern const struct field party_fields[];
extern const struct field person_fields[];
extern const struct field office_fields[];
extern const struct field source_fields[];
extern const struct field treaty_fields[];
extern const struct field provision_fields[];
/* The attributes of a source's `covers` line (docs/coverage.md). */
extern const struct field coverage_fields[];
/* The fact kinds a `covers` line names, indexed by bit: fact_kind_names[i]
 * is the word for 1 << i (recognition, relations, missions, envoys,
 * membership); NULL-terminated. */
extern const char *const fact_kind_names[];

/* Every attribute an event can have; a kind allows a subset. */
extern const struct field event_fields[];
const struct field *event_field(const char *key, size_t len);
const struct field *fields_find(const struct field *fields, const char *key, size_t len);

/* Positional argument slots of an event kind. */
enum {
	ARG_ACTOR = 'P',    /* a party: the actor */
	ARG_TARGET = 'Q',   /* a party: the target or host */
	ARG_PERSON = 'H',   /* a person: the envoy */
	ARG_OPT_ACTOR = 'p' /* an optional party (treaty actions) */
};

struct kind_info {
	const char *name;
	const char *args;     /* slots, e.g. "HPQ" */
	const char *keys;     /* allowed attributes in canonical order, space separated */
	const char *category; /* recognition, relations, missions, envoys, statements, acts, treaty */
	uint8_t text;         /* takes a trailing string */
	uint8_t treaty;       /* a treaty action */
};

extern const struct kind_info kinds[CHANCERY_EV__COUNT];

/* Is `key` among the kind's allowed attributes (id, source and note are
 * allowed for every kind)? */
int kind_allows(const struct kind_info *k, const char *key);
/* A human list of the kind's arguments: "PARTY PARTY", "PERSON SENDER RECEIVER". */
const char *kind_args_help(const struct kind_info *k);

extern const char *const party_kind_names[]; /* indexed by enum chancery_party_kind */
extern const char *const relation_levels[];  /* NULL-terminated */
extern const char *const mission_types[];
extern const char *const stances[];
extern const char *const force_rule_names[]; /* indexed by enum chancery_force_rule */
extern const char *const state_systems[];    /* "cow", "gw" (issue 12) */

/* Index of word[0..len) in a NULL-terminated list, or -1. */
int word_index(const char *const *list, const char *word, size_t len);
/* "a, b or c", for messages. */
void word_list_join(const char *const *list, struct strbuf *out);

/* The words an assertion of `what` may expect (state names, and
 * "uncertain"), NULL-terminated (empty for a count), or NULL for an
 * unknown `what`; *n_args is how many ids it takes. The parser checks
 * assertions against these; src/query/assert.c evaluates them. */
const char *const *assertion_states(const char *what, int *n_args);

#endif
