#!/bin/sh
# The layer check fails when a lower layer reaches up: a back-include
# planted by hand, a library header outside its rooms, and a call up
# through the public header are each reported with their place, and the
# untouched copy passes. Usage: selftest.sh SRCDIR OBJECT... (ctest).
set -u
SRC=$1
shift
CC=${CC:-cc}
T=$(mktemp -d "${TMPDIR:-/tmp}/chancery-layers.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
check() { python3 "$T/scripts/check_layers.py" "$@" >"$T/out" 2>&1; }
expect_line() {
	grep -qF -- "$1" "$T/out" || { fail "output lacks '$1'"; sed 's/^/  | /' "$T/out" >&2; }
}

cp -R "$SRC/src" "$SRC/cli" "$SRC/server" "$SRC/scripts" "$SRC/include" "$T/"

check includes || fail "the untouched tree fails the include check"

# A back-include: base reaching up into query.
cp "$T/src/base/date.c" "$T/date.c.orig"
echo '#include "query/snapshot.h"' >>"$T/src/base/date.c"
line=$(wc -l <"$T/src/base/date.c" | tr -d ' ')
if check includes; then fail "a back-include from base to query passes"; fi
expect_line "src/base/date.c:$line: src/base may not include \"query/snapshot.h\""
cp "$T/date.c.orig" "$T/src/base/date.c"

# Across siblings: the query layer may not use the ledger parser.
echo '#include "ledger/parser.h"' >>"$T/src/query/check.c"
if check includes; then fail "an include from query into ledger passes"; fi
expect_line "src/query/check.c:"
expect_line "it is in src/ledger, a room src/query may not use"
cp "$SRC/src/query/check.c" "$T/src/query/check.c"

# A library header outside its rooms.
echo '#include <sqlite3.h>' >>"$T/src/model/vocab.c"
if check includes; then fail "<sqlite3.h> in the model passes"; fi
expect_line "src/model/vocab.c:"
expect_line "src/model may not include <sqlite3.h>"
cp "$SRC/src/model/vocab.c" "$T/src/model/vocab.c"

check includes || fail "the restored tree fails the include check"

# A call up through the public header, which the include check allows.
mkdir -p "$T/obj/src/model"
cat >"$T/src/model/backcall.c" <<'C'
#include "chancery.h"
int backcall(const chancery_registry *r);
int backcall(const chancery_registry *r)
{
	return chancery_dyad_status(r, "a", "b", 0, 0);
}
C
$CC -c -I "$T/include" -o "$T/obj/src/model/backcall.c.o" "$T/src/model/backcall.c" ||
	fail "cannot compile the planted call"
check calls "$@" || fail "the real objects fail the call check"
if check calls "$@" "$T/obj/src/model/backcall.c.o"; then
	fail "a call from the model up to the query layer passes"
fi
expect_line "src/model/backcall.c: calls 'chancery_dyad_status', defined in src/query/asof.c (src/query)"

if [ "$failures" -ne 0 ]; then
	echo "layers selftest: $failures failure(s)" >&2
	exit 1
fi
echo "layers selftest: back-includes and a back-call are caught"
