/* ledger_parse.c: the ledger parser (docs/ledger.md). Line by line: split
 * a line into tokens, then read a directive from them with the tables of
 * vocab.c. An error is reported with file:line:col and the line, and the
 * parser goes on with the next line, so one run shows every error. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger/ledger.h"
#include "model/registry.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

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
enum block { BLOCK_NONE, BLOCK_PERSON, BLOCK_TREATY, BLOCK_SKIP };

struct parser {
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

static int too_many_errors(const struct parser *p)
{
	return p->diags->errors >= MAX_ERRORS;
}

/* Column of a position in the current line: 1-based, counted in
 * characters (UTF-8 continuation bytes do not count). */
static unsigned column_of(const struct parser *p, const char *pos)
{
	unsigned col = 1;
	for (const char *c = p->line_start; c < pos && c < p->line_end; c++)
		if (((unsigned char)*c & 0xc0) != 0x80)
			col++;
	return col;
}

__attribute__((format(printf, 3, 4))) static void error_at(struct parser *p, const char *pos,
							   const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	p->line_failed = 1;
	if (too_many_errors(p))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (!p->line_text.len && p->line_start) {
		strbuf_add(&p->line_text, p->line_start, (size_t)(p->line_end - p->line_start));
		/* keep the displayed line printable */
		for (size_t i = 0; i < p->line_text.len; i++)
			if ((unsigned char)p->line_text.buf[i] < 0x20 && p->line_text.buf[i] != '\t')
				p->line_text.buf[i] = '?';
	}
	chancery_diags_add(p->diags, CHANCERY_ERROR, p->file, p->line,
			   pos ? column_of(p, pos) : 0, p->line_text.len ? p->line_text.buf : NULL,
			   "%s", msg.buf);
	if (too_many_errors(p))
		chancery_diags_add(p->diags, CHANCERY_ERROR, p->file, p->line, 0, NULL,
				   "too many errors; stopping");
	strbuf_release(&msg);
}

/* ---- tokens ---- */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Decode a string starting at the opening quote; returns the position
 * after the closing quote, or NULL after reporting an error. */
static const char *read_string(struct parser *p, const char *s, const char **val, size_t *len)
{
	const char *c = s + 1;
	size_t start = p->scratch.len;
	while (c < p->line_end && *c != '"') {
		if (*c == '\\') {
			if (c + 1 >= p->line_end) {
				error_at(p, c, "unterminated string");
				return NULL;
			}
			switch (c[1]) {
			case '"': strbuf_addch(&p->scratch, '"'); break;
			case '\\': strbuf_addch(&p->scratch, '\\'); break;
			case 'n': strbuf_addch(&p->scratch, '\n'); break;
			case 't': strbuf_addch(&p->scratch, '\t'); break;
			default:
				error_at(p, c, "unknown escape '\\%c' in a string; expected \\\", \\\\, \\n or \\t",
					 isprint((unsigned char)c[1]) ? c[1] : '?');
				return NULL;
			}
			c += 2;
			continue;
		}
		{
			/* copy the run up to the next quote or backslash at once */
			const char *run = c;
			while (c < p->line_end && *c != '"' && *c != '\\')
				c++;
			strbuf_add(&p->scratch, run, (size_t)(c - run));
		}
	}
	if (c >= p->line_end) {
		error_at(p, s, "unterminated string: no closing '\"' on this line");
		return NULL;
	}
	*val = p->scratch.buf + start;
	*len = p->scratch.len - start;
	strbuf_addch(&p->scratch, '\0');
	return c + 1;
}

/* Split the current line into tokens. Returns 0, or -1 after an error. */
static int tokenize(struct parser *p)
{
	const char *c = p->line_start;
	p->ntok = 0;
	strbuf_reset(&p->scratch);
	/* Decoded strings are never longer than the line: grow once so that
	 * pointers into scratch stay valid. */
	strbuf_grow(&p->scratch, (size_t)(p->line_end - p->line_start) + MAX_TOKENS + 1);
	for (;;) {
		struct token *t;
		while (c < p->line_end && is_space(*c))
			c++;
		if (c >= p->line_end || *c == '#')
			return 0;
		if (p->ntok == MAX_TOKENS) {
			error_at(p, c, "too many tokens on one line (at most %d)", MAX_TOKENS);
			return -1;
		}
		t = &p->tok[p->ntok++];
		memset(t, 0, sizeof(*t));
		t->raw = c;
		if (*c == '"') {
			t->type = T_STRING;
			t->raw_val = c;
			if (!(c = read_string(p, c, &t->val, &t->val_len)))
				return -1;
			if (c < p->line_end && !is_space(*c)) {
				error_at(p, c, "expected a space after the closing '\"'");
				return -1;
			}
		} else {
			const char *w = c, *eq = NULL;
			while (c < p->line_end && !is_space(*c) && *c != '"') {
				if (*c == '=' && !eq)
					eq = c;
				c++;
			}
			if (!eq) {
				if (c < p->line_end && *c == '"') {
					error_at(p, c, "unexpected '\"' inside a word; put a space before the string");
					return -1;
				}
				t->type = T_WORD;
				t->val = t->raw_val = w;
				t->val_len = (size_t)(c - w);
				continue;
			}
			if (eq == w) {
				error_at(p, w, "expected a key before '='");
				return -1;
			}
			t->type = T_ATTR;
			t->key = w;
			t->key_len = (size_t)(eq - w);
			t->raw_val = eq + 1;
			if (c < p->line_end && *c == '"') {
				if (c != eq + 1) {
					error_at(p, c, "unexpected '\"' inside a value; quote the whole value");
					return -1;
				}
				if (!(c = read_string(p, c, &t->val, &t->val_len)))
					return -1;
				if (c < p->line_end && !is_space(*c)) {
					error_at(p, c, "expected a space after the closing '\"'");
					return -1;
				}
			} else {
				t->val = eq + 1;
				t->val_len = (size_t)(c - eq - 1);
			}
			if (!t->val_len) {
				error_at(p, eq + 1, "expected a value after '%.*s='", (int)t->key_len,
					 t->key);
				return -1;
			}
		}
	}
}

/* ---- values ---- */

static int is_id_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == ':';
}

/* Ids are at most MAX_ID bytes; event ids up to MAX_EVENT_ID, for a
 * generated one joins a date, a kind and up to three ids (then ".N"). */
#define MAX_ID 200
#define MAX_EVENT_ID 1024

static int valid_id(const char *s, size_t len, size_t max)
{
	if (!len || len > max || !isalnum((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_id_char(s[i]))
			return 0;
	return 1;
}

/* Parse and intern an id of at most max bytes; reports an error naming
 * `what`. */
static const char *read_id_max(struct parser *p, const char *s, size_t len, const char *pos,
			       const char *what, size_t max)
{
	if (!valid_id(s, len, max)) {
		error_at(p, pos,
			 "expected %s id (letters, digits, '_', '-', '.', ':'), got '%.*s'", what,
			 (int)(len > 60 ? 60 : len), s);
		return NULL;
	}
	return registry_intern(p->r, s, len);
}

static const char *read_id(struct parser *p, const char *s, size_t len, const char *pos,
			   const char *what)
{
	return read_id_max(p, s, len, pos, what, MAX_ID);
}

static int read_date(struct parser *p, const char *s, size_t len, const char *pos,
		     struct chancery_date *out)
{
	const char *why;
	size_t where;
	if (chancery_date_parse(s, len, out, &why, &where) < 0) {
		char msg[160];
		error_at(p, pos + (where <= len ? where : len), "%s",
			 chancery_date_explain(s, len, why, where, msg, sizeof(msg)));
		return -1;
	}
	return 0;
}

static int read_duration(struct parser *p, const char *s, size_t len, const char *pos,
			 struct chancery_duration *out)
{
	long n = 0;
	size_t i = 0;
	while (i < len && isdigit((unsigned char)s[i]) && n <= 100000)
		n = n * 10 + (s[i++] - '0');
	if (!i || i + 1 != len || (s[i] != 'y' && s[i] != 'm' && s[i] != 'd') || n < 1 ||
	    n > 100000) {
		error_at(p, pos, "expected a duration such as 49y, 6m or 30d, got '%.*s'",
			 (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	out->n = (int32_t)n;
	out->unit = s[i];
	return 0;
}

static int read_id_list(struct parser *p, const struct token *t, const char *what,
			struct chancery_ids *out)
{
	size_t n = 1, k = 0;
	const char *s = t->val, *end = t->val + t->val_len;
	for (const char *c = s; c < end; c++)
		n += *c == ',';
	out->v = arena_alloc(&p->r->arena, n * sizeof(*out->v));
	while (s <= end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *item_end = comma ? comma : end;
		const char *id = read_id(p, s, (size_t)(item_end - s),
					 t->raw_val + (s - t->val), what);
		if (!id)
			return -1;
		out->v[k++] = id;
		s = item_end + 1;
	}
	out->n = (uint32_t)k;
	return 0;
}

static const char *read_word_of(struct parser *p, const struct token *t,
				const char *const *list, const char *what)
{
	int i = word_index(list, t->val, t->val_len);
	if (i < 0) {
		struct strbuf choices = STRBUF_INIT;
		word_list_join(list, &choices);
		error_at(p, t->raw_val, "unknown %s '%.*s'; expected %s", what,
			 (int)(t->val_len > 40 ? 40 : t->val_len), t->val, choices.buf);
		strbuf_release(&choices);
		return NULL;
	}
	return list[i];
}

/* Store an attribute's value into the field of obj it names. */
static int set_field(struct parser *p, const struct field *f, void *obj, const struct token *t)
{
	char *at = (char *)obj + f->offset;
	const char **sp = (const char **)at;
	switch ((enum field_type)f->type) {
	case FT_TEXT:
		*sp = arena_strndup(&p->r->arena, t->val, t->val_len);
		return 0;
	case FT_ID:
		return (*sp = read_id_max(p, t->val, t->val_len, t->raw_val, "an",
					  MAX_EVENT_ID)) ? 0 : -1;
	case FT_PARTY:
		return (*sp = read_id(p, t->val, t->val_len, t->raw_val, "a party")) ? 0 : -1;
	case FT_PERSON:
		return (*sp = read_id(p, t->val, t->val_len, t->raw_val, "a person")) ? 0 : -1;
	case FT_EVENT:
		return (*sp = read_id_max(p, t->val, t->val_len, t->raw_val, "an event",
					  MAX_EVENT_ID)) ? 0 : -1;
	case FT_PARTIES:
		return read_id_list(p, t, "a party", (struct chancery_ids *)at);
	case FT_PERSONS:
		return read_id_list(p, t, "a person", (struct chancery_ids *)at);
	case FT_SOURCES:
		return read_id_list(p, t, "a source", (struct chancery_ids *)at);
	case FT_DATE:
		return read_date(p, t->val, t->val_len, t->raw_val, (struct chancery_date *)at);
	case FT_INT: {
		long n = 0;
		for (size_t i = 0; i < t->val_len; i++) {
			if (!isdigit((unsigned char)t->val[i]) || n > 99999) {
				error_at(p, t->raw_val, "expected a number from 1 to 99999 for '%s'",
					 f->key);
				return -1;
			}
			n = n * 10 + (t->val[i] - '0');
		}
		if (n < 1 || n > 99999) {
			error_at(p, t->raw_val, "expected a number from 1 to 99999 for '%s'", f->key);
			return -1;
		}
		*(int *)at = (int)n;
		return 0;
	}
	case FT_PARTY_KIND: {
		const char *w = read_word_of(p, t, party_kind_names, "party kind");
		if (!w)
			return -1;
		*(enum chancery_party_kind *)at =
			(enum chancery_party_kind)word_index(party_kind_names, w, strlen(w));
		return 0;
	}
	case FT_LEVEL:
		return (*sp = read_word_of(p, t, relation_levels, "level of relations")) ? 0 : -1;
	case FT_MISSION:
		return (*sp = read_word_of(p, t, mission_types, "mission type")) ? 0 : -1;
	case FT_STANCE:
		return (*sp = read_word_of(p, t, stances, "stance")) ? 0 : -1;
	}
	return -1;
}

static void list_keys(const struct field *fields, struct strbuf *out)
{
	for (const struct field *f = fields; f->key; f++) {
		if (f != fields)
			strbuf_addstr(out, f[1].key ? ", " : " or ");
		strbuf_addstr(out, f->key);
	}
}

/* Read tokens [from, ntok) as attributes of obj, per the fields table. */
static int read_attrs(struct parser *p, size_t from, const struct field *fields, void *obj,
		      const char *what)
{
	uint32_t seen = 0;
	int ret = 0;
	for (size_t i = from; i < p->ntok; i++) {
		const struct token *t = &p->tok[i];
		const struct field *f;
		if (t->type != T_ATTR) {
			error_at(p, t->raw, "unexpected %s; expected key=value",
				 t->type == T_STRING ? "string" : "word");
			return -1;
		}
		f = fields_find(fields, t->key, t->key_len);
		if (!f) {
			struct strbuf keys = STRBUF_INIT;
			list_keys(fields, &keys);
			error_at(p, t->raw, "unknown attribute '%.*s' for %s; expected %s",
				 (int)(t->key_len > 40 ? 40 : t->key_len), t->key, what, keys.buf);
			strbuf_release(&keys);
			ret = -1;
			continue;
		}
		if (seen & (1u << (f - fields))) {
			error_at(p, t->raw, "'%s' given twice", f->key);
			ret = -1;
			continue;
		}
		seen |= 1u << (f - fields);
		if (set_field(p, f, obj, t) < 0)
			ret = -1;
	}
	return ret;
}

/* ---- ids ---- */

static struct chancery_loc loc_of_id(const chancery_registry *r, uint64_t v)
{
	static const struct chancery_loc none;
	size_t i = ID_INDEX(v);
	switch (ID_ENTITY(v)) {
	case CHANCERY_ENT_PARTY: return r->parties[i].loc;
	case CHANCERY_ENT_PERSON: return r->persons[i].loc;
	case CHANCERY_ENT_SOURCE: return r->sources[i].loc;
	case CHANCERY_ENT_EVENT: return r->events[i].loc;
	case CHANCERY_ENT_TREATY: return r->treaties[i].loc;
	default: return none;
	}
}

/* Claim an id for a new entity; a duplicate is an error naming the first. */
static int claim_id(struct parser *p, const char *id, enum chancery_entity ent, size_t index,
		    const char *pos)
{
	uint64_t old;
	if (!hashmap_put(&p->r->ids, id, ID_VALUE(ent, index), &old)) {
		struct chancery_loc first = loc_of_id(p->r, old);
		const char *what = chancery_entity_name(ID_ENTITY(old));
		const char *article = ID_ENTITY(old) == CHANCERY_ENT_EVENT ? "an" : "a";
		if (first.file)
			error_at(p, pos, "duplicate id '%s': already %s %s at %s:%u", id, article,
				 what, first.file, first.line);
		else
			error_at(p, pos, "duplicate id '%s': already %s %s", id, article, what);
		return -1;
	}
	registry_unfinish(p->r);
	return 0;
}

static struct chancery_loc here(const struct parser *p)
{
	struct chancery_loc l = { p->file, p->line };
	return l;
}

/* ---- directives ---- */

/* `WHAT ID "Name" attrs...`: the common head of party, person, source and
 * treaty. */
static int read_head(struct parser *p, const char *what, const char **id, const char **name)
{
	if (p->ntok < 2 || p->tok[1].type != T_WORD) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw, "expected an id after '%s'",
			 what);
		return -1;
	}
	if (!(*id = read_id(p, p->tok[1].val, p->tok[1].val_len, p->tok[1].raw, "an")))
		return -1;
	if (p->ntok < 3 || p->tok[2].type != T_STRING) {
		error_at(p, p->ntok < 3 ? p->line_end : p->tok[2].raw,
			 "expected the %s's %s in double quotes after '%s'", what,
			 strcmp(what, "party") && strcmp(what, "person") ? "title" : "name", *id);
		return -1;
	}
	if (!p->tok[2].val_len) {
		error_at(p, p->tok[2].raw, "the %s's name is empty", what);
		return -1;
	}
	*name = arena_strndup(&p->r->arena, p->tok[2].val, p->tok[2].val_len);
	return 0;
}

static void parse_party(struct parser *p)
{
	struct chancery_party party = { 0 };
	if (read_head(p, "party", &party.id, &party.name) < 0 ||
	    read_attrs(p, 3, party_fields, &party, "a party") < 0)
		return;
	party.loc = here(p);
	if (claim_id(p, party.id, CHANCERY_ENT_PARTY, p->r->n_parties, p->tok[1].raw) < 0)
		return;
	ALLOC_GROW(p->r->parties, p->r->n_parties + 1, p->r->alloc_parties);
	p->r->parties[p->r->n_parties++] = party;
}

static void parse_person(struct parser *p)
{
	struct chancery_person person = { 0 };
	if (read_head(p, "person", &person.id, &person.name) < 0 ||
	    read_attrs(p, 3, person_fields, &person, "a person") < 0)
		return;
	person.loc = here(p);
	if (claim_id(p, person.id, CHANCERY_ENT_PERSON, p->r->n_persons, p->tok[1].raw) < 0)
		return;
	ALLOC_GROW(p->r->persons, p->r->n_persons + 1, p->r->alloc_persons);
	p->r->persons[p->r->n_persons++] = person;
	p->block = BLOCK_PERSON;
	p->block_index = p->r->n_persons - 1;
}

static void parse_source(struct parser *p)
{
	struct chancery_source source = { 0 };
	if (read_head(p, "source", &source.id, &source.title) < 0 ||
	    read_attrs(p, 3, source_fields, &source, "a source") < 0)
		return;
	source.loc = here(p);
	if (claim_id(p, source.id, CHANCERY_ENT_SOURCE, p->r->n_sources, p->tok[1].raw) < 0)
		return;
	ALLOC_GROW(p->r->sources, p->r->n_sources + 1, p->r->alloc_sources);
	p->r->sources[p->r->n_sources++] = source;
}

static void parse_treaty(struct parser *p)
{
	struct chancery_treaty treaty = { 0 };
	if (read_head(p, "treaty", &treaty.id, &treaty.title) < 0 ||
	    read_attrs(p, 3, treaty_fields, &treaty, "a treaty") < 0)
		return;
	treaty.loc = here(p);
	if (!treaty.parties.n) {
		error_at(p, p->tok[2].raw, "treaty '%s' needs parties=PARTY,PARTY,...", treaty.id);
		return;
	}
	if (claim_id(p, treaty.id, CHANCERY_ENT_TREATY, p->r->n_treaties, p->tok[1].raw) < 0)
		return;
	ALLOC_GROW(p->r->treaties, p->r->n_treaties + 1, p->r->alloc_treaties);
	p->r->treaties[p->r->n_treaties++] = treaty;
	p->block = BLOCK_TREATY;
	p->block_index = p->r->n_treaties - 1;
}

/* An event line: DATE KIND ARGS... attrs... ["text"]. tok[0] is the date. */
static void parse_event(struct parser *p, const struct chancery_date *date, const char *treaty)
{
	struct chancery_event ev = { 0 };
	const struct token *kt;
	const struct kind_info *k;
	const char *slots;
	char name[64];
	size_t i = 2;
	uint32_t seen = 0;
	int kind, failed = 0;

	if (p->ntok < 2 || p->tok[1].type != T_WORD) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 treaty ? "expected a treaty action (sign, ratify, ...) after the date"
				: "expected an event kind after the date");
		return;
	}
	kt = &p->tok[1];
	{
		size_t n = kt->val_len < sizeof(name) - 1 ? kt->val_len : sizeof(name) - 1;
		memcpy(name, kt->val, n);
		name[n] = '\0';
		kind = kt->val_len < sizeof(name) - 1 ? chancery_event_kind_from_name(name) : -1;
	}
	if (kind < 0) {
		/* Suggest the nearest kind of the right sort. */
		const char *best = NULL;
		unsigned best_d = 3;
		for (int j = 0; j < CHANCERY_EV__COUNT; j++) {
			unsigned d = edit_distance(name, kinds[j].name);
			if (!kinds[j].treaty == !treaty && d < best_d) {
				best_d = d;
				best = kinds[j].name;
			}
		}
		if (best)
			error_at(p, kt->raw, "unknown %s '%s'; did you mean '%s'?",
				 treaty ? "treaty action" : "event kind", name, best);
		else
			error_at(p, kt->raw, "unknown %s '%s'; see docs/ledger.md for the list",
				 treaty ? "treaty action" : "event kind", name);
		return;
	}
	k = &kinds[kind];
	if (k->treaty && !treaty) {
		error_at(p, kt->raw, "'%s' is a treaty action; write it indented in a treaty block",
			 k->name);
		return;
	}
	if (!k->treaty && treaty) {
		error_at(p, kt->raw, "'%s' is not a treaty action; only sign, ratify, ... go in a treaty block",
			 k->name);
		return;
	}
	ev.kind = (enum chancery_event_kind)kind;
	ev.date = *date;
	ev.treaty = treaty;
	ev.loc = here(p);

	for (slots = k->args; *slots; slots++) {
		const struct token *t = i < p->ntok ? &p->tok[i] : NULL;
		const char **slot;
		if (!t || t->type != T_WORD) {
			if (*slots == ARG_OPT_ACTOR)
				continue;
			error_at(p, t ? t->raw : p->line_end, "'%s' needs %s", k->name,
				 kind_args_help(k));
			return;
		}
		slot = *slots == ARG_PERSON ? &ev.person
		       : *slots == ARG_TARGET ? &ev.target
					      : &ev.actor;
		if (!(*slot = read_id(p, t->val, t->val_len, t->raw,
				      *slots == ARG_PERSON ? "a person" : "a party")))
			return;
		i++;
	}
	for (; i < p->ntok; i++) {
		const struct token *t = &p->tok[i];
		const struct field *f;
		if (t->type == T_WORD) {
			error_at(p, t->raw, "unexpected '%.*s': '%s' takes %s",
				 (int)(t->val_len > 40 ? 40 : t->val_len), t->val, k->name,
				 kind_args_help(k));
			return;
		}
		if (t->type == T_STRING) {
			if (!k->text) {
				error_at(p, t->raw, "'%s' takes no text; put it in note=\"...\"",
					 k->name);
				failed = 1;
			} else if (ev.text) {
				error_at(p, t->raw, "a second text for '%s'", k->name);
				failed = 1;
			} else {
				ev.text = arena_strndup(&p->r->arena, t->val, t->val_len);
			}
			continue;
		}
		f = event_field(t->key, t->key_len);
		if (!f || !kind_allows(k, f->key)) {
			struct strbuf keys = STRBUF_INIT;
			for (const char *c = k->keys; *c; c++) /* "a b" -> "a, b" */
				if (*c == ' ')
					strbuf_addstr(&keys, ", ");
				else
					strbuf_addch(&keys, *c);
			error_at(p, t->raw, "'%s' has no attribute '%.*s'; it takes %s%sid, source, note",
				 k->name, (int)(t->key_len > 40 ? 40 : t->key_len), t->key, keys.buf,
				 *k->keys ? ", " : "");
			strbuf_release(&keys);
			failed = 1;
			continue;
		}
		if (seen & (1u << (f - event_fields))) {
			error_at(p, t->raw, "'%s' given twice", f->key);
			failed = 1;
			continue;
		}
		seen |= 1u << (f - event_fields);
		if (set_field(p, f, &ev, t) < 0)
			failed = 1;
	}
	if (failed)
		return;
	if (ev.id) {
		const struct token *idt = NULL;
		for (size_t j = 2; j < p->ntok; j++)
			if (p->tok[j].type == T_ATTR && p->tok[j].key_len == 2 &&
			    !memcmp(p->tok[j].key, "id", 2))
				idt = &p->tok[j];
		if (claim_id(p, ev.id, CHANCERY_ENT_EVENT, p->r->n_events, idt ? idt->raw : NULL) < 0)
			return;
	}
	ALLOC_GROW(p->r->events, p->r->n_events + 1, p->r->alloc_events);
	p->r->events[p->r->n_events++] = ev;
	registry_unfinish(p->r);
}

static void parse_office(struct parser *p, struct chancery_person *person)
{
	struct chancery_office office = { 0 };
	struct chancery_office *v;
	if (p->ntok < 2 || p->tok[1].type != T_STRING || !p->tok[1].val_len) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected the office's title in double quotes");
		return;
	}
	office.title = arena_strndup(&p->r->arena, p->tok[1].val, p->tok[1].val_len);
	if (read_attrs(p, 2, office_fields, &office, "an office") < 0)
		return;
	if (!office.of) {
		error_at(p, p->tok[1].raw, "the office needs of=PARTY");
		return;
	}
	v = arena_alloc(&p->r->arena, (person->n_offices + 1) * sizeof(*v));
	if (person->n_offices)
		memcpy(v, person->offices, person->n_offices * sizeof(*v));
	v[person->n_offices++] = office;
	person->offices = v;
}

static void parse_force(struct parser *p, struct chancery_treaty *t)
{
	size_t i = 1;
	if (t->force != CHANCERY_FORCE_UNKNOWN) {
		error_at(p, p->tok[0].raw, "treaty '%s' has a force rule already", t->id);
		return;
	}
	if (i < p->ntok && p->tok[i].type == T_WORD) {
		const struct token *w = &p->tok[i++];
		int rule = word_index(force_rule_names, w->val, w->val_len);
		if (rule <= 0 || rule == CHANCERY_FORCE_DATE) {
			error_at(p, w->raw,
				 "unknown rule '%.*s'; expected on-signature, last-ratification, exchange, nth-ratification or date=DATE",
				 (int)(w->val_len > 40 ? 40 : w->val_len), w->val);
			return;
		}
		t->force = (enum chancery_force_rule)rule;
	}
	for (; i < p->ntok; i++) {
		const struct token *a = &p->tok[i];
		if (a->type != T_ATTR) {
			error_at(p, a->raw, "unexpected %s; expected after=, n= or date=",
				 a->type == T_STRING ? "string" : "word");
			return;
		}
		if (a->key_len == 5 && !memcmp(a->key, "after", 5)) {
			if (read_duration(p, a->val, a->val_len, a->raw_val, &t->force_after) < 0)
				return;
		} else if (a->key_len == 1 && a->key[0] == 'n') {
			long n = 0;
			for (size_t j = 0; j < a->val_len && n < 100000; j++)
				n = isdigit((unsigned char)a->val[j]) ? n * 10 + (a->val[j] - '0')
								      : -1000000;
			if (n < 1 || n > 9999) {
				error_at(p, a->raw_val, "expected n=1 to n=9999");
				return;
			}
			t->force_n = (int32_t)n;
		} else if (a->key_len == 4 && !memcmp(a->key, "date", 4)) {
			if (t->force != CHANCERY_FORCE_UNKNOWN) {
				error_at(p, a->raw, "date= is a rule of its own; drop the rule word");
				return;
			}
			if (read_date(p, a->val, a->val_len, a->raw_val, &t->force_date) < 0)
				return;
			t->force = CHANCERY_FORCE_DATE;
		} else {
			error_at(p, a->raw, "unknown attribute '%.*s' for force; expected after, n or date",
				 (int)(a->key_len > 40 ? 40 : a->key_len), a->key);
			return;
		}
	}
	if (t->force == CHANCERY_FORCE_UNKNOWN)
		error_at(p, p->line_end, "expected a rule after 'force'");
	else if (t->force == CHANCERY_FORCE_NTH_RATIFICATION && !t->force_n)
		error_at(p, p->line_end, "nth-ratification needs n=N");
	else if (t->force != CHANCERY_FORCE_NTH_RATIFICATION && t->force_n)
		error_at(p, p->tok[1].raw, "n= goes only with nth-ratification");
	else if ((t->force == CHANCERY_FORCE_DATE || t->force == CHANCERY_FORCE_ON_SIGNATURE) &&
		 t->force_after.n)
		error_at(p, p->tok[1].raw, "after= goes with last-ratification, exchange or nth-ratification");
}

static void parse_term(struct parser *p, struct chancery_treaty *t)
{
	size_t i = 1;
	if (t->term.n || t->term_indefinite || t->renew.n || t->notice.n) {
		error_at(p, p->tok[0].raw, "treaty '%s' has a term line already", t->id);
		return;
	}
	if (i < p->ntok && p->tok[i].type == T_WORD) {
		const struct token *w = &p->tok[i++];
		if (w->val_len == 10 && !memcmp(w->val, "indefinite", 10))
			t->term_indefinite = 1;
		else if (read_duration(p, w->val, w->val_len, w->raw, &t->term) < 0)
			return;
	}
	for (; i < p->ntok; i++) {
		const struct token *a = &p->tok[i];
		struct chancery_duration *d;
		if (a->type != T_ATTR) {
			error_at(p, a->raw, "unexpected %s; expected renew= or notice=",
				 a->type == T_STRING ? "string" : "word");
			return;
		}
		if (a->key_len == 5 && !memcmp(a->key, "renew", 5))
			d = &t->renew;
		else if (a->key_len == 6 && !memcmp(a->key, "notice", 6))
			d = &t->notice;
		else {
			error_at(p, a->raw, "unknown attribute '%.*s' for term; expected renew or notice",
				 (int)(a->key_len > 40 ? 40 : a->key_len), a->key);
			return;
		}
		if (d->n) {
			error_at(p, a->raw, "'%.*s' given twice", (int)a->key_len, a->key);
			return;
		}
		if (read_duration(p, a->val, a->val_len, a->raw_val, d) < 0)
			return;
	}
	if (!t->term.n && !t->term_indefinite && !t->notice.n)
		error_at(p, p->line_end, "expected a duration (49y), 'indefinite' or notice= after 'term'");
	else if (t->renew.n && !t->term.n)
		error_at(p, p->tok[1].raw, "renew= needs a term to renew");
}

static void parse_provision(struct parser *p, struct chancery_treaty *t)
{
	struct chancery_provision prov = { 0 };
	struct chancery_provision *v;
	const char *from_pos = NULL;
	size_t i, kept;
	if (p->ntok < 2 || p->tok[1].type != T_STRING || !p->tok[1].val_len) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected the provision's text in double quotes");
		return;
	}
	prov.text = arena_strndup(&p->r->arena, p->tok[1].val, p->tok[1].val_len);
	/* from=force is not a date: take it out, then read the rest as usual. */
	for (i = 2, kept = 2; i < p->ntok; i++) {
		const struct token *a = &p->tok[i];
		if (a->type == T_ATTR && a->key_len == 4 && !memcmp(a->key, "from", 4) &&
		    a->val_len == 5 && !memcmp(a->val, "force", 5)) {
			if (prov.from_force) {
				error_at(p, a->raw, "'from' given twice");
				return;
			}
			prov.from_force = 1;
			from_pos = a->raw;
			continue;
		}
		p->tok[kept++] = *a;
	}
	p->ntok = kept;
	if (read_attrs(p, 2, provision_fields, &prov, "a provision") < 0)
		return;
	if (prov.from_force && prov.from.form) {
		error_at(p, from_pos, "'from' given twice");
		return;
	}
	v = arena_alloc(&p->r->arena, (t->n_provisions + 1) * sizeof(*v));
	if (t->n_provisions)
		memcpy(v, t->provisions, t->n_provisions * sizeof(*v));
	v[t->n_provisions++] = prov;
	t->provisions = v;
}

static void parse_treaty_note(struct parser *p, struct chancery_treaty *t)
{
	if (p->ntok != 2 || p->tok[1].type != T_STRING || !p->tok[1].val_len) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw,
			 "expected one string after 'note'");
		return;
	}
	if (t->note) {
		error_at(p, p->tok[0].raw, "treaty '%s' has a note already", t->id);
		return;
	}
	t->note = arena_strndup(&p->r->arena, p->tok[1].val, p->tok[1].val_len);
}

static int word_is(const struct token *t, const char *w)
{
	return t->type == T_WORD && t->val_len == strlen(w) && !memcmp(t->val, w, t->val_len);
}

/* Does the first token look like it meant to be a date? */
static int looks_like_date(const struct token *t)
{
	return t->type == T_WORD && t->val_len &&
	       (isdigit((unsigned char)t->val[0]) || t->val[0] == '.' || t->val[0] == '/' ||
		word_is(t, "undated") || (t->val_len >= 4 && t->val[0] == 'X'));
}

static void parse_block_line(struct parser *p)
{
	const struct token *t0 = &p->tok[0];
	if (p->block == BLOCK_SKIP)
		return;
	if (p->block == BLOCK_PERSON) {
		if (word_is(t0, "office"))
			parse_office(p, &p->r->persons[p->block_index]);
		else
			error_at(p, t0->raw, "expected 'office' in a person block");
		return;
	}
	if (p->block == BLOCK_TREATY) {
		struct chancery_treaty *t = &p->r->treaties[p->block_index];
		struct chancery_date date;
		if (word_is(t0, "force"))
			parse_force(p, t);
		else if (word_is(t0, "term"))
			parse_term(p, t);
		else if (word_is(t0, "provision"))
			parse_provision(p, t);
		else if (word_is(t0, "note"))
			parse_treaty_note(p, t);
		else if (looks_like_date(t0)) {
			if (read_date(p, t0->val, t0->val_len, t0->raw, &date) == 0)
				parse_event(p, &date, t->id);
		} else
			error_at(p, t0->raw,
				 "expected force, term, provision, note or a dated action in a treaty block");
		return;
	}
	error_at(p, t0->raw, "indented line outside a person or treaty block");
}

static int parse_buffer(chancery_registry *r, const char *name, const char *buf, size_t len,
			struct chancery_diags *diags, int depth, const struct parser *parent,
			char *real_path);

static void parse_include(struct parser *p)
{
	const struct token *t;
	struct strbuf path = STRBUF_INIT, content = STRBUF_INIT;
	char *real = NULL;
	const char *slash;
	if (p->ntok != 2 || (p->tok[1].type != T_STRING && p->tok[1].type != T_WORD)) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[p->ntok > 2 ? 2 : 1].raw,
			 "expected one file name after 'include'");
		return;
	}
	t = &p->tok[1];
	if (p->depth + 1 >= MAX_INCLUDE_DEPTH) {
		error_at(p, t->raw, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
		return;
	}
	if (t->val[0] != '/' && (slash = strrchr(p->file, '/')))
		strbuf_add(&path, p->file, (size_t)(slash - p->file + 1));
	strbuf_add(&path, t->val, t->val_len);
	if (memchr(t->val, '\0', t->val_len)) {
		error_at(p, t->raw, "a file name cannot hold a NUL byte");
		goto out;
	}
	real = realpath(path.buf, NULL);
	if (!real) {
		error_at(p, t->raw, "cannot include '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	for (const struct parser *q = p; q; q = q->parent)
		if (q->real_path && !strcmp(q->real_path, real)) {
			error_at(p, t->raw, "'%s' includes itself (an include cycle)", path.buf);
			goto out;
		}
	if (strbuf_read_file(&content, path.buf, MAX_FILE_SIZE) < 0) {
		error_at(p, t->raw, "cannot include '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	parse_buffer(p->r, registry_intern(p->r, path.buf, path.len), content.buf, content.len,
		     p->diags, p->depth + 1, p, real);
out:
	free(real);
	strbuf_release(&path);
	strbuf_release(&content);
}

static int valid_utf8(const unsigned char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3, cp = c & 0x07;
		else
			goto fail;
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += k + 1;
	}
	return 1;
fail:
	*bad = i;
	return 0;
}

/* assert DAY WHAT ARGS... STATE [level=] [type=] [city=] */
static void parse_assert(struct parser *p)
{
	struct assertion a = { 0 };
	const char *const *states;
	int n_args;
	size_t i = 3;
	char what[32];
	const struct token *t;

	if (p->ntok < 2 || p->tok[1].type != T_WORD) {
		error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw, "expected a day after 'assert'");
		return;
	}
	if (read_date(p, p->tok[1].val, p->tok[1].val_len, p->tok[1].raw, &a.date) < 0)
		return;
	if (!chancery_date_is_day(&a.date)) {
		error_at(p, p->tok[1].raw, "an assertion needs one day (YYYY-MM-DD)");
		return;
	}
	if (p->ntok < 3 || p->tok[2].type != T_WORD || p->tok[2].val_len >= sizeof(what)) {
		error_at(p, p->ntok < 3 ? p->line_end : p->tok[2].raw,
			 "expected recognition, relations, mission, envoy, recognitions or treaty");
		return;
	}
	memcpy(what, p->tok[2].val, p->tok[2].val_len);
	what[p->tok[2].val_len] = '\0';
	if (!(states = assertion_states(what, &n_args))) {
		error_at(p, p->tok[2].raw,
			 "unknown assertion '%s'; expected recognition, relations, mission, envoy, recognitions or treaty",
			 what);
		return;
	}
	a.what = registry_intern(p->r, what, strlen(what));
	for (int k = 0; k < n_args; k++, i++) {
		t = i < p->ntok ? &p->tok[i] : NULL;
		if (!t || t->type != T_WORD) {
			error_at(p, t ? t->raw : p->line_end, "'assert %s' needs %d id%s and a state", what,
				 n_args, n_args == 1 ? "" : "s");
			return;
		}
		if (!(a.args[k] = read_id(p, t->val, t->val_len, t->raw, "a")))
			return;
	}
	a.n_args = (uint8_t)n_args;
	t = i < p->ntok ? &p->tok[i] : NULL;
	if (!t || t->type != T_WORD) {
		error_at(p, t ? t->raw : p->line_end, "expected the state 'assert %s' expects", what);
		return;
	}
	if (!*states) {
		/* recognitions: a count */
		for (size_t k = 0; k < t->val_len; k++)
			if (!isdigit((unsigned char)t->val[k]) || t->val_len > 6) {
				error_at(p, t->raw, "expected a number of parties");
				return;
			}
	} else if (word_index(states, t->val, t->val_len) < 0) {
		struct strbuf choices = STRBUF_INIT;
		word_list_join(states, &choices);
		error_at(p, t->raw, "unknown state '%.*s' for 'assert %s'; expected %s",
			 (int)(t->val_len > 40 ? 40 : t->val_len), t->val, what, choices.buf);
		strbuf_release(&choices);
		return;
	}
	a.expected = registry_intern(p->r, t->val, t->val_len);
	for (i++; i < p->ntok; i++) {
		t = &p->tok[i];
		if (t->type == T_ATTR && !strcmp(what, "relations") && t->key_len == 5 &&
		    !memcmp(t->key, "level", 5)) {
			if (!(a.level = read_word_of(p, t, relation_levels, "level of relations")))
				return;
		} else if (t->type == T_ATTR && !strcmp(what, "mission") && t->key_len == 4 &&
			   !memcmp(t->key, "type", 4)) {
			if (!(a.type = read_word_of(p, t, mission_types, "mission type")))
				return;
		} else if (t->type == T_ATTR && !strcmp(what, "mission") && t->key_len == 4 &&
			   !memcmp(t->key, "city", 4)) {
			a.city = arena_strndup(&p->r->arena, t->val, t->val_len);
		} else {
			error_at(p, t->raw, "unexpected '%.*s' in 'assert %s'",
				 (int)(t->val_len > 40 ? 40 : t->val_len), t->type == T_ATTR ? t->key : t->val,
				 what);
			return;
		}
	}
	a.loc = here(p);
	ALLOC_GROW(p->r->assertions, p->r->n_assertions + 1, p->r->alloc_assertions);
	p->r->assertions[p->r->n_assertions++] = a;
}

static void parse_line(struct parser *p)
{
	const struct token *t0;
	size_t bad;
	int indented;

	if (memchr(p->line_start, '\0', (size_t)(p->line_end - p->line_start))) {
		error_at(p, memchr(p->line_start, '\0', (size_t)(p->line_end - p->line_start)),
			 "NUL byte in the line");
		return;
	}
	if (!valid_utf8((const unsigned char *)p->line_start, (size_t)(p->line_end - p->line_start),
			&bad)) {
		error_at(p, p->line_start + bad, "invalid UTF-8");
		return;
	}
	if (tokenize(p) < 0 || !p->ntok)
		return;
	t0 = &p->tok[0];
	indented = is_space(p->line_start[0]);
	if (indented) {
		parse_block_line(p);
		return;
	}
	p->block = BLOCK_NONE;
	if (t0->type != T_WORD) {
		error_at(p, t0->raw, "expected a directive (include, party, person, source, treaty, assert) or a date");
		return;
	}
	if (word_is(t0, "include"))
		parse_include(p);
	else if (word_is(t0, "party"))
		parse_party(p);
	else if (word_is(t0, "person")) {
		p->block = BLOCK_SKIP; /* until the head has parsed */
		parse_person(p);
	}
	else if (word_is(t0, "source"))
		parse_source(p);
	else if (word_is(t0, "treaty")) {
		p->block = BLOCK_SKIP;
		parse_treaty(p);
	} else if (word_is(t0, "assert"))
		parse_assert(p);
	else if (looks_like_date(t0)) {
		struct chancery_date date;
		if (read_date(p, t0->val, t0->val_len, t0->raw, &date) == 0)
			parse_event(p, &date, NULL);
	} else
		error_at(p, t0->raw,
			 "unknown directive '%.*s'; expected include, party, person, source, treaty, assert or a date",
			 (int)(t0->val_len > 40 ? 40 : t0->val_len), t0->val);
}

static int parse_buffer(chancery_registry *r, const char *name, const char *buf, size_t len,
			struct chancery_diags *diags, int depth, const struct parser *parent,
			char *real_path)
{
	struct parser p = { 0 };
	const char *c = buf, *end = buf + len;
	size_t errors_before = diags->errors;

	p.r = r;
	p.diags = diags;
	p.file = registry_intern(r, name, strlen(name));
	p.depth = depth;
	p.parent = parent;
	p.real_path = real_path;
	strbuf_init(&p.line_text, 0);
	strbuf_init(&p.scratch, 0);
	if (len >= 3 && !memcmp(c, "\xef\xbb\xbf", 3))
		c += 3; /* a byte order mark */

	while (c < end && !too_many_errors(&p)) {
		const char *nl = memchr(c, '\n', (size_t)(end - c));
		const char *line_end = nl ? nl : end;
		p.line++;
		p.line_start = c;
		p.line_end = line_end;
		if (p.line_end > p.line_start && p.line_end[-1] == '\r')
			p.line_end--;
		strbuf_reset(&p.line_text);
		p.line_failed = 0;
		if ((size_t)(p.line_end - p.line_start) > MAX_LINE) {
			p.line_end = p.line_start + 80;
			error_at(&p, p.line_start, "line longer than %d bytes", MAX_LINE);
		} else {
			parse_line(&p);
		}
		c = nl ? nl + 1 : end;
	}
	strbuf_release(&p.line_text);
	strbuf_release(&p.scratch);
	registry_unfinish(r);
	return diags->errors > errors_before ? -CHANCERY_EINPUT : 0;
}

int chancery_ledger_parse_buffer(chancery_registry *r, const char *name, const char *buf,
				 size_t len, struct chancery_diags *diags)
{
	return parse_buffer(r, name, buf, len, diags, 0, NULL, NULL);
}

int chancery_ledger_parse_file(chancery_registry *r, const char *path,
			       struct chancery_diags *diags)
{
	struct strbuf content = STRBUF_INIT;
	char *real;
	int ret;
	if (strbuf_read_file(&content, path, MAX_FILE_SIZE) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, path, 0, 0, NULL, "cannot read '%s': %s",
				   path, strerror(errno));
		strbuf_release(&content);
		return -CHANCERY_EIO;
	}
	real = realpath(path, NULL);
	ret = parse_buffer(r, path, content.buf, content.len, diags, 0, NULL, real);
	free(real);
	strbuf_release(&content);
	return ret;
}
