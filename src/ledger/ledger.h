/* ledger.h: internals shared by the ledger parser and writer. */
#ifndef LEDGER_H
#define LEDGER_H

#include "chancery.h"

struct strbuf;

/* Write one event line (no trailing newline). indent: prefix two spaces
 * (a treaty action inside its block). */
void write_event(struct strbuf *sb, const struct chancery_event *e, unsigned flags, int indent);
/* Write an entity's canonical text, with a trailing newline. */
void write_entity(struct strbuf *sb, const chancery_registry *r, enum chancery_entity ent,
		  size_t index, unsigned flags);
/* Write a value: bare when it can be read back as one word, else quoted. */
void write_value(struct strbuf *sb, const char *s);
void write_quoted(struct strbuf *sb, const char *s);

#endif
