/* ledger_write.c: the canonical writer. Every entity has one text: the
 * attributes in the order of vocab.c's tables, values quoted only where a
 * bare word would not read back, generated ids left out. Export, fmt and
 * the store all use it, so equal registries give equal bytes. */
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger.h"
#include "model/registry.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

void write_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		switch (*s) {
		case '"': strbuf_addstr(sb, "\\\""); break;
		case '\\': strbuf_addstr(sb, "\\\\"); break;
		case '\n': strbuf_addstr(sb, "\\n"); break;
		case '\t': strbuf_addstr(sb, "\\t"); break;
		default: strbuf_addch(sb, *s);
		}
	}
	strbuf_addch(sb, '"');
}

static int bare_ok(const char *s)
{
	if (!*s || *s == '#')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

void write_value(struct strbuf *sb, const char *s)
{
	if (bare_ok(s))
		strbuf_addstr(sb, s);
	else
		write_quoted(sb, s);
}

static void write_ids(struct strbuf *sb, const struct chancery_ids *ids)
{
	for (uint32_t i = 0; i < ids->n; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addstr(sb, ids->v[i]);
	}
}

static void write_date(struct strbuf *sb, const struct chancery_date *d)
{
	char buf[64];
	chancery_date_format(d, buf, sizeof(buf));
	strbuf_addstr(sb, buf);
}

static void write_duration(struct strbuf *sb, const struct chancery_duration *d)
{
	strbuf_addf(sb, "%d%c", (int)d->n, d->unit);
}

/* Write " key=value" for one field of obj, if it is set. */
static void write_field(struct strbuf *sb, const struct field *f, const void *obj)
{
	const char *at = (const char *)obj + f->offset;
	const char *s;
	switch ((enum field_type)f->type) {
	case FT_TEXT:
	case FT_ID:
	case FT_PARTY:
	case FT_PERSON:
	case FT_EVENT:
	case FT_LEVEL:
	case FT_MISSION:
	case FT_STANCE:
	case FT_SYSTEM:
		s = *(const char *const *)at; /* only string fields hold a pointer */
		if (!s)
			return;
		strbuf_addf(sb, " %s=", f->key);
		write_value(sb, s);
		return;
	case FT_PARTIES:
	case FT_PERSONS:
	case FT_SOURCES: {
		const struct chancery_ids *ids = (const struct chancery_ids *)at;
		if (!ids->n)
			return;
		strbuf_addf(sb, " %s=", f->key);
		write_ids(sb, ids);
		return;
	}
	case FT_DATE: {
		const struct chancery_date *d = (const struct chancery_date *)at;
		if (d->form == CHANCERY_DATE_NONE)
			return;
		strbuf_addf(sb, " %s=", f->key);
		write_date(sb, d);
		return;
	}
	case FT_INT:
		if (*(const int *)at)
			strbuf_addf(sb, " %s=%d", f->key, *(const int *)at);
		return;
	case FT_PARTY_KIND: {
		int k = *(const int *)at;
		if (k != CHANCERY_PARTY_STATE)
			strbuf_addf(sb, " %s=%s", f->key, party_kind_names[k]);
		return;
	}
	}
}

static void write_fields(struct strbuf *sb, const struct field *fields, const void *obj)
{
	for (const struct field *f = fields; f->key; f++)
		write_field(sb, f, obj);
}

static void write_party(struct strbuf *sb, const struct chancery_party *p)
{
	strbuf_addf(sb, "party %s ", p->id);
	write_quoted(sb, p->name);
	write_fields(sb, party_fields, p);
	strbuf_addch(sb, '\n');
}

static void write_person(struct strbuf *sb, const struct chancery_person *p)
{
	strbuf_addf(sb, "person %s ", p->id);
	write_quoted(sb, p->name);
	write_fields(sb, person_fields, p);
	strbuf_addch(sb, '\n');
	for (uint32_t i = 0; i < p->n_offices; i++) {
		strbuf_addstr(sb, "  office ");
		write_quoted(sb, p->offices[i].title);
		write_fields(sb, office_fields, &p->offices[i]);
		strbuf_addch(sb, '\n');
	}
}

static void write_source(struct strbuf *sb, const struct chancery_source *s)
{
	strbuf_addf(sb, "source %s ", s->id);
	write_quoted(sb, s->title);
	write_fields(sb, source_fields, s);
	strbuf_addch(sb, '\n');
	for (uint32_t i = 0; i < s->n_covers; i++) {
		const struct chancery_coverage *c = &s->covers[i];
		const char *sep = "";
		strbuf_addstr(sb, "  covers ");
		for (int k = 0; fact_kind_names[k]; k++)
			if (c->facts & (1u << k)) {
				strbuf_addf(sb, "%s%s", sep, fact_kind_names[k]);
				sep = ",";
			}
		write_fields(sb, coverage_fields, c);
		strbuf_addch(sb, '\n');
	}
}

static int id_is_generated(const struct chancery_event *e)
{
	struct strbuf base = STRBUF_INIT;
	int same;
	event_base_id(e, &base);
	same = !strcmp(base.buf, e->id);
	strbuf_release(&base);
	return same;
}

void write_event(struct strbuf *sb, const struct chancery_event *e, unsigned flags, int indent)
{
	const struct kind_info *k = &kinds[e->kind];
	const char *key = k->keys;

	if (indent)
		strbuf_addstr(sb, "  ");
	write_date(sb, &e->date);
	strbuf_addf(sb, " %s", k->name);
	if (e->person)
		strbuf_addf(sb, " %s", e->person);
	if (e->actor)
		strbuf_addf(sb, " %s", e->actor);
	if (e->target)
		strbuf_addf(sb, " %s", e->target);
	if (e->id && ((flags & CHANCERY_WRITE_ALL_IDS) || !id_is_generated(e)))
		strbuf_addf(sb, " id=%s", e->id);
	while (*key) {
		const char *end = strchr(key, ' ');
		size_t n = end ? (size_t)(end - key) : strlen(key);
		const struct field *f = event_field(key, n);
		if (f)
			write_field(sb, f, e);
		key += n;
		while (*key == ' ')
			key++;
	}
	write_field(sb, event_field("source", 6), e);
	write_field(sb, event_field("note", 4), e);
	if (e->text) {
		strbuf_addch(sb, ' ');
		write_quoted(sb, e->text);
	}
}

static void write_treaty(struct strbuf *sb, const chancery_registry *r, size_t index,
			 unsigned flags)
{
	const struct chancery_treaty *t = &r->treaties[index];
	const struct index_list *actions = registry_treaty_actions(r, index);

	strbuf_addf(sb, "treaty %s ", t->id);
	write_quoted(sb, t->title);
	write_field(sb, &treaty_fields[0], t); /* parties */
	write_field(sb, &treaty_fields[1], t); /* source */
	for (const struct field *f = &treaty_fields[3]; f->key; f++)
		write_field(sb, f, t); /* type, place, depositary */
	strbuf_addch(sb, '\n');
	if (t->force == CHANCERY_FORCE_DATE) {
		strbuf_addstr(sb, "  force date=");
		write_date(sb, &t->force_date);
		strbuf_addch(sb, '\n');
	} else if (t->force != CHANCERY_FORCE_UNKNOWN) {
		strbuf_addf(sb, "  force %s", force_rule_names[t->force]);
		if (t->force_n)
			strbuf_addf(sb, " n=%d", (int)t->force_n);
		if (t->force_after.n) {
			strbuf_addstr(sb, " after=");
			write_duration(sb, &t->force_after);
		}
		strbuf_addch(sb, '\n');
	}
	if (t->term.n || t->term_indefinite || t->notice.n) {
		strbuf_addstr(sb, "  term");
		if (t->term_indefinite)
			strbuf_addstr(sb, " indefinite");
		else if (t->term.n) {
			strbuf_addch(sb, ' ');
			write_duration(sb, &t->term);
		}
		if (t->renew.n) {
			strbuf_addstr(sb, " renew=");
			write_duration(sb, &t->renew);
		}
		if (t->extend.n) {
			strbuf_addstr(sb, " extend=");
			write_duration(sb, &t->extend);
		}
		if (t->notice.n) {
			strbuf_addstr(sb, " notice=");
			write_duration(sb, &t->notice);
		}
		strbuf_addch(sb, '\n');
	}
	for (uint32_t i = 0; i < t->n_provisions; i++) {
		const struct chancery_provision *v = &t->provisions[i];
		strbuf_addstr(sb, "  provision ");
		write_quoted(sb, v->text);
		write_fields(sb, provision_fields, v);
		if (v->from_force)
			strbuf_addstr(sb, " from=force");
		strbuf_addch(sb, '\n');
	}
	if (t->note) {
		strbuf_addstr(sb, "  note ");
		write_quoted(sb, t->note);
		strbuf_addch(sb, '\n');
	}
	for (uint32_t i = 0; i < actions->n; i++) {
		write_event(sb, &r->events[actions->v[i]], flags, 1);
		strbuf_addch(sb, '\n');
	}
}

void write_entity(struct strbuf *sb, const chancery_registry *r, enum chancery_entity ent,
		  size_t index, unsigned flags)
{
	switch (ent) {
	case CHANCERY_ENT_PARTY: write_party(sb, &r->parties[index]); break;
	case CHANCERY_ENT_PERSON: write_person(sb, &r->persons[index]); break;
	case CHANCERY_ENT_SOURCE: write_source(sb, &r->sources[index]); break;
	case CHANCERY_ENT_TREATY: write_treaty(sb, r, index, flags); break;
	case CHANCERY_ENT_EVENT:
		write_event(sb, &r->events[index], flags, 0);
		strbuf_addch(sb, '\n');
		break;
	default: break;
	}
}

char *chancery_ledger_entity_text(const chancery_registry *r, enum chancery_entity e,
				  size_t index, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	write_entity(&sb, r, e, index, flags);
	return strbuf_detach(&sb, NULL);
}

static int flush(struct strbuf *sb, FILE *out, size_t threshold)
{
	if (sb->len < threshold)
		return 0;
	if (sb->len && fwrite(sb->buf, 1, sb->len, out) != sb->len)
		return -CHANCERY_EIO;
	strbuf_reset(sb);
	return 0;
}

int chancery_ledger_write(const chancery_registry *r, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;
	const size_t chunk = 1 << 20;

	/* Sections are separated by one blank line; `any` says whether
	 * something was written before (it may have been flushed already). */
	int any = 0;
	for (size_t i = 0; i < r->n_parties; i++, any = 1)
		write_party(&sb, &r->parties[i]);
	for (size_t i = 0; i < r->n_persons; i++, any = 1) {
		if (!i && any)
			strbuf_addch(&sb, '\n');
		write_person(&sb, &r->persons[i]);
	}
	for (size_t i = 0, first = 1; i < r->n_sources; i++, any = 1, first = 0) {
		if (first && any)
			strbuf_addch(&sb, '\n');
		write_source(&sb, &r->sources[i]);
	}
	for (size_t i = 0, first = 1; i < r->n_events && !ret; i++) {
		if (r->events[i].treaty)
			continue;
		if (first && any)
			strbuf_addch(&sb, '\n');
		first = 0;
		any = 1;
		write_event(&sb, &r->events[i], 0, 0);
		strbuf_addch(&sb, '\n');
		ret = flush(&sb, out, chunk);
	}
	for (size_t i = 0; i < r->n_treaties && !ret; i++, any = 1) {
		if (any)
			strbuf_addch(&sb, '\n');
		write_treaty(&sb, r, i, 0);
		ret = flush(&sb, out, chunk);
	}
	for (size_t i = 0; i < r->n_assertions; i++, any = 1) {
		const struct assertion *a = &r->assertions[i];
		if (!i && any)
			strbuf_addch(&sb, '\n');
		strbuf_addstr(&sb, "assert ");
		write_date(&sb, &a->date);
		strbuf_addf(&sb, " %s", a->what);
		for (int k = 0; k < a->n_args; k++)
			strbuf_addf(&sb, " %s", a->args[k]);
		strbuf_addf(&sb, " %s", a->expected);
		if (a->level)
			strbuf_addf(&sb, " level=%s", a->level);
		if (a->type)
			strbuf_addf(&sb, " type=%s", a->type);
		if (a->city) {
			strbuf_addstr(&sb, " city=");
			write_value(&sb, a->city);
		}
		strbuf_addch(&sb, '\n');
	}
	if (!ret)
		ret = flush(&sb, out, 0);
	strbuf_release(&sb);
	if (!ret && ferror(out))
		ret = -CHANCERY_EIO;
	return ret;
}
