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
# Options without their values name the option (not a garbage byte).
expect_exit 2 "$CHANCERY" --db s.db status AB RU --on
expect_grep "$T/err" "error: option '--on' needs a value"
expect_exit 2 "$CHANCERY" --db
expect_grep "$T/err" "error: option '--db' needs a value"
expect_exit 2 "$CHANCERY" --db s.db events --bogus
expect_grep "$T/err" "error: option '--bogus' is not known"
# A bad --known-on is a usage error (exit 2), as docs/cli.md says.
expect_exit 2 "$CHANCERY" --db s.db events --known-on 2020-13-01
expect_grep "$T/err" "invalid record time '2020-13-01'"
# A range that ends before it begins.
expect_exit 2 "$CHANCERY" --db s.db events --from 2010 --to 2008
expect_grep "$T/err" "--from 2010 is after --to 2008"
expect_exit 0 "$CHANCERY" --db s.db events --from 2009 --to 2009-06
expect_exit 2 "$CHANCERY" --db s.db diff AB RU --from 2010-01-01 --to 2008-01-01
# A directory is not a store.
mkdir adir
expect_exit 3 "$CHANCERY" --db adir events
expect_grep "$T/err" "cannot open store 'adir': it is a directory"

cat >lists.ledger <<'LEDGER'
party RU "Russian Federation"
party AB "Abkhazia"
treaty t "T" parties=RU,AB,RU,RU
treaty u "U" parties=RU,AB
  term 200000y
LEDGER
expect_exit 1 "$CHANCERY" check lists.ledger
expect_grep "$T/err" "lists.ledger:3:22: error: 'RU' is listed twice in parties="
expect_grep "$T/err" "lists.ledger:5:8: error: duration '200000y' is too long: at most 100000 of a unit"
python3 -c 'print("party " + "A" * 201 + " \"x\"")' >longid.ledger
expect_exit 1 "$CHANCERY" check longid.ledger
expect_grep "$T/err" "an id of 201 bytes is too long: at most 200 bytes"

# A computed day after 9999 is written the same way in text and JSON.
cat >far.ledger <<'LEDGER'
party A "A"
party B "B"
treaty t "T" parties=A,B
  force on-signature
  term 8000y
  2010-01-01 sign
LEDGER
expect_exit 0 "$CHANCERY" treaty -f far.ledger t --on 2020-01-01
expect_grep "$T/out" "current term ends: +10009-12-31"
expect_exit 0 "$CHANCERY" treaty -f far.ledger t --on 2020-01-01 --json
expect_grep "$T/out" '"latest": "+10009-12-31"'
finish
