/* assert.h: evaluating the ledger's assertions (src/query/assert.c). */
#ifndef QUERY_ASSERT_H
#define QUERY_ASSERT_H

#include "chancery.h"

/* Answer every assertion of r with the as-of queries; each mismatch is an
 * error at the assertion's line. Called by chancery_check. */
void check_assertions(const chancery_registry *r, struct chancery_diags *diags);

#endif
