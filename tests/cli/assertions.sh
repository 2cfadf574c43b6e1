#!/bin/sh
# Assertions over the bundled data hold, and catch a fact that changes:
# moving the Sukhumi embassy's opening to 2010 fails the assertion of
# 1 May 2009 at its own line: on that day only the directive "in 2009"
# may have happened, so the mission is uncertain, not open.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
expect_exit 0 "$CHANCERY" check "$SRCDIR/data/assertions.ledger"
expect_grep "$T/err" "0 errors, 0 warnings"

mkdir data
cp "$SRCDIR"/data/*.ledger data/
sed -i 's/^2009-05-01 open-mission RU AB/2010-05-01 open-mission RU AB/' data/abkhazia-russia.ledger
grep -q '^2010-05-01 open-mission RU AB' data/abkhazia-russia.ledger || fail "the fixture edit did not apply"
line=$(grep -n 'assert 2009-05-01 mission RU AB open' data/assertions.ledger | cut -d: -f1)
expect_exit 1 "$CHANCERY" check data/assertions.ledger
expect_grep "$T/err" "data/assertions.ledger:$line:1: error: assertion failed on 2009-05-01: the mission is 'uncertain', expected 'open'"

# An import runs the assertions too, and stores nothing when one fails.
"$CHANCERY" --db s.db init 2>/dev/null
expect_exit 1 "$CHANCERY" --db s.db import --author t data/assertions.ledger
expect_grep "$T/err" "the store is unchanged"
[ "$(sql s.db 'SELECT count(*) FROM fact')" = 0 ] || fail "a failed import stored facts"

# Bad assertions are parse errors with their column.
printf 'party RU "R"\nassert 2009 relations RU RU none\nassert 2009-01-01 relation RU RU none\nassert 2009-01-01 relations RU RU friendly\n' >bad.ledger
expect_exit 1 "$CHANCERY" check bad.ledger
expect_grep "$T/err" "bad.ledger:2:8: error: an assertion needs one day (YYYY-MM-DD)"
expect_grep "$T/err" "bad.ledger:3:19: error: unknown assertion 'relation'"
expect_grep "$T/err" "bad.ledger:4:35: error: unknown state 'friendly' for 'assert relations'"
finish
