/* rdcr_xml.c: reading an article of the Office of the Historian's guide
 * (TEI XML) with libxml2's SAX2 parser, handing each timeline entry to
 * rdcr.c as it ends. No tree is built: the guide's 228 articles parse in
 * a third of the time a DOM takes, most of which went to allocating and
 * freeing nodes.
 *
 * The articles come from strangers: no network (XML_PARSE_NONET), no DTD
 * loaded, no entity expanded (no XML_PARSE_NOENT, no entity handlers),
 * and an article with a DOCTYPE is refused as soon as it is seen (the
 * guide's have none). The first error libxml2 reports is the one shown,
 * at its line and column. */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "import/import.h"
#include "import/rdcr.h"
#include "base/banned.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"

enum el {
	EL_OTHER = 0,
	EL_HEADER,   /* teiHeader */
	EL_TITLE,    /* <title type="short"> in the header */
	EL_IDNO,     /* <idno type="wikidata"> in the header */
	EL_TEXT,
	EL_BODY,
	EL_SECTION,  /* <div type="section"> */
	EL_ENTRY,    /* <div type="timeline"> */
	EL_DIV,      /* another div */
	EL_HEAD,     /* the first <head> of a section or entry */
	EL_DATE,     /* the first <date> of an entry's head */
	EL_CHILD,    /* a child element of an entry (a paragraph) */
};

struct frame {
	enum el el;
	enum rdcr_section sec; /* of the section it is in */
	size_t entry;          /* the entry it belongs to, + 1; 0: none */
};

/* An entry being read; entries nest in the wild. */
struct open_entry {
	unsigned line;
	enum rdcr_section sec;
	int has_head, done;
	struct strbuf head, prose, date, when, from, to;
	int has_date, has_when, has_from, has_to;
};

struct sax {
	xmlParserCtxt *ctxt;
	const char *path, *buf;
	size_t len;
	const struct rdcr_article_cb *cb;
	struct chancery_diags *d;
	int failed, root_seen, begun, body_seen;
	struct strbuf title, qid, section_head;
	int has_title;
	struct frame *stack;
	size_t depth, alloc;
	struct open_entry *entries;
	size_t n_entries, alloc_entries;
	/* the first error libxml2 reports */
	int err_seen, err_line, err_col;
	struct strbuf err;
};

static void fail(struct sax *s, unsigned line, unsigned col, const char *msg)
{
	if (s->failed)
		return;
	s->failed = 1;
	chancery_diags_add(s->d, CHANCERY_ERROR, s->path, line ? line : 1, col ? col : 1, NULL,
			   "%s", msg);
	xmlStopParser(s->ctxt);
}

/* The column of the first '<' on a line of the file (1 when none). */
static unsigned column_of(const struct sax *s, long line)
{
	size_t at = 0;
	for (long l = 1; l < line && at < s->len; at++)
		if (s->buf[at] == '\n')
			l++;
	for (size_t i = at; i < s->len && s->buf[i] != '\n'; i++)
		if (s->buf[i] == '<')
			return (unsigned)(i - at + 1);
	return 1;
}

static void fail_here(struct sax *s, const char *msg)
{
	long line = xmlSAX2GetLineNumber(s->ctxt);
	fail(s, line > 0 ? (unsigned)line : 1, column_of(s, line), msg);
}

static void on_error(void *data, xmlErrorPtr e)
{
	struct sax *s = data ? ((xmlParserCtxt *)data)->_private : NULL;
	if (!s || s->err_seen || !e || e->level < XML_ERR_ERROR)
		return;
	s->err_seen = 1;
	s->err_line = e->line;
	s->err_col = e->int2;
	if (e->message)
		strbuf_addstr(&s->err, e->message);
	while (s->err.len && (s->err.buf[s->err.len - 1] == '\n' || s->err.buf[s->err.len - 1] == ' '))
		strbuf_setlen(&s->err, s->err.len - 1);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct sax *s = ((xmlParserCtxt *)ctx)->_private;
	const char *at = strstr(s->buf, "<!DOCTYPE");
	unsigned line = 1, col = 1;
	(void)name;
	(void)ext;
	(void)sys;
	for (const char *p = s->buf; at && p < at; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	fail(s, line, col, "not an article of the guide: it has a DOCTYPE (its entities are not read)");
}

/* The value of an attribute of a start tag (libxml2 gives each as
 * localname, prefix, URI, value, end), into out; 0 when absent. */
static int attr(const xmlChar **attrs, int n, const char *name, struct strbuf *out)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (!strcmp((const char *)a[0], name)) {
			if (out) {
				strbuf_reset(out);
				strbuf_add(out, a[3], (size_t)(a[4] - a[3]));
			}
			return 1;
		}
	}
	return 0;
}

static int attr_is(const xmlChar **attrs, int n, const char *name, const char *value)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		size_t len = (size_t)(a[4] - a[3]);
		if (!strcmp((const char *)a[0], name) && strlen(value) == len &&
		    !memcmp(a[3], value, len))
			return 1;
	}
	return 0;
}

static struct frame *top(struct sax *s)
{
	return s->depth ? &s->stack[s->depth - 1] : NULL;
}

static struct open_entry *entry_of(struct sax *s, const struct frame *f)
{
	return f && f->entry ? &s->entries[f->entry - 1] : NULL;
}

/* Hand an entry over: at its end, or when an entry nested in it begins
 * (the guide nests one at the end of another: it comes first). */
static void finish_entry(struct sax *s, struct open_entry *e)
{
	struct rdcr_entry out = { 0 };
	if (e->done || s->failed)
		return;
	e->done = 1;
	out.line = e->line;
	out.sec = e->sec;
	out.has_head = e->has_head;
	out.head = e->head.buf;
	out.prose = e->prose.buf;
	out.has_date = e->has_date;
	out.date_text = e->date.buf;
	out.when = e->has_when ? e->when.buf : NULL;
	out.from = e->has_from ? e->from.buf : NULL;
	out.to = e->has_to ? e->to.buf : NULL;
	s->cb->entry(s->cb->ctx, &out);
}

static struct open_entry *new_entry(struct sax *s, enum rdcr_section sec)
{
	struct open_entry *e;
	long line = xmlSAX2GetLineNumber(s->ctxt);
	if (s->n_entries == s->alloc_entries) {
		size_t old = s->alloc_entries;
		ALLOC_GROW(s->entries, s->n_entries + 1, s->alloc_entries);
		for (size_t i = old; i < s->alloc_entries; i++) {
			struct open_entry *x = &s->entries[i];
			strbuf_init(&x->head, 0);
			strbuf_init(&x->prose, 0);
			strbuf_init(&x->date, 0);
			strbuf_init(&x->when, 0);
			strbuf_init(&x->from, 0);
			strbuf_init(&x->to, 0);
		}
	}
	e = &s->entries[s->n_entries++];
	e->line = line > 0 ? (unsigned)line : 1;
	e->sec = sec;
	e->has_head = e->done = e->has_date = e->has_when = e->has_from = e->has_to = 0;
	strbuf_reset(&e->head);
	strbuf_reset(&e->prose);
	strbuf_reset(&e->date);
	return e;
}

static enum rdcr_section section_of(const char *text)
{
	struct strbuf low = STRBUF_INIT;
	enum rdcr_section sec = RDCR_SEC_RELATIONS;
	rdcr_lower(text, strlen(text), &low);
	if (strstr(low.buf, "treat"))
		sec = RDCR_SEC_TREATIES;
	else if (strstr(low.buf, "key") || strstr(low.buf, "event"))
		sec = RDCR_SEC_EVENTS;
	else if (strstr(low.buf, "issue"))
		sec = RDCR_SEC_ISSUES;
	strbuf_release(&low);
	return sec;
}

/* What a start tag is, where it is. */
static enum el element(struct sax *s, const struct frame *up, const char *name,
		       const xmlChar **attrs, int n)
{
	struct open_entry *e = entry_of(s, up);
	enum el in = up ? up->el : EL_OTHER;
	if (!strcmp(name, "div")) {
		if (!s->body_seen)
			return EL_OTHER;
		if (attr_is(attrs, n, "type", "section"))
			return EL_SECTION;
		return attr_is(attrs, n, "type", "timeline") ? EL_ENTRY : EL_DIV;
	}
	if (!strcmp(name, "head") && (in == EL_SECTION || (in == EL_ENTRY && e && !e->has_head)))
		return EL_HEAD;
	if (!strcmp(name, "date") && e && !e->done && !e->has_date && in == EL_HEAD)
		return EL_DATE;
	if (in == EL_ENTRY)
		return EL_CHILD;
	if (!strcmp(name, "teiHeader"))
		return EL_HEADER;
	if (!strcmp(name, "title") && !s->has_title && attr_is(attrs, n, "type", "short"))
		return EL_TITLE;
	if (!strcmp(name, "idno") && attr_is(attrs, n, "type", "wikidata"))
		return EL_IDNO;
	if (!strcmp(name, "text") && !s->body_seen)
		return EL_TEXT;
	if (!strcmp(name, "body") && in == EL_TEXT)
		return EL_BODY;
	return EL_OTHER;
}

static void begin_body(struct sax *s)
{
	s->body_seen = 1;
	if (!s->has_title) {
		fail_here(s, "not an article of the guide: no <title type=\"short\"> in its <teiHeader>");
		return;
	}
	s->begun = 1;
	s->cb->begin(s->cb->ctx, s->title.buf, s->qid.len ? s->qid.buf : NULL);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
		     int nb_defaulted, const xmlChar **attrs)
{
	struct sax *s = ((xmlParserCtxt *)ctx)->_private;
	const char *name = (const char *)localname;
	struct frame *up = top(s), f = { EL_OTHER, up ? up->sec : RDCR_SEC_RELATIONS,
					  up ? up->entry : 0 };
	int tei = uri && !strcmp((const char *)uri, TEI_NS);
	(void)prefix;
	(void)nb_ns;
	(void)ns;
	(void)nb_defaulted;
	if (s->failed)
		return;
	if (!s->root_seen) {
		s->root_seen = 1;
		if (!tei || strcmp(name, "TEI")) {
			fail_here(s, "not an article of the guide: expected a <TEI> element of " TEI_NS);
			return;
		}
	}
	if (tei)
		f.el = element(s, up, name, attrs, nb_attrs);
	if (f.el == EL_SECTION) {
		struct strbuf id = STRBUF_INIT;
		f.sec = attr(attrs, nb_attrs, "id", &id) ? section_of(id.buf) : RDCR_SEC_RELATIONS;
		f.entry = 0;
		strbuf_release(&id);
	} else if (f.el == EL_ENTRY) {
		/* the entries this one is in come first, in the file's order */
		for (size_t i = 0; i < s->n_entries; i++)
			finish_entry(s, &s->entries[i]);
		new_entry(s, f.sec);
		f.entry = s->n_entries;
	} else if (f.el == EL_DIV) {
		f.entry = 0; /* a div in an entry is not its prose */
	} else if (f.el == EL_HEAD && up->el == EL_SECTION) {
		strbuf_reset(&s->section_head);
	} else if (f.el == EL_DATE) {
		struct open_entry *e = entry_of(s, &f);
		e->has_date = 1;
		e->has_when = attr(attrs, nb_attrs, "when", &e->when);
		e->has_from = attr(attrs, nb_attrs, "from", &e->from);
		e->has_to = attr(attrs, nb_attrs, "to", &e->to);
	} else if (f.el == EL_TITLE) {
		strbuf_reset(&s->title);
	} else if (f.el == EL_IDNO) {
		strbuf_reset(&s->qid);
	} else if (f.el == EL_BODY) {
		begin_body(s);
	}
	ALLOC_GROW(s->stack, s->depth + 1, s->alloc);
	s->stack[s->depth++] = f;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct sax *s = ((xmlParserCtxt *)ctx)->_private;
	struct frame f, *up;
	struct open_entry *e;
	(void)localname;
	(void)prefix;
	(void)uri;
	if (s->failed || !s->depth)
		return;
	f = s->stack[--s->depth];
	up = top(s);
	e = entry_of(s, &f);
	switch (f.el) {
	case EL_ENTRY:
		finish_entry(s, e);
		s->n_entries--; /* its frame is gone; the buffers stay for reuse */
		break;
	case EL_HEAD:
		if (up && up->el == EL_SECTION) {
			/* a section is what its head says, or its xml:id */
			enum rdcr_section sec = section_of(s->section_head.buf);
			if (sec != RDCR_SEC_RELATIONS)
				up->sec = sec;
		} else if (e) {
			e->has_head = 1;
		}
		break;
	case EL_CHILD:
		if (e && !e->done)
			strbuf_addch(&e->prose, ' '); /* paragraphs apart */
		break;
	case EL_TITLE:
		s->has_title = 1;
		break;
	default:
		break;
	}
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
	struct sax *s = ((xmlParserCtxt *)ctx)->_private;
	struct frame *f = top(s);
	struct open_entry *e = entry_of(s, f);
	int in_head = 0, in_date = 0;
	if (s->failed || !f || len <= 0)
		return;
	if (f->el == EL_TITLE) {
		strbuf_add(&s->title, ch, (size_t)len);
		return;
	}
	if (f->el == EL_IDNO) {
		strbuf_add(&s->qid, ch, (size_t)len);
		return;
	}
	/* inside a head: the head itself or an element in it */
	for (size_t i = s->depth; i-- > 0 && s->stack[i].el != EL_ENTRY &&
				 s->stack[i].el != EL_SECTION;) {
		if (s->stack[i].el == EL_HEAD)
			in_head = 1;
		if (s->stack[i].el == EL_DATE)
			in_date = 1;
	}
	if (in_head && !e) {
		strbuf_add(&s->section_head, ch, (size_t)len);
		return;
	}
	if (!e || e->done)
		return;
	if (in_head) {
		strbuf_add(&e->head, ch, (size_t)len);
		if (in_date)
			strbuf_add(&e->date, ch, (size_t)len);
	} else if (e->sec == RDCR_SEC_RELATIONS) {
		/* (a treaty's or key event's prose is not read) */
		strbuf_add(&e->prose, ch, (size_t)len);
	}
}

static void release(struct sax *s)
{
	for (size_t i = 0; i < s->alloc_entries; i++) {
		struct open_entry *e = &s->entries[i];
		strbuf_release(&e->head);
		strbuf_release(&e->prose);
		strbuf_release(&e->date);
		strbuf_release(&e->when);
		strbuf_release(&e->from);
		strbuf_release(&e->to);
	}
	free(s->entries);
	free(s->stack);
	strbuf_release(&s->title);
	strbuf_release(&s->qid);
	strbuf_release(&s->section_head);
	strbuf_release(&s->err);
}

int rdcr_read_xml(const char *path, const char *buf, size_t len, const struct rdcr_article_cb *cb,
		  struct chancery_diags *d)
{
	xmlSAXHandler h;
	struct sax s = { .path = path, .buf = buf, .len = len, .cb = cb, .d = d,
			 .title = STRBUF_INIT, .qid = STRBUF_INIT, .section_head = STRBUF_INIT,
			 .err = STRBUF_INIT };
	int ret = 0;

	if (len > (size_t)INT32_MAX - 1) {
		chancery_diags_add(d, CHANCERY_ERROR, path, 0, 0, NULL, "too large for XML");
		return -CHANCERY_EINPUT;
	}
	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = on_start;
	h.endElementNs = on_end;
	h.characters = on_chars;
	h.internalSubset = on_doctype;
	h.serror = on_error;
	/* user data NULL: the callbacks get the context, which holds s */
	if (!(s.ctxt = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, path)))
		return -CHANCERY_ENOMEM;
	s.ctxt->_private = &s;
	xmlCtxtUseOptions(s.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					  XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	xmlParseChunk(s.ctxt, buf, (int)len, 1);
	if (!s.failed && (s.err_seen || !s.ctxt->wellFormed)) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "not well-formed XML: %s", s.err.len ? s.err.buf : "cannot parse");
		fail(&s, s.err_line > 0 ? (unsigned)s.err_line : 1,
		     s.err_col > 0 ? (unsigned)s.err_col : 1, msg.buf);
		strbuf_release(&msg);
	}
	if (!s.failed && !s.root_seen)
		fail(&s, 1, 1, "not an article of the guide: expected a <TEI> element of " TEI_NS);
	if (!s.failed && !s.body_seen)
		fail(&s, 1, 1, "not an article of the guide: no <text><body>");
	if (s.failed)
		ret = -CHANCERY_EINPUT;
	xmlFreeParserCtxt(s.ctxt);
	release(&s);
	return ret;
}
