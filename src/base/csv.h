/* csv.h: the one way chancery writes a CSV field (issue 23): RFC 4180,
 * quoted only when it holds a comma, a quote or a line break, a quote
 * inside doubled. The panels (src/publish/panel_csv.c) and `dyads --csv`
 * write through it. */
#ifndef BASE_CSV_H
#define BASE_CSV_H

#include "base/strbuf.h"

/* Append s as one field (no separator). */
void csv_field(struct strbuf *sb, const char *s);

#endif
