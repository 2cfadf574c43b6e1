#!/bin/sh
# Bad input gets a clear message naming the place and a meaningful exit
# code: 1 invalid data, 2 usage, 3 store, 4 not found.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
cat >bad.ledger <<'LEDGER'
party RU "Russian Federation" short=Russia
party GE "Georgia" cow=abc
2009-02-30 recognise RU GE
2009 recognize RU GE
LEDGER
expect_exit 1 "$CHANCERY" check bad.ledger
expect_grep "$T/err" "bad.ledger:2:24: error: expected a number from 1 to 99999 for 'cow'"
expect_grep "$T/err" "bad.ledger:3:9: error: day 30 does not exist in 2009-02"
expect_grep "$T/err" "bad.ledger:4:6: error: unknown event kind 'recognize'; did you mean 'recognise'?"
# the caret sits under column 9 of line 3
grep -A2 'bad.ledger:3:9' "$T/err" | tail -1 | grep -qx '          ^' || fail "caret not under column 9"

"$CHANCERY" --db s.db init 2>/dev/null
"$CHANCERY" --db s.db import --author t "$SRCDIR/data/registry.ledger" 2>/dev/null
expect_exit 2 "$CHANCERY" --db s.db events --from 2009-02-30
expect_grep "$T/err" "--from: day 30 does not exist in 2009-02"
expect_exit 2 "$CHANCERY" --db s.db events --kind nonsense
expect_grep "$T/err" "--kind 'nonsense'"
expect_exit 4 "$CHANCERY" --db s.db events --party Rusia
expect_grep "$T/err" "unknown party 'Rusia'; did you mean 'Russia' (RU)?"
expect_exit 4 "$CHANCERY" --db s.db show no-such-id
expect_grep "$T/err" "nothing has the id 'no-such-id'"
expect_exit 3 "$CHANCERY" --db missing.db events
expect_grep "$T/err" "no store at 'missing.db'; run 'chancery init' first"
echo "not a database" >junk.db
expect_exit 3 "$CHANCERY" --db junk.db events
expect_grep "$T/err" "junk.db"
expect_exit 1 "$CHANCERY" --db s.db import --author t bad.ledger
expect_grep "$T/err" "the store is unchanged"
expect_exit 3 "$CHANCERY" check no-such-file.ledger
expect_grep "$T/err" "cannot read 'no-such-file.ledger'"
finish
