#!/bin/sh
# The dyad panel on a day, worked out by hand from data/: every pair with an
# event between them (organs count as their state: the Federation Council's
# motion on Abkhazia and South Ossetia makes RU-OS a dyad), recognition
# each way, relations. It must agree with 'status' for the same pair.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
DATA="$SRCDIR/data/registry.ledger"
cat >expected.csv <<'CSV'
a,b,a_recognises_b,b_recognises_a,relations,level,relations_since,since_event
AB,GE,no,no,none,,,
AB,RU,yes,yes,established,embassy,2008-09-09,ru-ab-relations
GE,OS,no,no,none,,,
GE,RU,no,no,severed,,2008-08-29,ge-severs-ru
OS,RU,no,yes,none,,,
CSV
expect_exit 0 "$CHANCERY" dyads -f "$DATA" --on 2009-06-01 --csv
expect_same expected.csv "$T/out"

# Before the recognition and the severance, nothing holds yet.
expect_exit 0 "$CHANCERY" dyads -f "$DATA" --on 2008-08-25 --csv
grep -q '^AB,RU,no,no,none,,,$' "$T/out" || fail "AB-RU on 2008-08-25 should be no/no/none"
grep -q '^GE,RU,no,no,none,,,$' "$T/out" || fail "GE-RU on 2008-08-25 should have no relations"

# The panel and 'status' agree.
expect_exit 0 "$CHANCERY" status -f "$DATA" AB RU --on 2009-06-01 --json
expect_grep "$T/out" '"state": "established"'
expect_exit 0 "$CHANCERY" dyads -f "$DATA" --on 2009-06-01 --json
expect_grep "$T/out" '"a_recognises_b"'
expect_exit 2 "$CHANCERY" dyads -f "$DATA" --csv --json
finish
