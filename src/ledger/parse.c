/* parse.c: the ledger parser's entry (docs/ledger.md). Line by line:
 * check the bytes, split the line into tokens (lex.c), then read a
 * directive (entities.c), an include or an assertion. An error is
 * reported with file:line:col and the line, and the parser goes on with
 * the next line, so one run shows every error. Assertions are recorded
 * as data; evaluating them is a query (src/query/assert.c). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger/parser.h"
#include "model/registry.h"
#include "base/utf8.h"
#include "base/banned.h"

static int parse_buffer(struct parse_session *ss, chancery_registry *r, const char *name,
			const char *buf, size_t len, struct chancery_diags *diags, int depth,
			const struct parser *parent, char *real_path);

/* Is the real path `real` inside the directory `root`? */
static int inside(const char *real, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return 1;
	return !strncmp(real, root, n) && real[n] == '/';
}

/* Read the regular file at real (already resolved) into content, counting
 * it against the session's budget. The file is opened without blocking and
 * checked with fstat before a byte is read: a FIFO would hang the parse,
 * and /dev/zero never ends. Returns 0 or -1 after reporting at pos. */
static int read_included(struct parser *p, const char *pos, const char *shown, const char *real,
			 struct strbuf *content)
{
	struct parse_session *ss = p->session;
	struct stat st;
	size_t left = ss->opts.max_input - ss->bytes_read;
	int fd = open(real, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0) {
		ledger_error_at(p, pos, "cannot include '%s': %s", shown, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		ledger_error_at(p, pos, "cannot include '%s': not a regular file", shown);
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > left) {
		ledger_error_at(p, pos,
				"cannot include '%s': with it the parse would read more than %zu bytes",
				shown, ss->opts.max_input);
		close(fd);
		return -1;
	}
	strbuf_grow(content, (size_t)st.st_size);
	/* read at most one byte past the budget: a file that grew since fstat
	 * is still held to it */
	while ((n = read(fd, content->buf + content->len, content->alloc - content->len - 1)) > 0) {
		strbuf_setlen(content, content->len + (size_t)n);
		if (content->len > left) {
			ledger_error_at(p, pos,
					"cannot include '%s': with it the parse would read more than"
					" %zu bytes",
					shown, ss->opts.max_input);
			close(fd);
			return -1;
		}
		strbuf_grow(content, 65536);
	}
	if (n < 0) {
		ledger_error_at(p, pos, "cannot include '%s': %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	ss->bytes_read += content->len;
	return 0;
}

/* include "FILE": relative to the including file's directory, confined to
 * the include root, a regular file, read once per parse. */
static void parse_include(struct parser *p)
{
	struct parse_session *ss = p->session;
	const struct token *t;
	struct strbuf path = STRBUF_INIT, content = STRBUF_INIT;
	char *real = NULL;
	const char *slash;
	if (p->ntok != 2 || (p->tok[1].type != T_STRING && p->tok[1].type != T_WORD)) {
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[p->ntok > 2 ? 2 : 1].raw,
			 "expected one file name after 'include'");
		return;
	}
	t = &p->tok[1];
	if (ss->opts.flags & CHANCERY_PARSE_NO_INCLUDES) {
		ledger_error_at(p, p->tok[0].raw,
				"an include is not allowed here: this text holds facts, not directives");
		return;
	}
	if (p->depth + 1 >= MAX_INCLUDE_DEPTH) {
		ledger_error_at(p, t->raw, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
		return;
	}
	if (t->val[0] != '/' && (slash = strrchr(p->file, '/')))
		strbuf_add(&path, p->file, (size_t)(slash - p->file + 1));
	strbuf_add(&path, t->val, t->val_len);
	if (memchr(t->val, '\0', t->val_len)) {
		ledger_error_at(p, t->raw, "a file name cannot hold a NUL byte");
		goto out;
	}
	real = realpath(path.buf, NULL);
	if (!real) {
		ledger_error_at(p, t->raw, "cannot include '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	if (!ss->root || !inside(real, ss->root)) {
		ledger_error_at(p, t->raw,
				"cannot include '%s': it is outside '%s', the directory tree includes"
				" may read (--include-root widens it)",
				path.buf, ss->root ? ss->root : "(none)");
		goto out;
	}
	for (const struct parser *q = p; q; q = q->parent)
		if (q->real_path && !strcmp(q->real_path, real)) {
			ledger_error_at(p, t->raw, "'%s' includes itself (an include cycle)", path.buf);
			goto out;
		}
	for (size_t i = 0; i < ss->n_files; i++)
		if (!strcmp(ss->files[i].real_path, real)) {
			if (ss->files[i].file)
				ledger_error_at(p, t->raw,
						"'%s' is included twice (first at %s:%u); its facts are"
						" read already",
						path.buf, ss->files[i].file, ss->files[i].line);
			else
				ledger_error_at(p, t->raw,
						"'%s' is the file being parsed; its facts are read"
						" already",
						path.buf);
			goto out;
		}
	if (read_included(p, t->raw, path.buf, real, &content) < 0)
		goto out;
	ALLOC_GROW(ss->files, ss->n_files + 1, ss->alloc_files);
	ss->files[ss->n_files].real_path = xstrdup(real);
	ss->files[ss->n_files].file = p->file;
	ss->files[ss->n_files].line = p->line;
	ss->n_files++;
	parse_buffer(ss, p->r, registry_intern(p->r, path.buf, path.len), content.buf, content.len,
		     p->diags, p->depth + 1, p, real);
out:
	free(real);
	strbuf_release(&path);
	strbuf_release(&content);
}

/* Is s[0..n) printable UTF-8 text? Returns 0, or sets *bad to the offset
 * of the first fault and returns 1 for bytes that are not UTF-8, 2 for a
 * control character (*cp: C0 but tab, DEL, or C1): a ledger holds text,
 * and a control character in a name would reach every terminal that
 * prints it; 3 for a character that makes text display otherwise than it
 * reads (*cp; utf8_deceptive). */
static int text_fault(const unsigned char *s, size_t n, size_t *bad, unsigned *cp_out)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned cp;
		if (i + 8 <= n) {
			/* Eight printable ASCII bytes (0x20 to 0x7e) at a time: no
			 * byte with the high bit, none below 0x20, no 0x7f. */
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!((w | (w - 0x2020202020202020ull) | ((w ^ 0x7f7f7f7f7f7f7f7full) - ones)) &
			      highs)) {
				i += 8;
				continue;
			}
		}
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				*bad = i;
				*cp_out = c;
				return 2;
			}
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
		if (cp >= 0x80 && cp <= 0x9f) {
			*bad = i;
			*cp_out = cp;
			return 2;
		}
		if (utf8_deceptive(cp)) {
			*bad = i;
			*cp_out = cp;
			return 3;
		}
		i += k + 1;
	}
	return 0;
fail:
	*bad = i;
	return 1;
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
		ledger_error_at(p, p->ntok < 2 ? p->line_end : p->tok[1].raw, "expected a day after 'assert'");
		return;
	}
	if (ledger_read_date(p, p->tok[1].val, p->tok[1].val_len, p->tok[1].raw, &a.date) < 0)
		return;
	if (!chancery_date_is_day(&a.date)) {
		ledger_error_at(p, p->tok[1].raw, "an assertion needs one day (YYYY-MM-DD)");
		return;
	}
	if (p->ntok < 3 || p->tok[2].type != T_WORD || p->tok[2].val_len >= sizeof(what)) {
		ledger_error_at(p, p->ntok < 3 ? p->line_end : p->tok[2].raw,
			 "expected recognition, relations, mission, envoy, recognitions or treaty");
		return;
	}
	memcpy(what, p->tok[2].val, p->tok[2].val_len);
	what[p->tok[2].val_len] = '\0';
	if (!(states = assertion_states(what, &n_args))) {
		ledger_error_at(p, p->tok[2].raw,
			 "unknown assertion '%s'; expected recognition, relations, mission, envoy, recognitions or treaty",
			 what);
		return;
	}
	a.what = registry_intern(p->r, what, strlen(what));
	for (int k = 0; k < n_args; k++, i++) {
		t = i < p->ntok ? &p->tok[i] : NULL;
		if (!t || t->type != T_WORD) {
			ledger_error_at(p, t ? t->raw : p->line_end, "'assert %s' needs %d id%s and a state", what,
				 n_args, n_args == 1 ? "" : "s");
			return;
		}
		if (!(a.args[k] = ledger_read_id(p, t->val, t->val_len, t->raw, "a")))
			return;
	}
	a.n_args = (uint8_t)n_args;
	t = i < p->ntok ? &p->tok[i] : NULL;
	if (!t || t->type != T_WORD) {
		ledger_error_at(p, t ? t->raw : p->line_end, "expected the state 'assert %s' expects", what);
		return;
	}
	if (!*states) {
		/* recognitions: a count */
		for (size_t k = 0; k < t->val_len; k++)
			if (!isdigit((unsigned char)t->val[k]) || t->val_len > 6) {
				ledger_error_at(p, t->raw, "expected a number of parties");
				return;
			}
	} else if (word_index(states, t->val, t->val_len) < 0) {
		struct strbuf choices = STRBUF_INIT;
		word_list_join(states, &choices);
		ledger_error_at(p, t->raw, "unknown state '%.*s' for 'assert %s'; expected %s",
			 (int)(t->val_len > 40 ? 40 : t->val_len), t->val, what, choices.buf);
		strbuf_release(&choices);
		return;
	}
	a.expected = registry_intern(p->r, t->val, t->val_len);
	for (i++; i < p->ntok; i++) {
		t = &p->tok[i];
		if (t->type == T_ATTR && !strcmp(what, "relations") && t->key_len == 5 &&
		    !memcmp(t->key, "level", 5)) {
			if (!(a.level = ledger_read_word_of(p, t, relation_levels, "level of relations")))
				return;
		} else if (t->type == T_ATTR && !strcmp(what, "mission") && t->key_len == 4 &&
			   !memcmp(t->key, "type", 4)) {
			if (!(a.type = ledger_read_word_of(p, t, mission_types, "mission type")))
				return;
		} else if (t->type == T_ATTR && !strcmp(what, "mission") && t->key_len == 4 &&
			   !memcmp(t->key, "city", 4)) {
			a.city = arena_strndup(&p->r->arena, t->val, t->val_len);
		} else {
			ledger_error_at(p, t->raw, "unexpected '%.*s' in 'assert %s'",
				 (int)(t->val_len > 40 ? 40 : t->val_len), t->type == T_ATTR ? t->key : t->val,
				 what);
			return;
		}
	}
	a.loc = ledger_here(p);
	ALLOC_GROW(p->r->assertions, p->r->n_assertions + 1, p->r->alloc_assertions);
	p->r->assertions[p->r->n_assertions++] = a;
}

static void parse_line(struct parser *p)
{
	const struct token *t0;
	size_t bad;
	unsigned cp = 0;
	int indented;

	if (memchr(p->line_start, '\0', (size_t)(p->line_end - p->line_start))) {
		ledger_error_at(p, memchr(p->line_start, '\0', (size_t)(p->line_end - p->line_start)),
			 "NUL byte in the line");
		return;
	}
	switch (text_fault((const unsigned char *)p->line_start,
			   (size_t)(p->line_end - p->line_start), &bad, &cp)) {
	case 1:
		ledger_error_at(p, p->line_start + bad, "invalid UTF-8");
		return;
	case 2:
		ledger_error_at(p, p->line_start + bad,
				"control character U+%04X in the line; a ledger holds printable text"
				" (in a string, write a tab as \\t and a new line as \\n)",
				cp);
		return;
	case 3:
		ledger_error_at(p, p->line_start + bad,
				"U+%04X in the line: an invisible format character that makes text"
				" display otherwise than it reads (a name with it can pass for"
				" another); a ledger does not hold it",
				cp);
		return;
	}
	if (ledger_tokenize(p) < 0 || !p->ntok)
		return;
	t0 = &p->tok[0];
	indented = ledger_is_space(p->line_start[0]);
	if (indented) {
		ledger_parse_block_line(p);
		return;
	}
	p->block = BLOCK_NONE;
	if (t0->type != T_WORD) {
		ledger_error_at(p, t0->raw, "expected a directive (include, party, person, source, treaty, amend, assert) or a date");
		return;
	}
	if (ledger_word_is(t0, "include"))
		parse_include(p);
	else if (ledger_word_is(t0, "party"))
		ledger_parse_party(p);
	else if (ledger_word_is(t0, "person")) {
		p->block = BLOCK_SKIP; /* until the head has parsed */
		ledger_parse_person(p);
	}
	else if (ledger_word_is(t0, "source")) {
		p->block = BLOCK_SKIP; /* until the head has parsed */
		ledger_parse_source(p);
	}
	else if (ledger_word_is(t0, "treaty")) {
		p->block = BLOCK_SKIP;
		ledger_parse_treaty(p);
	} else if (ledger_word_is(t0, "amend")) {
		p->block = BLOCK_SKIP; /* until the head has parsed */
		ledger_parse_amend(p);
	} else if (ledger_word_is(t0, "assert"))
		parse_assert(p);
	else if (ledger_looks_like_date(t0)) {
		struct chancery_date date;
		if (ledger_read_date(p, t0->val, t0->val_len, t0->raw, &date) == 0)
			ledger_parse_event(p, &date, NULL);
	} else
		ledger_error_at(p, t0->raw,
			 "unknown directive '%.*s'; expected include, party, person, source, treaty, amend, assert or a date",
			 (int)(t0->val_len > 40 ? 40 : t0->val_len), t0->val);
}

static int parse_buffer(struct parse_session *ss, chancery_registry *r, const char *name,
			const char *buf, size_t len, struct chancery_diags *diags, int depth,
			const struct parser *parent, char *real_path)
{
	struct parser p = { 0 };
	const char *c = buf, *end = buf + len;
	size_t errors_before = diags->errors;

	p.session = ss;
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

	while (c < end && !ledger_too_many_errors(&p)) {
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
			ledger_error_at(&p, p.line_start, "line longer than %d bytes", MAX_LINE);
			/* it may have opened a block: its lines would each repeat
			 * the error as "outside a block" */
			if (!ledger_is_space(*p.line_start))
				p.block = BLOCK_SKIP;
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

/* A session for one top-level parse: the options with their defaults,
 * and the include root resolved (NULL if it does not exist: then no
 * include can be read). */
static void session_init(struct parse_session *ss, const struct chancery_parse_opts *opts,
			 const char *name)
{
	memset(ss, 0, sizeof(*ss));
	if (opts)
		ss->opts = *opts;
	if (!ss->opts.max_input)
		ss->opts.max_input = CHANCERY_PARSE_MAX_INPUT;
	if (ss->opts.include_root) {
		ss->root = realpath(ss->opts.include_root, NULL);
	} else {
		struct strbuf dir = STRBUF_INIT;
		const char *slash = name ? strrchr(name, '/') : NULL;
		if (slash)
			strbuf_add(&dir, name, (size_t)(slash - name) + (slash == name));
		else
			strbuf_addch(&dir, '.');
		ss->root = realpath(dir.buf, NULL);
		strbuf_release(&dir);
	}
}

static void session_release(struct parse_session *ss)
{
	for (size_t i = 0; i < ss->n_files; i++)
		free(ss->files[i].real_path);
	free(ss->files);
	free(ss->root);
}

int chancery_ledger_parse_buffer_opts(chancery_registry *r, const char *name, const char *buf,
				      size_t len, const struct chancery_parse_opts *opts,
				      struct chancery_diags *diags)
{
	struct parse_session ss;
	int ret;
	session_init(&ss, opts, name);
	ret = parse_buffer(&ss, r, name, buf, len, diags, 0, NULL, NULL);
	session_release(&ss);
	return ret;
}

int chancery_ledger_parse_buffer(chancery_registry *r, const char *name, const char *buf,
				 size_t len, struct chancery_diags *diags)
{
	return chancery_ledger_parse_buffer_opts(r, name, buf, len, NULL, diags);
}

int chancery_ledger_parse_file_opts(chancery_registry *r, const char *path,
				    const struct chancery_parse_opts *opts,
				    struct chancery_diags *diags)
{
	struct parse_session ss;
	struct strbuf content = STRBUF_INIT;
	char *real;
	int ret;
	/* "-" is standard input, named so in messages; its includes are
	 * relative to the working directory */
	const char *shown = strcmp(path, "-") ? path : "<stdin>";
	session_init(&ss, opts, path);
	/* The top file is the user's own choice, and may be a pipe: it is read
	 * as it comes, within the budget. */
	if (strbuf_read_file(&content, path, ss.opts.max_input) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, shown, 0, 0, NULL, "cannot read '%s': %s",
				   shown, strbuf_read_strerror(errno));
		strbuf_release(&content);
		session_release(&ss);
		return -CHANCERY_EIO;
	}
	ss.bytes_read = content.len;
	real = strcmp(path, "-") ? realpath(path, NULL) : NULL;
	if (real) {
		ALLOC_GROW(ss.files, ss.n_files + 1, ss.alloc_files);
		ss.files[ss.n_files].real_path = xstrdup(real);
		ss.files[ss.n_files].file = NULL;
		ss.files[ss.n_files].line = 0;
		ss.n_files++;
	}
	ret = parse_buffer(&ss, r, shown, content.buf, content.len, diags, 0, NULL, real);
	free(real);
	strbuf_release(&content);
	session_release(&ss);
	return ret;
}

int chancery_ledger_parse_file(chancery_registry *r, const char *path,
			       struct chancery_diags *diags)
{
	return chancery_ledger_parse_file_opts(r, path, NULL, diags);
}
