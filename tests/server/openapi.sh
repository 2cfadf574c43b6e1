#!/bin/sh
# docs/openapi.yaml describes what the server really answers: every
# endpoint, with its successes and its errors, validated by
# tests/server/openapi_check.py (Debian's python3 with python3-yaml).
. "$SRCDIR/tests/server/lib.sh.inc"
cd "$T" || exit 1
PY=/usr/bin/python3
if ! "$PY" -c 'import yaml' 2>/dev/null; then
	echo "SKIP: $PY cannot import yaml (scripts/setup.sh installs python3-yaml)"
	exit 77
fi
expect_exit 0 "$CHANCERY" --db s.db init
expect_exit 0 "$CHANCERY" --db s.db import --author test "$SRCDIR/data/registry.ledger"
EDITOR=$("$CHANCERY" --db s.db token add alice --role editor 2>/dev/null)
ADMIN=$("$CHANCERY" --db s.db token add carol --role admin 2>/dev/null)
start_server main --db s.db --max-body 64K
"$PY" "$SRCDIR/tests/server/openapi_check.py" "$SRCDIR/docs/openapi.yaml" "$URL" "$EDITOR" "$ADMIN" ||
	fail "docs/openapi.yaml does not describe the server's answers"
stop_server main
finish
