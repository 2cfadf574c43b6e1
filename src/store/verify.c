/* verify.c: the round-trip promise, kept at import. Every canonical text
 * an import is about to write is parsed back (as the store's load will
 * parse it: no includes) and written again, and must come out the same.
 * A fact that would not load back, or would load as something else, is
 * refused with its place before anything is written: accepted input can
 * never make the store unloadable. Texts are checked in batches, so that
 * one parse serves many facts. */
#include "store/internal.h"

#include "ledger/ledger.h"
#include "base/banned.h"

void roundtrip_add(struct roundtrip *rt, const char *id, enum chancery_entity e,
		   struct chancery_loc loc, const char *text, size_t len)
{
	struct roundtrip_entry *x;
	ALLOC_GROW(rt->v, rt->n + 1, rt->alloc);
	x = &rt->v[rt->n++];
	x->id = id;
	x->entity = e;
	x->loc = loc;
	x->line = rt->lines + 1;
	x->off = rt->buf.len;
	x->len = len;
	strbuf_add(&rt->buf, text, len);
	for (size_t i = 0; i < len; i++)
		rt->lines += text[i] == '\n';
	if (!len || text[len - 1] != '\n') {
		strbuf_addch(&rt->buf, '\n');
		rt->lines++;
	}
}

void roundtrip_reset(struct roundtrip *rt)
{
	strbuf_reset(&rt->buf);
	rt->n = 0;
	rt->lines = 0;
}

void roundtrip_release(struct roundtrip *rt)
{
	strbuf_release(&rt->buf);
	free(rt->v);
	memset(rt, 0, sizeof(*rt));
}

/* The entry whose text holds line `line` of the batch. */
static const struct roundtrip_entry *entry_at(const struct roundtrip *rt, unsigned line)
{
	size_t lo = 0, hi = rt->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (rt->v[mid].line <= line)
			lo = mid;
		else
			hi = mid;
	}
	return rt->n ? &rt->v[lo] : NULL;
}

static void refuse(struct chancery_diags *diags, const struct roundtrip_entry *x,
		   const char *why)
{
	chancery_diags_add(diags, CHANCERY_ERROR, x->loc.file, x->loc.line, x->loc.line ? 1 : 0,
			   NULL, "%s '%s' cannot be stored: %s", chancery_entity_name(x->entity),
			   x->id, why);
}

int roundtrip_verify(const struct roundtrip *rt, struct chancery_diags *diags)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	struct chancery_diags parse = CHANCERY_DIAGS_INIT;
	chancery_registry *back;
	size_t errors = diags->errors;
	int rc;

	if (!rt->n)
		return 0;
	back = chancery_registry_new();
	rc = chancery_ledger_parse_buffer_opts(back, "<store>", rt->buf.buf, rt->buf.len,
					       &no_includes, &parse);
	if (rc == -CHANCERY_ENOMEM) {
		chancery_registry_free(back);
		chancery_diags_release(&parse);
		return rc;
	}
	/* Each parse error names the fact whose canonical text it is in. */
	for (size_t i = 0; i < parse.n; i++) {
		const struct chancery_diag *d = &parse.v[i];
		const struct roundtrip_entry *x;
		struct strbuf why = STRBUF_INIT;
		if (d->severity != CHANCERY_ERROR || !(x = entry_at(rt, d->line)))
			continue;
		strbuf_addf(&why, "its canonical text would not load back (%s)", d->message);
		refuse(diags, x, why.buf);
		strbuf_release(&why);
	}
	if (!rc)
		rc = chancery_registry_finish(back, &parse);
	for (size_t i = 0; !rc && i < rt->n; i++) {
		const struct roundtrip_entry *x = &rt->v[i];
		size_t index;
		char *again;
		if (chancery_registry_lookup(back, x->id, &index) != x->entity) {
			refuse(diags, x, "its canonical text loads back as something else");
			continue;
		}
		again = chancery_ledger_entity_text(back, x->entity, index, CHANCERY_WRITE_ALL_IDS);
		if (!again || strlen(again) != x->len || memcmp(again, rt->buf.buf + x->off, x->len))
			refuse(diags, x, "its canonical text would change when loaded back");
		free(again);
	}
	if (rc && diags->errors == errors) /* an error on no fact's line */
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "the canonical texts of this import would not load back (%s)",
				   parse.n ? parse.v[0].message : "no message");
	chancery_registry_free(back);
	chancery_diags_release(&parse);
	return diags->errors > errors ? -CHANCERY_EINPUT : 0;
}
