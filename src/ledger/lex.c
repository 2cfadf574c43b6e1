/* lex.c: the ledger's lexical layer (docs/ledger.md): diagnostics with
 * file:line:col and the line, a line split into words, strings and
 * key=value attributes, and the values read from them: ids, EDTF dates,
 * durations, words of a list, and attributes set by the tables of
 * src/model/vocab.c. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/parser.h"
#include "model/registry.h"
#include "base/banned.h"

int ledger_too_many_errors(const struct parser *p)
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

void ledger_error_at(struct parser *p, const char *pos,
							   const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	p->line_failed = 1;
	if (ledger_too_many_errors(p))
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
	if (ledger_too_many_errors(p))
		chancery_diags_add(p->diags, CHANCERY_ERROR, p->file, p->line, 0, NULL,
				   "too many errors; stopping");
	strbuf_release(&msg);
}

/* A warning at pos in the current line: reported, the line not failed. */
void ledger_warn_at(struct parser *p, const char *pos, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (p->line_start) {
		strbuf_add(&line, p->line_start, (size_t)(p->line_end - p->line_start));
		for (size_t i = 0; i < line.len; i++)
			if ((unsigned char)line.buf[i] < 0x20 && line.buf[i] != '\t')
				line.buf[i] = '?';
	}
	chancery_diags_add(p->diags, CHANCERY_WARNING, p->file, p->line,
			   pos ? column_of(p, pos) : 0, line.len ? line.buf : NULL, "%s", msg.buf);
	strbuf_release(&msg);
	strbuf_release(&line);
}

/* ---- tokens ---- */

int ledger_is_space(char c)
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
				ledger_error_at(p, c, "unterminated string");
				return NULL;
			}
			switch (c[1]) {
			case '"': strbuf_addch(&p->scratch, '"'); break;
			case '\\': strbuf_addch(&p->scratch, '\\'); break;
			case 'n': strbuf_addch(&p->scratch, '\n'); break;
			case 't': strbuf_addch(&p->scratch, '\t'); break;
			default:
				ledger_error_at(p, c, "unknown escape '\\%c' in a string; expected \\\", \\\\, \\n or \\t",
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
		ledger_error_at(p, s, "unterminated string: no closing '\"' on this line");
		return NULL;
	}
	*val = p->scratch.buf + start;
	*len = p->scratch.len - start;
	strbuf_addch(&p->scratch, '\0');
	return c + 1;
}

/* What a byte means to the tokenizer: one table load per byte of a word
 * instead of four comparisons. */
enum { CH_WORD = 0, CH_STOP = 1, CH_EQ = 2 };
static const unsigned char char_class[256] = {
	[' '] = CH_STOP, ['\t'] = CH_STOP, ['"'] = CH_STOP, ['='] = CH_EQ,
};

/* Split the current line into tokens. Returns 0, or -1 after an error. */
int ledger_tokenize(struct parser *p)
{
	const char *c = p->line_start;
	p->ntok = 0;
	strbuf_reset(&p->scratch);
	/* Decoded strings are never longer than the line: grow once so that
	 * pointers into scratch stay valid. */
	strbuf_grow(&p->scratch, (size_t)(p->line_end - p->line_start) + MAX_TOKENS + 1);
	for (;;) {
		struct token *t;
		while (c < p->line_end && ledger_is_space(*c))
			c++;
		if (c >= p->line_end || *c == '#')
			return 0;
		if (p->ntok == MAX_TOKENS) {
			ledger_error_at(p, c, "too many tokens on one line (at most %d)", MAX_TOKENS);
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
			if (c < p->line_end && !ledger_is_space(*c)) {
				ledger_error_at(p, c, "expected a space after the closing '\"'");
				return -1;
			}
		} else {
			const char *w = c, *eq = NULL, *end = p->line_end;
			for (; c < end; c++) {
				unsigned k = char_class[(unsigned char)*c];
				if (k == CH_STOP)
					break;
				if (k == CH_EQ && !eq)
					eq = c;
			}
			if (!eq) {
				if (c < p->line_end && *c == '"') {
					ledger_error_at(p, c, "unexpected '\"' inside a word; put a space before the string");
					return -1;
				}
				t->type = T_WORD;
				t->val = t->raw_val = w;
				t->val_len = (size_t)(c - w);
				continue;
			}
			if (eq == w) {
				ledger_error_at(p, w, "expected a key before '='");
				return -1;
			}
			t->type = T_ATTR;
			t->key = w;
			t->key_len = (size_t)(eq - w);
			t->raw_val = eq + 1;
			if (c < p->line_end && *c == '"') {
				if (c != eq + 1) {
					ledger_error_at(p, c, "unexpected '\"' inside a value; quote the whole value");
					return -1;
				}
				if (!(c = read_string(p, c, &t->val, &t->val_len)))
					return -1;
				if (c < p->line_end && !ledger_is_space(*c)) {
					ledger_error_at(p, c, "expected a space after the closing '\"'");
					return -1;
				}
			} else {
				t->val = eq + 1;
				t->val_len = (size_t)(c - eq - 1);
			}
			if (!t->val_len) {
				ledger_error_at(p, eq + 1, "expected a value after '%.*s='", (int)t->key_len,
					 t->key);
				return -1;
			}
		}
	}
}

/* ---- values ---- */

/* Letters, digits, '_', '-', '.', ':' (ASCII: isalnum in the C locale). */
static const unsigned char id_chars[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
	['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
	['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['_'] = 1, ['-'] = 1,
	['.'] = 1, [':'] = 1,
};

static int is_id_char(char c)
{
	return id_chars[(unsigned char)c];
}

/* Ids are at most MAX_ID bytes; event ids up to MAX_EVENT_ID, for a
 * generated one joins a date, a kind and up to three ids (then ".N"). */
#define MAX_ID 200
#define MAX_EVENT_ID 1024

static int valid_id(const char *s, size_t len, size_t max)
{
	if (!len || len > max || !isalnum((unsigned char)s[0]))
		return 0;
	/* the line is ASCII or UTF-8 here, and isalnum is of the C locale */
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
	if (len > max && valid_id(s, max, max)) {
		ledger_error_at(p, pos, "%s id of %zu bytes is too long: at most %zu bytes, got '%.*s...'",
				what, len, max, 40, s);
		return NULL;
	}
	if (!valid_id(s, len, max)) {
		ledger_error_at(p, pos,
			 "expected %s id (letters, digits, '_', '-', '.', ':'), got '%.*s'", what,
			 (int)(len > 60 ? 60 : len), s);
		return NULL;
	}
	return registry_intern(p->r, s, len);
}

const char *ledger_read_id(struct parser *p, const char *s, size_t len, const char *pos,
			   const char *what)
{
	return read_id_max(p, s, len, pos, what, MAX_ID);
}

int ledger_read_date(struct parser *p, const char *s, size_t len, const char *pos,
		     struct chancery_date *out)
{
	const char *why;
	size_t where;
	if (chancery_date_parse(s, len, out, &why, &where) < 0) {
		char msg[160];
		ledger_error_at(p, pos + (where <= len ? where : len), "%s",
			 chancery_date_explain(s, len, why, where, msg, sizeof(msg)));
		return -1;
	}
	return 0;
}

int ledger_read_duration(struct parser *p, const char *s, size_t len, const char *pos,
			 struct chancery_duration *out)
{
	long n = 0;
	size_t i = 0;
	/* every digit is read; the number saturates past the limit */
	for (; i < len && isdigit((unsigned char)s[i]); i++)
		if (n <= 100000)
			n = n * 10 + (s[i] - '0');
	if (i && i + 1 == len && (s[i] == 'y' || s[i] == 'm' || s[i] == 'd') && n > 100000) {
		ledger_error_at(p, pos, "duration '%.*s' is too long: at most 100000 of a unit",
				(int)(len > 40 ? 40 : len), s);
		return -1;
	}
	if (!i || i + 1 != len || (s[i] != 'y' && s[i] != 'm' && s[i] != 'd') || n < 1) {
		ledger_error_at(p, pos, "expected a duration such as 49y, 6m or 30d, got '%.*s'",
			 (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	out->n = (int32_t)n;
	out->unit = s[i];
	return 0;
}

static int cmp_str_ptr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* An id listed twice (parties=RU,AB,RU) is a mistake: refused, in
 * n log n, as lists may be long (a treaty of thousands of parties). */
static int check_no_duplicates(struct parser *p, const struct token *t,
			       const struct chancery_ids *ids)
{
	const char **v;
	int ret = 0;
	if (ids->n < 2)
		return 0;
	v = xmalloc(ids->n * sizeof(*v));
	memcpy(v, ids->v, ids->n * sizeof(*v));
	qsort(v, ids->n, sizeof(*v), cmp_str_ptr);
	for (uint32_t i = 1; i < ids->n && !ret; i++)
		if (!strcmp(v[i - 1], v[i])) {
			ledger_error_at(p, t->raw_val, "'%s' is listed twice in %.*s=", v[i],
					(int)t->key_len, t->key);
			ret = -1;
		}
	free(v);
	return ret;
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
		const char *id = ledger_read_id(p, s, (size_t)(item_end - s),
					 t->raw_val + (s - t->val), what);
		if (!id)
			return -1;
		out->v[k++] = id;
		s = item_end + 1;
	}
	out->n = (uint32_t)k;
	return check_no_duplicates(p, t, out);
}

const char *ledger_read_word_of(struct parser *p, const struct token *t,
				const char *const *list, const char *what)
{
	int i = word_index(list, t->val, t->val_len);
	if (i < 0) {
		struct strbuf choices = STRBUF_INIT;
		word_list_join(list, &choices);
		ledger_error_at(p, t->raw_val, "unknown %s '%.*s'; expected %s", what,
			 (int)(t->val_len > 40 ? 40 : t->val_len), t->val, choices.buf);
		strbuf_release(&choices);
		return NULL;
	}
	return list[i];
}

/* Store an attribute's value into the field of obj it names. */
int ledger_set_field(struct parser *p, const struct field *f, void *obj, const struct token *t)
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
		return (*sp = ledger_read_id(p, t->val, t->val_len, t->raw_val, "a party")) ? 0 : -1;
	case FT_PERSON:
		return (*sp = ledger_read_id(p, t->val, t->val_len, t->raw_val, "a person")) ? 0 : -1;
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
		return ledger_read_date(p, t->val, t->val_len, t->raw_val, (struct chancery_date *)at);
	case FT_INT: {
		long n = 0;
		for (size_t i = 0; i < t->val_len; i++) {
			if (!isdigit((unsigned char)t->val[i]) || n > 99999) {
				ledger_error_at(p, t->raw_val, "expected a number from 1 to 99999 for '%s'",
					 f->key);
				return -1;
			}
			n = n * 10 + (t->val[i] - '0');
		}
		if (n < 1 || n > 99999) {
			ledger_error_at(p, t->raw_val, "expected a number from 1 to 99999 for '%s'", f->key);
			return -1;
		}
		*(int *)at = (int)n;
		return 0;
	}
	case FT_PARTY_KIND: {
		const char *w = ledger_read_word_of(p, t, party_kind_names, "party kind");
		if (!w)
			return -1;
		*(enum chancery_party_kind *)at =
			(enum chancery_party_kind)word_index(party_kind_names, w, strlen(w));
		return 0;
	}
	case FT_LEVEL:
		return (*sp = ledger_read_word_of(p, t, relation_levels, "level of relations")) ? 0 : -1;
	case FT_MISSION:
		return (*sp = ledger_read_word_of(p, t, mission_types, "mission type")) ? 0 : -1;
	case FT_STANCE:
		return (*sp = ledger_read_word_of(p, t, stances, "stance")) ? 0 : -1;
	case FT_SYSTEM:
		return (*sp = ledger_read_word_of(p, t, state_systems, "state system")) ? 0 : -1;
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
int ledger_read_attrs(struct parser *p, size_t from, const struct field *fields, void *obj,
		      const char *what)
{
	uint32_t seen = 0;
	int ret = 0;
	for (size_t i = from; i < p->ntok; i++) {
		const struct token *t = &p->tok[i];
		const struct field *f;
		if (t->type != T_ATTR) {
			ledger_error_at(p, t->raw, "unexpected %s; expected key=value",
				 t->type == T_STRING ? "string" : "word");
			return -1;
		}
		f = fields_find(fields, t->key, t->key_len);
		if (!f) {
			struct strbuf keys = STRBUF_INIT;
			list_keys(fields, &keys);
			ledger_error_at(p, t->raw, "unknown attribute '%.*s' for %s; expected %s",
				 (int)(t->key_len > 40 ? 40 : t->key_len), t->key, what, keys.buf);
			strbuf_release(&keys);
			ret = -1;
			continue;
		}
		if (seen & (1u << (f - fields))) {
			ledger_error_at(p, t->raw, "'%s' given twice", f->key);
			ret = -1;
			continue;
		}
		seen |= 1u << (f - fields);
		if (ledger_set_field(p, f, obj, t) < 0)
			ret = -1;
	}
	return ret;
}
