#!/bin/sh
# The bundled registry: imports, checks clean, exports back identically,
# and import(export) reproduces it byte for byte.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T"
DATA="$SRCDIR/data/registry.ledger"

expect_exit 0 "$CHANCERY" check "$DATA"
expect_grep "$T/err" "0 errors, 0 warnings"

expect_exit 0 "$CHANCERY" --db a.db init
expect_exit 0 "$CHANCERY" --db a.db import --author test "$DATA"
expect_grep "$T/err" "0 changed, 0 unchanged, 0 retracted"

"$CHANCERY" fmt "$DATA" >fmt.ledger || fail "fmt"
"$CHANCERY" --db a.db export >export.ledger || fail "export"
expect_same fmt.ledger export.ledger

expect_exit 0 "$CHANCERY" --db b.db init
expect_exit 0 "$CHANCERY" --db b.db import --author test export.ledger
"$CHANCERY" --db b.db export >export2.ledger || fail "export b"
expect_same export.ledger export2.ledger

# The store holds one current fact per top-level entity.
facts=$(sql a.db "SELECT count(*) FROM current_fact")
entities=$(grep -c '^[a-z0-9]' fmt.ledger)
[ "$facts" = "$entities" ] || fail "store has $facts current facts, ledger $entities entities"

# Importing the same data again records nothing new.
records=$(sql a.db "SELECT count(*) FROM record")
expect_exit 0 "$CHANCERY" --db a.db import --author test "$DATA"
expect_grep "$T/err" "0 added, 0 changed"
[ "$(sql a.db "SELECT count(*) FROM record")" = "$records" ] || fail "a no-op import added a record"

# Russia is found by id, ISO codes, Wikidata id and name, in any case.
for name in RU ru RUS Q159 Russia "russian federation"; do
	expect_exit 0 "$CHANCERY" --db a.db show "$name" --json
	expect_grep "$T/out" '"id": "RU"'
done

# The dyad's facts in date order; precision kept ("2009", "undated").
"$CHANCERY" --db a.db events --party Abkhazia --party Russia >events.txt || fail "events"
first=$(head -1 events.txt | cut -c1-10)
[ "$first" = "2008-08-25" ] || fail "first event is on '$first', expected 2008-08-25"
expect_grep events.txt "[ru-embassy-directive]"
grep '^2009 ' events.txt | grep -q 'ru-embassy-directive' || fail "the directive is not dated 2009"
grep '^undated ' events.txt | grep -q 'ru-trade-mission-plan' || fail "the trade mission plan is not undated"
# date order: the sort key of each line never decreases
awk '{print $1}' events.txt | grep -v undated | sed 's/\/.*//' >dates.txt
sort -c dates.txt 2>/dev/null || fail "events are not in date order"
finish
