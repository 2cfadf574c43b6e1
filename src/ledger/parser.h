/* parser.h: what the files of the ledger parser share: the limits, the
 * tokens of a line, the parser's state, and the functions one file offers
 * the others. lex.c splits a line into tokens and reads values from them;
 * entities.c reads the entity directives and treaty and person blocks;
 * parse.c reads lines, includes and assertions, and is the public entry. */
#ifndef LEDGER_PARSER_H
#define LEDGER_PARSER_H

#include <stddef.h>

#include "base/strbuf.h"
#include "chancery.h"
#include "model/vocab.h"

#define MAX_LINE 65536
#define MAX_TOKENS 512
#define MAX_ERRORS 100
#define MAX_INCLUDE_DEPTH 16
#define MAX_FILE_SIZE ((size_t)1 << 31)

enum token_type { T_WORD, T_STRING, T_ATTR };

struct token {
	enum token_type type;
	const char *key; /* T_ATTR */
	size_t key_len;
	const char *val; /* the word, the decoded string, or the attribute's value */
	size_t val_len;
	const char *raw; /* where the token starts in the line */
	const char *raw_val; /* where the value starts in the line */
};

/* BLOCK_SKIP: the block's head failed; its indented lines are passed
 * over, since each would only repeat the head's error. */
enum block { BLOCK_NONE, BLOCK_PERSON, BLOCK_TREATY, BLOCK_SOURCE, BLOCK_SKIP };

/* What every parser of one include tree shares: the options, the bytes
 * read so far, and the files already read (an include of one of them
 * again is an error at the include line, not a cascade of duplicate ids). */
struct parse_session {
	struct chancery_parse_opts opts;
	char *root;         /* the real path of the include root */
	size_t bytes_read;  /* against opts.max_input */
	struct included {
		char *real_path;
		const char *file; /* interned: where it was included from */
		unsigned line;
	} *files;
	size_t n_files, alloc_files;
};

struct parser {
	struct parse_session *session;
	chancery_registry *r;
	struct chancery_diags *diags;
	const char *file; /* interned */
	unsigned line;
	const char *line_start, *line_end;
	struct strbuf line_text; /* NUL-terminated copy of the line, for diagnostics */
	struct strbuf scratch;	 /* decoded strings of the current line */
	struct token tok[MAX_TOKENS];
	size_t ntok;
	enum block block;
	size_t block_index;
	int depth;
	const struct parser *parent; /* the including file's parser */
	char *real_path;	     /* for include cycles; NULL for buffers */
	int line_failed;
};

/* ---- lex.c: diagnostics, tokens, values ---- */

int ledger_too_many_errors(const struct parser *p);
/* An error at pos in the current line (NULL: no column); marks the line
 * failed. */
void ledger_error_at(struct parser *p, const char *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A warning at pos: reported with the line, which is not failed. */
void ledger_warn_at(struct parser *p, const char *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ledger_is_space(char c);
/* Split the current line into p->tok; -1 after reporting an error. */
int ledger_tokenize(struct parser *p);
/* Read an id (interned), a date, a duration or a word of a list from a
 * token's text; each reports its error at pos and returns NULL / -1. */
const char *ledger_read_id(struct parser *p, const char *s, size_t len, const char *pos,
			   const char *what);
int ledger_read_date(struct parser *p, const char *s, size_t len, const char *pos,
		     struct chancery_date *out);
int ledger_read_duration(struct parser *p, const char *s, size_t len, const char *pos,
			 struct chancery_duration *out);
const char *ledger_read_word_of(struct parser *p, const struct token *t,
				const char *const *list, const char *what);
/* Set field f of obj from attribute token t; read the attributes of
 * tokens from..ntok into obj by the table fields. */
int ledger_set_field(struct parser *p, const struct field *f, void *obj, const struct token *t);
int ledger_read_attrs(struct parser *p, size_t from, const struct field *fields, void *obj,
		      const char *what);

/* ---- entities.c: directives and blocks ---- */

struct chancery_loc ledger_here(const struct parser *p);
int ledger_word_is(const struct token *t, const char *w);
/* Does the first token look like it meant to be a date? */
int ledger_looks_like_date(const struct token *t);
void ledger_parse_party(struct parser *p);
void ledger_parse_person(struct parser *p);
void ledger_parse_source(struct parser *p);
void ledger_parse_treaty(struct parser *p);
/* An event line; treaty: the id of the treaty whose block it is in. */
void ledger_parse_event(struct parser *p, const struct chancery_date *date, const char *treaty);
/* An indented line of a person or treaty block. */
void ledger_parse_block_line(struct parser *p);
/* amend ID attrs...: add to an entity defined before (docs/ledger.md). */
void ledger_parse_amend(struct parser *p);

#endif
