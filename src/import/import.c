/* import.c: what the readers of public data sets share: reading delimited
 * files with libcsv and recoding Latin-1 with iconv, writing ledger
 * strings and dates, remembering which row each generated line came from,
 * and reporting bad rows and codes that match no party. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "import/import.h"
#include "base/utf8.h"
#include "base/banned.h"

#define IMPORT_MAX_FILE (256u << 20)

int import_read_file(struct import_job *job, const char *path, struct strbuf *sb)
{
	if (strbuf_read_file(sb, path, IMPORT_MAX_FILE) < 0) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, path, 0, 0, NULL,
				   "cannot read '%s': %s", path,
				   errno == EFBIG ? "larger than 256 MiB" : strbuf_read_strerror(errno));
		return -CHANCERY_EIO;
	}
	return 0;
}

unsigned import_file_number(struct import_job *job, const char *path)
{
	for (size_t i = 0; i < job->n_files; i++)
		if (!strcmp(job->files[i], path))
			return (unsigned)i + 1;
	ALLOC_GROW(job->files, job->n_files + 1, job->alloc_files);
	job->files[job->n_files++] = xstrdup(path);
	return (unsigned)job->n_files;
}

const char *import_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

void import_progress(struct import_job *job, const char *path, size_t rows, int done)
{
	if (job->progress && (done || rows % 20000 == 0))
		job->progress(path, rows, done);
}

/* ---- delimited records (libcsv) ---- */

struct delimited {
	import_row_fn fn;
	void *ctx;
	char **fields;
	size_t *lens;
	size_t n, alloc;
	struct strbuf pool; /* the record's fields, NUL-separated */
	size_t *offsets;
	unsigned line, row_line;
	int stop;
	const char *path;
	struct chancery_diags *d;
	size_t *bad;
	size_t header_n; /* the first record's fields; 0 before it */
};

static void on_field(void *s, size_t len, void *data)
{
	struct delimited *r = data;
	ALLOC_GROW(r->offsets, r->n + 1, r->alloc);
	r->lens = xrealloc(r->lens, r->alloc * sizeof(*r->lens));
	r->offsets[r->n] = r->pool.len;
	r->lens[r->n] = len;
	strbuf_add(&r->pool, s ? s : "", s ? len : 0);
	strbuf_addch(&r->pool, '\0');
	r->n++;
}

static void on_record(int c, void *data)
{
	struct delimited *r = data;
	(void)c;
	if (!r->stop && r->n) {
		if (!r->header_n) {
			r->header_n = r->n;
		} else if (r->n > r->header_n) {
			/* most often a quote inside a quoted field that is not
			 * doubled: the fields after it are shifted, and a date
			 * would be read from a title. (Fewer fields are trailing
			 * empty ones left out, as real files do.) */
			chancery_diags_add(r->d, CHANCERY_WARNING, r->path, r->row_line, 0, NULL,
					   "%zu fields, where the header has %zu (a quote inside a"
					   " quoted field must be doubled?); row left out",
					   r->n, r->header_n);
			if (r->bad)
				(*r->bad)++;
			goto next;
		}
		for (size_t i = 0; i < r->n; i++) {
			/* the fields go on as C strings: a NUL inside one would
			 * cut it there, and an id could stand for two */
			if (memchr(r->pool.buf + r->offsets[i], '\0', r->lens[i])) {
				chancery_diags_add(r->d, CHANCERY_WARNING, r->path, r->row_line, 0, NULL,
						   "field %zu holds a NUL byte; row left out", i + 1);
				if (r->bad)
					(*r->bad)++;
				goto next;
			}
			if (utf8_first_bad(r->pool.buf + r->offsets[i], r->lens[i], 0) != r->lens[i]) {
				chancery_diags_add(r->d, CHANCERY_WARNING, r->path, r->row_line, 0, NULL,
						   "field %zu is not UTF-8 text; row left out", i + 1);
				if (r->bad)
					(*r->bad)++;
				goto next;
			}
		}
		r->fields = xrealloc(r->fields, (r->n + 1) * sizeof(*r->fields));
		for (size_t i = 0; i < r->n; i++)
			r->fields[i] = r->pool.buf + r->offsets[i];
		r->fields[r->n] = NULL;
		if (r->fn(r->ctx, r->row_line, r->fields, r->lens, r->n) < 0)
			r->stop = 1;
	}
next:
	r->n = 0;
	strbuf_reset(&r->pool);
	r->row_line = 0;
}

/* Keep every byte of an unquoted field: the data sets mean their spaces. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int import_read_delimited(const char *path, const char *buf, size_t len, char delim,
			  import_row_fn fn, void *ctx, struct chancery_diags *d, size_t *bad)
{
	struct csv_parser p;
	struct delimited r = { .fn = fn, .ctx = ctx, .pool = STRBUF_INIT, .path = path, .d = d,
			       .bad = bad };
	size_t at = 0;
	int ret = 0;

	/* A UTF-8 byte-order mark, as spreadsheets write it, is not part of
	 * the first column's name. */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		at = 3;
	/* Not CSV_STRICT: a stray quote inside an unquoted field (the
	 * embassies file has them) is taken as a character, as spreadsheets do. */
	if (csv_init(&p, CSV_STRICT_FINI | CSV_APPEND_NULL))
		return -CHANCERY_ENOMEM;
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_space_func(&p, no_space);
	/* Fed a line at a time, so that a record's first line is known. */
	while (at < len && !r.stop) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (buf + at)) + 1 : len - at;
		r.line++;
		if (!r.row_line)
			r.row_line = r.line;
		if (csv_parse(&p, buf + at, n, on_field, on_record, &r) != n) {
			chancery_diags_add(d, CHANCERY_ERROR, path, r.line, 0, NULL,
					   "malformed record (%s): a quote must open a field and close"
					   " it before the next separator",
					   csv_strerror(csv_error(&p)));
			ret = -CHANCERY_EINPUT;
			break;
		}
		at += n;
	}
	/* Without CSV_STRICT, csv_fini takes a quote left open at the end
	 * as a field running to the end of the file: ask the parser's state
	 * (libcsv's FIELD_BEGUN is 2) instead. */
	if (!ret && !r.stop && ((p.quoted && p.pstate == 2) ||
				csv_fini(&p, on_field, on_record, &r))) {
		chancery_diags_add(d, CHANCERY_ERROR, path, r.row_line ? r.row_line : r.line, 0, NULL,
				   "unterminated quoted field at the end of the file");
		ret = -CHANCERY_EINPUT;
	}
	csv_free(&p);
	free(r.fields);
	free(r.lens);
	free(r.offsets);
	strbuf_release(&r.pool);
	if (!ret && r.stop)
		ret = -CHANCERY_EINPUT;
	return ret;
}

/* ---- Latin-1 ---- */

int import_latin1_to_utf8(const char *path, const char *buf, size_t len, struct strbuf *out,
			  struct chancery_diags *d)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	char *in = (char *)buf;
	size_t left = len;

	if (cd == (iconv_t)-1) {
		chancery_diags_add(d, CHANCERY_ERROR, path, 0, 0, NULL,
				   "cannot recode '%s': iconv has no Windows-1252", path);
		return -CHANCERY_EIO;
	}
	strbuf_reset(out);
	strbuf_grow(out, len + len / 8 + 16);
	while (left) {
		char *o = out->buf + out->len;
		size_t room = out->alloc - out->len - 1;
		size_t rc = iconv(cd, &in, &left, &o, &room);
		strbuf_setlen(out, (size_t)(o - out->buf));
		if (rc == (size_t)-1 && errno == E2BIG) {
			strbuf_grow(out, left * 3 + 16);
			continue;
		}
		if (rc == (size_t)-1) {
			/* The line and column of the byte that is no character. */
			size_t off = (size_t)(in - buf), line = 1, col = 1;
			for (size_t i = 0; i < off; i++) {
				if (buf[i] == '\n') {
					line++;
					col = 1;
				} else {
					col++;
				}
			}
			chancery_diags_add(d, CHANCERY_ERROR, path, (unsigned)line, (unsigned)col, NULL,
					   "byte 0x%02x is not a Latin-1 (Windows-1252) character",
					   (unsigned char)*in);
			iconv_close(cd);
			return -CHANCERY_EINPUT;
		}
	}
	iconv_close(cd);
	return 0;
}

/* ---- writing ledger text ---- */

int import_find_col(char **f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i], name))
			return (int)i;
	return -1;
}

static int id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int import_id_ok(const char *s)
{
	if (!id_char(*s))
		return 0;
	for (; *s; s++)
		if (!id_char(*s) && *s != '-' && *s != '_' && *s != '.' && *s != ':')
			return 0;
	return 1;
}

/* How many bytes at s[i..len) import_quote leaves out: a C1 control
 * (U+0080-U+009F) or a format character that makes text display otherwise
 * than it reads (utf8_deceptive), which a ledger refuses; else 0. ASCII
 * controls are import_quote's own business. */
static size_t dropped(const char *s, size_t i, size_t len)
{
	const unsigned char *u = (const unsigned char *)s + i;
	if (u[0] == 0xc2 && i + 1 < len && u[1] >= 0x80 && u[1] <= 0x9f)
		return 2;
	if (u[0] >= 0xe0 && u[0] <= 0xef && i + 2 < len && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80 &&
	    utf8_deceptive((unsigned long)(u[0] & 0x0f) << 12 | (unsigned long)(u[1] & 0x3f) << 6 |
			   (u[2] & 0x3f)))
		return 3;
	return 0;
}

int import_has_text(const char *s)
{
	size_t len = strlen(s), k;
	for (size_t i = 0; i < len; i++) {
		if ((k = dropped(s, i, len))) {
			i += k - 1;
			continue;
		}
		if ((unsigned char)s[i] > 0x20 && s[i] != 0x7f)
			return 1;
	}
	return 0;
}

void import_quote(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k = dropped(s, i, len);
		if (k) {
			i += k - 1;
			continue;
		}
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
		} else if (c == '\t' || c == '\n' || c == '\r') {
			strbuf_addch(sb, ' ');
		} else if (c >= 0x20 && c != 0x7f) {
			strbuf_addch(sb, c);
		}
	}
	strbuf_addch(sb, '"');
}

void import_line(struct import_job *job, unsigned file, unsigned row)
{
	ALLOC_GROW(job->line_row, job->n_lines + 1, job->alloc_lines);
	job->line_row[job->n_lines++] = ((uint64_t)file << 32) | row;
}

int import_line_row(const struct import_job *job, unsigned line, const char **file,
		    unsigned *row)
{
	uint64_t v;
	if (!line || line > job->n_lines || !(v = job->line_row[line - 1]))
		return 0;
	*file = job->files[(v >> 32) - 1];
	*row = (unsigned)(v & 0xffffffffu);
	return 1;
}

int import_skipped(const struct import_job *job, unsigned file, unsigned row)
{
	uint64_t key = ((uint64_t)file << 32) | row;
	size_t lo = 0, hi = job->n_skip;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (job->skip[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < job->n_skip && job->skip[lo] == key;
}

void import_bad(struct import_job *job, const char *path, unsigned line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	chancery_diags_add(job->diags, CHANCERY_WARNING, path, line, 0, NULL, "%s; row left out",
			   msg.buf);
	strbuf_release(&msg);
	job->bad++;
}

void import_unmatched(struct hashmap *seen, const char *code)
{
	uint64_t n = 0;
	if (hashmap_get(seen, code, &n)) {
		hashmap_set(seen, code, n + 1);
		return;
	}
	/* The map keeps keys by pointer: it owns a copy until the flush. */
	hashmap_set(seen, xstrdup(code), 1);
}

static int cmp_entry(const void *x, const void *y)
{
	return strcmp(((const struct hashmap_entry *)x)->key,
		      ((const struct hashmap_entry *)y)->key);
}

void import_unmatched_flush(struct import_job *job, struct hashmap *seen, const char *what)
{
	struct hashmap_entry *v = xcalloc(seen->n ? seen->n : 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < seen->cap; i++)
		if (seen->v[i].key)
			v[n++] = seen->v[i];
	qsort(v, n, sizeof(*v), cmp_entry);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&job->unmatched, "%s '%s': %llu row%s\n", what, v[i].key,
			    (unsigned long long)v[i].value, v[i].value == 1 ? "" : "s");
		free((char *)v[i].key);
	}
	free(v);
	hashmap_release(seen);
}

/* ---- dates ---- */

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int import_edtf(const char *s, size_t len, struct strbuf *out, int *open)
{
	size_t core = len, start = 0;
	int open_start = 0, open_end = 0;
	char qual = 0;
	struct chancery_date d;
	const char *why;
	size_t where, mark = out->len;

	*open = 0;
	while (start < len && s[start] == ' ')
		start++;
	while (core > start && s[core - 1] == ' ')
		core--;
	if (core - start >= 2 && s[start] == '.' && s[start + 1] == '.') {
		open_start = 1;
		start += 2;
	}
	if (core - start >= 2 && s[core - 1] == '.' && s[core - 2] == '.') {
		open_end = 1;
		core -= 2;
	}
	if (core > start && (s[core - 1] == '?' || s[core - 1] == '~' || s[core - 1] == '%'))
		qual = s[--core];
	if (!(core - start == 4 || core - start == 7 || core - start == 10) ||
	    !digits(s + start, 4))
		return -1;
	if (core - start >= 7 && (s[start + 4] != '-' || !digits(s + start + 5, 2)))
		return -1;
	if (core - start == 10 && (s[start + 7] != '-' || !digits(s + start + 8, 2)))
		return -1;
	if (!qual && !open_start && !open_end && core - start == 10 &&
	    !memcmp(s + start, "9999-12-31", 10)) {
		*open = 1;
		return 0;
	}
	if (open_start)
		strbuf_addstr(out, "../");
	strbuf_add(out, s + start, core - start);
	if (qual)
		strbuf_addch(out, qual);
	if (open_end)
		strbuf_addstr(out, "/..");
	/* The date parser has the last word (2009-02-30 is no day). */
	if (chancery_date_parse(out->buf + mark, out->len - mark, &d, &why, &where)) {
		strbuf_setlen(out, mark);
		return -1;
	}
	return 0;
}

void import_job_release(struct import_job *job)
{
	strbuf_release(&job->out);
	strbuf_release(&job->unmatched);
	free(job->line_row);
	job->line_row = NULL;
	job->n_lines = job->alloc_lines = 0;
	for (size_t i = 0; i < job->n_files; i++)
		free(job->files[i]);
	free(job->files);
	job->files = NULL;
	job->n_files = job->alloc_files = 0;
}

int import_run(struct import_job *job, const char *const *paths, size_t n)
{
	/* A file's name is the id of its source and begins its facts' ids. */
	for (size_t i = 0; i < n; i++)
		if (!import_id_ok(import_basename(paths[i]))) {
			chancery_diags_add(job->diags, CHANCERY_ERROR, paths[i], 0, 0, NULL,
					   "the file's name '%s' cannot be the id of its source: name it"
					   " with letters, digits and - _ . : only",
					   import_basename(paths[i]));
			return -CHANCERY_EINPUT;
		}
	strbuf_reset(&job->out);
	strbuf_reset(&job->unmatched);
	job->n_lines = 0;
	job->rows = job->bad = job->facts = 0;
	switch (job->kind) {
	case IMPORT_STATES: return import_states(job, paths, n);
	case IMPORT_TREATIES: return import_treaties(job, paths, n);
	case IMPORT_MISSIONS: return import_missions(job, paths, n);
	case IMPORT_ENVOYS: return import_envoys(job, paths, n);
	case IMPORT_RDCR: return import_rdcr(job, paths, n);
	case IMPORT_DIPCON: return import_dipcon(job, paths, n);
	case IMPORT_KOREA_TIES: return import_korea_ties(job, paths, n);
	}
	return -CHANCERY_EINPUT;
}
