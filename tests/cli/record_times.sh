#!/bin/sh
# Record times say when the registry learned a fact: one in the future is
# refused (it would hold every later import back until that day), and a
# store that has one anyway (written by hand, or by an older chancery) gets
# out with 'chancery amend-record', audited, without hand-written SQL.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
printf 'source s "S"\nparty A "A" source=s\n' >a.ledger
printf 'source s "S"\nparty A "A" source=s\nparty B "B" source=s\n' >b.ledger
printf 'source s "S"\nparty A "A" source=s\nparty B "B" source=s\nparty C "C" source=s\n' >c.ledger
"$CHANCERY" --db s.db init 2>/dev/null
expect_exit 0 "$CHANCERY" --db s.db import --author t --recorded-at 2020-01-01 a.ledger

expect_exit 1 "$CHANCERY" --db s.db import --author t --recorded-at 9999-12-31T23:59:59Z b.ledger
expect_grep "$T/err" "record time '9999-12-31T23:59:59Z' is in the future"
expect_grep "$T/err" "import failed"
# five minutes ahead is allowed for clocks that differ; ten are not
soon=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M:%SZ)
later=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)
expect_exit 1 "$CHANCERY" --db s.db import --author t --recorded-at "$later" b.ledger
expect_grep "$T/err" "is in the future"

# A store that got a far-future record anyway (by hand here).
sqlite3 s.db "INSERT INTO record (rec, recorded_at, author, origin, added) VALUES (2, '9999-12-31T23:59:59Z', 'old', 'b.ledger', 1);
	INSERT INTO fact (id, entity, rec, text) VALUES ('B', 'party', 2, 'party B \"B\" source=s');"
python3 "$SRCDIR/tests/tools/rehash.py" s.db || fail "rehash s.db" # as chancery would have
expect_exit 1 "$CHANCERY" --db s.db import --author t c.ledger
expect_grep "$T/err" "is before the last record's '9999-12-31T23:59:59Z'"
expect_grep "$T/err" "correct it with 'chancery amend-record 2 --recorded-at TIME --reason TEXT'"

# The way out, and its guards.
expect_exit 2 "$CHANCERY" --db s.db amend-record 2 --recorded-at 2021-01-01
expect_grep "$T/err" "--reason TEXT is required"
expect_exit 4 "$CHANCERY" --db s.db amend-record 9 --recorded-at 2021-01-01 --reason x
expect_grep "$T/err" "has no record 9"
expect_exit 1 "$CHANCERY" --db s.db amend-record 2 --recorded-at 2019-06-01 --reason x
expect_grep "$T/err" "would put record 2 out of order: it must be at or after 2020-01-01T00:00:00Z"
expect_exit 1 "$CHANCERY" --db s.db amend-record 2 --recorded-at 9000-01-01 --reason x
expect_grep "$T/err" "is in the future"
expect_exit 0 "$CHANCERY" --db s.db amend-record 2 --recorded-at 2021-01-01 --author carol --reason "typed the year wrong"
expect_exit 0 "$CHANCERY" --db s.db log
expect_grep "$T/out" "2  2021-01-01T00:00:00Z  old"
expect_grep "$T/out" "time amended from 9999-12-31T23:59:59Z by carol at"
expect_grep "$T/out" "typed the year wrong"

# Imports go on, and --known-on reads the amended time.
expect_exit 0 "$CHANCERY" --db s.db import --author t --recorded-at "$soon" c.ledger
expect_exit 0 "$CHANCERY" --db s.db export --known-on 2020-06-01
grep -q 'party B' "$T/out" && fail "--known-on 2020-06-01 sees a fact recorded (as amended) in 2021"
expect_exit 0 "$CHANCERY" --db s.db export --known-on 2021-06-01
expect_grep "$T/out" 'party B "B"'
expect_exit 0 "$CHANCERY" --db s.db history B
expect_grep "$T/out" "recorded 2021-01-01T00:00:00Z by old"

# The amendment is append-only, like the rest.
sqlite3 s.db "UPDATE record_amendment SET reason = 'x'" 2>err.txt && fail "an amendment could be changed"
grep -q "append-only" err.txt || fail "the trigger did not say why"
finish
