#!/bin/sh
# chancery publish OUT.db (issue 23): a copy of the store to publish, with
# every record, fact and amendment and none of the server's accounts; one
# file, no write-ahead log; the same export and the same chain as the
# store; an existing file is not written over.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import --author registrar "$SRCDIR/data/registry.ledger" 2>/dev/null || fail "import"
"$CHANCERY" --db s.db token add alice --role editor >/dev/null 2>&1 || fail "token add"
"$CHANCERY" --db s.db amend-record 1 --recorded-at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--reason "a test of publish" 2>/dev/null || fail "amend-record"
expect_exit 0 "$CHANCERY" --db s.db publish out.db
expect_grep "$T/err" "to out.db"
[ -e out.db-wal ] && fail "the published copy has a write-ahead log"
[ "$(sqlite3 out.db "SELECT count(*) FROM sqlite_master WHERE name LIKE 'token%'")" = 0 ] ||
	fail "the published copy has the accounts' tables"
[ "$(sqlite3 out.db "PRAGMA journal_mode")" = delete ] || fail "the published copy is not in one file"
"$CHANCERY" --db s.db export >a.ledger 2>/dev/null
"$CHANCERY" --db out.db export >b.ledger 2>/dev/null
expect_same a.ledger b.ledger
"$CHANCERY" --db s.db verify >a.txt 2>/dev/null
expect_exit 0 "$CHANCERY" --db out.db verify
expect_same a.txt "$T/out"
"$CHANCERY" --db s.db log >a.log 2>/dev/null
expect_exit 0 "$CHANCERY" --db out.db log
expect_same a.log "$T/out"
expect_grep "$T/out" "a test of publish"
# the copy has no account to list
expect_exit 0 "$CHANCERY" --db out.db token list
grep -q alice "$T/out" && fail "the published copy lists alice"
# never over an existing file, nor a half file left
expect_exit 2 "$CHANCERY" --db s.db publish out.db
expect_grep "$T/err" "cannot publish to 'out.db': it exists"
expect_exit 2 "$CHANCERY" --db s.db publish s.db
ls ./*.publishing >/dev/null 2>&1 && fail "a .publishing file was left"
finish
